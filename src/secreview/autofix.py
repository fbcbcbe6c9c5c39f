"""Safe, mechanical fixes (`--fix`, `--diff-fix`), made with LibCST so the rest of the file keeps
its formatting, and each one proven by a re-review.

A fixer edits the one call a finding points at. The fixed file is reviewed again (pattern rules and
the file's own dataflow, every severity and confidence): the fix is kept only if the finding is gone
and no finding appears that was not there before. Otherwise the file is left as it was for that
finding. Fixers exist only where the edit cannot change what correct code does:

- SR302 `yaml.load(s)` / `yaml.load(s, Loader=yaml.Loader)` / `yaml.unsafe_load(s)` (and the
  `_all` forms) called through the module -> `yaml.safe_load(s)`; `from yaml import load` is not
  rewritten (the import would have to change too).
- SR504 `tar.extractall(...)` / `tar.extract(...)` / `shutil.unpack_archive(...)` -> the same call
  with `filter="data"` (an unsafe `filter=` value is replaced).
"""
from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from secreview.config import Config
from secreview.findings import Confidence, Finding, Severity

Fixer = Callable[[cst.Call], cst.Call | None]

_YAML_SAFE = {"load": "safe_load", "load_all": "safe_load_all", "unsafe_load": "safe_load",
              "unsafe_load_all": "safe_load_all"}


def _fix_yaml(call: cst.Call) -> cst.Call | None:
    func = call.func
    if not isinstance(func, cst.Attribute) or func.attr.value not in _YAML_SAFE:
        return None
    args = [a for n, a in enumerate(call.args)
            if not (a.keyword is not None and a.keyword.value == "Loader") and not (n == 1 and a.keyword is None)]
    if any(a.star for a in args):
        return None
    if args and args[-1] is not call.args[-1]:  # the last argument went: the new last one takes its comma
        args[-1] = args[-1].with_changes(comma=call.args[-1].comma)
    return call.with_changes(func=func.with_changes(attr=cst.Name(_YAML_SAFE[func.attr.value])), args=args)


def _fix_tar_filter(call: cst.Call) -> cst.Call | None:
    data = cst.SimpleString('"data"')
    args = list(call.args)
    for n, arg in enumerate(args):
        if arg.keyword is not None and arg.keyword.value == "filter":
            args[n] = arg.with_changes(value=data)
            return call.with_changes(args=args)
    if any(a.star == "**" for a in args):
        return None
    keyword = cst.Arg(value=data, keyword=cst.Name("filter"),
                      equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                                            whitespace_after=cst.SimpleWhitespace("")))
    if args:
        last = args[-1]
        if isinstance(last.comma, cst.Comma):  # one argument per line with a trailing comma: keep the layout
            between = args[-2].comma if len(args) > 1 and isinstance(args[-2].comma, cst.Comma) else cst.Comma(
                whitespace_after=call.whitespace_before_args)
            args[-1] = last.with_changes(comma=between)
            keyword = keyword.with_changes(comma=last.comma)
        else:
            args[-1] = last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    return call.with_changes(args=[*args, keyword])


FIXERS: dict[str, Fixer] = {"SR302": _fix_yaml, "SR504": _fix_tar_filter}


class _Rewrite(cst.CSTTransformer):
    """Replace the call that starts at (line, column) and ends at (end_line, end_column)."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, finding: Finding, fixer: Fixer) -> None:
        super().__init__()
        loc = finding.location
        self.start = (loc.line, loc.column - 1)
        self.end = (loc.end_line, loc.end_column - 1)
        self.fixer = fixer
        self.done = False

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        if self.done:
            return updated
        where = self.get_metadata(PositionProvider, original)
        if (where.start.line, where.start.column) != self.start or (where.end.line, where.end.column) != self.end:
            return updated
        fixed = self.fixer(updated)
        if fixed is None:
            return updated
        self.done = True
        return fixed


def _apply(text: str, finding: Finding) -> str | None:
    fixer = FIXERS.get(finding.rule_id)
    if fixer is None:
        return None
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError:
        return None
    rewrite = _Rewrite(finding, fixer)
    new = MetadataWrapper(module).visit(rewrite)
    return new.code if rewrite.done and new.code != text else None


_STRICT = Config(min_severity=Severity.LOW, min_confidence=Confidence.LOW, test_min_severity=Severity.LOW)


def _verdicts(text: str, path: str, config: Config) -> Counter:
    """Every finding of one file's text, keyed by rule, CWE and the exact code it flags (not line
    numbers), so findings below a fix that adds a line, or beside it on the same line, still match."""
    from secreview.engine import finish, review_source

    review = finish([review_source(text, path, with_taint=config.taint)], [], config)
    lines = text.splitlines()
    return Counter(_key(f, lines) for f in review.findings)


def _key(f: Finding, lines: list[str]) -> tuple[str, int, str]:
    loc = f.location
    span = lines[loc.line - 1:loc.end_line]
    if span:
        if len(span) == 1:
            span = [span[0][loc.column - 1:loc.end_column - 1]]
        else:
            span[0], span[-1] = span[0][loc.column - 1:], span[-1][:loc.end_column - 1]
    return (f.rule_id, f.cwe, " ".join(" ".join(span).split()))


@dataclass
class FileFix:
    path: str
    original: str
    fixed: str
    findings: list[Finding] = field(default_factory=list)  # the findings the fix removed

    def diff(self) -> str:
        return "".join(difflib.unified_diff(self.original.splitlines(keepends=True), self.fixed.splitlines(keepends=True),
                                            f"a/{self.path.removeprefix('./')}", f"b/{self.path.removeprefix('./')}"))


def plan(findings: Iterable[Finding], config: Config | None = None) -> list[FileFix]:
    """The proven fixes for `findings`, one `FileFix` per file that changes."""
    config = config or _STRICT
    config = Config(**{**config.__dict__, "min_severity": Severity.LOW, "min_confidence": Confidence.LOW,
                       "test_min_severity": Severity.LOW})
    by_path: dict[str, list[Finding]] = {}
    for f in findings:
        if f.rule_id in FIXERS:
            by_path.setdefault(f.location.path, []).append(f)
    out = []
    for path, items in sorted(by_path.items()):
        try:
            original = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        text, before, fixed = original, _verdicts(original, path, config), []
        original_lines = original.splitlines()
        # Bottom-up, so a fix never moves the position of a finding still to be fixed.
        for f in sorted(items, key=lambda f: (f.location.line, f.location.column), reverse=True):
            candidate = _apply(text, f)
            if candidate is None:
                continue
            after = _verdicts(candidate, path, config)
            # Fixes go bottom-up, so `f`'s own position is still the original one.
            key = _key(f, original_lines)
            expected = before.copy()
            expected[key] -= 1
            if after[key] < before[key] and not (after - expected):
                text, before = candidate, after
                fixed.append(f)
        if fixed:
            out.append(FileFix(path, original, text, sorted(fixed, key=lambda f: f.sort_key)))
    return out
