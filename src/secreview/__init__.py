"""secreview: a security code reviewer for Python.

Public API: `review_paths` for files and trees, `review_source` for one file's text.
"""
from secreview.config import Config
from secreview.engine import review_paths, review_source
from secreview.findings import Confidence, FileError, Finding, FlowStep, Location, Review, Severity

__version__ = "0.1.0"
NO_DEFECTS = "No security defects are detected in the code."

__all__ = [
    "Config", "Confidence", "FileError", "Finding", "FlowStep", "Location", "NO_DEFECTS", "Review", "Severity",
    "review_paths", "review_source", "__version__",
]
