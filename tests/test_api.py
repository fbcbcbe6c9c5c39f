"""The documented Python API (docs/api.md): typed signatures, the same pipeline as the CLI."""
from __future__ import annotations

import inspect
import os
import re
import typing
from pathlib import Path

import secreview
from secreview import Config, Finding, Review, Severity, review_paths, review_source
from secreview.reports import render_to_string

ROOT = Path(__file__).resolve().parent.parent
PICKLE = "import pickle\n\ndef load(blob):\n    return pickle.loads(blob)\n"


def test_signatures_are_typed_as_documented():
    hints = typing.get_type_hints(review_paths)
    assert hints == {"paths": typing.Iterable[str | os.PathLike[str]], "config": Config | None, "return": Review}
    assert typing.get_type_hints(review_source) == {"source": str | bytes, "path": str, "config": Config | None,
                                                    "return": Review}
    assert inspect.signature(review_source).parameters["path"].default == "<input>.py"
    assert (ROOT / "src" / "secreview" / "py.typed").is_file()


def test_every_public_name_is_exported_and_documented():
    doc = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    for name in ("review_paths", "review_source", "Config", "Review", "Finding", "Location", "FlowStep",
                 "Severity", "Confidence", "FileError"):
        assert name in secreview.__all__ and getattr(secreview, name) is not None
        assert f"`secreview.{name}`" in doc


def test_review_source_runs_the_whole_pipeline():
    review = review_source(PICKLE, "app/cache.py")
    assert [(f.rule_id, f.cwe, f.location.line, f.severity) for f in review.findings] == [
        ("SR301", 502, 4, Severity.MEDIUM)]
    assert isinstance(review.findings[0], Finding) and review.files_reviewed == 1
    assert review_source(PICKLE, "app/cache.py", Config(min_severity=Severity.HIGH)).findings == []
    silenced = review_source(PICKLE.replace("(blob)\n", "(blob)  # secreview: ignore[SR301] trusted cache\n"),
                             "app/cache.py")
    assert (silenced.findings, silenced.suppressed) == ([], 1)
    assert review_source(PICKLE.encode(), "tests/test_cache.py").findings == []  # test code: high only


def test_review_source_reports_unparsable_code_as_an_error():
    review = review_source("def broken(:\n", "app/broken.py")
    assert review.findings == [] and [(e.path, e.kind) for e in review.errors] == [("app/broken.py", "syntax")]


def test_review_paths_follows_flows_across_files(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "db.py").write_text("import os\n\n\ndef run(cmd):\n    os.system(cmd)\n")
    (tmp_path / "app" / "views.py").write_text(
        "from flask import request\nfrom app.db import run\n\n\ndef view():\n    run(request.args['q'])\n")
    review = review_paths([tmp_path])
    flows = [f for f in review.findings if f.flow]
    assert [(Path(f.location.path).name, f.location.line, f.cwe) for f in flows] == [("db.py", 5, 78)]
    assert [Path(s.location.path).name for s in flows[0].flow][0] == "views.py"
    assert review.files_reviewed == 3


def test_documented_example_runs():
    doc = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", doc, re.S)
    exec(compile(blocks[-1], "docs/api.md", "exec"), {})  # the last example asserts its own output


def test_reviews_render_in_every_format():
    review = review_source(PICKLE, "app/cache.py")
    assert "CWE-502" in render_to_string(review, "markdown")
