"""GitLab code-quality report (the `codequality` artifact of a merge request): a JSON list of
`{description, check_name, fingerprint, severity, location: {path, lines: {begin}}}`.

GitLab's severities are info/minor/major/critical/blocker: low -> minor, medium -> major,
high -> critical, critical -> blocker. GitLab wants a fingerprint unique over the whole report,
so ours (unique within a file) is hashed together with the path. A file not reviewed is one `major`
issue (`check_name` `secreview-not-reviewed`, category Bug Risk) at its error's line, else line 1.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any, TextIO

from secreview.findings import Review, Severity
from secreview.reports.review_common import cwe_title, host_path

SEVERITY = {Severity.LOW: "minor", Severity.MEDIUM: "major", Severity.HIGH: "critical", Severity.CRITICAL: "blocker"}


def to_list(review: Review) -> list[dict[str, Any]]:
    out = []
    for f in review.findings:
        path = host_path(review, f.location.path)
        out.append({
            "type": "issue",
            "description": f"{cwe_title(f.cwe)}: {f.message}",
            "check_name": f.rule_id,
            "categories": ["Security"],
            "fingerprint": hashlib.md5(f"{path}\0{f.fingerprint}".encode(), usedforsecurity=False).hexdigest(),
            "severity": SEVERITY[f.severity],
            "location": {"path": path, "lines": {"begin": f.location.line}},
        })
    for e in review.errors:  # shown like a medium finding, as the GitHub annotations show them (`warning`)
        path = host_path(review, e.path)
        out.append({
            "type": "issue",
            "description": f"secreview could not review this file ({e.kind}): {e.message}",
            "check_name": "secreview-not-reviewed",
            "categories": ["Bug Risk"],
            "fingerprint": hashlib.md5(f"{path}\0not-reviewed".encode(), usedforsecurity=False).hexdigest(),
            "severity": "major",
            "location": {"path": path, "lines": {"begin": e.line or 1}},
        })
    return out


def write(review: Review, stream: TextIO) -> None:
    json.dump(to_list(review), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
