"""Code review of a change: which lines a diff adds, and which findings the change introduced.

The whole tree is still analysed (a flow into a changed line may start in an unchanged module);
only the report is narrowed: a finding is the change's when a line of its statement, or of any
step of its flow, was added or modified by the diff.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Iterable

from unidiff import PatchSet
from unidiff.errors import UnidiffParseError

from secreview.findings import Finding
from secreview.templating import SUFFIXES as TEMPLATE_SUFFIXES

# Python files, and template files: a flow into a template is reported at the template line
_SUFFIXES = (".py", *TEMPLATE_SUFFIXES)
_PATHSPECS = [f"*{suffix}" for suffix in _SUFFIXES]

ChangedLines = dict[str, set[int]]  # real path -> added/modified line numbers (new side)


class PatchError(ValueError):
    """A --patch input that is not a unified diff: reviewing it would silently report nothing."""


def parse_patch(patch_text: str) -> PatchSet:
    """A user-supplied unified diff, or PatchError: empty input and text without a single file
    diff are mistakes (a wrong file, a pipe that produced nothing), not a change with no findings."""
    if not patch_text.strip():
        raise PatchError("the patch is empty")
    try:
        patch = PatchSet(patch_text)
    except UnidiffParseError as exc:
        raise PatchError(f"the patch is not a valid unified diff: {exc}") from None
    if not len(patch):
        raise PatchError("the patch is not a unified diff (no '--- a/FILE' / '+++ b/FILE' headers)")
    return patch


def changed_lines_from_patch(patch_text: str | PatchSet, root: str = ".") -> ChangedLines:
    """Added lines per file of a unified diff; paths are resolved against `root`."""
    changed: ChangedLines = {}
    for patched in PatchSet(patch_text) if isinstance(patch_text, str) else patch_text:
        if patched.is_removed_file or not patched.path.endswith(_SUFFIXES):
            continue
        lines = changed.setdefault(_key(os.path.join(root, patched.path)), set())
        for hunk in patched:
            for line in hunk:
                if line.is_added and line.target_line_no is not None:
                    lines.add(line.target_line_no)
    return changed


def git_diff(base: str, head: str | None = None, cwd: str = ".") -> tuple[str, str]:
    """The unified diff of `base..head` (or base against the working tree) and the repo root."""
    root = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=cwd, capture_output=True,
                          text=True, check=True).stdout.strip()
    command = ["git", "diff", "--no-color", "--no-ext-diff", "--unified=0", "--no-renames", base]
    if head:
        command.append(head)
    command += ["--", *_PATHSPECS]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, check=True)
    return result.stdout, root


def repo_root(cwd: str) -> str | None:
    """The top folder of the git work tree holding `cwd`, or None outside one."""
    try:
        done = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=cwd, capture_output=True, text=True)
    except OSError:  # no git on this machine: not a work tree as far as we can tell
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def untracked_lines(root: str) -> ChangedLines:
    """New files git does not track yet (and does not ignore): every line of them is added.
    `git diff BASE` leaves them out, but they are part of the working tree under review."""
    listed = subprocess.run(["git", "ls-files", "--others", "--exclude-standard", "-z", "--", *_PATHSPECS], cwd=root,
                            capture_output=True, text=True, check=True).stdout
    changed: ChangedLines = {}
    for name in filter(None, listed.split("\0")):
        path = os.path.join(root, name)
        try:
            with open(path, "rb") as handle:
                count = handle.read().count(b"\n") + 1
        except OSError:
            continue
        changed[_key(path)] = set(range(1, count + 1))
    return changed


def export_revision(root: str, revision: str, destination: str) -> None:
    """Write the files of `revision` under `destination` (`git archive`), so that `--diff-head`
    reviews the code of that commit, not whatever the working tree holds."""
    import io
    import tarfile

    data = subprocess.run(["git", "archive", "--format=tar", revision], cwd=root, capture_output=True,
                          check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        archive.extractall(destination, filter="data")


def changed_lines_from_git(base: str, head: str | None = None, cwd: str = ".") -> ChangedLines:
    text, root = git_diff(base, head, cwd)
    return changed_lines_from_patch(text, root)


def introduced_by(findings: Iterable[Finding], changed: ChangedLines) -> list[Finding]:
    """Findings that a changed line belongs to: the statement itself or a step of its flow."""
    kept = []
    for finding in findings:
        if _touches(finding.location.path, *_span(finding), changed) or any(
            _touches(step.location.path, step.location.line, step.location.end_line, changed) for step in finding.flow
        ):
            kept.append(finding)
    return kept


def _span(finding: Finding) -> tuple[int, int]:
    start, end = finding.statement if finding.statement != (0, 0) else (finding.location.line, finding.location.end_line)
    return min(start, finding.location.line), max(end, finding.location.end_line)


def _touches(path: str, start: int, end: int, changed: ChangedLines) -> bool:
    lines = changed.get(_key(path))
    return bool(lines) and any(number in lines for number in range(start, end + 1))


def _key(path: str) -> str:
    return str(Path(path).resolve())
