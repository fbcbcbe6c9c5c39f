"""Score secreview against a labelled corpus: `# expect: CWE-N` and `# safe: CWE-N` line annotations.

Template files beside the code carry the same labels in a template comment: `{# expect: CWE-79 #}`.

A finding counts as a true positive when its CWE is expected on the line where it starts; any other
finding in a corpus file is a false alarm. `# safe:` lines document look-alikes; a finding there is
a false alarm like any other, reported with the label so the reader sees which look-alike failed.
"""
from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from secreview.config import Config
from secreview.templating import SUFFIXES as TEMPLATE_SUFFIXES
from secreview.engine import review_paths
from secreview.findings import Confidence, Finding

_LABEL = re.compile(r"#\s*(expect|safe):\s*((?:CWE-\d+\s*,?\s*)+)", re.I)


@dataclass
class Score:
    expected: set[tuple[str, int, int]] = field(default_factory=set)  # (path, line, cwe)
    safe: set[tuple[str, int, int]] = field(default_factory=set)
    found: dict[tuple[str, int, int], Finding] = field(default_factory=dict)

    @property
    def true_positives(self) -> set[tuple[str, int, int]]:
        return self.expected & set(self.found)

    @property
    def misses(self) -> list[tuple[str, int, int]]:
        return sorted(self.expected - set(self.found))

    @property
    def false_alarms(self) -> list[tuple[str, int, int]]:
        return sorted(set(self.found) - self.expected)

    def per_cwe(self) -> dict[int, tuple[int, int, int]]:
        """cwe -> (true positives, false positives, false negatives)."""
        tp = Counter(c for _, _, c in self.true_positives)
        fp = Counter(c for _, _, c in self.false_alarms)
        fn = Counter(c for _, _, c in self.misses)
        return {c: (tp[c], fp[c], fn[c]) for c in sorted(set(tp) | set(fp) | set(fn))}


def labels(root: Path) -> tuple[set[tuple[str, int, int]], set[tuple[str, int, int]]]:
    expected, safe = set(), set()
    files = [p for p in root.rglob("*") if p.suffix == ".py" or p.suffix in TEMPLATE_SUFFIXES]
    for path in sorted(files):
        rel = path.relative_to(root).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            for kind, codes in _LABEL.findall(line):
                for cwe in re.findall(r"\d+", codes):
                    (expected if kind.lower() == "expect" else safe).add((rel, number, int(cwe)))
    return expected, safe


def score(root: Path, config: Config | None = None) -> Score:
    """Review `root` (paths relative to it) and compare with its labels.

    The default test-code policy applies: files that are test code relative to `root` (such as
    `testcode/tests/...`) keep only findings of high severity and up, as in a real run.
    """
    expected, safe = labels(root)
    result = Score(expected=expected, safe=safe)
    config = config or Config(jobs=1, min_confidence=Confidence.LOW)
    cwd = os.getcwd()
    os.chdir(root)
    try:
        review = review_paths(["."], config)
    finally:
        os.chdir(cwd)
    for finding in review.findings:
        rel = Path(finding.location.path).as_posix().removeprefix("./")
        result.found[(rel, finding.location.line, finding.cwe)] = finding
    result.errors = review.errors  # type: ignore[attr-defined]
    return result


def format_score(result: Score) -> str:
    rows = ["CWE       TP   FP   FN   precision  recall"]
    for cwe, (tp, fp, fn) in result.per_cwe().items():
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        rows.append(f"CWE-{cwe:<5} {tp:4} {fp:4} {fn:4}   {precision:8.1%}  {recall:6.1%}")
    tp, fp, fn = len(result.true_positives), len(result.false_alarms), len(result.misses)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    rows.append(f"{'total':9} {tp:4} {fp:4} {fn:4}   {precision:8.1%}  {recall:6.1%}")
    for path, line, cwe in result.misses:
        rows.append(f"MISS        {path}:{line} CWE-{cwe}")
    for key in result.false_alarms:
        finding = result.found[key]
        label = " (labelled safe)" if key in result.safe else ""
        rows.append(f"FALSE ALARM {key[0]}:{key[1]} CWE-{key[2]} {finding.rule_id}{label}: {finding.message}")
    return "\n".join(rows)
