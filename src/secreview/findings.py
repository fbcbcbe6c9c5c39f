"""The one result type every stage downstream of the analyses speaks.

Analyses produce `Finding`s; filters take and return them; reports only render them. Names of
CWEs are never stored here: renderers look them up in the catalog, so a printed name can never
disagree with MITRE's.
"""
from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass, field, replace


class Severity(enum.IntEnum):
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        return cls[text.strip().upper()]


class Confidence(enum.IntEnum):
    LOW = 1
    MEDIUM = 2
    HIGH = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Confidence":
        return cls[text.strip().upper()]


@dataclass(frozen=True)
class Location:
    path: str
    line: int
    column: int  # 1-based, as editors and SARIF count
    end_line: int
    end_column: int  # 1-based, exclusive


@dataclass(frozen=True)
class FlowStep:
    """One hop of a dataflow path: where untrusted data enters, moves, or is used."""

    location: Location
    kind: str  # "source", "step", "call", "return", "sink"
    description: str
    # the step's source line, whitespace-trimmed, read when the review ran: reports written later
    # need neither the file nor its state then ("" when it could not be read)
    snippet: str = ""


@dataclass(frozen=True)
class Finding:
    rule_id: str
    cwe: int
    title: str
    location: Location
    snippet: str
    message: str
    fix: str
    severity: Severity
    confidence: Confidence
    flow: tuple[FlowStep, ...] = ()
    in_test_code: bool = False
    # Rule id + whitespace-normalised text of the offending statement + which repeat of that text in
    # the file it is: stable when unrelated lines move, and (path left out) when the file is renamed.
    # Unique within one file; across files, pair it with the path (baselines, GitLab).
    fingerprint: str = ""
    # First and last line of the enclosing statement: suppression comments anywhere in it count.
    statement: tuple[int, int] = (0, 0)
    # dataflow findings: where the data may come from ("remote", "parameter", "local"); empty for patterns
    provenance: str = ""

    def with_fingerprint(self, context: str, occurrence: int = 0) -> "Finding":
        digest = hashlib.sha256(
            f"{self.rule_id}\0{' '.join(context.split())}\0{occurrence}".encode()
        ).hexdigest()[:32]
        return replace(self, fingerprint=digest)

    @property
    def sort_key(self) -> tuple:
        loc = self.location
        return (loc.path, loc.line, loc.column, self.rule_id)


@dataclass(frozen=True)
class FileError:
    """A file we could not review; shown in every output format, never fatal for the scan."""

    path: str
    kind: str  # "decode", "syntax", "too-large", "binary", "unreadable", "recursion", "symlink-loop", "internal"
    message: str
    line: int | None = None


@dataclass
class BaselineState:
    """What a baseline comparison set aside: `Review.findings` are then the new findings only."""

    unchanged: list[Finding] = field(default_factory=list)  # found again, accepted in the baseline
    absent: list[Finding] = field(default_factory=list)  # in the baseline, not found any more (fixed)


@dataclass
class Review:
    """Everything one run produced."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    files_reviewed: int = 0
    suppressed: int = 0
    baseline: BaselineState | None = None  # set when the run was compared with a baseline
    # Code review of a change (--diff, --patch): lines added per resolved path, and the repository
    # root that code hosts count paths from. Review-comment formats place comments with them.
    changed_lines: dict[str, set[int]] | None = None
    root: str | None = None
    # The folder paths are reported from in SARIF (`%SRCROOT%`): the repository root, else the
    # folder the scan ran in; so URIs do not depend on how the path was typed or on the cwd.
    source_root: str | None = None
    # findings a suppression comment silenced (already selected and thresholded): SARIF lists them
    # with `suppressions`, so code-scanning services show them as dismissed in source
    suppressed_findings: list[Finding] = field(default_factory=list)

    def not_reviewed_notice(self) -> str | None:
        """The sentence that must come before any verdict when some files were not reviewed."""
        if not self.errors:
            return None
        n, m = len(self.errors), self.files_reviewed
        return (f"{n} file{'s' if n != 1 else ''} could not be reviewed (listed at the end); "
                f"this review covers the {m} file{'s' if m != 1 else ''} reviewed.")

    def summary(self) -> str | None:
        """The closing count line of the human reports, e.g. `3 findings (1 high, 2 medium), 1 suppressed,
        2 files not reviewed`; None when there is nothing to count, so that a clean run's report stays
        exactly the no-defects sentence. Severities go from critical down, zero counts are left out."""
        if not (self.findings or self.suppressed or self.errors):
            return None
        n = len(self.findings)
        counts = [(s, sum(f.severity is s for f in self.findings)) for s in sorted(Severity, reverse=True)]
        by_severity = ", ".join(f"{c} {s}" for s, c in counts if c)
        parts = [f"{n} finding{'s' if n != 1 else ''}" + (f" ({by_severity})" if by_severity else "")]
        if self.suppressed:
            parts.append(f"{self.suppressed} suppressed")
        if self.errors:
            parts.append(f"{len(self.errors)} file{'s' if len(self.errors) != 1 else ''} not reviewed")
        return ", ".join(parts)
