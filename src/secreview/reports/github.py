"""GitHub Actions workflow commands: one annotation per finding on the pull request's files.

`::error file=app/x.py,line=5,endLine=5,col=5,endColumn=21,title=SR101 CWE-95 ...::message` —
critical and high are `error`, medium `warning`, low `notice`. Values are escaped as the runner
expects (`%`, CR, LF; in properties also `:` and `,`). Files not reviewed are `warning`s.
"""
from __future__ import annotations

from typing import TextIO

from secreview.findings import Review, Severity
from secreview.reports.review_common import cwe_title, host_path

COMMAND = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning", Severity.LOW: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(name: str, properties: dict[str, object], message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name} {props}::{escape_data(message)}"


def render(review: Review) -> str:
    lines = []
    for f in review.findings:
        loc = f.location
        props = {"file": host_path(review, loc.path), "line": loc.line, "endLine": loc.end_line}
        if loc.line == loc.end_line:
            props.update(col=loc.column, endColumn=loc.end_column)
        props["title"] = f"{f.rule_id} {cwe_title(f.cwe)}"
        message = f.message + (f"\nFix: {f.fix}" if f.fix else "")
        lines.append(_command(COMMAND[f.severity], props, message))
    for e in review.errors:
        props = {"file": host_path(review, e.path), **({"line": e.line} if e.line else {}),
                 "title": f"secreview could not review this file ({e.kind})"}
        lines.append(_command("warning", props, e.message))
    return "".join(line + "\n" for line in lines)


def write(review: Review, stream: TextIO) -> None:
    stream.write(render(review))
