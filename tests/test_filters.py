"""Suppression comments, selection, thresholds and the test-code policy (secreview.filters)."""
from __future__ import annotations

import pytest

from secreview.config import Config, from_mapping
from secreview.filters import deduplicate, matches, select, suppression_comments
from secreview.findings import Confidence, Finding, FlowStep, Location, Severity
from secreview.sources import is_test_path
from tests.helpers import findings_for, review_snippet

EVAL = [(2, 95, "SR101")]


def _finding(**changes) -> Finding:
    values = dict(
        rule_id="SR101", cwe=95, title="eval() of a non-literal expression",
        location=Location("app/module.py", 3, 5, 3, 12), snippet="eval(x)", message="m", fix="f",
        severity=Severity.HIGH, confidence=Confidence.MEDIUM,
    )
    values.update(changes)
    return Finding(**values)


# ----------------------------------------------------------------------------- inline suppressions
def test_unsuppressed_eval_is_reported():
    assert findings_for("x = load_expression()\neval(x)\n") == EVAL


@pytest.mark.parametrize("comment", [
    "# secreview: ignore[SR101] the expression comes from our own config file",
    "# secreview: ignore[CWE-95]",
    "# secreview: ignore[cwe-95]",
    "# secreview: ignore",
    "# secreview:ignore[SR999, SR101]",
    "# secreview: ignore[SR1] whole family",
    "# nosec",
    "# NOSEC B307",
    "# nosec: B307 -- trusted input",
    "# TODO tidy up  # nosec",
])
def test_suppression_comment_on_the_line(comment):
    review = review_snippet(f"x = load_expression()\neval(x)  {comment}\n")
    assert review.findings == []
    assert review.suppressed == 1


@pytest.mark.parametrize("comment", [
    "# secreview: ignore[SR102]",
    "# secreview: ignore[CWE-78]",
    "# secreview: ignore[CWE-9]",
    "# secreview: ignore[SR2]",
    "# secreview ignore",
    "# no sec",
])
def test_comment_for_another_rule_does_not_suppress(comment):
    review = review_snippet(f"x = load_expression()\neval(x)  {comment}\n")
    assert [(f.location.line, f.rule_id) for f in review.findings] == [(2, "SR101")]
    assert review.suppressed == 0


@pytest.mark.parametrize("line", [1, 2, 3])
def test_nosec_on_any_line_of_a_multi_line_statement(line):
    body = ["result = eval(", "    x,", ")"]
    body[line - 1] += "  # nosec"
    review = review_snippet("x = load_expression()\n" + "\n".join(body) + "\n")
    assert review.findings == []
    assert review.suppressed == 1


def test_secreview_ignore_on_the_closing_line_of_a_three_line_call():
    source = """\
    x = load_expression()
    value = eval(
        x,
    )  # secreview: ignore[SR101] vetted upstream
    """
    assert findings_for(source) == []


def test_nested_call_suppressed_from_the_enclosing_statement():
    source = """\
    x = load_expression()
    print(
        eval(x),
        "done",
    )  # secreview: ignore[CWE-95]
    """
    assert findings_for(source) == []


def test_comment_on_a_neighbouring_statement_does_not_suppress():
    source = """\
    x = load_expression()  # nosec
    eval(x)
    y = 1  # secreview: ignore
    """
    assert findings_for(source) == EVAL


def test_text_that_only_looks_like_a_comment_does_not_suppress():
    source = 'x = load_expression()\nlabel = "# nosec"; eval(x)\n'
    assert findings_for(source) == EVAL


def test_suppression_comments_are_read_from_comments_only():
    lines = ['s = "# nosec"', "eval(x)  # secreview: ignore[SR101, CWE-78]", "# nosec", "y = 1"]
    assert suppression_comments(lines) == {2: frozenset({"SR101", "CWE-78"}), 3: frozenset()}


def test_suppression_comments_survive_untokenizable_source():
    lines = ['s = """unterminated', "eval(x)  # nosec"]
    assert suppression_comments(lines) == {2: frozenset()}


# ----------------------------------------------------------------------------- selectors
@pytest.mark.parametrize("code, expected", [
    ("SR101", True), ("sr101", True), ("SR1", True), ("SR10", True), ("SR", True),
    ("SR102", False), ("SR2", False), ("CWE-95", True), ("cwe-95", True), ("CWE-095", True), ("CWE95", True),
    ("CWE-9", False), ("CWE-94", False), ("", False), ("  SR101 ", True),
])
def test_matches(code, expected):
    assert matches(_finding(), code) is expected


def test_select_and_ignore():
    findings = [_finding(), _finding(rule_id="SR201", cwe=328)]
    ids = lambda config: [f.rule_id for f in select(findings, config)]  # noqa: E731
    assert ids(Config()) == ["SR101", "SR201"]
    assert ids(Config(select=("SR1",))) == ["SR101"]
    assert ids(Config(select=("CWE-328",))) == ["SR201"]
    assert ids(Config(ignore=("SR101",))) == ["SR201"]
    assert ids(Config(ignore=("CWE-95", "CWE-328"))) == []
    assert ids(Config(select=("SR1", "SR2"), ignore=("SR201",))) == ["SR101"]


def test_thresholds():
    findings = [
        _finding(severity=Severity.LOW, confidence=Confidence.HIGH),
        _finding(rule_id="SR102", severity=Severity.CRITICAL, confidence=Confidence.LOW),
    ]
    ids = lambda config: [f.rule_id for f in select(findings, config)]  # noqa: E731
    assert ids(Config()) == ["SR101"]  # low confidence is hidden by default
    assert ids(Config(min_confidence=Confidence.LOW)) == ["SR101", "SR102"]
    assert ids(Config(min_severity=Severity.MEDIUM, min_confidence=Confidence.LOW)) == ["SR102"]
    assert ids(Config(min_confidence=Confidence.MEDIUM)) == ["SR101"]
    assert ids(Config(min_severity=Severity.MEDIUM, min_confidence=Confidence.MEDIUM)) == []


# ----------------------------------------------------------------------------- test-code policy
@pytest.mark.parametrize("path, expected", [
    ("tests/test_views.py", True),
    ("tests/helpers.py", True),
    ("pkg/tests/data/make.py", True),
    ("test_views.py", True),
    ("app/test_views.py", True),
    ("app/views_test.py", True),
    ("conftest.py", True),
    ("app/conftest.py", True),
    ("app/views.py", False),
    ("app/contest.py", False),
    ("app/latest_views.py", False),
    ("app/attestation.py", False),
])
def test_test_paths(path, expected):
    assert is_test_path(path) is expected


@pytest.mark.parametrize("path, in_test", [
    ("tests/test_api.py", True), ("test_api.py", True), ("api_test.py", True), ("conftest.py", True),
    ("app/api.py", False),
])
def test_findings_in_test_code_are_marked(path, in_test):
    every_finding = Config(test_min_severity=Severity.LOW, min_confidence=Confidence.LOW)
    review = review_snippet("x = load_expression()\neval(x)\n", path=path, config=every_finding)
    assert [(f.rule_id, f.in_test_code) for f in review.findings] == [("SR101", in_test)]


def test_test_code_keeps_only_high_and_above_by_default():
    findings = [
        _finding(rule_id="SR1", severity=Severity.LOW, in_test_code=True),
        _finding(rule_id="SR2", severity=Severity.MEDIUM, in_test_code=True),
        _finding(rule_id="SR3", severity=Severity.HIGH, in_test_code=True),
        _finding(rule_id="SR4", severity=Severity.CRITICAL, in_test_code=True),
        _finding(rule_id="SR5", severity=Severity.LOW, in_test_code=False),
    ]
    assert Config().test_min_severity is Severity.HIGH
    assert [f.rule_id for f in select(findings, Config())] == ["SR3", "SR4", "SR5"]
    assert [f.rule_id for f in select(findings, Config(test_min_severity=Severity.CRITICAL))] == ["SR4", "SR5"]
    assert [f.rule_id for f in select(findings, Config(test_min_severity=Severity.LOW))] == [
        "SR1", "SR2", "SR3", "SR4", "SR5"]


def test_test_min_severity_is_configurable_from_pyproject_keys():
    config = from_mapping({"test-min-severity": "critical"})
    assert config.test_min_severity is Severity.CRITICAL
    # SR101 is medium: hidden in tests by default (high and up), shown when the threshold is lowered.
    assert findings_for("x = load_expression()\neval(x)\n", path="tests/test_api.py") == []
    lowered = from_mapping({"test-min-severity": "medium", "min-confidence": "low"})
    assert findings_for("x = load_expression()\neval(x)\n", path="tests/test_api.py", config=lowered) == EVAL
    assert findings_for("x = load_expression()\neval(x)\n", path="tests/test_api.py", config=config) == []
    assert findings_for("x = load_expression()\neval(x)\n", path="app/api.py", config=config) == EVAL


# ----------------------------------------------------------------------------- dedup
def test_a_flow_supersedes_a_pattern_match_at_the_same_place():
    loc = _finding().location
    pattern = _finding()
    flow = _finding(rule_id="SR995", flow=(FlowStep(loc, "source", "input()"), FlowStep(loc, "sink", "eval")))
    other = _finding(rule_id="SR101", location=Location("app/module.py", 9, 1, 9, 8))
    assert [f.rule_id for f in deduplicate([pattern, other, flow])] == ["SR995", "SR101"]
