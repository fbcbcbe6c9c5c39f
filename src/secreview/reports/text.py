"""The human review: a numbered list of defects, or exactly the no-defects sentence.

Rendering only: every field comes from the Finding or the catalog. Colour via rich on a terminal.
"""
from __future__ import annotations

from typing import TextIO

from secreview import catalog
from secreview.findings import Finding, Review

NO_DEFECTS = "No security defects are detected in the code."


def cwe_heading(cwe_id: int) -> str:
    entry = catalog.get(cwe_id)
    return f"CWE-{cwe_id} {entry.name}" if entry else f"CWE-{cwe_id}"


def render_plain(review: Review) -> str:
    out: list[str] = []
    if not review.findings:
        out.append(NO_DEFECTS)
    for number, finding in enumerate(review.findings, 1):
        out.append(_finding_block(number, finding))
    if review.errors:
        out.append("")
        out.append(f"Files not reviewed ({len(review.errors)}):")
        for error in review.errors:
            where = f"{error.path}:{error.line}" if error.line else error.path
            out.append(f"  - {where}: {error.kind}: {error.message}")
    return "\n".join(out).rstrip() + "\n"


def _finding_block(number: int, f: Finding) -> str:
    loc = f.location
    entry = catalog.get(f.cwe)
    lines = [f"{number}. {cwe_heading(f.cwe)}"]
    if entry and entry.pillar and entry.pillar != f.cwe:
        lines.append(f"   Pillar: {cwe_heading(entry.pillar)}")
    lines.append(f"   Location: {loc.path}:{loc.line}:{loc.column}")
    lines.append(f"   Rule: {f.rule_id} {f.title}")
    lines.append(f"   Severity: {f.severity}   Confidence: {f.confidence}" + ("   (test code)" if f.in_test_code else ""))
    lines.append("   Code:")
    for offset, text in enumerate(f.snippet.splitlines() or [""]):
        lines.append(f"     {loc.line + offset:>5} | {text}")
    lines.append(f"   Problem: {f.message}")
    if f.flow:
        lines.append("   Flow:")
        for step in f.flow:
            lines.append(f"     - line {step.location.line} [{step.kind}] {step.description}")
    lines.append(f"   Fix: {f.fix}")
    return "\n".join(lines) + "\n"


def write(review: Review, stream: TextIO, color: bool) -> None:
    text = render_plain(review)
    if not color:
        stream.write(text)
        return
    from rich.console import Console
    from rich.markup import escape

    console = Console(file=stream, highlight=False, soft_wrap=True)
    for line in text.splitlines():
        styled = escape(line)
        stripped = line.lstrip()
        if stripped[:1].isdigit() and ". CWE-" in line:
            styled = f"[bold red]{styled}[/]"
        elif stripped.startswith(("Location:", "Rule:")):
            styled = f"[cyan]{styled}[/]"
        elif stripped.startswith("Fix:"):
            styled = f"[green]{styled}[/]"
        elif line == NO_DEFECTS:
            styled = f"[bold green]{styled}[/]"
        console.print(styled)
