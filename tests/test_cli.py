"""The command line, run in-process: `secreview.cli.main([...])` returns the exit code."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from secreview import NO_DEFECTS, __version__
from secreview.cli import main
from secreview.rules import all_rules

EVAL = "import config\n\nexpression = config.expression()\nprint(eval(expression))\n"
CLEAN = "import json\n\nprint(json.loads('[1, 2]'))\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """tmp_path/proj with app/calc.py (one SR101 finding, line 4) and app/util.py (clean)."""
    root = tmp_path / "proj"
    (root / "app").mkdir(parents=True)
    (root / "app" / "calc.py").write_text(EVAL)
    (root / "app" / "util.py").write_text(CLEAN)
    return root


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# ----------------------------------------------------------------------------- exit codes
def test_clean_file_exits_0_with_the_sentence(capsys, project):
    code, out, err = run(capsys, project / "app" / "util.py")
    assert (code, out) == (0, NO_DEFECTS + "\n")


def test_findings_exit_1(capsys, project):
    code, out, _ = run(capsys, project)
    assert code == 1
    assert out.startswith("1. CWE-95 Improper Neutralization of Directives in Dynamically Evaluated Code")
    assert f"   Location: {project / 'app' / 'calc.py'}:4:7\n" in out
    assert "   Rule: SR101 " in out
    assert "\x1b[" not in out  # not a terminal: no colour


def test_explicit_review_subcommand(capsys, project):
    assert run(capsys, "review", project)[0] == 1


def test_missing_path_is_a_usage_error(capsys, project):
    code, out, err = run(capsys, project / "app" / "calc.py", project / "nope.py")
    assert code == 2
    assert out == ""
    assert "no such file or directory" in err and "nope.py" in err


@pytest.mark.parametrize("argv", [
    ["--format", "xml", "x.py"],
    ["--min-severity", "urgent", "x.py"],
    ["--no-such-option", "x.py"],
    ["review"],
    [],
])
def test_bad_usage_exits_2(capsys, argv):
    assert run(capsys, *argv)[0] == 2


def test_help_and_version_exit_0(capsys):
    assert run(capsys, "--help")[0] == 0
    code, out, _ = run(capsys, "--version")
    assert (code, out) == (0, f"secreview {__version__}\n")


def test_unparsable_file_is_listed_and_fails_the_run(capsys, project):
    (project / "app" / "broken.py").write_text("def f(:\n    pass\n")
    code, out, _ = run(capsys, project / "app" / "util.py", project / "app" / "broken.py")
    assert code == 1
    lines = out.splitlines()
    assert lines[:2] == ["1 file could not be reviewed (listed at the end); this review covers the 1 file reviewed.",
                         NO_DEFECTS]
    assert f"  - {project / 'app' / 'broken.py'}:1: syntax: invalid syntax" in lines
    assert run(capsys, project / "app" / "util.py", project / "app" / "broken.py", "--no-fail-on-unreviewed")[0] == 0


def test_internal_error_exits_2(capsys, project, monkeypatch):
    import secreview.engine

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(secreview.engine, "review_paths", explode)
    code, out, err = run(capsys, project)
    assert code == 2 and out == ""
    assert "internal error: RuntimeError: boom" in err


# ----------------------------------------------------------------------------- output
def test_output_file(capsys, project, tmp_path):
    target = tmp_path / "report.json"
    code, out, _ = run(capsys, project, "--format", "json", "-o", target)
    assert (code, out) == (1, "")
    report = json.loads(target.read_text())
    assert report["schema_version"] == "1.0"
    assert [(f["rule_id"], f["location"]["line"]) for f in report["findings"]] == [("SR101", 4)]
    assert report["summary"]["files_reviewed"] == 2


def test_output_file_never_coloured(capsys, project, tmp_path):
    target = tmp_path / "report.txt"
    assert run(capsys, project, "--output", target)[0] == 1
    assert "\x1b[" not in target.read_text()
    assert target.read_text().startswith("1. CWE-95 ")


def test_unwritable_output_exits_2(capsys, project, tmp_path):
    code, _, err = run(capsys, project, "-o", tmp_path / "no" / "such" / "dir" / "r.txt")
    assert code == 2 and "cannot write" in err


def test_colour_always(capsys, project):
    code, out, _ = run(capsys, project, "--color", "always")
    assert code == 1 and "\x1b[" in out


def test_sarif_format(capsys, project):
    code, out, _ = run(capsys, project, "-f", "sarif")
    log = json.loads(out)
    assert code == 1 and log["version"] == "2.1.0"
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["SR101"]


def test_json_lists_errors(capsys, project):
    (project / "app" / "broken.py").write_text("x = (\n")
    code, out, _ = run(capsys, project, "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert [(Path(e["path"]).name, e["kind"]) for e in report["errors"]] == [("broken.py", "syntax")]


# ----------------------------------------------------------------------------- selection and thresholds
@pytest.mark.parametrize("options, expected", [
    ([], 1),
    (["--select", "SR101"], 1),
    (["--select", "SR1"], 1),
    (["--select", "CWE-95"], 1),
    (["--select", "SR2"], 0),
    (["--select", "SR2,SR101"], 1),
    (["--select", "SR2", "--select", "CWE-95"], 1),
    (["--ignore", "SR101"], 0),
    (["--ignore", "sr1"], 0),
    (["--ignore", "CWE-95"], 0),
    (["--ignore", "CWE-89"], 1),
    (["--min-severity", "medium"], 1),
    (["--min-severity", "high"], 0),
    (["--min-severity", "critical"], 0),
    (["--min-confidence", "medium"], 1),
    (["--min-confidence", "high"], 0),
])
def test_selection_and_thresholds(capsys, project, options, expected):
    code, out, _ = run(capsys, project, *options)
    assert code == expected
    assert (out == NO_DEFECTS + "\n") is (expected == 0)


def test_test_code_policy(capsys, project):
    tests = project / "tests"
    tests.mkdir()
    (tests / "test_calc.py").write_text(EVAL)
    assert run(capsys, tests)[0] == 0  # SR101 is medium: hidden in tests by default (high and up)
    code, out, _ = run(capsys, tests, "--test-min-severity", "medium")
    assert code == 1 and "(test code)" in out
    assert run(capsys, tests, "--test-min-severity", "critical")[0] == 0
    assert run(capsys, project / "app", "--test-min-severity", "critical")[0] == 1  # application code unaffected


def test_exclude(capsys, project):
    assert run(capsys, project, "--exclude", "calc.py")[0] == 0
    assert run(capsys, project, "--exclude", "app")[0] == 0


# ----------------------------------------------------------------------------- pyproject.toml
def _pyproject(root: Path, body: str) -> None:
    (root / "pyproject.toml").write_text(textwrap.dedent(body))


def test_pyproject_found_from_the_first_path_upward(capsys, project):
    _pyproject(project, """\
        [project]
        name = "proj"

        [tool.secreview]
        ignore = ["SR101"]
        """)
    assert run(capsys, project / "app" / "calc.py")[0] == 0
    assert run(capsys, project / "app")[0] == 0
    assert run(capsys, project)[0] == 0


def test_pyproject_without_our_table_gives_defaults(capsys, project):
    _pyproject(project, '[project]\nname = "proj"\n')
    assert run(capsys, project)[0] == 1


def test_command_line_overrides_pyproject(capsys, project):
    _pyproject(project, '[tool.secreview]\nmin-severity = "critical"\n')
    assert run(capsys, project)[0] == 0
    assert run(capsys, project, "--min-severity", "low")[0] == 1


def test_pyproject_settings(capsys, project):
    _pyproject(project, """\
        [tool.secreview]
        select = "SR1, SR2"
        min_confidence = "low"
        test-min-severity = "critical"
        extend-exclude = ["util.py"]
        jobs = 1
        taint = false
        """)
    assert run(capsys, project)[0] == 1
    assert run(capsys, project, "--exclude", "calc.py")[0] == 0  # adds to extend-exclude


def test_explicit_config_file(capsys, project, tmp_path):
    other = tmp_path / "other.toml"
    other.write_text('[tool.secreview]\nignore = ["CWE-95"]\n')
    assert run(capsys, project, "--config", other)[0] == 0
    code, _, err = run(capsys, project, "--config", tmp_path / "missing.toml")
    assert code == 2 and "missing.toml" in err


@pytest.mark.parametrize("body, message", [
    ('[tool.secreview]\nmin-severity = "urgent"\n', "min-severity"),
    ('[tool.secreview]\nselect = 3\n', "select"),
    ('[tool.secreview]\njobs = "many"\n', "jobs"),
    ('[tool.secreview]\nno-such-setting = 1\n', "no-such-setting"),
    ('[tool.secreview\n', "cannot parse"),
])
def test_bad_pyproject_is_a_usage_error(capsys, project, body, message):
    _pyproject(project, body)
    code, out, err = run(capsys, project)
    assert code == 2 and out == ""
    assert message in err


# ----------------------------------------------------------------------------- other commands
def test_rules(capsys):
    code, out, _ = run(capsys, "rules")
    assert code == 0
    (line,) = [line for line in out.splitlines() if line.startswith("SR101 ")]
    assert "CWE-95" in line and all_rules()["SR101"].title in line
    assert "Eval Injection" in line


def test_explain(capsys):
    code, out, _ = run(capsys, "explain", "sr101")
    assert code == 0
    rule = all_rules()["SR101"]
    assert out.startswith(f"SR101: {rule.title}\nCWE-95 Improper Neutralization")
    assert "## Why is this bad?" in out and f"Fix: {rule.fix}" in out


def test_explain_unknown_rule(capsys):
    code, out, err = run(capsys, "explain", "SR9999")
    assert code == 2 and out == "" and "SR9999" in err


def test_cwe(capsys):
    code, out, _ = run(capsys, "cwe", "CWE-95")
    assert code == 0 and "Eval Injection" in out
    assert run(capsys, "cwe", "banana")[0] == 2


def test_python_dash_m(project):
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-m", "secreview", "--format", "json", str(project)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["summary"]["findings"] == 1
    proc = subprocess.run([sys.executable, "-m", "secreview", str(project / "app" / "util.py")],
                          capture_output=True, text=True, env=env, timeout=120)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, NO_DEFECTS + "\n", "")
