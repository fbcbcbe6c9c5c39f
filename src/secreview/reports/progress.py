"""A progress bar on stderr for long scans, only when stderr is a terminal.

The report goes to stdout (or `-o FILE`); the bar never mixes into it.
"""
from __future__ import annotations

import sys
from typing import Callable, TextIO

_MIN_FILES = 50


def progress_factory(total: int, stream: TextIO | None = None) -> Callable[[int], None] | None:
    """An `advance(n)` callback for `total` files, or None when no bar should be shown."""
    stream = stream if stream is not None else sys.stderr
    if total < _MIN_FILES or not _is_terminal(stream):
        return None
    import atexit

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(file=stream, stderr=stream is sys.stderr)
    bar = Progress(TextColumn("reviewing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   console=console, transient=True)
    task = bar.add_task("files", total=total)
    bar.start()
    done = [0]

    def advance(n: int) -> None:
        done[0] += n
        bar.advance(task, n)
        if done[0] >= total:
            bar.stop()

    atexit.register(bar.stop)
    return advance


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
