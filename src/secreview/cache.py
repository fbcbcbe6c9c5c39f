"""Per-file result cache: a file whose bytes, path and module name are unchanged is not re-analysed.

The key also covers secreview's own code and data (rules, models, catalog), so upgrading or editing
secreview invalidates every entry. Entries are pickled `FileResult`s (findings, suppressions and
the file's taint summary), written atomically; a corrupt or unreadable entry is a miss.
One more entry per review (`program/`) holds what the cross-file join computed from exactly those
per-file entries in that order, so an unchanged tree is neither re-analysed nor re-solved; and one
per set of review roots (`solve/`) the last solved taint state, so an edited tree is re-solved only
where the edit reaches.

Entries are used by content, so edits leave old ones behind: every hit refreshes an entry's time
(`touch`), and once a day a review removes what no review used for `STALE_DAYS` (`prune`).
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import time
from functools import lru_cache
from pathlib import Path

_PACKAGE_ROOT = Path(__file__).resolve().parent
STALE_DAYS = 14
_PRUNE_EVERY = 24 * 3600  # seconds between two prunes of one cache folder


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of every source and data file of the installed secreview package."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE_ROOT.rglob("*")):
        if path.suffix in (".py", ".toml", ".json") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(_PACKAGE_ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


def entry_path(cache_dir: str, data: bytes, path: str, module_name: str) -> Path:
    key = hashlib.sha256()
    for part in (code_fingerprint().encode(), path.encode(), module_name.encode(), data):
        key.update(len(part).to_bytes(8, "little"))
        key.update(part)
    name = key.hexdigest()
    return Path(cache_dir) / name[:2] / f"{name}.pickle"


def program_entry(cache_dir: str, key: str) -> Path:
    """The whole-review entry: joined findings of a run over exactly these per-file entries."""
    name = hashlib.sha256(key.encode()).hexdigest()
    return Path(cache_dir) / "program" / f"{name}.pickle"


def solve_state_entry(cache_dir: str, key: str) -> Path:
    """The last cross-file solve of one set of review roots (`taint.incremental.SolveState`)."""
    name = hashlib.sha256(key.encode()).hexdigest()
    return Path(cache_dir) / "solve" / f"{name}.pickle"


def load(entry: Path):
    try:
        with open(entry, "rb") as handle:
            result = pickle.load(handle)
    except Exception:  # missing, truncated, or written by an incompatible version
        return None
    touch(entry)
    return result


def store(entry: Path, result: object) -> None:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, entry)
    except Exception:  # a read-only or full disk only costs speed
        try:
            os.unlink(tmp)  # type: ignore[possibly-undefined]
        except Exception:
            pass


def touch(entry: Path | None) -> None:
    """Mark an entry as used now: `prune` keeps what reviews still use."""
    try:
        if entry is not None:
            os.utime(entry)
    except OSError:
        pass


def prune(cache_dir: str, now: float | None = None) -> int:
    """Remove the entries no review used for `STALE_DAYS`, at most once a day (a stamp file says when
    it last ran); how many were removed. An entry a concurrent review is writing is a fresh file and
    stays; one removed while another review reads it is a miss there, never a wrong answer."""
    now = time.time() if now is None else now
    root = Path(cache_dir)
    stamp = root / ".pruned"
    try:
        if now - stamp.stat().st_mtime < _PRUNE_EVERY:
            return 0
    except OSError:
        pass  # never pruned
    removed = 0
    try:
        root.mkdir(parents=True, exist_ok=True)
        stamp.touch()
        os.utime(stamp, (now, now))
        cutoff = now - STALE_DAYS * 24 * 3600
        for entry in root.glob("*/*.pickle"):
            try:
                if entry.stat().st_mtime < cutoff:
                    entry.unlink()
                    removed += 1
            except OSError:
                continue
    except OSError:
        pass
    return removed
