"""Review-comment formats: markdown, github, github-review, gerrit, gitlab, junit — exact fields."""
from __future__ import annotations

import json
import textwrap
from dataclasses import replace
from xml.etree import ElementTree as ET

import pytest

from secreview import NO_DEFECTS, catalog
from secreview.cli import main
from secreview.config import Config
from secreview.engine import finish, review_source
from secreview.findings import FileError, FlowStep, Location, Review, Severity
from secreview.reports import render_to_string
from tests.helpers import git

SOURCE = textwrap.dedent('''\
    import yaml


    def load(blob):
        return yaml.load(blob)
    ''')
EVAL_NAME = catalog.name(95)
YAML_NAME = catalog.name(502)


def _review(errors=()) -> Review:
    """One pattern finding (SR302, yaml.load at 5:12) and one hand-made dataflow finding (SR989)."""
    review = finish([review_source(SOURCE, "./app/store.py")], list(errors), Config(test_min_severity=Severity.LOW))
    (pattern,) = review.findings
    sink = Location("./app/calc.py", 8, 5, 8, 21)
    flow = replace(
        pattern, rule_id="SR918", cwe=95, title="Untrusted data is evaluated", location=sink,
        snippet="eval(expression)", message="`request.args` reaches `eval(expression)`.", fix="Use ast.literal_eval.",
        severity=Severity.MEDIUM, fingerprint="e" * 32, statement=(8, 8),
        flow=(FlowStep(Location("./app/views.py", 3, 9, 3, 21), "source", "`request.args`"),
              FlowStep(sink, "sink", "`eval(expression)`")))
    review.findings = [flow, *review.findings]
    return review


def test_markdown_pr_comment():
    text = render_to_string(_review([FileError("app/broken.py", "syntax", "invalid syntax", 7)]), "markdown")
    assert text.splitlines()[:12] == [
        "> **1 file could not be reviewed (listed at the end); this review covers the 1 file reviewed.**", "",
        "## secreview: 2 security findings", "",
        "| Severity | Findings |", "| --- | ---: |", "| high | 1 |", "| medium | 1 |", "",
        "| CWE | Findings |", "| --- | ---: |",
        f"| [CWE-95 {EVAL_NAME}](https://cwe.mitre.org/data/definitions/95.html) | 1 |",
    ]
    assert f"| [CWE-502 {YAML_NAME}](https://cwe.mitre.org/data/definitions/502.html) | 1 |" in text
    assert "### 1. `./app/calc.py:8:5`" in text and "### 2. `./app/store.py:5:12`" in text
    assert "```python\neval(expression)\n```" in text
    assert "Flow:\n1. `app/views.py:3` (source) `request.args`\n2. `app/calc.py:8` (sink) `eval(expression)`" in text
    assert "**Fix:** Use ast.literal_eval." in text
    assert text.endswith("**Files not reviewed (1):**\n\n- `app/broken.py:7`: syntax: invalid syntax\n\n"
                         "**Summary:** 2 findings (1 high, 1 medium), 1 file not reviewed\n")


def test_markdown_no_defects_is_the_sentence_and_code_fences_cannot_be_closed_by_the_code():
    assert render_to_string(Review(), "markdown") == NO_DEFECTS + "\n"
    from secreview.reports.review_common import fence

    assert fence("x = '```'") == "````python\nx = '```'\n````"


def test_github_workflow_commands():
    lines = render_to_string(_review([FileError("app/b.py", "syntax", "invalid syntax", 7)]), "github").splitlines()
    assert lines == [
        f"::warning file=app/calc.py,line=8,endLine=8,col=5,endColumn=21,title=SR918 CWE-95 {EVAL_NAME.replace(',', '%2C')}"
        "::`request.args` reaches `eval(expression)`.%0AFix: Use ast.literal_eval.",
        lines[1],
        "::warning file=app/b.py,line=7,title=secreview could not review this file (syntax)::invalid syntax",
    ]
    assert lines[1].startswith(f"::error file=app/store.py,line=5,endLine=5,col=12,endColumn=27,title=SR302 CWE-502 {YAML_NAME}::")


def test_github_escapes_properties_and_data():
    from secreview.reports.github import escape_data, escape_property

    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert escape_data("50%: a,b\r\n") == "50%25: a,b%0D%0A"


def test_gitlab_code_quality():
    items = json.loads(render_to_string(_review(), "gitlab"))
    assert [{k: v for k, v in item.items() if k not in ("description", "fingerprint")} for item in items] == [
        {"type": "issue", "check_name": "SR918", "categories": ["Security"], "severity": "major",
         "location": {"path": "app/calc.py", "lines": {"begin": 8}}},
        {"type": "issue", "check_name": "SR302", "categories": ["Security"], "severity": "critical",
         "location": {"path": "app/store.py", "lines": {"begin": 5}}},
    ]
    assert items[0]["description"] == f"CWE-95 {EVAL_NAME}: `request.args` reaches `eval(expression)`."
    prints = [item["fingerprint"] for item in items]
    assert len(set(prints)) == 2 and all(len(p) == 32 for p in prints)
    assert json.loads(render_to_string(Review(), "gitlab")) == []


def test_gitlab_fingerprint_is_unique_across_files_for_the_same_statement():
    review = finish([review_source(SOURCE, "a.py"), review_source(SOURCE, "b.py")], [], Config())
    assert review.findings[0].fingerprint == review.findings[1].fingerprint  # unique within a file only
    items = json.loads(render_to_string(review, "gitlab"))
    assert items[0]["fingerprint"] != items[1]["fingerprint"]


def test_gerrit_robot_comments():
    document = json.loads(render_to_string(_review(), "gerrit"))
    assert document["tag"] == "autogenerated:secreview" and document["message"] == "secreview: 2 security findings."
    assert sorted(document["robot_comments"]) == ["app/calc.py", "app/store.py"]
    (comment,) = document["robot_comments"]["app/calc.py"]
    assert {k: v for k, v in comment.items() if k != "message"} == {
        "robot_id": "secreview", "robot_run_id": "secreview-0.1.0",
        "url": "https://cwe.mitre.org/data/definitions/95.html",
        "properties": {"rule_id": "SR918", "cwe": "CWE-95", "severity": "medium", "confidence": "medium",
                       "fingerprint": "e" * 32},
        "line": 8, "range": {"start_line": 8, "start_character": 4, "end_line": 8, "end_character": 20},
        "unresolved": True,
    }
    assert comment["message"].startswith(f"CWE-95 {EVAL_NAME} (medium severity")
    assert "Flow:\n1. `app/views.py:3` (source)" in comment["message"]
    (store,) = document["robot_comments"]["app/store.py"]
    assert store["line"] == 5 and store["range"]["start_character"] == 11


def test_junit_parses_with_the_right_counts():
    xml = render_to_string(_review([FileError("app/b.py", "binary", "not a text file")]), "junit")
    root = ET.fromstring(xml)
    (suite,) = root.findall("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "2", "1")
    cases = suite.findall("testcase")
    assert [(c.get("classname"), c.get("line")) for c in cases] == [("app/calc.py", "8"), ("app/store.py", "5"),
                                                                   ("app/b.py", None)]
    assert cases[0].get("name") == f"SR918 CWE-95 {EVAL_NAME} at app/calc.py:8:5"
    failure = cases[0].find("failure")
    assert failure.get("type") == "CWE-95" and failure.get("message") == "`request.args` reaches `eval(expression)`."
    assert failure.text.splitlines()[:2] == ["app/calc.py:8:5", "eval(expression)"]
    assert cases[2].find("error").get("type") == "binary"
    empty = ET.fromstring(render_to_string(Review(), "junit")).find("testsuite")
    assert (empty.get("tests"), empty.get("failures"), len(empty)) == ("0", "0", 0)


# ----------------------------------------------------------------------------- github-review on a change
def test_github_review_comments_only_on_changed_lines(tmp_path, capsys, monkeypatch):
    git(tmp_path, "init", "-q")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "calc.py").write_text("def old(expression):\n    return eval(expression)\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "base")
    (tmp_path / "pkg" / "calc.py").write_text(
        "def old(expression):\n    return eval(expression)\n\n\ndef new(source):\n    return eval(\n        source,\n    )\n")
    monkeypatch.chdir(tmp_path / "pkg")
    # The whole statement spans lines 6-8; only line 7 is edited afterwards in a second change.
    assert main([".", "--diff", "HEAD", "-f", "github-review", "--no-progress", "--no-cache"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["event"] == "COMMENT" and document["body"] == "secreview: 1 security finding in this change."
    assert [(c["path"], c["line"], c["side"]) for c in document["comments"]] == [("pkg/calc.py", 6, "RIGHT")]
    assert document["comments"][0]["body"].startswith(
        f"**[CWE-95 {EVAL_NAME}](https://cwe.mitre.org/data/definitions/95.html)** · medium severity")
    git(tmp_path, "commit", "-qam", "new")
    (tmp_path / "pkg" / "calc.py").write_text(
        "def old(expression):\n    return eval(expression)\n\n\ndef new(source):\n    return eval(\n        source + '',\n    )\n")
    assert main([".", "--diff", "HEAD", "-f", "github-review", "--no-progress", "--no-cache"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert [(c["path"], c["line"]) for c in document["comments"]] == [("pkg/calc.py", 7)]


def test_github_review_without_findings():
    assert json.loads(render_to_string(Review(), "github-review")) == {"body": NO_DEFECTS, "event": "COMMENT",
                                                                      "comments": []}


def test_github_review_flow_only_change_goes_into_the_body():
    review = _review()
    review.changed_lines = {str(__import__("pathlib").Path("./app/views.py").resolve()): {3}}
    review.findings = review.findings[:1]
    document = json.loads(render_to_string(review, "github-review"))
    assert document["comments"] == []
    assert document["body"].splitlines()[-1] == (
        f"- `app/calc.py:8` CWE-95 {EVAL_NAME} (`SR918`): `request.args` reaches `eval(expression)`.")


@pytest.mark.parametrize("fmt", ["markdown", "github", "github-review", "gerrit", "gitlab", "junit"])
def test_every_format_is_documented_with_an_example(fmt):
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "review-formats.md").read_text(encoding="utf-8")
    assert f"## `{fmt}`" in doc and f"--format {fmt}" in doc
