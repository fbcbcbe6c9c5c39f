"""A progress bar on stderr for long scans, only when stderr is a terminal.

The report goes to stdout (or `-o FILE`); the bar never mixes into it.
"""
from __future__ import annotations

import sys
from typing import Callable, TextIO

_MIN_FILES = 50


def progress_factory(total: int, stream: TextIO | None = None) -> Callable[[int], None] | None:
    """An `advance(n)` callback for a review of `total` files, or None when no bar should be shown.

    The engine calls it once per file, then once more when the join is done: after the last file
    the bar says so and shows the cross-module phase (linking the modules' dataflow summaries,
    suppressions, selection), which on a large tree takes a good part of the run.
    """
    stream = stream if stream is not None else sys.stderr
    if total < _MIN_FILES or not _is_terminal(stream):
        return None
    import atexit

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.text import Text

    console = Console(file=stream, stderr=stream is sys.stderr)
    class FileCount(MofNCompleteColumn):  # "62/62" for the files; nothing for the join, which has no count
        def render(self, task):
            return super().render(task) if task.total is not None else Text("")

    bar = Progress(TextColumn("{task.description}"), BarColumn(), FileCount(), TimeElapsedColumn(),
                   console=console, transient=True)
    task = bar.add_task(FILES_PHASE, total=total)
    bar.start()
    done = [0]

    def advance(n: int) -> None:
        done[0] += n
        if done[0] < total:
            bar.advance(task, n)
        elif done[0] == total:  # the last file: the cross-module phase starts (one step, no count)
            bar.update(task, completed=total)
            bar.add_task(JOIN_PHASE, total=None)
            bar.refresh()
        else:  # the join is done too (a cached review jumps here at once)
            bar.stop()

    atexit.register(bar.stop)
    return advance


FILES_PHASE = "reviewing files"
JOIN_PHASE = "cross-module dataflow"


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
