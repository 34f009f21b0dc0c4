"""The 8×8 handwritten digits that ship inside scikit-learn's wheel, read without scikit-learn.

Each of the 1,797 images is an 8×8 grid of counts: the original 32×32 bitmaps were cut
into 4×4 blocks and each pixel counts the lit sub-pixels of its block, an integer from 0
to 16. The file ``sklearn/datasets/data/digits.csv.gz`` holds one image per row (64
counts, then the digit). Importing ``sklearn.datasets`` costs most of a second; finding
the file and parsing it with NumPy about 10 ms. Nothing is downloaded. Used in
``07_vae.ipynb``.
"""

import functools
import importlib.util
from pathlib import Path

import numpy as np

__all__ = ["SIDE", "COUNT", "path", "load", "split"]

SIDE = 8  # pixels per side
COUNT = 16  # sub-pixels per pixel: each pixel is a count in 0..16


def path():
    """Where the digits file of the installed scikit-learn is (found without importing it).

    Raises
    ------
    ModuleNotFoundError
        scikit-learn is not installed.
    FileNotFoundError
        The installed scikit-learn has no ``datasets/data/digits.csv.gz``.
    """
    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("the digits ship with scikit-learn: pip install scikit-learn")
    file = Path(spec.submodule_search_locations[0]) / "datasets" / "data" / "digits.csv.gz"
    if not file.is_file():
        raise FileNotFoundError(f"no digits file at {file}")
    return file


@functools.lru_cache(maxsize=1)
def _table():
    table = np.loadtxt(path(), delimiter=",", dtype=np.int64)
    table.setflags(write=False)
    return table


def load():
    """All 1,797 digits.

    Returns
    -------
    images : ndarray of int, shape (1797, 64)
        Counts in 0..16, row by row of the 8×8 grid.
    labels : ndarray of int, shape (1797,)
        The digit, 0..9.
    """
    table = _table()
    return table[:, :-1].copy(), table[:, -1].copy()


def split(n_test=297, seed=0):
    """A fixed random split into training and held-out images.

    Parameters
    ----------
    n_test : int
        Number of held-out images (default 297, leaving 1,500 for training).
    seed : int
        Seed of the permutation (``np.random.default_rng(seed)``).

    Returns
    -------
    x_train, y_train, x_test, y_test : ndarray
    """
    images, labels = load()
    n_test = int(n_test)
    if not 0 < n_test < len(images):
        raise ValueError(f"n_test must be between 1 and {len(images) - 1}, got {n_test}")
    order = np.random.default_rng(seed).permutation(len(images))
    test, train = order[:n_test], order[n_test:]
    return images[train], labels[train], images[test], labels[test]
