"""Output of `secreview check-review`. Text: each claim with its verdict and reasons, then the grounded
review (only confirmed claims, under their official CWE names) or exactly the no-defects sentence.
JSON (`--format json`): the same verdicts, one object per claim, for scripts and CI gates."""
from __future__ import annotations

from secreview import catalog
from secreview.grounding.verify import ABSTRACT_CWE, CheckedClaim, CodeFile, Verdict
from secreview.reports.text import NO_DEFECTS


def _claim_heading(checked: CheckedClaim) -> str:
    claim = checked.claim
    if claim.cwe is None:
        label = "no CWE"
    else:
        label = f"CWE-{claim.cwe}"
        if claim.cwe_name_claimed:
            label += f" ({claim.cwe_name_claimed})"
    where = ""
    if claim.lines:
        shown = ", ".join(str(n) for n in claim.lines[:8]) + (", ..." if len(claim.lines) > 8 else "")
        where = f", line{'s' if len(claim.lines) > 1 else ''} {shown}"
    return f"Claim {claim.number}: {label}{where}"


def render_checks(checked: list[CheckedClaim]) -> list[str]:
    out = []
    for item in checked:
        out.append(_claim_heading(item))
        out.append(f"  Verdict: {item.verdict}")
        for reason in item.reasons:
            out.append(f"  - {reason.message}")
        out.append("")
    return out


def grounded_review(checked: list[CheckedClaim], code: CodeFile) -> list[str]:
    """Only confirmed claims, with official CWE names and the code as it is; else the sentence."""
    kept = [c for c in checked if c.verdict is Verdict.CONFIRMED]
    if not kept:
        return [NO_DEFECTS]
    out = []
    for number, item in enumerate(kept, 1):
        claim = item.claim
        out.append(f"{number}. CWE-{claim.cwe} {catalog.name(claim.cwe)}")
        line = item.findings[0].location.line if item.findings else item.lines[0]
        out.append(f"   Location: {code.path}:{line}")
        out.append("   Code:")
        for n in sorted({f.location.line for f in item.findings} or set(item.lines)):
            out.append(f"     {n:>5} | {code.line(n)}")
        for finding in item.findings:
            out.append(f"   Confirmed by: rule {finding.rule_id} (CWE-{finding.cwe} "
                       f"{catalog.name(finding.cwe)}, severity {finding.severity}): {finding.message}")
        notes = [r.message for r in item.reasons if r.kind in ("wrong-cwe-name", ABSTRACT_CWE)]
        for note in notes:
            out.append(f"   Note: {note}")
        out.append(f"   Fix: {claim.fix or (item.findings[0].fix if item.findings else '')}".rstrip())
        out.append("")
    while out and not out[-1]:
        out.pop()
    return out


def render_check(checked: list[CheckedClaim], code: CodeFile, review_name: str) -> str:
    counts = {v: sum(1 for c in checked if c.verdict is v) for v in Verdict}
    lines = [f"Checking {len(checked)} claim{'s' if len(checked) != 1 else ''} of {review_name} against "
             f"{code.path} ({code.line_count} lines, CWE catalog {catalog.version()}, "
             f"{len(code.findings)} static finding{'s' if len(code.findings) != 1 else ''})", ""]
    lines += render_checks(checked)
    lines.append(f"Summary: {counts[Verdict.CONFIRMED]} confirmed, {counts[Verdict.UNSUPPORTED]} unsupported, "
                 f"{counts[Verdict.CONTRADICTED]} contradicted")
    lines.append("")
    lines.append("Grounded review:")
    lines += grounded_review(checked, code)
    return "\n".join(lines) + "\n"


def check_to_dict(checked: list[CheckedClaim], code: CodeFile, review_name: str) -> dict:
    """The machine-readable verdicts: one object per claim (in review order) and the counts."""
    counts = {str(v): sum(1 for c in checked if c.verdict is v) for v in Verdict}
    claims = []
    for item in checked:
        claim = item.claim
        claims.append({
            "number": claim.number,
            "text": claim.text,
            "cwe": claim.cwe,
            "cwe_name_claimed": claim.cwe_name_claimed,
            "official_name": item.official_name,
            "lines": list(item.lines),
            "verdict": str(item.verdict),
            "reasons": [{"kind": r.kind, "message": r.message, "refutes": r.refutes} for r in item.reasons],
            "confirmed_by": [{"rule_id": f.rule_id, "cwe": f.cwe, "line": f.location.line} for f in item.findings],
        })
    return {
        "review": review_name,
        "code": {"path": code.path, "lines": code.line_count},
        "catalog_version": catalog.version(),
        "static_findings": len(code.findings),
        "summary": counts,
        "claims": claims,
    }
