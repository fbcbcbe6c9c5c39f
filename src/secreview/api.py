"""The documented Python API (docs/api.md): review files, trees or one file's text, get a `Review`.

Both functions run the whole pipeline the command line runs (pattern rules, cross-file taint,
suppression comments, selection and thresholds from `config`), so a program embedding secreview sees
exactly what `secreview PATH` reports. `secreview.engine` has the lower-level per-file pieces.
"""
from __future__ import annotations

import os
from typing import Iterable

from secreview.config import Config
from secreview.findings import Review


def review_paths(paths: Iterable[str | os.PathLike[str]], config: Config | None = None) -> Review:
    """Review Python files and directories (recursively, default excludes applied).

    Never raises for a file it cannot review: that file is listed in `Review.errors`.
    A path that does not exist is an error entry too.
    """
    from secreview import engine

    return engine.review_paths([os.fspath(p) for p in paths], config or Config())


def review_source(source: str | bytes, path: str = "<input>.py", config: Config | None = None) -> Review:
    """Review one file's content as if it were the file at `path` (nothing is read from disk).

    `path` decides the module name and whether it is test code (tests/, test_*.py, conftest.py).
    """
    from secreview import engine

    config = config or Config()
    result = engine.review_source(source, path, with_taint=config.taint)
    text = source.decode("utf-8", "replace") if isinstance(source, bytes) else source
    return engine.finish([result], [], config, texts={path: text})
