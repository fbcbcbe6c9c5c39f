"""Baselines: accept today's findings, then only new ones are reported (CLI, on a temporary git repo)."""
from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

import pytest

from secreview import NO_DEFECTS
from secreview.cli import main
from tests.helpers import git, make_repo

CALC = textwrap.dedent('''\
    import yaml


    def run(expression, blob):
        eval(expression)
        return yaml.load(blob)
    ''')


@pytest.fixture()
def repo(tmp_path, monkeypatch):
    make_repo(tmp_path, {"calc.py": CALC})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys, *argv) -> tuple[int, str]:
    code = main([*argv, "--no-progress", "--no-cache"])
    return code, capsys.readouterr().out


def create(capsys, *paths) -> dict:
    code = main(["baseline", "create", *paths, "-o", ".secreview-baseline.json", "--no-progress", "--no-cache"])
    assert code == 0
    err = capsys.readouterr().err
    assert "2 finding(s) accepted" in err
    return json.loads(Path(".secreview-baseline.json").read_text())


def test_baseline_file_lists_rule_path_fingerprint_and_count(repo, capsys):
    document = create(capsys)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True).stdout.strip()
    assert document["version"] == 1 and document["git_commit"] == head
    assert [(e["rule_id"], e["path"], e["count"], e["lines"], e["cwe"]) for e in document["findings"]] == [
        ("SR101", "calc.py", 1, [5], 95), ("SR302", "calc.py", 1, [6], 502)]
    assert document["findings"][0]["message"].startswith("`eval()` runs `expression`")
    assert all(len(e["fingerprint"]) == 32 for e in document["findings"])


def test_unchanged_code_has_no_new_findings(repo, capsys):
    create(capsys)
    assert run(capsys, ".", "--baseline", ".secreview-baseline.json") == (0, NO_DEFECTS + "\n")


def test_findings_survive_line_drift(repo, capsys):
    create(capsys)
    (repo / "calc.py").write_text('"""Calculator."""\nimport os\n\n\n' + CALC)
    assert run(capsys, ".", "--baseline", ".secreview-baseline.json") == (0, NO_DEFECTS + "\n")


def test_paths_match_however_the_tree_is_named(repo, capsys):
    create(capsys, ".")
    assert run(capsys, "calc.py", "--baseline", ".secreview-baseline.json")[0] == 0
    assert run(capsys, str(repo), "--baseline", str(repo / ".secreview-baseline.json"))[0] == 0


def test_counts_two_identical_findings_one_baselined_is_one_new(repo, capsys):
    create(capsys)
    (repo / "calc.py").write_text(CALC + "\n\ndef again(expression):\n    eval(expression)\n")
    code, out = run(capsys, ".", "--baseline", ".secreview-baseline.json", "--format", "json")
    assert code == 1
    assert [(f["rule_id"], f["location"]["line"]) for f in json.loads(out)["findings"]] == [("SR101", 10)]


def test_a_new_finding_in_a_new_file_is_reported(repo, capsys):
    create(capsys)
    (repo / "other.py").write_text("import os\n\n\ndef go(cmd):\n    os.system(cmd)\n")
    code, out = run(capsys, ".", "--baseline", ".secreview-baseline.json", "--format", "json")
    assert code == 1
    assert [(f["rule_id"], f["location"]["path"]) for f in json.loads(out)["findings"]] == [("SR110", "other.py")]


def test_a_file_renamed_with_git_keeps_its_accepted_findings(repo, capsys):
    create(capsys)
    git(repo, "mv", "calc.py", "compute.py")
    assert run(capsys, ".", "--baseline", ".secreview-baseline.json") == (0, NO_DEFECTS + "\n")
    git(repo, "commit", "-qm", "rename")
    assert run(capsys, ".", "--baseline", ".secreview-baseline.json") == (0, NO_DEFECTS + "\n")


def test_sarif_marks_new_unchanged_and_absent(repo, capsys):
    create(capsys)
    # yaml.load fixed, eval moved down two lines, a new os.system added.
    (repo / "calc.py").write_text(textwrap.dedent('''\
        import os
        import yaml


        def run(expression, blob):

            eval(expression)
            os.system(blob)
            return yaml.safe_load(blob)
        '''))
    code, out = run(capsys, ".", "--baseline", ".secreview-baseline.json", "--format", "sarif")
    assert code == 1
    results = json.loads(out)["runs"][0]["results"]
    assert [(r["ruleId"], r["baselineState"], r["locations"][0]["physicalLocation"]["region"]["startLine"],
             r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in results] == [
        ("SR110", "new", 8, "calc.py"), ("SR101", "unchanged", 7, "calc.py"), ("SR302", "absent", 6, "calc.py")]
    rules = json.loads(out)["runs"][0]["tool"]["driver"]["rules"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)


def test_sarif_without_a_baseline_has_no_baseline_state(repo, capsys):
    code, out = run(capsys, ".", "--format", "sarif")
    assert code == 1 and all("baselineState" not in r for r in json.loads(out)["runs"][0]["results"])


def test_thresholds_apply_before_the_baseline(repo, capsys):
    create(capsys)
    (repo / "calc.py").write_text(CALC + "\n\ndef again(expression):\n    eval(expression)\n")
    assert run(capsys, ".", "--baseline", ".secreview-baseline.json", "--min-severity", "high") == (0, NO_DEFECTS + "\n")


@pytest.mark.parametrize("content, message", [
    (None, "cannot read baseline"),
    ("{not json", "is not JSON"),
    ('{"version": 7, "findings": []}', "not a secreview baseline"),
    ('{"version": 1, "findings": [{"rule_id": "SR101"}]}', "malformed finding entry"),
])
def test_unusable_baseline_is_a_usage_error(repo, capsys, content, message):
    if content is not None:
        (repo / "bad.json").write_text(content)
    assert main([".", "--baseline", "bad.json", "--no-progress", "--no-cache"]) == 2
    assert message in capsys.readouterr().err


def test_baseline_create_needs_an_output_file(repo, capsys):
    assert main(["baseline", "create", "."]) == 2
