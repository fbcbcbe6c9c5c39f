"""Which files a review covers: Python files under the given paths, minus excluded folders and files
git ignores (`secreview.gitignore`; files named on the command line are always reviewed).

Symlinked directories are followed once (a loop is reported, not walked forever); files we cannot
read become per-file errors.
"""
from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass
from functools import lru_cache
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


def module_name_for(path: Path, root: Path, resolved: tuple[str, str] | None = None) -> str:
    """`resolved`: (real path of `path`, real path of `root`) when the caller has them already."""
    real_path, real_root = resolved or (os.path.realpath(path), os.path.realpath(root))
    try:
        rel = Path(real_path).relative_to(real_root)
    except ValueError:
        rel = Path(path.name)
    parts = list(rel.with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts.pop()
    prefix = package_prefix(real_root)
    if not prefix and parts and parts[0] == "src":  # src layout: the package starts below src/
        parts.pop(0)
    return ".".join(p for p in (*prefix, *parts) if p) or path.stem


@lru_cache(maxsize=256)
def package_prefix(real_root: str) -> tuple[str, ...]:
    """The packages a scan root lies in: `("aiohttp",)` for `aiohttp-3.9.1/aiohttp` (a folder with an
    `__init__.py` whose parent has none), so that reviewing a package folder, or one file of it, names
    its modules `aiohttp.web_urldispatcher` and its relative imports (`from .web_request import
    Request`) resolve as they do when the whole tree is reviewed."""
    names: list[str] = []
    folder = real_root
    while len(names) < 32 and os.path.isfile(os.path.join(folder, "__init__.py")):
        parent, name = os.path.split(folder)
        if not name or not name.isidentifier() or parent == folder:
            break
        names.append(name)
        folder = parent
    return tuple(reversed(names))


def _excluded(name: str, rel: str, excludes: tuple[str, ...]) -> bool:
    matches = _exclude_matcher(excludes)
    return matches(name) is not None or matches(rel) is not None


@lru_cache(maxsize=8)
def _exclude_matcher(excludes: tuple[str, ...]):
    """One expression for all exclude patterns (as `fnmatch` reads each, case as the platform does)."""
    if not excludes:
        return lambda _text: None
    expression = re.compile("|".join(fnmatch.translate(os.path.normcase(p)) for p in excludes))
    return lambda text: expression.match(os.path.normcase(text))


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
        real_root = os.path.realpath(root)
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
                files.append(SourceFile(full, module_name_for(Path(full), root, (key, real_root)),
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
