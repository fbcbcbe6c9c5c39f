"""Each flow step keeps its code line, stored when the review runs: reports written later (HTML from
the JSON, after a checkout moved on) need no file."""
from __future__ import annotations

import html
import json
from pathlib import Path

import jsonschema

import secreview
from secreview.config import Config
from secreview.engine import review_paths
from secreview.reports import render_to_string

VIEWS = '''\
import os

from flask import Flask, request

app = Flask(__name__)


def clean(name):
    return name.strip()


@app.route("/run")
def run():
    name = request.args["name"]
    command = "ls " + clean(name)
    os.system(command)
    return "ok"
'''
STEPS = [
    ("source", 14, 'name = request.args["name"]'),
    ("step", 14, 'name = request.args["name"]'),
    ("call", 15, 'command = "ls " + clean(name)'),
    ("return", 9, "return name.strip()"),
    ("step", 15, 'command = "ls " + clean(name)'),
    ("sink", 16, "os.system(command)"),
]
SCHEMA = Path(__file__).resolve().parent.parent / "docs" / "report.schema.json"


def test_flow_steps_keep_their_code_when_the_file_is_gone(tmp_path):
    path = tmp_path / "views.py"
    path.write_text(VIEWS)
    review = review_paths([str(path)], Config(jobs=1))
    (finding,) = review.findings
    assert [(s.kind, s.location.line, s.snippet) for s in finding.flow] == STEPS
    path.unlink()
    page = render_to_string(review, "html")
    for _kind, _line, code in STEPS:
        assert f"<pre><code>{html.escape(code, quote=True)}</code></pre>" in page
    report = json.loads(render_to_string(review, "json"))
    jsonschema.validate(report, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert [(s["kind"], s["line"], s["snippet"]) for s in report["findings"][0]["flow"]] == STEPS
    sarif = json.loads(render_to_string(review, "sarif"))
    locations = sarif["runs"][0]["results"][0]["codeFlows"][0]["threadFlows"][0]["locations"]
    assert [s["location"]["physicalLocation"]["region"]["snippet"]["text"] for s in locations] == \
        [code for _kind, _line, code in STEPS]


def test_a_review_of_text_in_memory_has_the_code_of_its_flow_steps(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no views.py on disk
    (finding,) = secreview.review_source(VIEWS, "views.py").findings
    assert [(s.kind, s.location.line, s.snippet) for s in finding.flow] == STEPS
