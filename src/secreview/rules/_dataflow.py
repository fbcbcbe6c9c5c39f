"""The dataflow rules (SR9xx) described like pattern rules, for `secreview rules`, `explain` and
the SARIF rule list. Their one table is `secreview.taint.solve.RULES` (rule id, title, severity and
fix per sink CWE); they are not registered for dispatch: the taint engine reports them."""
from __future__ import annotations

from secreview.findings import Confidence, Severity
from secreview.rules.api import Rule

# Reported by the taint summarizer itself (`set_cookie` without `secure=True`), not per sink CWE.
_EXTRA = {614: ("SR917", "Cookie set without the Secure flag", Severity.LOW,
                "Pass `secure=True` (and `httponly=True`, `samesite='Lax'`) to `set_cookie`, or set "
                "`SESSION_COOKIE_SECURE`-style settings for the framework.")}

_DOC = """## What it does
Reports a dataflow path along which data from an untrusted source (request data; with the library
threat model also parameters of public functions; see `secreview explain provenance`) reaches a
CWE-{cwe} sink without a sanitizer for that weakness. The finding shows every step of the path.

## Why is this bad?
{title}: whoever controls the source controls what the sink does."""


def _no_check(ctx, node):  # never dispatched: the taint engine reports these
    return None


def dataflow_rules() -> dict[str, Rule]:
    from secreview.taint.solve import RULES

    out = {}
    for cwe, (rule_id, title, severity, fix) in sorted({**RULES, **_EXTRA}.items(), key=lambda kv: kv[1][0]):
        out[rule_id] = Rule(id=rule_id, title=title, cwe=cwe, severity=severity, confidence=Confidence.HIGH,
                            check=_no_check, fix=fix, doc=_DOC.format(cwe=cwe, title=title), tags=("taint",))
    return out
