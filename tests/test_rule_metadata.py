"""Every registered rule is documented, cites a real CWE weakness, and its documented examples are true.

Parametrized over `secreview.rules.all_rules()`, so each rule (including ones added later) is its own case.
"""
from __future__ import annotations

import re
import textwrap

import pytest

from secreview import catalog
from secreview.cli import main
from secreview.engine import review_source
from secreview.findings import Review
from secreview.reports.text import render_plain
from secreview.rules import all_rules
from secreview.rules.api import Rule

RULES = sorted(all_rules().values(), key=lambda r: r.id)
REQUIRED_HEADINGS = ("What it does", "Why is this bad?", "Example", "Use instead")
EXAMPLE_PATH = "app/example.py"

by_rule = pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])


def _review(code: str):
    result = review_source(textwrap.dedent(code), EXAMPLE_PATH, with_taint=False)
    assert result.error is None, result.error
    return result


def test_there_are_rules():
    assert RULES


@by_rule
def test_rule_id_format(rule: Rule):
    assert re.fullmatch(r"SR\d{3}", rule.id), f"rule id {rule.id!r} is not SR followed by three digits"
    assert rule.title.strip(), f"{rule.id}: empty title"
    assert rule.fix.strip(), f"{rule.id}: empty fix text"


@by_rule
def test_rule_cwe_is_a_reportable_weakness(rule: Rule):
    entry = catalog.get(rule.cwe)
    assert entry is not None, f"CWE-{rule.cwe} is not in the CWE catalog"
    assert entry.kind == "weakness", f"CWE-{rule.cwe} ({entry.name}) is a {entry.kind}, not a weakness"
    assert not entry.is_deprecated, f"CWE-{rule.cwe} ({entry.name}) is {entry.status}"
    assert catalog.is_reportable(rule.cwe)


@by_rule
def test_rule_doc_has_the_sections(rule: Rule):
    headings = re.findall(r"^##\s+(.+?)\s*$", rule.doc, re.M)
    for heading in REQUIRED_HEADINGS:
        assert heading in headings, f"{rule.id}: docstring lacks '## {heading}' (has {headings})"
    sections = rule.sections
    for heading in REQUIRED_HEADINGS:
        assert sections.get(heading.rstrip("?"), "").strip(), f"{rule.id}: section '{heading}' is empty"
    example, safe = rule.examples
    assert example.strip(), f"{rule.id}: no code block under 'Example'"
    assert safe.strip(), f"{rule.id}: no code block under 'Use instead'"


@by_rule
def test_example_triggers_the_rule(rule: Rule):
    example, _ = rule.examples
    assert example.strip(), f"{rule.id}: no code block under 'Example'"
    findings = _review(example).findings
    assert rule.id in {f.rule_id for f in findings}, (
        f"{rule.id}: its Example does not trigger it; findings: {[(f.rule_id, f.location.line) for f in findings]}")
    for finding in findings:
        assert catalog.is_reportable(finding.cwe), f"{finding.rule_id} reported CWE-{finding.cwe}"


@by_rule
def test_use_instead_does_not_trigger_the_rule(rule: Rule):
    _, safe = rule.examples
    findings = _review(safe).findings
    assert rule.id not in {f.rule_id for f in findings}, (
        f"{rule.id}: its 'Use instead' code triggers it: {[f.message for f in findings if f.rule_id == rule.id]}")


@by_rule
def test_cli_rules_prints_the_catalog_name(rule: Rule, capsys):
    assert main(["rules"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.split()[:1] == [rule.id]]
    assert len(lines) == 1
    assert f"CWE-{rule.cwe} " in lines[0]
    assert lines[0].endswith(f"[{catalog.name(rule.cwe)}]")


@by_rule
def test_cli_explain_prints_the_catalog_name(rule: Rule, capsys):
    assert main(["explain", rule.id]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{rule.id}: ")
    assert out[1] == f"CWE-{rule.cwe} {catalog.name(rule.cwe)}"


def test_cli_explain_sr101(capsys):
    rule = all_rules().get("SR101")
    if rule is None:
        pytest.skip("SR101 is not registered")
    assert main(["explain", "SR101"]) == 0
    assert f"CWE-{rule.cwe} {catalog.name(rule.cwe)}" in capsys.readouterr().out.splitlines()


_HEADING = re.compile(r"^\s*(?:\d+\.|Pillar:)\s+CWE-(\d+)(?: (.*))?$")


@by_rule
def test_text_report_prints_catalog_names(rule: Rule):
    example, _ = rule.examples
    findings = _review(example).findings
    assert findings, f"{rule.id}: its Example produces no findings to render"
    text = render_plain(Review(findings=findings, files_reviewed=1))
    printed = [m.groups() for m in map(_HEADING.match, text.splitlines()) if m]
    assert len([line for line in text.splitlines() if re.match(r"^\d+\. CWE-", line)]) == len(findings)
    for cwe_id, printed_name in printed:
        entry = catalog.get(int(cwe_id))
        assert entry is not None, f"report cites CWE-{cwe_id}, which is not in the catalog"
        assert printed_name == entry.name
