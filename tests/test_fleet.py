"""Fleet mode (`secreview fleet REPOS.txt -o OUTDIR`): many repositories as Ray tasks, resumable.

The Ray test runs a local Ray (2 CPUs, no dashboard) over three git repositories generated in
tmp_path: two local checkouts and one reached by a `file://` git URL (cloned by the task).
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jsonschema
import pytest

from secreview import __version__
from secreview.cli import main
from secreview.fleet import Repo, is_current, read_repos, summary_markdown, summary_rows
from tests.helpers import commit, git, make_repo

SARIF_SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"

ALPHA_APP = '''\
import os

from flask import Flask, request

app = Flask(__name__)


@app.route("/run")
def run():
    os.system("ping " + request.args["host"])
    return "ok"
'''

GAMMA_VIEWS = '''\
import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.route("/user")
def user():
    db = sqlite3.connect("app.db")
    return str(db.execute("SELECT * FROM users WHERE id = '%s'" % request.args["id"]).fetchall())
'''

BETA_CLEAN = '''\
import hashlib


def digest(data):
    return hashlib.sha256(data).hexdigest()
'''

BETA_CHANGED = '''\
import hashlib

import requests


def fetch(url):
    return requests.get(url, verify=False, timeout=5)


def digest(data):
    return hashlib.md5(data).hexdigest()
'''

# --- no Ray needed ------------------------------------------------------------------------------

def test_repository_list_paths_urls_comments_and_duplicates(tmp_path):
    (tmp_path / "repos.txt").write_text(
        "# our services\n"
        "checkouts/alpha\n"
        "\n"
        "https://git.example.com/org/beta.git   # the API\n"
        "git@git.example.com:org/gamma.git\n"
        "file:///srv/git/delta.git\n"
        "checkouts/alpha/\n",
        encoding="utf-8")
    repos = read_repos(tmp_path / "repos.txt")
    assert repos == [
        Repo(str(tmp_path / "checkouts" / "alpha"), False),
        Repo("https://git.example.com/org/beta.git", True),
        Repo("git@git.example.com:org/gamma.git", True),
        Repo("file:///srv/git/delta.git", True),
    ]
    assert repos[1].slug.startswith("beta-") and repos[2].slug.startswith("gamma-")
    assert len({r.slug for r in repos}) == 4


def test_summary_table_has_one_row_per_repository_and_cwe():
    repos = [Repo("/src/alpha", False), Repo("/src/beta", False), Repo("file:///git/c.git", True)]
    state = {
        "/src/alpha": {"slug": "alpha-1", "head": "0123456789abcdef", "files": 3, "errors": 1,
                       "counts": {"CWE-89": {"high": 2, "medium": 1}, "CWE-78": {"high": 1}}},
        "/src/beta": {"slug": "beta-2", "head": "fedcba9876543210", "files": 1, "errors": 0, "counts": {}},
        "file:///git/c.git": {"slug": "c-3", "head": None, "counts": {}, "failure": "RuntimeError: git clone: no"},
    }
    assert summary_markdown(summary_rows(repos, state)) == (
        "| repository | head | files | errors | CWE | name | critical | high | medium | low | total |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|\n"
        "| /src/alpha | 0123456789ab | 3 | 1 | CWE-78 | Improper Neutralization of Special Elements used in an "
        "OS Command ('OS Command Injection') | 0 | 1 | 0 | 0 | 1 |\n"
        "| /src/alpha | 0123456789ab | 3 | 1 | CWE-89 | Improper Neutralization of Special Elements used in an "
        "SQL Command ('SQL Injection') | 0 | 2 | 1 | 0 | 3 |\n"
        "| /src/beta | fedcba987654 | 1 | 0 | - | no findings | 0 | 0 | 0 | 0 | 0 |\n"
        "| file:///git/c.git |  | 0 | 0 | - | failed: RuntimeError: git clone: no | 0 | 0 | 0 | 0 | 0 |\n"
    )


def test_unchanged_means_same_head_same_version_and_reports_present(tmp_path):
    (tmp_path / "a-1.sarif").write_text("{}")
    (tmp_path / "a-1.json").write_text("{}")
    record = {"slug": "a-1", "head": "abc", "version": __version__}
    assert is_current(record, "abc", __version__, tmp_path)
    assert not is_current(record, "abd", __version__, tmp_path)  # new commit
    assert not is_current(record, "abc", "0.0.1-older", tmp_path)  # other secreview
    assert not is_current(record, None, __version__, tmp_path)  # not a git repository
    assert not is_current({**record, "failure": "boom"}, "abc", __version__, tmp_path)
    (tmp_path / "a-1.json").unlink()
    assert not is_current(record, "abc", __version__, tmp_path)  # report deleted


def test_fleet_without_a_list_file_is_a_usage_error(tmp_path, capsys):
    assert main(["fleet", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "out")]) == 2
    assert "cannot read" in capsys.readouterr().err


# --- on a local Ray -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def local_ray():
    ray = pytest.importorskip("ray")
    ray.init(address="local", num_cpus=2, include_dashboard=False, logging_level="warning")  # never a running one
    yield ray
    ray.shutdown()


def _findings(report: Path) -> list[tuple[str, int, int, str]]:
    data = json.loads(report.read_text(encoding="utf-8"))
    return [(f["location"]["path"], f["location"]["line"], f["cwe"]["id"], f["severity"]) for f in data["findings"]]


def test_fleet_reviews_paths_and_urls_then_resumes(local_ray, tmp_path, capsys):
    alpha = make_repo(tmp_path / "checkouts" / "alpha", {"app.py": ALPHA_APP})
    beta = make_repo(tmp_path / "checkouts" / "beta", {"client.py": BETA_CLEAN})
    gamma_work = make_repo(tmp_path / "work" / "gamma", {"views.py": GAMMA_VIEWS})
    gamma = tmp_path / "git" / "gamma.git"
    git(tmp_path, "clone", "-q", "--bare", str(gamma_work), str(gamma))
    gamma_url = gamma.as_uri()
    repos_file = tmp_path / "repos.txt"
    repos_file.write_text(f"checkouts/alpha\n{beta}\n{gamma_url}  # served by git\n", encoding="utf-8")
    out = tmp_path / "out"
    slugs = {r.entry: r.slug for r in read_repos(repos_file)}
    a, b, c = slugs[str(alpha)], slugs[str(beta)], slugs[gamma_url]

    # first run: everything is reviewed
    assert main(["fleet", str(repos_file), "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert "3 reviewed, 0 unchanged, 0 failed" in captured.err
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{s}.{ext}" for s in (a, b, c) for ext in ("sarif", "json")] + ["fleet-state.json", "summary.json", "summary.md"])
    assert _findings(out / f"{a}.json") == [("app.py", 10, 78, "high")]
    assert _findings(out / f"{b}.json") == []
    assert _findings(out / f"{c}.json") == [("views.py", 11, 89, "high")]  # relative to the clone, not its tmp dir
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    for slug in (a, b, c):
        jsonschema.validators.validator_for(schema)(schema).validate(json.loads((out / f"{slug}.sarif").read_text()))
    table = (out / "summary.md").read_text(encoding="utf-8")
    assert captured.out == table
    assert [(r["repo"], r["cwe"], r["high"], r["medium"], r["total"]) for r in json.loads(
        (out / "summary.json").read_text())] == [
        (str(alpha), "CWE-78", 1, 0, 1),
        (str(beta), "-", 0, 0, 0),
        (gamma_url, "CWE-89", 1, 0, 1),
    ]
    assert f"| {alpha} | " in table and "| CWE-89 | Improper Neutralization" in table
    state = json.loads((out / "fleet-state.json").read_text())["repos"]
    assert state[gamma_url]["head"] == git(gamma_work, "rev-parse", "HEAD").strip()
    assert {r["version"] for r in state.values()} == {__version__}

    # second run: nothing changed, nothing reviewed, reports untouched
    stamps = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json") if p.name != "summary.json"}
    assert main(["fleet", str(repos_file), "-o", str(out)]) == 1
    assert "0 reviewed, 3 unchanged, 0 failed" in capsys.readouterr().err
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.json") if p.name != "summary.json"} == stamps
    assert (out / "summary.md").read_text(encoding="utf-8") == table

    # a new commit in beta, and alpha last reviewed by another secreview version: those two again
    new_head = commit(beta, {"client.py": BETA_CHANGED}, "fetch helper")
    state[str(alpha)]["version"] = "0.0.1-older"
    (out / "fleet-state.json").write_text(json.dumps({"state_version": 1, "repos": state}))
    assert main(["fleet", str(repos_file), "-o", str(out)]) == 1
    assert "2 reviewed, 1 unchanged, 0 failed" in capsys.readouterr().err
    assert _findings(out / f"{b}.json") == [("client.py", 7, 295, "high"), ("client.py", 11, 328, "medium")]
    state = json.loads((out / "fleet-state.json").read_text())["repos"]
    assert state[str(beta)]["head"] == new_head
    assert state[str(alpha)]["version"] == __version__
    assert state[str(beta)]["counts"] == {"CWE-295": {"high": 1}, "CWE-328": {"medium": 1}}


def test_fleet_reports_an_unreachable_repository_and_goes_on(local_ray, tmp_path, capsys):
    alpha = make_repo(tmp_path / "alpha", {"app.py": ALPHA_APP})
    missing = (tmp_path / "nowhere.git").as_uri()
    repos_file = tmp_path / "repos.txt"
    repos_file.write_text(f"{missing}\n{alpha}\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["fleet", str(repos_file), "-o", str(out)]) == 2
    assert "1 reviewed, 0 unchanged, 1 failed" in capsys.readouterr().err
    state = json.loads((out / "fleet-state.json").read_text())["repos"]
    assert state[missing]["failure"].startswith("RuntimeError: git clone")
    assert state[str(alpha)]["failure"] is None
    # a failed repository is tried again next time; the reviewed one is not
    assert main(["fleet", str(repos_file), "-o", str(out)]) == 2
    assert "0 reviewed, 1 unchanged, 1 failed" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    raise AssertionError(f"no Ray head on port {port} after {seconds} s")


def _stop(process: subprocess.Popen) -> None:
    """End the `ray start --block` we started (it stops the node it started), then whatever is left
    of its process group (its own session, so nothing else is in it)."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def test_fleet_starts_its_own_ray_with_token_auth_then_joins_a_head_by_address(tmp_path):
    pytest.importorskip("ray")
    alpha = make_repo(tmp_path / "alpha", {"app.py": ALPHA_APP})
    repos_file = tmp_path / "repos.txt"
    repos_file.write_text(f"{alpha}\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAY_")}
    env["HOME"] = str(tmp_path / "home")  # where Ray keeps its token
    fleet = [sys.executable, "-m", "secreview", "fleet", str(repos_file)]

    # no --address: a local Ray for this run, token authentication stated (Ray's default, without its warning)
    own = subprocess.run([*fleet, "-o", str(tmp_path / "own")], env=env, capture_output=True, text=True, timeout=180)
    assert own.returncode == 1, own.stderr
    assert "1 reviewed, 0 unchanged, 0 failed" in own.stderr
    assert "Token authentication" not in own.stderr
    assert (tmp_path / "home" / ".ray" / "auth_token").is_file()
    reports = sorted((tmp_path / "own").glob("*.json"))

    # --address: a head started with `ray start --head` on 127.0.0.1, with the user's own RAY_AUTH_MODE
    env["RAY_AUTH_MODE"] = "token"
    port = _free_port()
    # its own temporary folder (short: Ray's socket paths must fit): `ray start` records the head's address
    # in TEMP/ray_current_cluster, which in the shared /tmp/ray would make other `ray.init()` calls join it
    temp = tempfile.mkdtemp(prefix="sr-ray-", dir="/tmp")
    head = subprocess.Popen(
        [str(Path(sys.executable).with_name("ray")), "start", "--head", "--block", f"--port={port}",
         "--node-ip-address=127.0.0.1", f"--temp-dir={temp}", "--num-cpus=1", "--include-dashboard=false",
         "--disable-usage-stats"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        _wait_for_port(port, 60)
        joined = subprocess.run([*fleet, "-o", str(tmp_path / "joined"), "--address", f"127.0.0.1:{port}"],
                                env=env, capture_output=True, text=True, timeout=180)
    finally:
        _stop(head)
        shutil.rmtree(temp, ignore_errors=True)
    assert joined.returncode == 1, joined.stderr
    assert "1 reviewed, 0 unchanged, 0 failed" in joined.stderr
    assert _findings(tmp_path / "joined" / reports[0].name) == _findings(reports[0]) == [("app.py", 10, 78, "high")]
