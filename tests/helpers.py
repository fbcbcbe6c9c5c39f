"""Test helpers: review a snippet and get (line, cwe, rule_id) triples, the shape specs compare."""
from __future__ import annotations

import subprocess
import textwrap

from secreview.config import Config
from secreview.findings import Confidence
from secreview.engine import FileResult, finish, review_source


def review_snippet(source: str, path: str = "app/module.py", config: Config | None = None):
    """Review one snippet as application code, cross-file taint included; returns the Review.

    Rule specs see every confidence level; the default threshold is tested on its own.
    """
    result: FileResult = review_source(textwrap.dedent(source), path)
    return finish([result], [], config or Config(min_confidence=Confidence.LOW))


def findings_for(source: str, path: str = "app/module.py", config: Config | None = None) -> list[tuple[int, int, str]]:
    review = review_snippet(source, path, config)
    return [(f.location.line, f.cwe, f.rule_id) for f in review.findings]


# A fixed identity and a minimal PATH: commits in temporary repositories never read the user's git config.
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.invalid", "PATH": "/usr/bin:/bin"}


def git(cwd, *args) -> str:
    """Run git in a temporary repository of a test; its standard output."""
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=GIT_ENV).stdout


def make_repo(path, files: dict[str, str]):
    """A git repository at `path` (created if needed) with `files` committed on `main`; the path."""
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    commit(path, files, "initial")
    return path


def commit(path, files: dict[str, str], message: str) -> str:
    """Write `files` into the repository at `path` and commit them all; the new HEAD."""
    for name, text in files.items():
        (path / name).write_text(text, encoding="utf-8")
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", message)
    return git(path, "rev-parse", "HEAD").strip()
