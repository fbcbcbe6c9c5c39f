"""A pull-request comment in GitHub-flavoured Markdown: a summary table by severity and by CWE,
then each finding with its code, flow and fix, and the closing `**Summary:**` count line (as in the text
report). With nothing found, suppressed or left unreviewed, exactly the no-defects sentence.

Rendering only: values come from the Review, its findings and the catalog.
"""
from __future__ import annotations

from collections import Counter
from typing import TextIO

from secreview.findings import Review, Severity
from secreview.reports.review_common import comment_body, cwe_title, cwe_url

NO_DEFECTS = "No security defects are detected in the code."


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(review: Review) -> str:
    out: list[str] = []
    findings = review.findings
    notice = review.not_reviewed_notice()
    if notice:
        out += [f"> **{notice}**", ""]
    if not findings:
        out.append(NO_DEFECTS)
    else:
        out.append(f"## secreview: {len(findings)} security finding{'s' if len(findings) != 1 else ''}")
        out.append("")
        by_severity = Counter(f.severity for f in findings)
        out += ["| Severity | Findings |", "| --- | ---: |"]
        out += [f"| {s} | {by_severity[s]} |" for s in sorted(Severity, reverse=True) if by_severity[s]]
        out.append("")
        by_cwe = Counter(f.cwe for f in findings)
        out += ["| CWE | Findings |", "| --- | ---: |"]
        out += [f"| [{_cell(cwe_title(c))}]({cwe_url(c)}) | {n} |"
                for c, n in sorted(by_cwe.items(), key=lambda item: (-item[1], item[0]))]
        for number, f in enumerate(findings, 1):
            loc = f.location
            out += ["", f"### {number}. `{loc.path}:{loc.line}:{loc.column}`", "", comment_body(f, with_code=True)]
    if review.errors:
        out += ["", f"**Files not reviewed ({len(review.errors)}):**", ""]
        for e in review.errors:
            where = f"{e.path}:{e.line}" if e.line else e.path
            out.append(f"- `{where}`: {e.kind}: {_cell(e.message)}")
    summary = review.summary()
    if summary:
        out += ["", f"**Summary:** {summary}"]
    return "\n".join(out) + "\n"


def write(review: Review, stream: TextIO) -> None:
    stream.write(render(review))



