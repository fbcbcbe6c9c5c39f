"""Plain functions from findings to findings: suppressions, selection, thresholds, test-code policy."""
from __future__ import annotations

import io
import re
import tokenize
from typing import Iterable, Iterator

from secreview.config import Config
from secreview.findings import Finding

# `# secreview: ignore[SR101, CWE-78] reason`, `# secreview: ignore` (everything on the statement),
# and Bandit's `# nosec` / `# nosec B602, B603` (ids are Bandit's, so any nosec silences the line).
_IGNORE = re.compile(r"#\s*secreview:\s*ignore(?:\[(?P<codes>[^\]]*)\])?", re.I)
_NOSEC = re.compile(r"#\s*nosec\b", re.I)
_CWE_CODE = re.compile(r"^CWE-?(\d+)$")


def _codes_on_line(line: str) -> set[str] | None:
    """None: no suppression; empty set: suppress all; else the listed codes, upper-cased."""
    match = _IGNORE.search(line)
    if match:
        codes = match.group("codes")
        if codes is None:
            return set()
        return {c.strip().upper() for c in codes.split(",") if c.strip()}
    if _NOSEC.search(line):
        return set()
    return None


def matches(finding: Finding, code: str) -> bool:
    """A selector names a rule id, a rule id prefix (`SR1`), or a CWE (`CWE-89`)."""
    code = code.strip().upper()
    cwe = _CWE_CODE.match(code)
    if cwe:
        return int(cwe.group(1)) == finding.cwe
    return bool(code) and finding.rule_id.upper().startswith(code)


def known_rule_ids() -> frozenset[str]:
    """Every rule id a finding can carry: pattern rules, the dataflow rules, the LLM's claims."""
    from secreview.rules import all_rules
    from secreview.taint.solve import RULES

    return frozenset({*all_rules(), *(entry[0] for entry in RULES.values()), "LLM"})


def unknown_selectors(codes: Iterable[str]) -> list[str]:
    """The selectors that can never match a finding, so a typo is not a silent empty scan (as Ruff
    rejects them): a rule id or prefix no rule has, or a CWE id MITRE's catalog does not hold."""
    from secreview import catalog

    ids = known_rule_ids()
    unknown = []
    for raw in codes:
        code = raw.strip().upper()
        cwe = _CWE_CODE.match(code)
        if cwe:
            known = catalog.get(int(cwe.group(1))) is not None
        else:
            known = bool(code) and any(rule_id.startswith(code) for rule_id in ids)
        if not known:
            unknown.append(raw)
    return unknown


Suppressions = dict[int, frozenset[str]]  # line -> codes (empty: everything)


def suppression_comments(lines: list[str]) -> Suppressions:
    """Every line that carries a suppression comment, read once per file.

    Only real comments count: `s = "# nosec"` suppresses nothing. The tokenizer finds them; if it
    cannot read the file (newer grammar than the host's), each line is searched as text.
    """
    found: Suppressions = {}
    text = "\n".join(lines).casefold()
    if "nosec" not in text and "secreview" not in text:
        return found  # the common case: no need to tokenize the file (one substring test, not a regex per line)
    for number, comment in _comments(lines):
        codes = _codes_on_line(comment)
        if codes is not None:
            found[number] = frozenset(codes)
    return found


def _comments(lines: list[str]) -> Iterator[tuple[int, str]]:
    if not any("#" in line for line in lines):
        return
    source = "\n".join(lines) + "\n"
    try:
        comments = [(tok.start[0], tok.string)
                    for tok in tokenize.generate_tokens(io.StringIO(source).readline)
                    if tok.type == tokenize.COMMENT]
    except (tokenize.TokenError, SyntaxError, ValueError):
        comments = [(number, line[line.index("#"):]) for number, line in enumerate(lines, 1) if "#" in line]
    yield from comments


def suppressed(finding: Finding, comments: Suppressions) -> bool:
    """True when a comment on any line of the finding's statement silences it."""
    if not comments:
        return False
    start, end = finding.statement if finding.statement != (0, 0) else (finding.location.line, finding.location.end_line)
    for number in range(min(start, finding.location.line), max(end, finding.location.line) + 1):
        codes = comments.get(number)
        if codes is not None and (not codes or any(matches(finding, code) for code in codes)):
            return True
    return False


def apply_suppressions(findings: Iterable[Finding], comments: Suppressions) -> tuple[list[Finding], int]:
    kept, dropped = [], 0
    for finding in findings:
        if suppressed(finding, comments):
            dropped += 1
        else:
            kept.append(finding)
    return kept, dropped


def select(findings: Iterable[Finding], config: Config) -> list[Finding]:
    out = []
    for f in findings:
        if config.select and not any(matches(f, code) for code in config.select):
            continue
        if config.ignore and any(matches(f, code) for code in config.ignore):
            continue
        if f.severity < config.min_severity or f.confidence < config.min_confidence:
            continue
        if f.in_test_code and f.severity < config.test_min_severity:
            continue
        out.append(f)
    return out


def deduplicate(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per (location, CWE): a taint flow supersedes a pattern match at the same call."""
    best: dict[tuple, Finding] = {}
    for f in findings:
        key = (f.location.path, f.location.line, f.location.column, f.cwe)
        current = best.get(key)
        if current is None or (len(f.flow), f.confidence, f.severity) > (len(current.flow), current.confidence, current.severity):
            best[key] = f
    # `etree.fromstring(request.body, etree.XMLParser(resolve_entities=True))`: the pattern finding on the
    # inner call and the flow finding on the outer one are the same defect of the same statement.
    flow_statements: dict[tuple, list[tuple[int, int]]] = {}
    for f in best.values():
        if f.flow and f.statement != (0, 0):
            flow_statements.setdefault((f.location.path, f.cwe), []).append(f.statement)

    def inside_a_flow(f: Finding) -> bool:
        spans = flow_statements.get((f.location.path, f.cwe), ())
        return any(start <= f.location.line <= end for start, end in spans)

    kept = [f for f in best.values() if f.flow or not inside_a_flow(f)]
    return sorted(kept, key=lambda f: f.sort_key)
