"""The three renderers over the same Review: text (the contract for people), JSON (our schema), SARIF 2.1.0."""
from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from secreview import NO_DEFECTS, __version__, catalog
from secreview.config import Config
from secreview.engine import finish, review_source
from secreview.findings import FileError, FlowStep, Location, Review, Severity
from secreview.reports import render_to_string
from secreview.reports.progress import progress_factory
from secreview.reports.sarif import artifact_uri
from secreview.reports.text import render_plain
from secreview.rules import all_rules

ROOT = Path(__file__).resolve().parent.parent
JSON_SCHEMA = ROOT / "docs" / "report.schema.json"
SARIF_SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"  # shipped: runs from a fresh clone

EVAL_SOURCE = """\
import os


def compute(expression):
    return eval(expression)
"""
EVAL_NAME = "Improper Neutralization of Directives in Dynamically Evaluated Code ('Eval Injection')"


def _review(source: str = EVAL_SOURCE, path: str = "app/calc.py", errors=()) -> Review:
    # Test code at every severity: these specs are about rendering, not the test-code policy. Parameters
    # are trusted (remote threat model) so the eval finding is a plain pattern finding without a flow.
    return finish([review_source(source, path)], list(errors),
                  Config(test_min_severity=Severity.LOW, threat_model="remote"))


def _full_review() -> Review:
    """A pattern finding, a dataflow finding (another rule id, another CWE) and a file error."""
    review = _review(errors=[FileError("app/broken.py", "syntax", "invalid syntax", 7),
                             FileError("app/blob.py", "binary", "not a text file")])
    (pattern,) = review.findings
    source = Location("app/views.py", 10, 9, 10, 30)
    sink = Location("app/db.py", 4, 5, 4, 30)
    flow = replace(
        pattern, rule_id="SR989", cwe=89, title="SQL query built from request data",
        location=sink, snippet="cursor.execute(query)", severity=Severity.CRITICAL, fingerprint="f" * 32,
        flow=(FlowStep(source, "source", "request.args['q'] enters", "term = request.args['q']"),
              FlowStep(Location("app/views.py", 11, 5, 11, 20), "call", "passed to db.search(term)"),
              FlowStep(sink, "sink", "reaches cursor.execute")),
    )
    review.findings.append(flow)
    return review


def _validator(schema_path: Path):
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _assert_valid(validator, document) -> None:
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


# ----------------------------------------------------------------------------- text
def test_text_no_defects_is_exactly_the_sentence():
    assert render_to_string(_review("x = 1\n"), "text") == NO_DEFECTS + "\n"
    assert render_to_string(Review(), "text") == "No security defects are detected in the code.\n"


def test_text_no_defects_then_errors_on_later_lines():
    text = render_to_string(_review("x = 1\n", errors=[FileError("app/broken.py", "syntax", "invalid syntax", 7)]),
                            "text")
    lines = text.splitlines()
    assert lines[:2] == ["1 file could not be reviewed (listed at the end); this review covers the 1 file reviewed.",
                         NO_DEFECTS]
    assert "Files not reviewed (1):" in lines
    assert "  - app/broken.py:7: syntax: invalid syntax" in lines


def test_text_finding_block():
    review = _review()
    (f,) = review.findings
    assert render_plain(review) == f"""\
1. CWE-95 {EVAL_NAME}
   Pillar: CWE-707 Improper Neutralization
   Location: app/calc.py:5:12
   Rule: SR101 {f.title}
   Severity: {f.severity}   Confidence: {f.confidence}
   Code:
         5 |     return eval(expression)
   Problem: {f.message}
   Fix: {f.fix}

Summary: 1 finding (1 {f.severity})
"""


def test_text_numbers_findings_and_shows_flow_and_errors():
    text = render_plain(_full_review())
    assert text.startswith("2 files could not be reviewed (listed at the end); this review covers the 1 file "
                           f"reviewed.\n1. CWE-95 {EVAL_NAME}\n")
    assert f"\n2. CWE-89 {catalog.get(89).name}\n" in text
    assert "   Location: app/db.py:4:5\n" in text
    assert "   Severity: critical   Confidence: " in text
    assert "   Flow:\n" in text
    assert "     - app/views.py:10 [source] request.args['q'] enters\n" in text
    assert "     - line 4 [sink] reaches cursor.execute\n" in text
    assert text.index("Files not reviewed (2):") > text.index("2. CWE-89")
    assert "  - app/blob.py: binary: not a text file\n" in text
    assert NO_DEFECTS not in text


def test_text_marks_test_code():
    text = render_plain(_review(path="tests/test_calc.py"))
    assert "   (test code)\n" in text


def test_text_colour_only_when_asked():
    review = _full_review()
    plain = render_to_string(review, "text", color=False)
    coloured = render_to_string(review, "text", color=True)
    assert "\x1b[" not in plain
    assert "\x1b[" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain


# ----------------------------------------------------------------------------- progress
class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_and_for_long_scans(capsys):
    assert progress_factory(500, io.StringIO()) is None
    assert progress_factory(3, _Terminal()) is None
    terminal = _Terminal()
    advance = progress_factory(60, terminal)
    assert advance is not None
    for _ in range(60 + 1):  # each file, then the end of the cross-module join
        advance(1)
    assert capsys.readouterr().out == ""
    assert "cross-module dataflow" in terminal.getvalue()


# ----------------------------------------------------------------------------- JSON
def test_json_validates_against_the_documented_schema():
    validator = _validator(JSON_SCHEMA)
    for review in (_full_review(), _review("x = 1\n"), Review()):
        _assert_valid(validator, json.loads(render_to_string(review, "json")))


def test_json_content():
    report = json.loads(render_to_string(_full_review(), "json"))
    assert report["schema_version"] == "1.0"
    assert report["tool"] == {"name": "secreview", "version": __version__}
    assert report["catalog_version"] == catalog.version()
    assert report["summary"] == {
        "files_reviewed": 1, "findings": 2, "suppressed": 0, "errors": 2,
        "by_severity": {"critical": 1, "high": 0, "medium": 1, "low": 0},
    }
    first, second = report["findings"]
    assert first["rule_id"] == "SR101"
    assert first["cwe"] == {"id": 95, "name": EVAL_NAME, "pillar": {"id": 707, "name": "Improper Neutralization"}}
    assert first["location"] == {"path": "app/calc.py", "line": 5, "column": 12, "end_line": 5, "end_column": 28}
    assert first["snippet"] == "    return eval(expression)"  # the source lines of the flagged code
    (finding, _) = _full_review().findings
    assert (first["severity"], first["confidence"], first["in_test_code"]) == (
        str(finding.severity), str(finding.confidence), False)
    assert (first["title"], first["message"], first["fix"]) == (finding.title, finding.message, finding.fix)
    assert first["fingerprint"] == finding.fingerprint and len(first["fingerprint"]) == 32
    assert first["flow"] == []
    assert second["cwe"]["name"] == catalog.get(89).name
    assert second["flow"][0] == {"kind": "source", "path": "app/views.py", "line": 10, "column": 9,
                                 "description": "request.args['q'] enters", "snippet": "term = request.args['q']"}
    assert second["flow"][1]["snippet"] == ""  # a step whose line could not be read
    assert [s["kind"] for s in second["flow"]] == ["source", "call", "sink"]
    assert report["errors"] == [  # sorted by path
        {"path": "app/blob.py", "kind": "binary", "message": "not a text file", "line": None},
        {"path": "app/broken.py", "kind": "syntax", "message": "invalid syntax", "line": 7},
    ]


def test_json_empty_review():
    report = json.loads(render_to_string(Review(), "json"))
    assert report["findings"] == [] and report["errors"] == []
    assert report["summary"]["by_severity"] == {"critical": 0, "high": 0, "medium": 0, "low": 0}


# ----------------------------------------------------------------------------- SARIF
def _sarif(review: Review) -> dict:
    return json.loads(render_to_string(review, "sarif"))


def test_sarif_validates_against_the_official_schema():
    validator = _validator(SARIF_SCHEMA)
    for review in (_full_review(), _review("x = 1\n"), Review(),
                   _review(path="/abs/path with space/ä.py"), _review(path="tests/test_calc.py")):
        _assert_valid(validator, _sarif(review))


def test_sarif_driver_rules():
    log = _sarif(_full_review())
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("secreview", __version__)
    rules = {r["id"]: r for r in driver["rules"]}
    assert {"SR101", "SR989"} <= set(rules)
    sr101 = rules["SR101"]
    rule = all_rules()["SR101"]
    assert sr101["name"] and sr101["name"].isalnum()
    assert sr101["shortDescription"]["text"] == rule.title
    assert sr101["fullDescription"]["text"] == " ".join(rule.sections["What it does"].split())
    assert "## Why is this bad?" in sr101["help"]["markdown"] and "```python" in sr101["help"]["markdown"]
    assert "Why is this bad?" in sr101["help"]["text"] and "```" not in sr101["help"]["text"]
    assert sr101["defaultConfiguration"] == {"level": "warning"}  # SR101 is medium severity
    props = sr101["properties"]
    assert props["precision"] == str(rule.confidence)
    assert props["cwe"] == ["CWE-95"]
    assert "security" in props["tags"] and "external/cwe/cwe-095" in props["tags"]
    assert isinstance(props["security-severity"], str) and 4.0 <= float(props["security-severity"]) < 7.0  # medium
    assert float(rules["SR989"]["properties"]["security-severity"]) >= 9.0
    assert driver["supportedTaxonomies"] == [{"name": "CWE", "index": 0}]


def test_sarif_cwe_taxonomy_and_relationships():
    run = _sarif(_full_review())["runs"][0]
    (cwe,) = run["taxonomies"]
    assert cwe["name"] == "CWE" and cwe["version"] == catalog.version()
    taxa = cwe["taxa"]
    ids = [t["id"] for t in taxa]
    assert {"95", "89"} <= set(ids) and len(ids) == len(set(ids))
    by_id = {t["id"]: t for t in taxa}
    assert by_id["95"]["name"] == EVAL_NAME and by_id["95"]["shortDescription"]["text"] == EVAL_NAME
    for rule in run["tool"]["driver"]["rules"]:
        (rel,) = rule["relationships"]
        target = rel["target"]
        assert target["toolComponent"] == {"name": "CWE", "index": 0}
        assert taxa[target["index"]]["id"] == target["id"] == rule["properties"]["cwe"][0].removeprefix("CWE-")
    for result in run["results"]:
        (taxon,) = result["taxa"]
        assert taxa[taxon["index"]]["id"] == taxon["id"] == result["properties"]["cwe"][0].removeprefix("CWE-")


# sha256 of the first line of the snippet with whitespace left out ("returneval(expression)"), 16 hex digits
LINE_HASH = "a619a38359de5f1a"


def test_sarif_results():
    run = _sarif(_full_review())["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    first, second = run["results"]
    assert first["ruleId"] == "SR101" and rules[first["ruleIndex"]]["id"] == "SR101"
    assert rules[second["ruleIndex"]]["id"] == "SR989"
    assert (first["level"], second["level"]) == ("warning", "error")  # medium pattern, high flow
    assert first["message"]["text"] == _full_review().findings[0].message
    (location,) = first["locations"]
    physical = location["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "app/calc.py", "uriBaseId": "%SRCROOT%"}
    assert physical["region"] == {"startLine": 5, "startColumn": 12, "endLine": 5, "endColumn": 28,
                                  "snippet": {"text": "    return eval(expression)"}}
    assert run["columnKind"] == "unicodeCodePoints"
    assert first["properties"]["cwe"] == ["CWE-95"]
    assert first["partialFingerprints"]["primaryLocationLineHash"] == f"{LINE_HASH}:1"
    assert set(first["partialFingerprints"]) == {"secreview/v1", "primaryLocationLineHash"}
    assert "codeFlows" not in first
    (flow,) = second["codeFlows"]
    (thread,) = flow["threadFlows"]
    steps = thread["locations"]
    assert [s["kinds"] for s in steps] == [["source"], ["call"], ["sink"]]
    assert steps[0]["location"]["physicalLocation"]["artifactLocation"]["uri"] == "app/views.py"
    assert steps[0]["location"]["physicalLocation"]["region"]["startLine"] == 10
    assert steps[0]["location"]["message"]["text"] == "request.args['q'] enters"


def test_sarif_file_errors_are_notifications_of_a_successful_invocation():
    run = _sarif(_full_review())["runs"][0]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is True
    second, first = invocation["toolExecutionNotifications"]  # sorted by path: blob, broken
    assert first["level"] == second["level"] == "error"
    assert first["message"]["text"] == "syntax: invalid syntax"
    physical = first["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "app/broken.py"
    assert physical["region"] == {"startLine": 7}
    assert "region" not in second["locations"][0]["physicalLocation"]


def test_sarif_without_findings():
    run = _sarif(Review())["runs"][0]
    assert run["results"] == []
    assert run["invocations"][0]["toolExecutionNotifications"] == []
    assert any(r["id"] == "SR101" for r in run["tool"]["driver"]["rules"])


@pytest.mark.parametrize("path, expected", [
    ("app/views.py", {"uri": "app/views.py", "uriBaseId": "%SRCROOT%"}),
    ("app/my views.py", {"uri": "app/my%20views.py", "uriBaseId": "%SRCROOT%"}),
    ("/srv/app/views.py", {"uri": "file:///srv/app/views.py"}),
    ("app\\views.py", {"uri": "app/views.py", "uriBaseId": "%SRCROOT%"}),
    ("C:\\src\\views.py", {"uri": "file:///C:/src/views.py"}),
])
def test_sarif_artifact_uris(path, expected):
    assert artifact_uri(path) == expected


# ----------------------------------------------------------------------------- fingerprints
def test_fingerprints_survive_lines_added_above():
    before = _review()
    after = _review("# a\n# header\nimport sys\n\n\n" + EVAL_SOURCE)
    (old,), (new,) = before.findings, after.findings
    assert new.location.line == old.location.line + 5
    assert new.fingerprint == old.fingerprint != ""
    old_sarif, new_sarif = (_sarif(r)["runs"][0]["results"][0] for r in (before, after))
    assert old_sarif["partialFingerprints"] == new_sarif["partialFingerprints"]
    assert json.loads(render_to_string(before, "json"))["findings"][0]["fingerprint"] == new.fingerprint


def test_fingerprints_differ_for_different_statements_and_repeated_ones():
    review = _review("x = load_expression()\neval(x)\neval(x + '1')\neval(x)\n")
    prints = [f.fingerprint for f in review.findings]
    assert len(prints) == 3 and len(set(prints)) == 3


def test_renderers_do_not_change_the_review():
    review = _full_review()
    snapshot = (list(review.findings), list(review.errors), review.files_reviewed, review.suppressed)
    for fmt in ("text", "json", "sarif"):
        render_to_string(review, fmt)
    assert (list(review.findings), list(review.errors), review.files_reviewed, review.suppressed) == snapshot
