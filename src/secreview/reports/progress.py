"""A progress bar on stderr for long scans, only when stderr is a terminal."""
from __future__ import annotations

from typing import Callable

_MIN_FILES = 50


def progress_factory(total: int) -> Callable[[int], None] | None:
    if total < _MIN_FILES:
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    import atexit

    bar = Progress(TextColumn("reviewing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True)
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
