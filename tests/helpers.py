"""Test helpers: review a snippet and get (line, cwe, rule_id) triples, the shape specs compare."""
from __future__ import annotations

import textwrap

from secreview.config import Config
from secreview.findings import Confidence
from secreview.engine import FileResult, finish, review_source


def review_snippet(source: str, path: str = "app/module.py", config: Config | None = None):
    """Review one snippet as application code, cross-file taint included; returns the Review.

    Rule specs see every confidence level; the default threshold is tested on its own.
    """
    result: FileResult = review_source(textwrap.dedent(source), path)
    return finish([result], [], config or Config(min_confidence=Confidence.LOW))


def findings_for(source: str, path: str = "app/module.py", config: Config | None = None) -> list[tuple[int, int, str]]:
    review = review_snippet(source, path, config)
    return [(f.location.line, f.cwe, f.rule_id) for f in review.findings]
