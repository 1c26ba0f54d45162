"""claimcheck: label forum comments as testimonial, evidence_citation, spam or opinion.

The public API is imported lazily so that `claimcheck --help` and the corpus tools start
without paying for spaCy and scikit-learn imports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claimcheck._version import __version__

__all__ = [
    "Classifier",
    "Label",
    "Prediction",
    "__version__",
    "load_model",
]

if TYPE_CHECKING:
    from claimcheck.predict import Classifier, load_model
    from claimcheck.types import Label, Prediction


def __getattr__(name: str) -> Any:
    if name in {"Classifier", "load_model"}:
        from claimcheck import predict

        return getattr(predict, name)
    if name in {"Label", "Prediction"}:
        from claimcheck import types

        return getattr(types, name)
    raise AttributeError(f"module 'claimcheck' has no attribute {name!r}")
