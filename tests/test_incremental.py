"""A review that reuses the cache reports exactly what a cold review reports, after every kind of edit.

A small Flask project with flows across modules is edited step by step (a flow added and removed,
a function renamed, files added and deleted, a template and the configuration changed). After each
step the project is reviewed twice with a cache kept across the whole sequence (the first run after
an edit analyses the changed files and re-joins, the second reuses the joined result) and once cold
with a fresh cache; JSON and SARIF reports must be byte-identical. Edits that keep every file's
interface (only bodies change) must take the incremental re-solve, not a full one.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from secreview.cli import main
from secreview.taint.solve import _Solver

FILES = {
    "app/__init__.py": "",
    "app/views.py": """\
from flask import Flask, render_template, request

from app import helpers
from app.jobs import _Job

app = Flask(__name__)


@app.route("/run")
def run_view():
    return helpers.run(helpers.normalize(request.args["cmd"]))


@app.route("/job")
def job_view():
    return _Job(request.args["job"]).start()


@app.route("/page")
def page():
    return render_template("page.html", name=request.args.get("name", ""))
""",
    "app/helpers.py": """\
import subprocess


def run(cmd):
    return subprocess.run(cmd, shell=True)


def normalize(value):
    return value.strip()


def load(path):
    with open(path) as handle:
        return handle.read()
""",
    "app/db.py": """\
import sqlite3


def query(text):
    return sqlite3.connect("app.db").execute("SELECT * FROM t WHERE name = '" + text + "'")
""",
    "app/jobs.py": """\
import os


class _Job:
    def __init__(self, name):
        self.name = name

    def start(self):
        return os.system("run-job " + self.name)
""",
    "app/templates/page.html": "<h1>{{ name }}</h1>\n",
}


def _edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text()
    assert old in text, (path, old)
    file.write_text(text.replace(old, new, 1))


def _add_query_flow(root: Path) -> None:
    _edit(root, "app/views.py", "from app import helpers\n", "from app import db, helpers\n")
    (root / "app" / "views.py").write_text((root / "app" / "views.py").read_text() + """

@app.route("/find")
def find():
    return str(db.query(request.args["q"]))
""")


def _remove_query_flow(root: Path) -> None:
    _edit(root, "app/views.py", 'str(db.query(request.args["q"]))', 'str(db.query("fixed"))')


def _rename_run(root: Path) -> None:
    _edit(root, "app/helpers.py", "def run(cmd):", "def run_command(cmd):")
    _edit(root, "app/views.py", "helpers.run(", "helpers.run_command(")


def _add_file(root: Path) -> None:
    (root / "app" / "files.py").write_text("""\
from flask import request

from app.helpers import load


def download():
    return load(request.args["path"])
""")


def _delete_file(root: Path) -> None:
    (root / "app" / "db.py").unlink()


def _unsafe_template(root: Path) -> None:
    _edit(root, "app/templates/page.html", "{{ name }}", "{{ name|safe }}")


def _remote_threat_model(root: Path) -> None:
    (root / "pyproject.toml").write_text('[tool.secreview]\nthreat_model = "remote"\n')


def _normalize_to_constant(root: Path) -> None:  # the callee's return value changes, its caller's file does not
    _edit(root, "app/helpers.py", "return value.strip()", 'return "ls"')


def _normalize_to_input(root: Path) -> None:
    _edit(root, "app/helpers.py", 'return "ls"', "return value.lower()")


def _job_from_constant(root: Path) -> None:  # the only store of request data into `self.name` goes
    _edit(root, "app/views.py", '_Job(request.args["job"])', '_Job("nightly")')


def _sanitize_command(root: Path) -> None:
    _edit(root, "app/helpers.py", "import subprocess\n", "import shlex\nimport subprocess\n")
    _edit(root, "app/helpers.py", "subprocess.run(cmd, shell=True)", "subprocess.run(shlex.quote(cmd), shell=True)")


EDITS = [lambda root: None, _add_query_flow, _remove_query_flow, _rename_run, _add_file, _unsafe_template,
         _remote_threat_model, _delete_file, _normalize_to_constant, _normalize_to_input, _sanitize_command,
         _job_from_constant]
# edits that change bodies only (an added import changes the interface): the re-review re-solves part of the tree
BODY_ONLY = {_remove_query_flow, _normalize_to_constant, _normalize_to_input, _job_from_constant}
# edits outside the Python code: the join runs again, but no function needs solving
NO_CODE = {_unsafe_template, _remote_threat_model}


def _report(capsys, cache: Path, fmt: str, out: Path) -> str:
    code = main([".", "--format", fmt, "-o", str(out), "--cache-dir", str(cache), "--no-progress", "--exit-zero"])
    assert code == 0, capsys.readouterr().err
    return out.read_text()


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_cached_reviews_equal_cold_reviews_after_each_edit(capsys, tmp_path, monkeypatch, fmt):
    root = tmp_path / "project"
    for path, text in FILES.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    monkeypatch.chdir(root)
    warm_cache = tmp_path / "warm-cache"
    resumed = []
    resume = _Solver.resume

    def counting_resume(solver, state, todo):
        resumed.append(len(todo))
        return resume(solver, state, todo)

    monkeypatch.setattr(_Solver, "resume", counting_resume)
    seen = []
    for step, edit in enumerate(EDITS):
        edit(root)
        cold = _report(capsys, tmp_path / f"cold-cache-{step}", fmt, tmp_path / f"cold-{step}")
        resumed.clear()
        assert _report(capsys, warm_cache, fmt, tmp_path / f"warm-{step}") == cold, edit
        if edit in BODY_ONLY:
            assert len(resumed) == 1 and resumed[0] > 0, (edit, resumed)
        elif edit in NO_CODE:
            assert resumed == [0], (edit, resumed)
        elif step:
            assert resumed == [], (edit, resumed)  # an interface changed: everything is solved again
        assert _report(capsys, warm_cache, fmt, tmp_path / f"again-{step}") == cold, edit
        seen.append(cold)
    # the edits change the answer: the comparison is not between empty reports
    found = [_found(fmt, report) for report in seen]
    # SQL built in db.py; request -> helpers.run; request -> _Job.name -> os.system in start()
    base = {("SR120", "app/db.py"), ("SR901", "app/helpers.py"), ("SR901", "app/jobs.py")}
    assert found[0] == base
    assert found[1] == base - {("SR120", "app/db.py")} | {("SR902", "app/db.py")}  # request -> db.query, across modules
    assert found[2] == found[3] == base  # ... removed again; `run` renamed together with its caller
    assert found[4] == base | {("SR905", "app/helpers.py")}  # the new file's request -> helpers.load
    assert found[5] == found[4] | {("SR906", "app/templates/page.html")}  # the template now inserts `name` raw
    assert found[6] == found[5] and seen[6] != seen[5]  # remote threat model: no parameter path on SR120
    assert found[7] == found[6] - {("SR120", "app/db.py")}  # db.py deleted
    # `normalize` returns a constant: no request data reaches `run` (left: the pattern rule's non-constant shell command)
    assert found[8] == found[7] - {("SR901", "app/helpers.py")} | {("SR110", "app/helpers.py")}
    assert found[9] == found[7]  # ... and the request again
    assert found[10] == found[9] - {("SR901", "app/helpers.py")}  # the command quoted
    assert found[11] == found[10] - {("SR901", "app/jobs.py")} | {("SR110", "app/jobs.py")}  # no request in `self.name`


def _found(fmt: str, report: str) -> set[tuple[str, str]]:
    """(rule, file) of each finding of a JSON or SARIF report."""
    document = json.loads(report)
    if fmt == "json":
        return {(f["rule_id"], f["location"]["path"]) for f in document["findings"]}
    return {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
            for r in document["runs"][0]["results"]}
