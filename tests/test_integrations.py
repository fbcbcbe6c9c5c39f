"""Integrations: the pre-commit hooks run for real (pre-commit installs secreview from a git copy of
this checkout), the GitHub Action's review step runs as the runner would run it, SARIF carries
`security-severity` for code scanning."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.helpers import GIT_ENV, git

ROOT = Path(__file__).resolve().parent.parent
# pre-commit runs git itself (clone, commit hooks): the helpers' identity, and no user or system git config
HOOK_GIT_ENV = {**{k: v for k, v in GIT_ENV.items() if k.startswith("GIT_")}, "GIT_CONFIG_GLOBAL": os.devnull,
                "GIT_CONFIG_NOSYSTEM": "1"}


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(HOOK_GIT_ENV, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), XDG_CACHE_HOME=str(tmp_path / "cache"),
               PATH=os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "/usr/bin:/bin"))
    return env


def _hook_repo(tmp_path: Path, env: dict[str, str]) -> tuple[Path, str]:
    """A git repository holding this checkout's package and hook definitions, committed."""
    repo = tmp_path / "secreview-hooks"
    repo.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(ROOT / name, repo / name)
    shutil.copytree(ROOT / "src", repo / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "secreview")
    return repo, git(repo, "rev-parse", "HEAD").strip()


def pre_commit(project: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=project, env=env, capture_output=True,
                          text=True, timeout=900)


def test_pre_commit_hooks_review_staged_files_and_the_commit(tmp_path):
    env = _env(tmp_path)
    hooks, rev = _hook_repo(tmp_path, env)
    project = tmp_path / "project"
    project.mkdir()
    git(project, "init", "-q")
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [{
        "repo": str(hooks), "rev": rev, "hooks": [{"id": "secreview"}, {"id": "secreview-diff"}]}]}))
    (project / "calc.py").write_text("def old(expression):\n    return eval(expression)\n")
    git(project, "add", ".")
    git(project, "commit", "-qm", "base", "--no-verify")

    # The whole-file hook sees the old eval; the diff hook sees nothing new: the commit adds no finding.
    (project / "notes.py").write_text("TOTAL = 1 + 2\n")
    git(project, "add", "notes.py")
    result = pre_commit(project, env, "run", "secreview-diff")
    assert result.returncode == 0, result.stdout + result.stderr
    result = pre_commit(project, env, "run", "secreview", "--all-files")
    assert result.returncode == 1 and "calc.py:2:12" in result.stdout and "CWE-95" in result.stdout

    # A staged change that adds an eval: both hooks fail, the diff hook reports only the new line.
    (project / "calc.py").write_text(
        "def old(expression):\n    return eval(expression)\n\n\ndef new(source):\n    return eval(source)\n")
    git(project, "add", "calc.py")
    result = pre_commit(project, env, "run", "secreview-diff")
    assert result.returncode == 1
    assert "calc.py:6:12" in result.stdout and "calc.py:2:" not in result.stdout

    # Installed as the git hook, it blocks the commit.
    assert pre_commit(project, env, "install").returncode == 0
    blocked = subprocess.run(["git", "commit", "-qm", "add new()"], cwd=project, env=env, capture_output=True,
                             text=True, timeout=900)
    assert blocked.returncode != 0 and "calc.py:6:12" in blocked.stdout + blocked.stderr
    assert git(project, "log", "--format=%s") == "base\n"


def test_pre_commit_hook_definitions():
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"secreview", "secreview-diff"}
    assert all(h["language"] == "python" and h["types"] == ["python"] and h["require_serial"] for h in hooks.values())
    assert hooks["secreview-diff"]["pass_filenames"] is False and "--diff HEAD" in hooks["secreview-diff"]["entry"]


# ----------------------------------------------------------------------------- GitHub Action
def _action() -> dict:
    return yaml.safe_load((ROOT / "action.yml").read_text())


def test_action_is_composite_and_uploads_sarif():
    action = _action()
    assert action["runs"]["using"] == "composite"
    uses = [step.get("uses", "") for step in action["runs"]["steps"]]
    assert any(u.startswith("actions/setup-python@") for u in uses)
    (upload,) = [s for s in action["runs"]["steps"] if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    install = next(s for s in action["runs"]["steps"] if s.get("name") == "Install secreview")
    assert '"$GITHUB_ACTION_PATH"' in install["run"]
    assert all(s.get("shell") == "bash" for s in action["runs"]["steps"] if "run" in s)


def _run_review_step(tmp_path: Path, project: Path, args: str = "") -> tuple[int, dict[str, str]]:
    """Run the action's review step with bash as the runner does (inputs from the environment)."""
    step = next(s for s in _action()["runs"]["steps"] if s.get("id") == "review")
    output = tmp_path / "github_output"
    output.write_text("")
    env = {**os.environ, "SECREVIEW_PATHS": ".", "SECREVIEW_ARGS": f"--no-cache {args}".strip(),
           "SECREVIEW_SARIF": "secreview.sarif", "GITHUB_OUTPUT": str(output),
           "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin")}
    result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=project, env=env, capture_output=True, text=True)
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    return result.returncode, outputs


def test_action_review_step_writes_sarif_and_outputs(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "calc.py").write_text("import pickle\n\n\ndef load(blob):\n    return pickle.loads(blob)\n")
    code, outputs = _run_review_step(tmp_path, project)
    assert code == 0 and outputs == {"exit-code": "1", "findings": "1"}  # findings fail later, after the upload
    sarif = json.loads((project / "secreview.sarif").read_text())
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["SR301"]
    (project / "calc.py").write_text("import json\n\n\ndef load(blob):\n    return json.loads(blob)\n")
    assert _run_review_step(tmp_path, project) == (0, {"exit-code": "0", "findings": "0"})
    code, outputs = _run_review_step(tmp_path, project, "--baseline missing.json")
    assert code == 2 and outputs == {"exit-code": "2"}


def test_sarif_rules_carry_security_severity_for_code_scanning(tmp_path):
    from secreview import review_source
    from secreview.reports import render_to_string

    review = review_source("import pickle\n\n\ndef load(blob):\n    return pickle.loads(blob)\n", "app/c.py")
    run = json.loads(render_to_string(review, "sarif"))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert all(0.0 < float(r["properties"]["security-severity"]) <= 10.0 for r in rules)
    rule = rules[run["results"][0]["ruleIndex"]]
    assert rule["id"] == "SR301" and rule["properties"]["security-severity"] == "5.5"  # medium: 4.0-6.9
