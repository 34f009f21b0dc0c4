"""Helpers for the course *Information theory for machine learning*.

The numeric core (every name below) works on array-likes in float64, reduces over
``axis=-1``, reports nats unless ``base`` is given, and raises a clear error on bad input.
Figures live in :mod:`lib.plots`, sliders in :mod:`lib.widgets`, exercise feedback in
:mod:`lib.check`.
"""

import importlib

# Modules beyond the numeric core load on first use (``lib.plots``, ``lib.widgets``, …), so
# that ``import lib`` costs a notebook only what it uses.
_LAZY = {
    "check", "exercises", "plots", "widgets",                  # figures, sliders, feedback
    "coding", "continuous", "fitting", "perplexity", "questions", "transport",  # 01-05
    "corpora", "mle", "ngram",                                 # 06_mle.ipynb
    "digits", "mixture_em", "ppca", "vae",                     # 07_vae.ipynb
    "cartpole", "sequence_kl", "trust_region",                 # 08_trust_regions.ipynb
}


def __getattr__(name):
    if name in _LAZY:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | _LAZY)


from ._validate import ProbabilityError
from .estimators import kl_k1, kl_k2, kl_k3
from .gaussian import entropy_mvn, entropy_normal, kl_mvn, kl_normal, kl_vae
from .logits import (
    binary_cross_entropy_logits,
    cross_entropy_logits,
    entropy_logits,
    kl_logits,
    log_softmax,
    soft_cross_entropy_logits,
    softmax,
)
from .measures import (
    binary_entropy,
    conditional_entropy,
    cross_entropy,
    entropy,
    joint_entropy,
    js_divergence,
    kl_bernoulli,
    kl_divergence,
    mutual_information,
    normalize,
    surprise,
)

__all__ = [
    "ProbabilityError",
    "binary_cross_entropy_logits",
    "binary_entropy",
    "check",
    "coding",
    "continuous",
    "conditional_entropy",
    "cross_entropy",
    "cross_entropy_logits",
    "entropy",
    "entropy_logits",
    "entropy_mvn",
    "entropy_normal",
    "fitting",
    "joint_entropy",
    "js_divergence",
    "kl_bernoulli",
    "kl_divergence",
    "kl_k1",
    "kl_k2",
    "kl_k3",
    "kl_logits",
    "kl_mvn",
    "kl_normal",
    "kl_vae",
    "log_softmax",
    "mutual_information",
    "normalize",
    "perplexity",
    "plots",
    "questions",
    "soft_cross_entropy_logits",
    "softmax",
    "surprise",
    "transport",
    "widgets",
]
