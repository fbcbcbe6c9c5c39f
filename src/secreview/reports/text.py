"""The human review: a numbered list of defects, or exactly the no-defects sentence; then, when
there is anything to count (findings, suppressed findings, files not reviewed), one closing line
`Summary: 3 findings (1 high, 2 medium), 1 suppressed, 2 files not reviewed`.

Rendering only: every field comes from the Finding or the catalog. The plain text is the contract
(tests and scripts read it); colour is the same text with styles, added only for a terminal.
"""
from __future__ import annotations

from typing import Iterator, TextIO

from secreview import catalog
from secreview.findings import FileError, Finding, Review

NO_DEFECTS = "No security defects are detected in the code."

# (style, text) pieces of one output line; style None is unstyled.
Line = list[tuple[str | None, str]]

_SEVERITY_STYLE = {"critical": "bold magenta", "high": "bold red", "medium": "yellow", "low": "blue"}


def cwe_heading(cwe_id: int) -> str:
    entry = catalog.get(cwe_id)
    return f"CWE-{cwe_id} {entry.name}" if entry else f"CWE-{cwe_id}"


def _finding_lines(number: int, f: Finding) -> Iterator[Line]:
    loc = f.location
    entry = catalog.get(f.cwe)
    yield [("bold red", f"{number}. {cwe_heading(f.cwe)}")]
    if entry and entry.pillar and entry.pillar != f.cwe:
        yield [(None, "   Pillar: "), ("dim", cwe_heading(entry.pillar))]
    yield [(None, "   Location: "), ("cyan", f"{loc.path}:{loc.line}:{loc.column}")]
    yield [(None, "   Rule: "), ("cyan", f.rule_id), (None, f" {f.title}")]
    severity, confidence = str(f.severity), str(f.confidence)
    yield [
        (None, "   Severity: "), (_SEVERITY_STYLE.get(severity), severity),
        (None, f"   Confidence: {confidence}"),
        *([("dim", "   (test code)")] if f.in_test_code else []),
    ]
    yield [(None, "   Code:")]
    for offset, text in enumerate(f.snippet.splitlines() or [""]):
        yield [("dim", f"     {loc.line + offset:>5} | "), (None, text)]
    yield [(None, "   Problem: "), (None, f.message)]
    if f.flow:
        yield [(None, "   Flow:")]
        for step in f.flow:
            where = f"line {step.location.line}"
            if step.location.path != loc.path:
                where = f"{step.location.path}:{step.location.line}"
            yield [(None, f"     - {where} "), ("magenta", f"[{step.kind}]"), (None, f" {step.description}")]
    yield [(None, "   Fix: "), ("green", f.fix)]
    yield []


def _error_lines(errors: list[FileError]) -> Iterator[Line]:
    yield [("bold yellow", f"Files not reviewed ({len(errors)}):")]
    for error in errors:
        where = f"{error.path}:{error.line}" if error.line else error.path
        yield [(None, f"  - {where}: "), ("yellow", error.kind), (None, f": {error.message}")]


def _lines(review: Review) -> list[Line]:
    lines: list[Line] = []
    notice = review.not_reviewed_notice()
    if notice:
        lines.append([("bold yellow", notice)])
    if not review.findings:
        lines.append([("bold green", NO_DEFECTS)])
    for number, finding in enumerate(review.findings, 1):
        lines.extend(_finding_lines(number, finding))
    if review.errors:
        if lines[-1]:
            lines.append([])
        lines.extend(_error_lines(review.errors))
    while lines and not lines[-1]:
        lines.pop()
    summary = review.summary()
    if summary:
        lines += [[], [("bold", f"Summary: {summary}")]]
    return lines


def render_plain(review: Review) -> str:
    return "\n".join("".join(text for _, text in line) for line in _lines(review)) + "\n"


def write(review: Review, stream: TextIO, color: bool) -> None:
    if not color:
        stream.write(render_plain(review))
        return
    from rich.console import Console
    from rich.text import Text

    # The caller decided on colour (terminal, --color): don't let TERM=dumb or NO_COLOR second-guess it.
    console = Console(file=stream, force_terminal=True, color_system="standard", no_color=False,
                      highlight=False, soft_wrap=True, emoji=False, markup=False)
    for line in _lines(review):
        console.print(Text.assemble(*((text, style or "") for style, text in line)))
