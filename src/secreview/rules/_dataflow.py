"""The dataflow rules (SR9xx) described like pattern rules, for `secreview rules`, `explain` and
the SARIF rule list. Their one table is `secreview.taint.solve.RULES` (rule id, title, severity and
fix per sink CWE; SR917, reported by the summarizer itself, is there too); they are not registered
for dispatch: the taint engine reports them."""
from __future__ import annotations

from secreview.findings import Confidence, Severity
from secreview.rules.api import Rule

_DOC = """## What it does
Reports a dataflow path along which data from an untrusted source (request data; with the library
threat model also parameters of public functions; see `secreview explain provenance`) reaches a
CWE-{cwe} sink without a sanitizer for that weakness. The finding shows every step of the path.

## Why is this bad?
{title}: whoever controls the source controls what the sink does."""

# SR917 is a pattern the taint summarizer checks (it resolves the `secure` argument's value), not a flow
_DOCS = {"SR917": """## What it does
Reports a response's `set_cookie(...)` call whose `secure` argument (keyword or seventh positional)
is missing or provably false.

## Why is this bad?
Browsers send such a cookie over plain HTTP too, where anyone on the network can read or change it."""}


def _no_check(ctx, node):  # never dispatched: the taint engine reports these
    return None


def dataflow_rules() -> dict[str, Rule]:
    from secreview.taint.solve import RULES

    out = {}
    for cwe, (rule_id, title, severity, fix) in sorted(RULES.items(), key=lambda kv: kv[1][0]):
        out[rule_id] = Rule(id=rule_id, title=title, cwe=cwe, severity=severity, confidence=Confidence.HIGH,
                            check=_no_check, fix=fix, doc=_DOCS.get(rule_id) or _DOC.format(cwe=cwe, title=title), tags=("taint",))
    return out
