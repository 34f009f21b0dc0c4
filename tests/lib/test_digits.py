"""lib.digits against scikit-learn's own loader (imported here only)."""

import numpy as np
import pytest

from lib import digits


def test_same_as_scikit_learn():
    from sklearn.datasets import load_digits

    ref = load_digits()
    images, labels = digits.load()
    np.testing.assert_array_equal(images, ref.data.astype(int))
    np.testing.assert_array_equal(labels, ref.target)
    assert images.shape == (1797, 64) and images.min() == 0 and images.max() == 16


def test_split_is_fixed_and_disjoint():
    a = digits.split()
    b = digits.split()
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    x_train, y_train, x_test, y_test = a
    assert len(x_train) == 1500 and len(x_test) == 297
    images, _ = digits.load()
    assert len(np.unique(np.concatenate([x_train, x_test]), axis=0)) == len(np.unique(images, axis=0))
    with pytest.raises(ValueError):
        digits.split(n_test=0)


def test_load_returns_copies():
    images, _ = digits.load()
    images[0, 0] = 99
    assert digits.load()[0][0, 0] != 99
