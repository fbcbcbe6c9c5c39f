"""`--diff`: the commit messages of the range are reviewed for credentials too (SR602/SR603 detection)."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from secreview.cli import main
from secreview.commit_messages import PREFIX, log_range, message_findings
from tests.helpers import git

SHA = "0123456789abcdef0123456789abcdef01234567"
GITHUB = "ghp_" + "R8fK2mQ9xZ4vT7wL1nB6cY3dH5jP0sA2eG8u"  # split: this file must not hold a live-format token
AWS_ID = "AKIA" + "Q7ZK3M5N2P4R6T2W"
SARIF_SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"


def _found(message: str) -> list[tuple[str, int, int, int, int]]:
    return [(f.rule_id, f.cwe, f.location.line, f.location.column, f.location.end_column)
            for f in message_findings(SHA, message)]


def test_tokens_in_a_message_are_found_at_their_line_and_column():
    message = (f"Deploy from CI\n"                                      # line 1: the subject
               f"\n"
               f"Use {GITHUB} for the release job.\n"                  # 3: a GitHub token, column 5
               f"key id {AWS_ID}\n"                                     # 4: an AWS key id, column 8
               f"api_key: Zx8Qw2Lp9Rt4Vb7Nm3Kc6Hd1Jf5Gs0Ya\n")         # 5: a random value under a key name
    assert _found(message) == [("SR602", 798, 3, 5, 45), ("SR602", 798, 4, 8, 28), ("SR603", 798, 5, 10, 42)]
    first = message_findings(SHA, message)[0]
    assert first.location.path == PREFIX + SHA and first.snippet == f"Use {GITHUB} for the release job."
    assert first.message == "GitHub token in a commit message (`ghp_...`): the message stays in the history; " \
                            "revoke the credential."


@pytest.mark.parametrize("message", [
    "Fix login\n\npassword: now required for admins\n",           # prose, not a password (SR601 is not applied)
    "Docs: the AWS example key AKIAIOSFODNN7EXAMPLE\n",          # the vendor's documented example
    "Rotate the api_key: see the wiki page\n",                   # no random-looking value
    "Bump cache_key = v2-settings-layout\n",
])
def test_no_finding_in_ordinary_messages(message):
    assert _found(message) == []


def test_a_token_also_bound_to_a_name_is_reported_once():
    assert _found(f"token={GITHUB}\n") == [("SR602", 798, 1, 7, 47)]


@pytest.mark.parametrize("base, head, expected", [
    ("main", None, "main..HEAD"), ("main", "feature", "main..feature"), ("a..b", None, "a..b"),
    ("a...b", None, "a..b"), ("a...", None, "a..HEAD"),
])
def test_the_log_range_of_a_diff(base, head, expected):
    assert log_range(base, head) == expected


# ----------------------------------------------------------------------------- CLI on a git repository
@pytest.fixture()
def repo(tmp_path, monkeypatch):
    git(tmp_path, "init", "-q")
    (tmp_path / "app.py").write_text("def add(a, b):\n    return a + b\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", f"base, outside the range: {AWS_ID}")
    base = git(tmp_path, "rev-parse", "HEAD").strip()
    (tmp_path / "app.py").write_text("def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n")
    git(tmp_path, "commit", "-qam", f"Add sub\n\nCI token for the nightly job: {GITHUB}")
    leaked = git(tmp_path, "rev-parse", "HEAD").strip()
    git(tmp_path, "commit", "-q", "--allow-empty", "-m", "Empty follow-up")
    monkeypatch.chdir(tmp_path)
    return base, leaked


def test_cli_diff_reports_a_token_in_a_commit_message_of_the_range(repo, capsys):
    base, leaked = repo
    assert main([".", "--diff", base, "--format", "json", "--no-progress", "--no-cache"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["rule_id"], f["location"]["path"], f["location"]["line"], f["location"]["column"]) for f in findings] \
        == [("SR602", f"COMMIT_EDITMSG@{leaked}", 3, 31)]


def test_cli_diff_head_limits_the_range_and_sarif_stays_valid(repo, capsys):
    base, leaked = repo
    assert main([".", "--diff", base, "--diff-head", f"{leaked}~1", "--no-progress", "--no-cache"]) == 0
    assert capsys.readouterr().out.startswith("No security defects")  # the leaking commit is not in base..base
    assert main([".", "--diff", f"{base}..{leaked}", "--format", "sarif", "--no-progress", "--no-cache"]) == 1
    sarif = json.loads(capsys.readouterr().out)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)
    errors = list(validator(schema, format_checker=validator.FORMAT_CHECKER).iter_errors(sarif))
    assert not errors, errors[:3]
    (result,) = sarif["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == f"COMMIT_EDITMSG%40{leaked}"
    assert location["region"]["startLine"] == 3


def test_cli_ignore_applies_to_commit_messages(repo, capsys):
    base, _ = repo
    assert main([".", "--diff", base, "--ignore", "SR602", "--no-progress", "--no-cache"]) == 0
