"""The JSON body of GitHub's "create a review for a pull request" API
(`POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews`):
`{"body", "event": "COMMENT", "comments": [{"path", "line", "side": "RIGHT", "body"}]}`.

With `--diff`/`--patch` a comment sits on a line the change added (GitHub rejects comments outside
the diff): the finding's own line, else the first changed line of its statement; a finding
reported only through its flow goes into the review body instead. Files not reviewed are counted at
the top of the body (before the verdict) and listed at its end.
"""
from __future__ import annotations

import json
from typing import Any, TextIO

from secreview.findings import Review
from secreview.reports.review_common import comment_body, comment_line, cwe_title, host_path

NO_DEFECTS = "No security defects are detected in the code."


def to_dict(review: Review) -> dict[str, Any]:
    comments, elsewhere = [], []
    for f in review.findings:
        line = comment_line(review, f)
        path = host_path(review, f.location.path)
        if line is None:
            elsewhere.append(f"- `{path}:{f.location.line}` {cwe_title(f.cwe)} (`{f.rule_id}`): {f.message}")
            continue
        comments.append({"path": path, "line": line, "side": "RIGHT", "body": comment_body(f)})
    if review.findings:
        count = len(review.findings)
        body = f"secreview: {count} security finding{'s' if count != 1 else ''} in this change."
    else:
        body = NO_DEFECTS
    if elsewhere:
        body += "\n\nReached through changed lines, reported outside the diff:\n" + "\n".join(elsewhere)
    notice = review.not_reviewed_notice()
    if notice:  # before the verdict, as in the text report: "no defects" covers only what was reviewed
        body = f"**{notice}**\n\n{body}"
    if review.errors:
        body += "\n\nFiles not reviewed: " + ", ".join(f"`{host_path(review, e.path)}` ({e.kind})" for e in review.errors)
    return {"body": body, "event": "COMMENT", "comments": comments}


def write(review: Review, stream: TextIO) -> None:
    json.dump(to_dict(review), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
