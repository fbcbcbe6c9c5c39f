"""Baselines: accept today's findings, report only new ones.

A baseline file lists accepted findings keyed by rule id + path + fingerprint (the rule and the
whitespace-normalised statement text, see `Finding.with_fingerprint`), each with a count. Matching
is a multiset: two identical findings with one baselined leave one new. Line numbers are kept
only to show absent findings; they never take part in matching, so edits elsewhere in a file do
not turn accepted findings into new ones.

Paths are stored relative to the baseline file's folder, so `secreview .` and `secreview src`
match the same baseline. When the baseline was made in a git checkout it records the commit;
files git sees as renamed since then keep their accepted findings.
"""
from __future__ import annotations

import json
import os
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from secreview.findings import BaselineState, Confidence, Finding, Location, Review, Severity

FORMAT_VERSION = 1

Key = tuple[str, str, str]  # rule id, path relative to the baseline's folder (POSIX), fingerprint


class BaselineError(ValueError):
    """A baseline file that cannot be read; the command line reports it and exits with status 2."""


@dataclass
class Entry:
    rule_id: str
    path: str
    fingerprint: str
    count: int
    cwe: int
    title: str
    severity: str
    confidence: str
    message: str
    snippet: str
    lines: list[int] = field(default_factory=list)

    @property
    def key(self) -> Key:
        return (self.rule_id, self.path, self.fingerprint)


@dataclass
class Baseline:
    root: Path  # the folder the stored paths are relative to
    entries: list[Entry]
    git_commit: str | None = None


def relative(path: str, root: Path) -> str:
    """`path` (as a finding shows it) relative to `root`, POSIX separators; absolute if outside."""
    full = Path(os.path.abspath(path))
    try:
        return full.relative_to(root.resolve()).as_posix()
    except ValueError:
        try:
            return full.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            return full.as_posix()


def _git_commit(root: Path) -> str | None:
    try:
        result = subprocess.run(["git", "rev-parse", "--verify", "-q", "HEAD"], cwd=root,
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    return result.stdout.strip() or None


def create(review: Review, baseline_file: str | os.PathLike[str]) -> dict:
    """The baseline document accepting every finding of `review` (deterministic: no timestamps)."""
    from secreview import __version__

    root = Path(os.path.abspath(baseline_file)).parent
    grouped: dict[Key, Entry] = {}
    for f in review.findings:
        key = (f.rule_id, relative(f.location.path, root), f.fingerprint)
        entry = grouped.get(key)
        if entry is None:
            entry = grouped[key] = Entry(f.rule_id, key[1], f.fingerprint, 0, f.cwe, f.title, str(f.severity),
                                         str(f.confidence), f.message, f.snippet)
        entry.count += 1
        entry.lines.append(f.location.line)
    entries = sorted(grouped.values(), key=lambda e: (e.path, min(e.lines), e.rule_id, e.fingerprint))
    document: dict = {"version": FORMAT_VERSION, "tool": {"name": "secreview", "version": __version__}}
    commit = _git_commit(root)
    if commit:
        document["git_commit"] = commit
    document["findings"] = [
        {"rule_id": e.rule_id, "path": e.path, "fingerprint": e.fingerprint, "count": e.count, "cwe": e.cwe,
         "title": e.title, "severity": e.severity, "confidence": e.confidence, "lines": sorted(e.lines),
         "message": e.message, "snippet": e.snippet}
        for e in entries
    ]
    return document


def write(review: Review, baseline_file: str | os.PathLike[str]) -> int:
    """Write the baseline of `review` to `baseline_file`; returns the number of findings accepted."""
    document = create(review, baseline_file)
    with open(baseline_file, "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=2, ensure_ascii=False)
        handle.write("\n")
    return sum(entry["count"] for entry in document["findings"])


def load(baseline_file: str | os.PathLike[str]) -> Baseline:
    try:
        document = json.loads(Path(baseline_file).read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"cannot read baseline {baseline_file}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise BaselineError(f"baseline {baseline_file} is not JSON: {exc}") from None
    if not isinstance(document, dict) or document.get("version") != FORMAT_VERSION:
        raise BaselineError(f"baseline {baseline_file}: not a secreview baseline (version {FORMAT_VERSION})")
    entries = []
    try:
        for raw in document["findings"]:
            entries.append(Entry(
                rule_id=str(raw["rule_id"]), path=str(raw["path"]), fingerprint=str(raw["fingerprint"]),
                count=int(raw.get("count", 1)), cwe=int(raw.get("cwe", 0)), title=str(raw.get("title", "")),
                severity=str(raw.get("severity", "medium")), confidence=str(raw.get("confidence", "medium")),
                message=str(raw.get("message", "")), snippet=str(raw.get("snippet", "")),
                lines=[int(n) for n in raw.get("lines", [])],
            ))
            Severity.parse(entries[-1].severity), Confidence.parse(entries[-1].confidence)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BaselineError(f"baseline {baseline_file}: malformed finding entry ({exc})") from None
    return Baseline(Path(os.path.abspath(baseline_file)).parent, entries, document.get("git_commit"))


def renames_since(commit: str, root: Path) -> dict[str, str]:
    """Old path -> new path (both relative to `root`) for files git sees as renamed since `commit`."""
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=root, capture_output=True,
                             text=True, timeout=30)
        if top.returncode != 0:
            return {}
        result = subprocess.run(["git", "diff", "--name-status", "-z", "-M", "--no-ext-diff", commit],
                                cwd=top.stdout.strip(), capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return {}
    if result.returncode != 0:
        return {}
    toplevel = Path(top.stdout.strip())
    fields = result.stdout.split("\0")
    renames: dict[str, str] = {}
    i = 0
    while i < len(fields) and fields[i]:
        status = fields[i]
        if status.startswith(("R", "C")):
            old, new = fields[i + 1], fields[i + 2]
            if status.startswith("R"):
                renames[relative(str(toplevel / old), root)] = relative(str(toplevel / new), root)
            i += 3
        else:
            i += 2
    return renames


def compare(review: Review, baseline: Baseline) -> Review:
    """Narrow `review.findings` to the new findings; record unchanged and absent ones in `review.baseline`."""
    renames = renames_since(baseline.git_commit, baseline.root) if baseline.git_commit else {}
    remaining: Counter[Key] = Counter()
    by_key: dict[Key, Entry] = {}
    for entry in baseline.entries:
        key = (entry.rule_id, renames.get(entry.path, entry.path), entry.fingerprint)
        remaining[key] += entry.count
        by_key.setdefault(key, entry)
    new, unchanged = [], []
    for f in review.findings:
        key = (f.rule_id, relative(f.location.path, baseline.root), f.fingerprint)
        if remaining[key] > 0:
            remaining[key] -= 1
            unchanged.append(f)
        else:
            new.append(f)
    absent = []
    for key, left in sorted(remaining.items()):
        entry = by_key[key]
        lines = sorted(entry.lines)
        for n in range(left):
            absent.append(_absent_finding(entry, key[1], lines[-left + n] if len(lines) >= left else 0, baseline.root))
    review.findings = new
    review.baseline = BaselineState(unchanged, absent)
    return review


def _absent_finding(entry: Entry, path: str, line: int, root: Path) -> Finding:
    """A baselined finding that is gone, shaped as a Finding so every renderer can list it."""
    shown = path if PurePath(path).is_absolute() else os.path.relpath(root / path)
    line = max(line, 1)
    return Finding(
        rule_id=entry.rule_id, cwe=entry.cwe, title=entry.title,
        location=Location(Path(shown).as_posix(), line, 1, line, 1), snippet=entry.snippet,
        message=entry.message, fix="", severity=Severity.parse(entry.severity),
        confidence=Confidence.parse(entry.confidence), fingerprint=entry.fingerprint,
    )
