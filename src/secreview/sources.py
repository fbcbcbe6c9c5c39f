"""Which files a review covers: Python files under the given paths, minus excluded folders and files
git ignores (`secreview.gitignore`; files named on the command line are always reviewed).

Symlinked directories are followed once (a loop is reported, not walked forever); files we cannot
read become per-file errors.
"""
from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path

from secreview.findings import FileError
from secreview.gitignore import ignored_under

DEFAULT_EXCLUDES = (
    ".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", "__pycache__", "node_modules",
    ".mypy_cache", ".pytest_cache", ".ruff_cache", "build", "dist", "site-packages", ".eggs",
)


@dataclass(frozen=True)
class SourceFile:
    path: str  # as shown to the user
    module_name: str  # dotted module name relative to the scan root ("app.views")
    is_test: bool = False  # test code, judged on the path below the scan root


def module_name_for(path: Path, root: Path) -> str:
    try:
        rel = path.resolve().relative_to(root.resolve())
    except ValueError:
        rel = Path(path.name)
    parts = list(rel.with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts.pop()
    if parts and parts[0] == "src":  # src layout: the package starts below src/
        parts.pop(0)
    return ".".join(p for p in parts if p) or path.stem


def _excluded(name: str, rel: str, excludes: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatch(name, pat) or fnmatch.fnmatch(rel, pat) for pat in excludes)


def discover(paths: list[str], excludes: tuple[str, ...] = DEFAULT_EXCLUDES,
             respect_gitignore: bool = True) -> tuple[list[SourceFile], list[FileError]]:
    """The Python files under `paths`; in folders, without excluded and (unless told not to) git-ignored
    files. A file named in `paths` is always included."""
    files: list[SourceFile] = []
    errors: list[FileError] = []
    seen: set[str] = set()
    for raw in paths:
        root = Path(raw)
        if root.is_file() or (not root.exists() and root.suffix == ".py"):
            if not root.exists():
                errors.append(FileError(raw, "unreadable", "no such file"))
                continue
            base = root.parent
            files.append(SourceFile(str(root), module_name_for(root, base), is_test_path(_shown_path(root))))
            continue
        if not root.exists():
            errors.append(FileError(raw, "unreadable", "no such file or directory"))
            continue
        visited_dirs: set[str] = set()
        ignored = ignored_under(raw) if respect_gitignore else (lambda rel, is_dir: False)
        for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=lambda e: errors.append(
                FileError(getattr(e, "filename", raw) or raw, "unreadable", str(e.strerror or e)))):
            real = os.path.realpath(dirpath)
            if real in visited_dirs:
                errors.append(FileError(dirpath, "symlink-loop", f"directory already visited as {real}; not followed"))
                dirnames[:] = []
                continue
            visited_dirs.add(real)
            rel_dir = os.path.relpath(dirpath, root)
            dirnames[:] = sorted(
                d for d in dirnames
                if not d.startswith(".") and not _excluded(d, os.path.join(rel_dir, d), excludes)
                and not ignored(_posix(rel_dir, d), True)
            )
            for name in sorted(filenames):
                if not name.endswith(".py"):
                    continue
                full = _without_dot_slash(os.path.join(dirpath, name))
                if _excluded(name, os.path.join(rel_dir, name), excludes) or ignored(_posix(rel_dir, name), False):
                    continue
                key = os.path.realpath(full)
                if key in seen:
                    continue
                seen.add(key)
                files.append(SourceFile(full, module_name_for(Path(full), root),
                                        is_test_path(os.path.relpath(full, root))))
    return files, errors


def _posix(rel_dir: str, name: str) -> str:
    """`name` in the walked folder `rel_dir` (`.` at the top), as ignore checks spell paths: `app/x.py`."""
    return Path(os.path.normpath(os.path.join(rel_dir, name))).as_posix()


def _without_dot_slash(path: str) -> str:
    """`./app/x.py` (a walk of `.`) is shown, fingerprinted and compared as `app/x.py`, the path
    a walk of `app` gives too."""
    while path.startswith(("./", ".\\")):
        path = path[2:]
    return path


def _shown_path(path: Path) -> str:
    """A file named on the command line, relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return path.name


def is_test_path(path: str) -> bool:
    """tests/, test_*.py, *_test.py and conftest.py are test code."""
    parts = Path(path).parts
    name = parts[-1] if parts else path
    if name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py":
        return True
    return any(p in ("tests", "test", "testing") for p in parts[:-1])
