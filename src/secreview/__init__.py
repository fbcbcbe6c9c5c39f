"""secreview: a security code reviewer for Python.

Public API (docs/api.md): `review_paths` for files and trees, `review_source` for one file's text,
both returning a `Review` of `Finding`s. Imported lazily so that `secreview.catalog` and the CLI's
small commands start fast.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # what type checkers and IDEs see; at run time the names load on first use
    from secreview.api import review_paths, review_source
    from secreview.config import Config
    from secreview.findings import Confidence, FileError, Finding, FlowStep, Location, Review, Severity

__version__ = "0.1.0"
NO_DEFECTS = "No security defects are detected in the code."

_LAZY = {
    "Config": "secreview.config",
    "review_paths": "secreview.api",
    "review_source": "secreview.api",
    "Confidence": "secreview.findings",
    "FileError": "secreview.findings",
    "Finding": "secreview.findings",
    "FlowStep": "secreview.findings",
    "Location": "secreview.findings",
    "Review": "secreview.findings",
    "Severity": "secreview.findings",
}

__all__ = ["NO_DEFECTS", "__version__", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)
