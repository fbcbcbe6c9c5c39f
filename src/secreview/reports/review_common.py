"""What the review-comment formats share: paths as the code host shows them, the line a comment
can sit on, and one finding's comment text in Markdown.

Rendering only: values come from the Review, its findings, the catalog.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from secreview import catalog
from secreview.findings import Finding, Review


def host_path(review: Review, path: str) -> str:
    """A finding's path relative to the repository root when known (code hosts want that), else
    normalised as given (`./app/x.py` -> `app/x.py`); always POSIX."""
    if review.root:
        try:
            return Path(path).resolve().relative_to(Path(review.root).resolve()).as_posix()
        except ValueError:
            pass
    return Path(os.path.normpath(path)).as_posix()


def comment_line(review: Review, f: Finding) -> int | None:
    """The line a review comment on `f` goes on: its own line when the change touched it (or no
    change is known), else the first changed line of its statement or flow; None if none was changed."""
    if review.changed_lines is None:
        return f.location.line
    lines = review.changed_lines.get(str(Path(f.location.path).resolve()), set())
    start, end = f.statement if f.statement != (0, 0) else (f.location.line, f.location.end_line)
    if f.location.line in lines:
        return f.location.line
    for number in range(min(start, f.location.line), max(end, f.location.end_line) + 1):
        if number in lines:
            return number
    return None


def cwe_title(cwe_id: int) -> str:
    entry = catalog.get(cwe_id)
    return f"CWE-{cwe_id} {entry.name}" if entry else f"CWE-{cwe_id}"


def cwe_url(cwe_id: int) -> str:
    return f"https://cwe.mitre.org/data/definitions/{cwe_id}.html"


def fence(code: str, lang: str = "python") -> str:
    """A Markdown code block that the code itself cannot close."""
    longest = max((len(m) for m in re.findall(r"`+", code)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{lang}\n{code}\n{ticks}"


def flow_lines(f: Finding) -> list[str]:
    out = []
    for n, step in enumerate(f.flow, 1):
        where = f"{Path(os.path.normpath(step.location.path)).as_posix()}:{step.location.line}"
        out.append(f"{n}. `{where}` ({step.kind}) {step.description}")
    return out


def comment_body(f: Finding, with_code: bool = False) -> str:
    """One finding as a Markdown review comment."""
    parts = [f"**[{cwe_title(f.cwe)}]({cwe_url(f.cwe)})** · {f.severity} severity, {f.confidence} confidence · "
             f"`{f.rule_id}` {f.title}", f.message]
    if with_code and f.snippet:
        parts.append(fence(f.snippet))
    if f.flow:
        parts.append("Flow:\n" + "\n".join(flow_lines(f)))
    if f.fix:
        parts.append(f"**Fix:** {f.fix}")
    return "\n\n".join(parts)
