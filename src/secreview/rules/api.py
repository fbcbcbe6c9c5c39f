"""How a rule is declared: a small function plus metadata, registered by a decorator.

A rule says *what it looks at* (node types, call targets by qualified name, or method names on any
receiver) and the one traversal in `model.checker` calls it only there. Its docstring carries the
documentation in Ruff's sections; the code blocks under *Example* and *Use instead* are run as
tests (the first must trigger the rule, the second must not).
"""
from __future__ import annotations

import ast
import inspect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from secreview.findings import Confidence, Severity

if TYPE_CHECKING:  # pragma: no cover
    from secreview.model.checker import Context


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    cwe: int
    severity: Severity
    confidence: Confidence
    check: Callable[["Context", ast.AST], Iterable["Report"] | None]
    nodes: tuple[type, ...] = ()
    calls: frozenset[str] = frozenset()
    methods: frozenset[str] = frozenset()
    imports: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()  # identifiers: `ast.Name` ids and `ast.Attribute` attrs
    fix: str = ""
    doc: str = ""
    tags: tuple[str, ...] = ()
    # other CWEs an occurrence may report instead (`Report(cwe=...)`); tests hold every rule to them
    also_cwes: tuple[int, ...] = ()

    @property
    def cwes(self) -> tuple[int, ...]:
        """Every CWE this rule reports: its default first."""
        return (self.cwe, *(c for c in self.also_cwes if c != self.cwe))

    @property
    def sections(self) -> dict[str, str]:
        return parse_doc_sections(self.doc)

    @property
    def examples(self) -> tuple[str, str]:
        """(vulnerable example, safe example) from the docstring's code blocks."""
        sections = self.sections
        return (_first_code_block(sections.get("Example", "")), _first_code_block(sections.get("Use instead", "")))


@dataclass
class Report:
    """What a rule returns: the node to point at and the specifics of this occurrence."""

    node: ast.AST
    message: str
    fix: str | None = None
    severity: Severity | None = None
    confidence: Confidence | None = None
    cwe: int | None = None


REGISTRY: dict[str, Rule] = {}


def rule(
    id: str,
    *,
    title: str,
    cwe: int,
    severity: Severity,
    confidence: Confidence,
    fix: str,
    nodes: Iterable[type] = (),
    calls: Iterable[str] = (),
    methods: Iterable[str] = (),
    imports: Iterable[str] = (),
    names: Iterable[str] = (),
    tags: Iterable[str] = (),
    also_cwes: Iterable[int] = (),
):
    """Register the decorated check function as a rule."""

    def register(fn):
        if id in REGISTRY:
            raise ValueError(f"duplicate rule id {id}")
        REGISTRY[id] = Rule(
            id=id, title=title, cwe=cwe, severity=severity, confidence=confidence, check=fn,
            nodes=tuple(nodes), calls=frozenset(calls), methods=frozenset(methods), imports=frozenset(imports),
            names=frozenset(names),
            fix=fix, doc=inspect.cleandoc(fn.__doc__ or ""), tags=tuple(tags),
            also_cwes=tuple(also_cwes),
        )
        return fn

    return register


_SECTION = re.compile(r"^##\s+(.+?)\s*$", re.M)


def parse_doc_sections(doc: str) -> dict[str, str]:
    parts = _SECTION.split(doc)
    sections = {}
    for i in range(1, len(parts) - 1, 2):
        sections[parts[i].rstrip("?")] = parts[i + 1].strip()
    return sections


def _first_code_block(text: str) -> str:
    match = re.search(r"```(?:python|py)?\n(.*?)```", text, re.S)
    return match.group(1) if match else ""


def as_reports(result: Iterable[Report] | Report | None) -> Iterator[Report]:
    if result is None:
        return iter(())
    if isinstance(result, Report):
        return iter((result,))
    return iter(result)
