"""Which files under a reviewed folder git ignores: a tree review skips them (generated code, vendored
copies, local experiments), as `git status` and Ruff do. Files named on the command line are reviewed
whatever the ignore files say; so is the named folder itself.

Inside a git work tree, git answers (`git ls-files --others --ignored --exclude-standard --directory`:
every ignore file, `.git/info/exclude` and the global excludes; tracked files are never ignored), one
call per folder walked, no network. Without git, or outside a work tree, a small matcher reads the
`.gitignore` files of the folder and the folders below it (pathspec's git semantics: the deepest
file with a matching pattern decides, `!` re-includes).
"""
from __future__ import annotations

import os
import subprocess
from typing import Callable

# (path relative to the walked folder, POSIX separators; is it a folder?) -> ignored?
IgnoreCheck = Callable[[str, bool], bool]


def ignored_under(root: str) -> IgnoreCheck:
    """The ignore check for the folder `root` is walked from."""
    listed = _git_ignored(root)
    if listed is not None:
        return _Listed(*listed)
    return _GitignoreFiles(root)


def _git_ignored(root: str) -> tuple[frozenset[str], tuple[str, ...]] | None:
    """(ignored files, ignored folders with a trailing /) below `root` as git lists them, or None when
    git is missing or `root` is not in a work tree."""
    try:
        done = subprocess.run(["git", "ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory"],
                              cwd=root, capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    names = [os.fsdecode(n) for n in done.stdout.split(b"\0") if n]
    # "./": the walked folder is ignored itself (git lists nothing below it); it was named: review it all
    folders = tuple(n for n in names if n.endswith("/") and n != "./")
    return frozenset(n for n in names if not n.endswith("/")), folders


class _Listed:
    def __init__(self, files: frozenset[str], folders: tuple[str, ...]):
        self.files = files
        self.folders = frozenset(folders)

    def __call__(self, rel: str, is_dir: bool) -> bool:
        if is_dir:
            return rel + "/" in self.folders
        if rel in self.files:
            return True
        parts = rel.split("/")
        return any("/".join(parts[:i]) + "/" in self.folders for i in range(1, len(parts)))


class _GitignoreFiles:
    """`.gitignore` files read as the walk reaches their folders."""

    def __init__(self, root: str):
        self.root = root
        self.specs: dict[str, object | None] = {}

    def _spec(self, folder: str):
        if folder not in self.specs:
            self.specs[folder] = None
            try:
                with open(os.path.join(self.root, folder, ".gitignore"), encoding="utf-8", errors="replace") as handle:
                    lines = handle.read().splitlines()
            except OSError:
                return None
            import pathspec

            self.specs[folder] = pathspec.GitIgnoreSpec.from_lines(lines)
        return self.specs[folder]

    def __call__(self, rel: str, is_dir: bool) -> bool:
        parts = rel.split("/")
        decision = False
        for depth in range(len(parts)):
            spec = self._spec("/".join(parts[:depth]))
            if spec is None:
                continue
            below = "/".join(parts[depth:]) + ("/" if is_dir else "")
            result = spec.check_file(below)
            if result.include is not None:
                decision = result.include
        return decision
