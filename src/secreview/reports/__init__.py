"""One renderer per format over the same Review; no renderer computes anything."""
from __future__ import annotations

from typing import TextIO

from secreview.findings import Review

FORMATS = ("text", "json", "sarif")


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
    else:
        raise ValueError(f"unknown format {fmt!r}")
