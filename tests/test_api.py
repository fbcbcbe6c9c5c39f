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


def _static_package(root):
    """A framework-like package (aiohttp's static route before CVE-2024-23334) importing its own
    request class relatively."""
    pkg = root / "aiohttp-3.9.1" / "aiohttp"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "web_request.py").write_text("class Request:\n    match_info = {}\n")
    (pkg / "web_urldispatcher.py").write_text(
        "from pathlib import Path\n"
        "from .web_request import Request\n\n\n"
        "class StaticResource:\n"
        "    def __init__(self, directory):\n"
        "        self._directory = Path(directory)\n\n"
        "    async def _handle(self, request: Request):\n"
        "        filename = request.match_info['filename']\n"
        "        return self._directory.joinpath(filename).read_bytes()\n")
    return pkg


def test_a_package_folder_reviewed_alone_keeps_its_package_name(tmp_path):
    """Reviewing `aiohttp-3.9.1/aiohttp` (or one file of it) names the modules `aiohttp.*`, so the
    relative import resolves to `aiohttp.web_request.Request` and its `match_info` is the client's."""
    pkg = _static_package(tmp_path)
    expected = [("web_urldispatcher.py", 11, 22)]
    for target in (tmp_path / "aiohttp-3.9.1", pkg, pkg / "web_urldispatcher.py"):
        review = review_paths([target])
        assert [(Path(f.location.path).name, f.location.line, f.cwe) for f in review.findings] == expected, target


def test_module_names_count_the_packages_above_the_scan_root(tmp_path):
    from secreview.sources import discover

    pkg = _static_package(tmp_path)
    (pkg / "sub").mkdir()
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "x.py").write_text("")
    names = sorted(f.module_name for f in discover([str(pkg / "sub")])[0])
    assert names == ["aiohttp.sub", "aiohttp.sub.x"]
    plain = tmp_path / "scripts"
    plain.mkdir()
    (plain / "tool.py").write_text("")
    assert [f.module_name for f in discover([str(plain)])[0]] == ["tool"]


def test_documented_example_runs():
    doc = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", doc, re.S)
    exec(compile(blocks[-1], "docs/api.md", "exec"), {})  # the last example asserts its own output


def test_reviews_render_in_every_format():
    review = review_source(PICKLE, "app/cache.py")
    assert "CWE-502" in render_to_string(review, "markdown")
