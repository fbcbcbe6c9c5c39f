"""What a re-review keeps of the last cross-file solve, and which functions a change forces it to re-solve.

The solve (`secreview.taint.solve`) computes a least fixpoint and records, for every function, which
parts of the state it read. After an edit that leaves every file's *interface* alone (the names it
defines, the bases of its classes, its imports, what its factories return), the functions of the
changed files are re-solved from scratch together with every function that read anything they
produce, transitively; every other function read nothing that changed, so its part of the old
fixpoint is part of the new one. An edit that changes an interface (a function added, renamed or
moved, a file added or deleted) can change how calls elsewhere resolve: then everything is solved.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from secreview.taint.domain import FileFacts


@dataclass
class SolveState:
    """The solved state of one tree, and what it was solved from."""
    versions: dict[str, str]  # path -> the per-file cache key its facts came from
    interfaces: dict[str, str]  # path -> `interface()` of those facts
    order: list[str]  # every function, callees first (the solver's evaluation priority)
    ret: dict
    reach: dict
    stores: dict
    readers: dict  # state key -> functions that read it (see `_Solver._read`)
    functions_of: dict[str, list[str]] = field(default_factory=dict)  # path -> functions it defines


def interface(facts: FileFacts) -> str:
    """A hash of everything in a file that decides how calls in *other* files resolve."""
    factories = []
    for qn, summary in sorted(facts.functions.items()):
        returned = sorted(
            repr(facts.calls[origin[2]].candidates) for (origin, _san) in summary.ret
            if origin[0] == "call" and origin[1] == facts.path and origin[2] in facts.calls
        )
        factories.append((qn, returned))
    shape = (facts.module, factories, sorted(facts.classes.items()), sorted(facts.aliases.items()),
             sorted(facts.exports))
    return hashlib.sha256(repr(shape).encode()).hexdigest()


def to_resolve(state: SolveState, versions: dict[str, str], interfaces: dict[str, str]) -> set[str] | None:
    """The functions a re-solve must start from scratch, or None when everything must be solved."""
    if set(versions) != set(state.versions):
        return None  # a file added or deleted
    changed = {path for path, key in versions.items() if state.versions[path] != key}
    if any(interfaces[path] != state.interfaces[path] for path in changed):
        return None
    readers = state.readers
    todo: set[str] = set()
    stack: list[str] = []

    def add(functions) -> None:
        for qn in functions:
            if qn not in todo:
                todo.add(qn)
                stack.append(qn)

    for path in changed:
        add(state.functions_of.get(path, ()))
        add(readers.get(("file", path), ()))
    while stack:
        qn = stack.pop()
        add(readers.get(("ret", qn), ()))
        add(readers.get(("out", qn), ()))
        for (cls, attr, origin, _san) in state.stores.get(qn, {}):
            if origin[0] == "src":
                add(readers.get(("field", cls, attr), ()))
    return todo
