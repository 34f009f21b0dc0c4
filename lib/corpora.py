"""The real data sets of the course, in one place: where each comes from and how to load it.

- :func:`pydoc_words`: the words of Python's own help pages (``help("if")``, ``help("lambda")``
  and the other topics, module ``pydoc_data``), a snapshot shipped with the course in
  ``lib/data/pydoc_words.txt.gz`` because the help text changes between Python versions;
  :func:`extract_pydoc_words` reads the same list from the running Python.
- :func:`zen_of_python`: the Zen of Python (``import this``), the same in every version.
- :func:`goog_log_returns`: daily log-returns of one share price, from the sample data that
  ships with matplotlib (``goog.npz``).

Nothing is downloaded. :func:`split_by_position` makes the train / held-out splits.
"""

import functools
import gzip
import re
from pathlib import Path

import numpy as np

from .coding import zen_of_python

__all__ = [
    "PYDOC_SOURCE",
    "pydoc_words",
    "extract_pydoc_words",
    "split_by_position",
    "pydoc_split",
    "zen_of_python",
    "goog_log_returns",
]

_DATA = Path(__file__).resolve().parent / "data"
_PYDOC_FILE = _DATA / "pydoc_words.txt.gz"

PYDOC_SOURCE = "pydoc_data.topics of CPython 3.11.7"
"""The Python whose help pages the shipped word list was extracted from."""


def extract_pydoc_words(topics=None):
    """The words of Python's help pages, in reading order.

    The topics are read in alphabetical order of their names; the text is lower-cased and
    every maximal run of the letters ``a``-``z`` is one word (so ``__init__`` gives
    ``init`` and ``don't`` gives ``don`` and ``t``). Taught in ``06_mle.ipynb``.

    Parameters
    ----------
    topics : dict of str to str, optional
        Topic name -> help text. Default: ``pydoc_data.topics.topics`` of the running Python,
        whose wording differs a little from one Python version to the next.

    Returns
    -------
    list of str
    """
    if topics is None:
        from pydoc_data.topics import topics
    text = "\n".join(topics[name] for name in sorted(topics))
    return re.findall(r"[a-z]+", text.lower())


@functools.lru_cache(maxsize=1)
def pydoc_words():
    """The words of Python's help pages as shipped with the course (see :data:`PYDOC_SOURCE`).

    The same list as :func:`extract_pydoc_words` gave on that Python: 64,285 words, 3,118
    of them distinct. Shipped so that every number computed from it is the same on every
    Python version. Taught in ``06_mle.ipynb``.

    Returns
    -------
    tuple of str
    """
    with gzip.open(_PYDOC_FILE, "rt", encoding="ascii") as f:
        return tuple(f.read().split())


def split_by_position(items, train_fraction=0.8):
    """The first ``train_fraction`` of ``items`` for training, the rest held out.

    Splitting by position, not at random, keeps whole passages together, as new text
    arrives in practice. Taught in ``06_mle.ipynb``.

    Returns
    -------
    train, held_out : same type as ``items`` (sliced)
    """
    f = float(train_fraction)
    if not 0.0 < f < 1.0:
        raise ValueError(f"train_fraction must lie strictly between 0 and 1, got {train_fraction!r}")
    cut = int(f * len(items))
    if cut == 0 or cut == len(items):
        raise ValueError(f"{len(items)} items are too few to split at {f}")
    return items[:cut], items[cut:]


def pydoc_split():
    """:func:`pydoc_words` split 80 / 20 by position: ``(train, held_out)`` tuples of words.

    The split of ``06_mle.ipynb``, reused by ``08_trust_regions.ipynb``.
    """
    return split_by_position(pydoc_words(), 0.8)


def goog_log_returns():
    r"""Daily log-returns of Google's adjusted closing price, 2004-08-19 to 2008-10-14.

    .. math:: r_t = \ln S_t - \ln S_{t-1}

    From ``goog.npz``, sample data that ships with matplotlib (read with
    ``matplotlib.cbook.get_sample_data``; nothing is downloaded): 1,047 trading days,
    so 1,046 returns. Taught in ``06_mle.ipynb``.

    Returns
    -------
    dates : ndarray of datetime64[D]
        The day each return ends on.
    returns : ndarray of float
    """
    from matplotlib import cbook

    prices = cbook.get_sample_data("goog.npz")["price_data"]
    return prices["date"][1:], np.diff(np.log(prices["adj_close"]))
