"""Reviewing a change: only what the change introduced is reported."""
from __future__ import annotations

import textwrap

import pytest

from secreview.config import Config
from secreview.diff import changed_lines_from_git, changed_lines_from_patch, introduced_by
from secreview.engine import review_paths
from tests.helpers import git

BEFORE = textwrap.dedent('''\
    def old(expression):
        return eval(expression)
    ''')
AFTER = textwrap.dedent('''\
    def old(expression):
        return eval(expression)


    def new(source):
        return eval(
            source,
        )
    ''')


@pytest.fixture()
def repo(tmp_path):
    git(tmp_path, "init", "-q")
    (tmp_path / "calc.py").write_text(BEFORE)
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "base")
    (tmp_path / "calc.py").write_text(AFTER)
    return tmp_path


def test_only_the_new_eval_is_reported(repo):
    review = review_paths([str(repo)], Config(jobs=1))
    assert sorted(f.location.line for f in review.findings) == [2, 6]
    changed = changed_lines_from_git("HEAD", cwd=str(repo))
    assert changed == {str((repo / "calc.py").resolve()): {3, 4, 5, 6, 7, 8}}
    introduced = introduced_by(review.findings, changed)
    assert [(f.location.line, f.cwe) for f in introduced] == [(6, 95)]


def test_a_change_to_any_line_of_a_multiline_statement_counts(repo):
    patch = textwrap.dedent('''\
        --- a/calc.py
        +++ b/calc.py
        @@ -7 +7 @@
        -        expression,
        +        source,
        ''')
    review = review_paths([str(repo)], Config(jobs=1))
    changed = changed_lines_from_patch(patch, str(repo))
    assert [f.location.line for f in introduced_by(review.findings, changed)] == [6]


def test_cli_diff_reports_only_the_change(repo, capsys, monkeypatch):
    from secreview.cli import main

    monkeypatch.chdir(repo)
    assert main([".", "--diff", "HEAD", "--no-progress", "--no-cache"]) == 1
    out = capsys.readouterr().out
    assert "calc.py:6:" in out and "calc.py:2:" not in out


def test_cli_patch_without_added_python_lines_reports_nothing(repo, tmp_path, capsys, monkeypatch):
    from secreview.cli import main

    monkeypatch.chdir(repo)
    patch = tmp_path / "docs.diff"
    patch.write_text("--- a/README\n+++ b/README\n@@ -0,0 +1 @@\n+hello\n")
    assert main([".", "--patch", str(patch), "--no-progress", "--no-cache"]) == 0
    assert capsys.readouterr().out.startswith("No security defects are detected in the code.")
