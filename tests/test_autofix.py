"""Autofix: LibCST edits, formatting kept, each fix proven by a re-review (finding gone, nothing new)."""
from __future__ import annotations

import textwrap
from pathlib import Path

import libcst as cst
import pytest

from secreview import autofix
from secreview.cli import main
from secreview.config import Config
from secreview.engine import review_paths
from tests.helpers import git


def _fix_file(tmp_path: Path, source: str) -> tuple[str, list[str]]:
    path = tmp_path / "app.py"
    path.write_text(textwrap.dedent(source))
    review = review_paths([str(path)], Config(jobs=1))
    fixes = autofix.plan(review.findings)
    assert len(fixes) <= 1
    if not fixes:
        return path.read_text(), []
    return fixes[0].fixed, [f.rule_id for f in fixes[0].findings]


@pytest.mark.parametrize("before, after", [
    ("yaml.load(text, Loader=yaml.Loader)", "yaml.safe_load(text)"),
    ("yaml.load(text, yaml.UnsafeLoader)", "yaml.safe_load(text)"),
    ("yaml.load(text)", "yaml.safe_load(text)"),
    ("yaml.unsafe_load(text)", "yaml.safe_load(text)"),
    ("list(yaml.load_all(text))", "list(yaml.safe_load_all(text))"),
    ("yaml.load(  # config comes from disk\n        text,\n        Loader=yaml.Loader,\n    )",
     "yaml.safe_load(  # config comes from disk\n        text,\n    )"),
])
def test_yaml_load_becomes_safe_load(tmp_path, before, after):
    source = f"import yaml\n\n\ndef read(text):\n    return {before}\n"
    fixed, rules = _fix_file(tmp_path, source)
    assert fixed == f"import yaml\n\n\ndef read(text):\n    return {after}\n" and rules == ["SR302"]


@pytest.mark.parametrize("before, after", [
    ("tar.extractall(target)", 'tar.extractall(target, filter="data")'),
    ("tar.extractall()", 'tar.extractall(filter="data")'),
    ('tar.extractall(target, filter="fully_trusted")', 'tar.extractall(target, filter="data")'),
    ("tar.extract(member, target)", 'tar.extract(member, target, filter="data")'),
    ("tar.extractall(\n            target,\n        )", 'tar.extractall(\n            target,\n            filter="data",\n        )'),
])
def test_tar_extraction_gets_the_data_filter(tmp_path, before, after):
    source = ("import tarfile\n\n\ndef install(bundle, target, member):\n    with tarfile.open(bundle) as tar:\n"
              f"        {before}\n")
    fixed, rules = _fix_file(tmp_path, source)
    assert fixed == source.replace(before, after) and rules == ["SR504"]


def test_unpack_archive_gets_the_data_filter(tmp_path):
    source = "import shutil\n\n\ndef install(bundle, target):\n    shutil.unpack_archive(bundle, target)\n"
    fixed, rules = _fix_file(tmp_path, source)
    assert fixed == source.replace("unpack_archive(bundle, target)", 'unpack_archive(bundle, target, filter="data")')
    assert rules == ["SR504"]


def test_no_fix_where_the_edit_would_need_more_than_the_call(tmp_path):
    source = "from yaml import load\n\n\ndef read(text):\n    return load(text)\n"
    assert _fix_file(tmp_path, source) == (source, [])


def test_a_fix_that_the_re_review_does_not_confirm_is_dropped(tmp_path, monkeypatch):
    def unsafe(call: cst.Call) -> cst.Call:  # a "fix" that keeps the defect under another name
        return call.with_changes(func=call.func.with_changes(attr=cst.Name("unsafe_load")))

    monkeypatch.setitem(autofix.FIXERS, "SR302", unsafe)
    source = "import yaml\n\n\ndef read(text):\n    return yaml.load(text, Loader=yaml.Loader)\n"
    assert _fix_file(tmp_path, source) == (source, [])

    def noisy(call: cst.Call) -> cst.Call:  # removes the finding but adds an eval
        return cst.parse_expression("eval(text) and yaml.safe_load(text)")

    monkeypatch.setitem(autofix.FIXERS, "SR302", noisy)
    assert _fix_file(tmp_path, source) == (source, [])


def test_several_fixes_in_one_file_and_other_code_untouched(tmp_path):
    source = textwrap.dedent('''\
        import tarfile
        import yaml


        def read(a, b):
            first = yaml.load(a)  ;  second = yaml.load(b, Loader=yaml.Loader)
            return first, second


        def install(bundle):
            with tarfile.open(bundle) as tar:  # trusted build artefact
                tar.extractall("out")
        ''')
    fixed, rules = _fix_file(tmp_path, source)
    assert fixed == source.replace("yaml.load(a)", "yaml.safe_load(a)").replace(
        "yaml.load(b, Loader=yaml.Loader)", "yaml.safe_load(b)").replace(
        'tar.extractall("out")', 'tar.extractall("out", filter="data")')
    assert sorted(rules) == ["SR302", "SR302", "SR504"]


# ----------------------------------------------------------------------------- CLI on a git repository
LOADER = textwrap.dedent('''\
    import os
    import yaml


    def read(text):
        return yaml.load(text, Loader=yaml.Loader)


    def run(cmd):
        os.system(cmd)
    ''')


@pytest.fixture()
def repo(tmp_path, monkeypatch):
    git(tmp_path, "init", "-q")
    (tmp_path / "loader.py").write_text(LOADER)
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "base")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_cli_diff_fix_prints_a_patch_git_can_apply(repo, capsys):
    assert main([".", "--diff-fix", "--no-progress", "--no-cache"]) == 1  # os.system has no fixer: it remains
    out, err = capsys.readouterr()
    assert out.splitlines()[:2] == ["--- a/loader.py", "+++ b/loader.py"]
    assert "-    return yaml.load(text, Loader=yaml.Loader)\n+    return yaml.safe_load(text)\n" in out
    assert "1 finding(s) fixable in 1 file(s); 1 would remain" in err
    assert (repo / "loader.py").read_text() == LOADER  # nothing changed
    (repo / "fix.patch").write_text(out)
    git(repo, "apply", "--check", "fix.patch")


def test_cli_fix_rewrites_the_file_and_reports_what_remains(repo, capsys):
    assert main([".", "--fix", "--no-progress", "--no-cache", "--format", "json"]) == 1
    out, err = capsys.readouterr()
    assert "fixed 1 finding(s) in 1 file(s)" in err
    import json

    assert [f["rule_id"] for f in json.loads(out)["findings"]] == ["SR110"]
    assert (repo / "loader.py").read_text() == LOADER.replace("yaml.load(text, Loader=yaml.Loader)",
                                                              "yaml.safe_load(text)")
    assert main([".", "--no-progress", "--no-cache", "--select", "CWE-502"]) == 0
