"""The command line as a CI job runs it: a real git repository in tmp_path, `python -m secreview`
in a subprocess (exit code, stdout, stderr exactly as a pipeline sees them). No network."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import git

EVAL = "import config\n\nexpression = config.expression()\nprint(eval(expression))\n"
CLEAN = "import json\n\nprint(json.loads('[1, 2]'))\n"


def secreview(cwd: Path, *argv: str, stdin: str | None = None, path: str | None = None) -> tuple[int, str, str]:
    """Exit status, stdout, stderr of `python -m secreview ARGV` in `cwd` (`path`: another PATH)."""
    env = {**os.environ, "NO_COLOR": "1", "XDG_CACHE_HOME": str(cwd.parent / ".cache")}
    if path is not None:
        env["PATH"] = path
    done = subprocess.run([sys.executable, "-m", "secreview", *argv], cwd=cwd, input=stdin,
                          capture_output=True, text=True, env=env, timeout=120)
    return done.returncode, done.stdout, done.stderr


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with app/calc.py (one eval finding, line 4) and app/util.py (clean), committed."""
    root = tmp_path / "repo"
    (root / "app").mkdir(parents=True)
    (root / "app" / "calc.py").write_text(EVAL)
    (root / "app" / "util.py").write_text(CLEAN)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "initial")
    return root


# ----------------------------------------------------------------------------- item 2: selectors
@pytest.mark.parametrize("option", ["--select", "--ignore"])
@pytest.mark.parametrize("code", ["SR9999", "CWE-99999", "FOO"])
def test_unknown_selector_is_a_usage_error(repo, option, code):
    status, out, err = secreview(repo, option, code, "app")
    assert (status, out) == (2, "")
    assert f"unknown rule selector for {option}: {code} " in err


def test_unknown_selector_in_pyproject_is_a_usage_error(repo):
    (repo / "pyproject.toml").write_text('[tool.secreview]\nselect = ["SR1", "SR9999"]\n')
    status, out, err = secreview(repo, "app")
    assert (status, out) == (2, "")
    assert "unknown rule selector in [tool.secreview]: SR9999 " in err


@pytest.mark.parametrize("code", ["SR1", "sr101", "CWE-95", "SR903", "SR9", "CWE-89"])
def test_known_selectors_are_accepted(repo, code):
    status, _, err = secreview(repo, "--select", code, "app")
    assert status in (0, 1) and err == ""


def test_cli_ignore_extends_the_configured_list(repo):
    (repo / "app" / "weak.py").write_text("import hashlib\n\nhashlib.md5(b'x').hexdigest()\n")
    (repo / "pyproject.toml").write_text('[tool.secreview]\nignore = ["CWE-95"]\n')
    status, out, _ = secreview(repo, "--format", "json", "app")
    assert status == 1
    assert {f["cwe"]["id"] for f in json.loads(out)["findings"]} == {328}
    status, out, _ = secreview(repo, "--format", "json", "--ignore", "CWE-328", "app")
    assert (status, json.loads(out)["findings"]) == (0, [])


# ----------------------------------------------------------------------------- item 3: files not reviewed
def test_unparsable_file_is_counted_before_the_verdict_and_fails_the_run(repo):
    (repo / "app" / "broken.py").write_text("def f(:\n    pass\n")
    status, out, _ = secreview(repo, "app")
    assert status == 1
    assert out.splitlines()[:2] == [
        "1 file could not be reviewed (listed at the end); this review covers the 2 files reviewed.",
        "1. CWE-95 Improper Neutralization of Directives in Dynamically Evaluated Code ('Eval Injection')",
    ]
    assert out.endswith("Files not reviewed (1):\n  - app/broken.py:1: syntax: invalid syntax\n\n"
                        "Summary: 1 finding (1 medium), 1 file not reviewed\n")


def test_only_unreviewed_files_fail_the_run_unless_configured_not_to(repo):
    (repo / "app" / "calc.py").write_text(CLEAN)
    (repo / "app" / "broken.py").write_text("def f(:\n    pass\n")
    status, out, _ = secreview(repo, "app")
    assert status == 1
    assert out.splitlines()[:2] == [
        "1 file could not be reviewed (listed at the end); this review covers the 2 files reviewed.",
        "No security defects are detected in the code.",
    ]
    assert secreview(repo, "--no-fail-on-unreviewed", "app")[0] == 0
    (repo / "pyproject.toml").write_text("[tool.secreview]\nfail-on-unreviewed = false\n")
    assert secreview(repo, "app")[0] == 0
    assert secreview(repo, "--fail-on-unreviewed", "app")[0] == 1


def test_json_files_reviewed_leaves_out_files_not_reviewed(repo):
    (repo / "app" / "broken.py").write_text("def f(:\n    pass\n")
    (repo / "app" / "latin.py").write_bytes(b"# -*- coding: nope -*-\nx = 1\n")
    status, out, _ = secreview(repo, "--format", "json", "app")
    report = json.loads(out)
    assert status == 1
    assert (report["summary"]["files_reviewed"], report["summary"]["errors"]) == (2, 2)
    assert [(e["path"], e["kind"], e["message"]) for e in report["errors"]][0] == (
        "app/broken.py", "syntax", "invalid syntax")


# ----------------------------------------------------------------------------- item 1: the change under review
def _commit_eval(repo: Path) -> None:
    """A second commit that adds the eval to app/util.py (line 4); the working tree then drops it again."""
    (repo / "app" / "util.py").write_text(CLEAN + "print(eval(input()))\n")
    git(repo, "commit", "-qam", "add eval")
    (repo / "app" / "util.py").write_text(CLEAN)


def _locations(out: str) -> list[str]:
    return [line.split("Location: ")[1] for line in out.splitlines() if "Location: " in line]


def test_diff_head_reviews_that_commit_not_the_working_tree(repo):
    _commit_eval(repo)
    status, out, err = secreview(repo, "app", "--diff", "HEAD~1", "--diff-head", "HEAD")
    assert (status, _locations(out), err) == (1, ["app/util.py:4:7"], "")
    # the working tree no longer holds the eval: reviewing it against HEAD~1 finds nothing new
    assert secreview(repo, "app", "--diff", "HEAD~1")[:2] == (0, "No security defects are detected in the code.\n")


def test_diff_counts_untracked_files_as_added(repo):
    (repo / "app" / "new.py").write_text("print(eval(input()))\n")
    status, out, _ = secreview(repo, "app", "--diff", "HEAD")
    assert (status, _locations(out)) == (1, ["app/new.py:1:7"])


def test_patch_from_stdin_resolves_paths_against_the_repository_root(repo):
    _commit_eval(repo)
    patch = git(repo, "diff", "HEAD~1", "HEAD")
    git(repo, "checkout", "-q", "app/util.py")
    status, out, _ = secreview(repo / "app", ".", "--patch", "-", stdin=patch)
    assert (status, _locations(out)) == (1, ["util.py:4:7"])


@pytest.mark.parametrize("stdin, message", [
    ("", "secreview: --patch -: the patch is empty\n"),
    ("this is not a diff\n", "secreview: --patch -: the patch is not a unified diff "
                             "(no '--- a/FILE' / '+++ b/FILE' headers)\n"),
])
def test_patch_that_is_not_a_diff_is_a_usage_error(repo, stdin, message):
    assert secreview(repo, "app", "--patch", "-", stdin=stdin) == (2, "", message)


@pytest.mark.parametrize("argv, message", [
    (["--diff-head", "HEAD"], "secreview: --diff-head needs --diff BASE (it names the other end of BASE..HEAD)\n"),
    (["--diff", "HEAD", "--patch", "-"],
     "secreview: --diff and --patch both name the change under review: give one of them\n"),
    (["--diff", "no-such-rev"], "secreview: cannot read the change under review: fatal: bad revision 'no-such-rev'\n"),
])
def test_contradictory_change_options_are_usage_errors(repo, argv, message):
    assert secreview(repo, "app", *argv, stdin="") == (2, "", message)


# ----------------------------------------------------------------------------- item 6: SARIF paths and fingerprints
def _sarif_results(cwd: Path, *argv: str) -> tuple[dict, list[tuple]]:
    status, out, _ = secreview(cwd, "--format", "sarif", *argv)
    assert status == 1
    (run,) = json.loads(out)["runs"]
    return run, [(r["locations"][0]["physicalLocation"]["artifactLocation"], r["partialFingerprints"],
                  r.get("suppressions")) for r in run["results"]]


def test_sarif_uris_and_fingerprints_do_not_depend_on_how_the_path_was_typed(repo):
    (repo / "app" / "quiet.py").write_text("x = eval(input())  # nosec\n")
    runs = [_sarif_results(repo, "."), _sarif_results(repo, "app"), _sarif_results(repo, str(repo)),
            _sarif_results(repo / "app", "."), _sarif_results(repo / "app", "..")]
    first_run, first = runs[0]
    assert [loc["uri"] for loc, _, _ in first] == ["app/calc.py", "app/quiet.py"]
    assert all(loc["uriBaseId"] == "%SRCROOT%" for loc, _, _ in first)
    assert first_run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": repo.resolve().as_uri() + "/"}}
    assert first_run["automationDetails"] == {"id": "secreview/"}
    assert first[0][1]["primaryLocationLineHash"].endswith(":1") and first[0][2] is None
    assert first[1][2] == [{"kind": "inSource", "justification": "a `# secreview: ignore` or `# nosec` comment"}]
    for run, results in runs[1:]:
        assert results == first
    status, out, _ = secreview(repo, "--format", "sarif", ".")
    schema = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    import jsonschema

    jsonschema.validators.validator_for(schema)(schema).validate(json.loads(out))


def test_paths_never_start_with_dot_slash(repo):
    status, out, _ = secreview(repo, "--format", "json", ".")
    assert status == 1
    assert [f["location"]["path"] for f in json.loads(out)["findings"]] == ["app/calc.py"]


# ----------------------------------------------------------------------------- item 4: one rule table
DATAFLOW_IDS = [f"SR9{n:02d}" for n in range(1, 20)]


def test_rules_and_explain_cover_the_dataflow_rules(repo):
    status, out, _ = secreview(repo, "rules")
    listed = {line.split()[0]: line for line in out.splitlines()}
    assert status == 0 and set(DATAFLOW_IDS) <= set(listed)
    assert listed["SR902"].split()[1] == "CWE-89"
    assert "(also CWE-297)" in listed["SR402"] and "(also CWE-321, CWE-259)" in listed["SR602"]
    status, out, _ = secreview(repo, "explain", "sr905")
    assert status == 0
    assert out.splitlines()[:3] == [
        "SR905: Untrusted data reaches a file path",
        "CWE-22 Improper Limitation of a Pathname to a Restricted Directory ('Path Traversal')",
        "Severity: high   Confidence: high",
    ]


def test_sarif_rule_tags_name_every_cwe_its_results_report(repo):
    (repo / "app" / "tls.py").write_text("import ssl\n\nctx = ssl.create_default_context()\nctx.check_hostname = False\n")
    status, out, _ = secreview(repo, "--format", "sarif", "app")
    (run,) = json.loads(out)["runs"]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert set(DATAFLOW_IDS) <= set(rules)
    for result in run["results"]:
        tags = rules[result["ruleId"]]["properties"]["tags"]
        assert f"external/cwe/cwe-{int(result['taxa'][0]['id']):03d}" in tags, result["ruleId"]
    assert {(r["ruleId"], r["taxa"][0]["id"]) for r in run["results"]} >= {("SR402", "297")}
    assert rules["SR402"]["properties"]["cwe"] == ["CWE-295", "CWE-297"]


def test_every_finding_of_the_corpus_reports_a_cwe_its_rule_declares():
    from secreview.config import Config
    from secreview.engine import review_paths
    from secreview.findings import Confidence, Severity
    from secreview.rules import described_rules

    corpus = Path(__file__).parent / "corpus"
    review = review_paths([str(corpus)], Config(min_confidence=Confidence.LOW, test_min_severity=Severity.LOW))
    rules = described_rules()
    undeclared = sorted({(f.rule_id, f.cwe) for f in review.findings if f.cwe not in rules[f.rule_id].cwes})
    assert len(review.findings) > 100 and undeclared == []


# ----------------------------------------------------------------------------- item 7: what a fresh clone needs
def test_license_file_matches_pyproject():
    import tomllib

    root = Path(__file__).resolve().parent.parent
    declared = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["license"]
    assert declared == {"text": "MIT"}
    assert (root / "LICENSE").read_text(encoding="utf-8").splitlines()[0] == "MIT License"


# ----------------------------------------------------------------------------- item 7: exit status options
def test_exit_zero_and_fail_on_change_the_status_not_the_report(repo):
    (repo / "app" / "weak.py").write_text("import hashlib\n\nhashlib.md5(b'x').hexdigest()\n")
    status, everything, _ = secreview(repo, "app")
    assert status == 1 and "CWE-328" in everything and "CWE-95" in everything
    assert secreview(repo, "--exit-zero", "app")[:2] == (0, everything)
    assert secreview(repo, "--fail-on", "critical", "app")[:2] == (0, everything)
    assert secreview(repo, "--fail-on", "medium", "app")[:2] == (1, everything)


# ----------------------------------------------------------------------------- SR917: one source of metadata
COOKIE = ('from flask import Flask, make_response\n\napp = Flask(__name__)\n\n\n@app.route("/x")\ndef x():\n'
          '    response = make_response("ok")\n    response.set_cookie("session", "v")\n    return response\n')


def test_sr917_finding_and_explain_agree(repo):
    (repo / "app" / "cookie.py").write_text(COOKIE)
    status, out, _ = secreview(repo, "--format", "json", "app/cookie.py")
    (finding,) = json.loads(out)["findings"]
    assert (status, finding["rule_id"], finding["cwe"]["id"], finding["location"]["line"]) == (1, "SR917", 614, 9)
    status, explained, _ = secreview(repo, "explain", "SR917")
    lines = explained.splitlines()
    assert status == 0
    assert lines[0] == f"SR917: {finding['title']}"
    assert lines[1] == f"CWE-614 {finding['cwe']['name']}"
    assert lines[2] == f"Severity: {finding['severity']}   Confidence: {finding['confidence']}"
    assert lines[-1] == f"Fix: {finding['fix']}"
    assert "`set_cookie(...)`" in explained and "dataflow path" not in explained


# ----------------------------------------------------------------------------- item 7: the closing summary line
WEAK = "import hashlib\n\nhashlib.md5(b'x').hexdigest()\nhashlib.sha1(b'x').hexdigest()  # secreview: ignore[CWE-328]\n"
SHELL = "import subprocess\n\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n"
BROKEN = "def f(:\n    pass\n"


def test_summary_line_counts_severities_suppressed_and_unreviewed(repo):
    (repo / "app" / "weak.py").write_text(WEAK)
    (repo / "app" / "sh.py").write_text(SHELL)
    (repo / "app" / "broken.py").write_text(BROKEN)
    (repo / "app" / "cookie.py").write_text(COOKIE)
    status, out, _ = secreview(repo, "app")
    assert status == 1
    assert out.endswith("\n\nSummary: 4 findings (3 medium, 1 low), 1 suppressed, 1 file not reviewed\n")
    status, out, _ = secreview(repo, "--format", "markdown", "app")
    assert out.endswith("\n\n**Summary:** 4 findings (3 medium, 1 low), 1 suppressed, 1 file not reviewed\n")


def test_summary_line_singular_and_only_what_is_there(repo):
    status, out, _ = secreview(repo, "app")
    assert status == 1 and out.endswith("   Fix: Parse the data instead of evaluating it: `ast.literal_eval` for Python "
                                        "literals, `json.loads` for JSON, or a lookup table of allowed operations.\n\n"
                                        "Summary: 1 finding (1 medium)\n")


def test_clean_run_is_exactly_the_sentence_and_a_silenced_one_adds_only_the_count(repo):
    (repo / "app" / "calc.py").write_text(CLEAN)
    assert secreview(repo, "app")[:2] == (0, "No security defects are detected in the code.\n")
    assert secreview(repo, "--format", "markdown", "app")[:2] == (0, "No security defects are detected in the code.\n")
    (repo / "app" / "calc.py").write_text(EVAL.replace("print(eval(expression))", "print(eval(expression))  # nosec"))
    assert secreview(repo, "app")[:2] == (0, "No security defects are detected in the code.\n\nSummary: 0 findings, "
                                             "1 suppressed\n")


# ----------------------------------------------------------------------------- files not reviewed, in every format
def test_every_format_shows_the_files_not_reviewed(repo):
    (repo / "app" / "calc.py").write_text(CLEAN)
    (repo / "app" / "broken.py").write_text(BROKEN)
    notice = "1 file could not be reviewed (listed at the end); this review covers the 2 files reviewed."
    no_defects = "No security defects are detected in the code."

    def run(fmt: str) -> str:
        status, out, err = secreview(repo, "--format", fmt, "app")
        assert (status, err) == (1, ""), fmt
        return out

    assert run("github") == "::warning file=app/broken.py,line=1,title=secreview could not review this file " \
                            "(syntax)::invalid syntax\n"
    assert json.loads(run("github-review"))["body"] == (f"**{notice}**\n\n{no_defects}\n\n"
                                                        "Files not reviewed: `app/broken.py` (syntax)")
    assert json.loads(run("gerrit"))["message"] == (f"{notice}\n\n{no_defects}\n\nFiles not reviewed:\n"
                                                    "- app/broken.py:1: syntax: invalid syntax")
    (issue,) = json.loads(run("gitlab"))
    assert {k: v for k, v in issue.items() if k != "fingerprint"} == {
        "type": "issue", "description": "secreview could not review this file (syntax): invalid syntax",
        "check_name": "secreview-not-reviewed", "categories": ["Bug Risk"], "severity": "major",
        "location": {"path": "app/broken.py", "lines": {"begin": 1}}}
    junit = run("junit")
    assert '<testcase classname="app/broken.py" name="review app/broken.py" file="app/broken.py">' in junit
    assert '<error type="syntax" message="invalid syntax" />' in junit
    html = run("html")
    assert html.index(f'<p id="not-reviewed"><strong>{notice}</strong></p>') < html.index(no_defects)
    assert "<li><code>app/broken.py:1</code>: syntax: invalid syntax</li>" in html
    (note,) = json.loads(run("sarif"))["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "app/broken.py"
    report = json.loads(run("json"))
    assert (report["summary"]["errors"], report["errors"][0]["path"]) == (1, "app/broken.py")


# ----------------------------------------------------------------------------- item 7: check-review for CI
CONFIRMED_CLAIM = ("1. CWE-95 (Eval Injection): In line 4, `eval(expression)` evaluates a value read from the "
                   "configuration.\n   Fix: parse it with ast.literal_eval.\n")
CONTRADICTED_CLAIM = "2. CWE-89 (SQL Injection): In line 40, `cursor.execute(query)` builds SQL from user input.\n"


def test_check_review_json_gives_one_verdict_per_claim_and_fails_on_a_contradiction(repo):
    (repo / "review.txt").write_text(CONFIRMED_CLAIM + "\n" + CONTRADICTED_CLAIM)
    status, out, err = secreview(repo, "check-review", "--format", "json", "review.txt", "app/calc.py")
    assert (status, err) == (1, "")
    report = json.loads(out)
    assert (report["review"], report["code"], report["static_findings"]) == (
        "review.txt", {"path": "app/calc.py", "lines": 4}, 1)
    assert report["summary"] == {"confirmed": 1, "unsupported": 0, "contradicted": 1}
    first, second = report["claims"]
    assert (first["number"], first["cwe"], first["lines"], first["verdict"]) == (1, 95, [4], "confirmed")
    assert first["confirmed_by"] == [{"rule_id": "SR101", "cwe": 95, "line": 4}]
    assert first["official_name"] == "Improper Neutralization of Directives in Dynamically Evaluated Code ('Eval Injection')"
    assert (second["number"], second["cwe"], second["cwe_name_claimed"], second["verdict"]) == (
        2, 89, "SQL Injection", "contradicted")
    assert second["reasons"] == [
        {"kind": "line-out-of-range", "message": "line 40 does not exist: the file has 4 lines", "refutes": True},
        {"kind": "code-not-found", "message": "quoted code `cursor.execute(query)` does not occur in the file",
         "refutes": True}]
    # the text report exits the same way
    status, out, _ = secreview(repo, "check-review", "review.txt", "app/calc.py")
    assert status == 1 and "Summary: 1 confirmed, 0 unsupported, 1 contradicted\n" in out


def test_check_review_exits_zero_without_contradictions(repo):
    status, out, _ = secreview(repo, "check-review", "-f", "json", "-", "app/calc.py", stdin=CONFIRMED_CLAIM)
    report = json.loads(out)
    assert (status, report["review"], report["summary"]) == (
        0, "the review", {"confirmed": 1, "unsupported": 0, "contradicted": 0})
    unsupported = "1. CWE-327 (Use of a Broken or Risky Cryptographic Algorithm): In line 1, `import config`.\n"
    status, out, _ = secreview(repo, "check-review", "-f", "json", "-", "app/calc.py", stdin=unsupported)
    assert (status, [c["verdict"] for c in json.loads(out)["claims"]]) == (0, ["unsupported"])
    assert secreview(repo, "check-review", "-f", "json", "nope.txt", "app/calc.py")[:2] == (2, "")


# ----------------------------------------------------------------------------- item 7: code on standard input
SHELL_INPUT = "import os\n\nos.system('ls ' + input())\n"


def test_dash_reviews_standard_input_with_the_usual_exit_codes(repo):
    status, out, err = secreview(repo, "-", stdin=SHELL_INPUT)
    assert (status, err) == (1, "")
    assert "   Location: <stdin>:3:1\n   Rule: SR901 " in out and out.endswith("\n\nSummary: 1 finding (1 high)\n")
    assert secreview(repo, "-", stdin=CLEAN) == (0, "No security defects are detected in the code.\n", "")
    status, out, _ = secreview(repo, "review", "-", "--stdin-filename", "app/x.py", stdin=BROKEN)
    assert status == 1 and "  - app/x.py:1: syntax: invalid syntax\n" in out
    assert secreview(repo, "-", "--no-fail-on-unreviewed", stdin=BROKEN)[0] == 0


def test_stdin_filename_names_the_code_and_selects_the_configuration(repo):
    (repo / "app" / "pyproject.toml").write_text('[tool.secreview]\nignore = ["CWE-78"]\n')
    status, out, _ = secreview(repo, "-", "--stdin-filename", "app/run.py", "--format", "json", stdin=SHELL_INPUT)
    assert (status, json.loads(out)["findings"]) == (0, [])  # app/pyproject.toml ignores CWE-78
    status, out, _ = secreview(repo, "-", "--stdin-filename", "tools/run.py", "--format", "json", stdin=SHELL_INPUT)
    (finding,) = json.loads(out)["findings"]
    assert (status, finding["location"]["path"], finding["location"]["line"], finding["rule_id"]) == (
        1, "tools/run.py", 3, "SR901")
    # the name decides test code too: a medium finding in tests/ is below the test threshold
    weak = "import hashlib\n\nhashlib.md5(b'x').hexdigest()\n"
    assert secreview(repo, "-", "--stdin-filename", "lib/weak.py", stdin=weak)[0] == 1
    assert secreview(repo, "-", "--stdin-filename", "tests/test_weak.py", stdin=weak)[:2] == (
        0, "No security defects are detected in the code.\n")


@pytest.mark.parametrize("argv, message", [
    (["-", "app"], "'-' (code on standard input) cannot be combined with other paths"),
    (["--stdin-filename", "x.py", "app"], "--stdin-filename names the code read from standard input: give '-'"),
    (["-", "--diff", "HEAD"], "--diff works on files in a folder, not on code read from standard input ('-')"),
    (["-", "--patch", "-"], "--patch works on files in a folder, not on code read from standard input ('-')"),
    (["-", "--fix"], "--fix works on files in a folder, not on code read from standard input ('-')"),
])
def test_stdin_with_options_that_need_files_is_a_usage_error(repo, argv, message):
    status, out, err = secreview(repo, *argv, stdin=SHELL_INPUT)
    assert (status, out) == (2, "") and err.startswith(f"secreview: {message}")


# ----------------------------------------------------------------------------- item 7: .gitignore
EVAL_LINE = "print(eval(input()))\n"


def reported(cwd: Path, *argv: str, path: str | None = None) -> list[str]:
    status, out, err = secreview(cwd, "--format", "json", "--no-cache", *argv, path=path)
    assert status in (0, 1), err
    return sorted(f["location"]["path"] for f in json.loads(out)["findings"])


@pytest.fixture
def ignoring(repo: Path) -> Path:
    """The repository with ignored code: generated/ and *_pb2.py (keep_pb2.py re-included), one
    ignored file tracked anyway, one excluded only by .git/info/exclude."""
    (repo / ".gitignore").write_text("generated/\n*_pb2.py\n!keep_pb2.py\n")
    (repo / "app" / "generated").mkdir()
    for name in ("generated/g.py", "msg_pb2.py", "keep_pb2.py", "tracked_pb2.py", "local.py"):
        (repo / "app" / name).write_text(EVAL_LINE)
    git(repo, "add", ".gitignore")
    git(repo, "add", "-f", "app/tracked_pb2.py")
    git(repo, "commit", "-q", "-m", "ignore generated code")
    (repo / ".git" / "info").mkdir(exist_ok=True)
    (repo / ".git" / "info" / "exclude").write_text("app/local.py\n")
    return repo


REVIEWED = ["app/calc.py", "app/keep_pb2.py", "app/tracked_pb2.py"]
EVERYTHING = sorted([*REVIEWED, "app/generated/g.py", "app/local.py", "app/msg_pb2.py"])


def test_git_ignored_files_are_not_reviewed_in_a_tree(ignoring):
    assert reported(ignoring, ".") == REVIEWED
    assert reported(ignoring / "app", ".") == [p.removeprefix("app/") for p in REVIEWED]
    assert reported(ignoring, "--no-gitignore", ".") == EVERYTHING


def test_named_files_and_folders_are_reviewed_even_if_ignored(ignoring):
    assert reported(ignoring, "app/msg_pb2.py", "app/generated") == ["app/generated/g.py", "app/msg_pb2.py"]


def test_respect_gitignore_setting(ignoring):
    (ignoring / "pyproject.toml").write_text("[tool.secreview]\nrespect-gitignore = false\n")
    assert reported(ignoring, ".") == EVERYTHING
    assert reported(ignoring, "--gitignore", ".") == REVIEWED
    (ignoring / "pyproject.toml").write_text('[tool.secreview]\nrespect-gitignore = "no"\n')
    status, _, err = secreview(ignoring, ".")
    assert status == 2 and "bad value for 'respect-gitignore'" in err


def test_gitignore_files_are_read_without_git(tmp_path):
    """Outside a work tree (and with no git at all) the .gitignore files of the tree still count:
    nested ones, negation, folder patterns."""
    tree = tmp_path / "tree"
    (tree / "pkg" / "build_out").mkdir(parents=True)
    (tree / ".gitignore").write_text("*_pb2.py\nbuild_out/\n")
    (tree / "pkg" / ".gitignore").write_text("!keep_pb2.py\nscratch.py\n")
    for name in ("main.py", "pkg/msg_pb2.py", "pkg/keep_pb2.py", "pkg/scratch.py", "pkg/build_out/x.py"):
        (tree / name).write_text(EVAL_LINE)
    assert reported(tree, ".") == ["main.py", "pkg/keep_pb2.py"]
    assert reported(tree, ".", path="/nonexistent") == ["main.py", "pkg/keep_pb2.py"]
    assert reported(tree, "--no-gitignore", ".") == sorted(
        ["main.py", "pkg/build_out/x.py", "pkg/keep_pb2.py", "pkg/msg_pb2.py", "pkg/scratch.py"])


def test_a_repository_reviewed_without_git_uses_its_gitignore(ignoring):
    # no git on PATH: the matcher reads .gitignore (not .git/info/exclude, not what is tracked)
    assert reported(ignoring, ".", path="/nonexistent") == ["app/calc.py", "app/keep_pb2.py", "app/local.py"]


# ----------------------------------------------------------------------------- item 7: progress bar
def test_progress_bar_on_a_terminal_covers_the_cross_module_phase(repo):
    """stderr on a pseudo-terminal (stdout piped, as `secreview . > report.txt` in a shell): the bar
    counts the files, then shows the cross-module phase; the report on stdout has none of it."""
    import pty
    import threading

    for n in range(60):
        (repo / "app" / f"mod{n:02d}.py").write_text(f"import app.calc\n\nVALUE_{n} = {n}\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "many modules")
    leader, follower = pty.openpty()
    chunks: list[bytes] = []

    def drain():
        while True:
            try:
                data = os.read(leader, 4096)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain)
    reader.start()
    env = {**os.environ, "XDG_CACHE_HOME": str(repo.parent / ".cache"), "TERM": "xterm", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    done = subprocess.run([sys.executable, "-m", "secreview", "--jobs", "1", "app"], cwd=repo, env=env,
                          stdout=subprocess.PIPE, stderr=follower, stdin=subprocess.DEVNULL, timeout=300)
    os.close(follower)
    reader.join(timeout=30)
    os.close(leader)
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert done.returncode == 1 and b"\x1b[" not in done.stdout
    assert done.stdout.decode().endswith("\n\nSummary: 1 finding (1 medium)\n")
    assert "reviewing files" in shown and "62/62" in shown and "63/63" not in shown and "0/?" not in shown
    assert "cross-module dataflow" in shown and shown.index("reviewing files") < shown.index("cross-module dataflow")
    # --no-progress: nothing on the terminal
    chunks.clear()
    leader, follower = pty.openpty()
    reader = threading.Thread(target=drain)
    reader.start()
    subprocess.run([sys.executable, "-m", "secreview", "--no-progress", "app"], cwd=repo, env=env,
                   stdout=subprocess.PIPE, stderr=follower, stdin=subprocess.DEVNULL, timeout=300)
    os.close(follower)
    reader.join(timeout=30)
    os.close(leader)
    assert b"".join(chunks) == b""


def test_a_change_review_counts_only_the_suppressions_the_change_touches(repo):
    (repo / "app" / "weak.py").write_text(WEAK)  # one suppressed finding, committed
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "weak hash, one suppressed")
    (repo / "app" / "new.py").write_text("TOTAL = 1 + 2\n")
    assert secreview(repo, "app", "--diff", "HEAD")[:2] == (0, "No security defects are detected in the code.\n")
    status, out, _ = secreview(repo, "app", "--diff", "HEAD", "--format", "sarif")
    assert (status, [r for r in json.loads(out)["runs"][0]["results"] if r.get("suppressions")]) == (0, [])
    (repo / "app" / "new.py").write_text("import hashlib\n\nhashlib.sha1(b'y').hexdigest()  # nosec\n")
    assert secreview(repo, "app", "--diff", "HEAD")[:2] == (
        0, "No security defects are detected in the code.\n\nSummary: 0 findings, 1 suppressed\n")
    status, out, _ = secreview(repo, "app", "--diff", "HEAD", "--format", "json")
    assert (status, json.loads(out)["summary"]["suppressed"]) == (0, 1)
