"""One renderer per format over the same Review; no renderer computes anything.

Renderers read the `Review` (findings, errors, counts) and look CWE facts up in `secreview.catalog`
and rule metadata up in the rule registry. They never analyse, filter or reorder.
"""
from __future__ import annotations

import io
from typing import TextIO

from secreview.findings import Review

FORMATS = ("text", "json", "sarif", "markdown", "github", "github-review", "gerrit", "gitlab", "junit", "html")
_MODULES = {"markdown": "markdown", "github": "github", "github-review": "github_review", "gerrit": "gerrit",
            "gitlab": "gitlab", "junit": "junit", "html": "html"}


def render(review: Review, fmt: str, stream: TextIO, color: bool = False) -> None:
    if fmt == "text":
        from secreview.reports import text

        text.write(review, stream, color)
    elif fmt == "json":
        from secreview.reports import json_report

        json_report.write(review, stream)
    elif fmt == "sarif":
        from secreview.reports import sarif

        sarif.write(review, stream)
    elif fmt in _MODULES:
        import importlib

        importlib.import_module(f"secreview.reports.{_MODULES[fmt]}").write(review, stream)
    else:
        raise ValueError(f"unknown format {fmt!r}")


def render_to_string(review: Review, fmt: str, color: bool = False) -> str:
    buffer = io.StringIO()
    render(review, fmt, buffer, color=color)
    return buffer.getvalue()


def tool_version() -> str:
    from secreview import __version__

    return __version__


def catalog_version() -> str | None:
    """The CWE catalog's version (e.g. "4.16"), or None when the catalog does not say."""
    from secreview import catalog

    version = getattr(catalog, "version", None)
    if version is None:
        return None
    value = version()
    return str(value) if value else None
