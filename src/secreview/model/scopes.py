"""Scopes and bindings, in the style of pyflakes: small classes filled during the one traversal.

A binding remembers where in the control structure it happened (`branch`: the chain of if/loop/try
arms it sits in), so a use can tell which earlier assignments may reach it: walking back from the
newest binding, every binding counts until one that dominates the use (its branch is a prefix of
the use's branch).
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field

# Binding kinds
IMPORT = "import"
ASSIGN = "assign"  # `value` is the assigned expression (possibly synthetic, see checker)
LOOP = "loop"  # for-target; `value` is the iterable
UNPACK = "unpack"  # element `index` of `value`
DEF = "def"
CLASS = "class"
PARAM = "param"
OTHER = "other"  # with-as, except-as, match captures, walrus in odd places...


@dataclass(eq=False)
class Binding:
    name: str
    kind: str
    node: ast.AST
    seq: int
    branch: tuple[int, ...]
    scope: "Scope"
    value: ast.expr | None = None
    qualname: str | None = None  # for imports, defs and classes
    index: int | None = None  # for UNPACK, and LOOP over tuples
    # The bound container is changed in place later (`xs.append(v)`, `d[k] = v`): its literal value is stale.
    mutated: bool = False

    @property
    def line(self) -> int:
        return getattr(self.node, "lineno", 0)


@dataclass(eq=False)
class Scope:
    kind: str  # "module", "class", "function", "lambda", "comprehension"
    node: ast.AST
    parent: "Scope | None"
    qualname: str
    bindings: dict[str, list[Binding]] = field(default_factory=dict)
    globals_: set[str] = field(default_factory=set)
    nonlocals: set[str] = field(default_factory=set)
    star_imports: list[str] = field(default_factory=list)

    def add(self, binding: Binding) -> None:
        self.bindings.setdefault(binding.name, []).append(binding)

    def reaching(self, name: str, branch: tuple[int, ...] | None, before_seq: int | None) -> list[Binding]:
        """Bindings of `name` in this scope that may reach a use.

        `branch` is the use's branch chain (None for a use from an inner function, which runs
        later: then only the tail from the last unconditional binding reaches). `before_seq` limits
        to bindings made earlier in the traversal.
        """
        candidates = self.bindings.get(name)
        if not candidates:
            return []
        use_branch = branch if branch is not None else ()
        result: list[Binding] = []
        for binding in reversed(candidates):
            if before_seq is not None and binding.seq >= before_seq:
                continue
            result.append(binding)
            if binding.branch == use_branch[: len(binding.branch)]:
                break
        return result

    def function_scope_chain(self):
        """This scope and its parents as Python resolves names from here (class bodies skipped)."""
        scope: Scope | None = self
        first = True
        while scope is not None:
            if first or scope.kind != "class":
                yield scope
            first = False
            scope = scope.parent

    def module(self) -> "Scope":
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope
