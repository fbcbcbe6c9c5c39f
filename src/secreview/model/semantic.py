"""What rules and the taint engine ask about a file: names, values, arguments.

`SemanticModel` is filled by the one traversal in `checker.py`; its queries resolve against the
scope and branch the traversal is currently in (or, after the traversal, against a given scope).
"""
from __future__ import annotations

import ast
import bisect
import builtins
import functools
import itertools
import re
import tomllib
from importlib import resources
import posixpath
import shlex
from dataclasses import dataclass, field

from secreview.model import formats
from secreview.model import values as V
from secreview.model.shapes import Shape, compile_shape
from secreview.model.scopes import ASSIGN, CLASS, DEF, IMPORT, LOOP, UNPACK, Binding, Scope

BUILTIN_NAMES = frozenset(dir(builtins))


@functools.lru_cache(maxsize=1)
def _fragment_data() -> dict:
    text = resources.files("secreview").joinpath("data", "fragment_modules.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@functools.lru_cache(maxsize=1)
def fragment_modules() -> dict[str, str]:
    """`data/fragment_modules.toml`: unbound names a code fragment uses as well-known modules."""
    return dict(_fragment_data().get("modules", {}))


@functools.lru_cache(maxsize=1)
def fragment_names_by_evidence() -> dict[str, dict[str, str]]:
    """Package -> unbound names that stand for that package's objects in a fragment read as written for it
    (`request` in a pasted Django view is the view's `HttpRequest`, not `flask.request`)."""
    return {package: dict(names) for package, names in _fragment_data().get("names_by_evidence", {}).items()}


@functools.lru_cache(maxsize=1)
def _web_frameworks() -> frozenset[str]:
    return frozenset(_fragment_data().get("frameworks", {}).get("others", ()))


@functools.lru_cache(maxsize=1)
def fragment_evidence() -> dict[str, tuple[Shape, ...]]:
    """Package -> the shapes that show a fragment was written for it."""
    return {package: tuple(compile_shape(e) for e in shapes)
            for package, shapes in _fragment_data().get("evidence", {}).items()}
_MAX_DEPTH = 24


@dataclass
class FunctionInfo:
    """A function or method seen in the file, for call graphs and taint summaries."""

    qualname: str  # module-qualified, e.g. "app.views.Handler.get"
    node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
    scope: Scope  # the function's own scope
    class_qualname: str | None = None


@dataclass
class SemanticModel:
    path: str
    module_name: str
    lines: list[str]
    is_test_file: bool = False
    module_scope: Scope | None = None
    scope: Scope | None = None  # current scope during the traversal
    branch: tuple[int, ...] = ()  # current branch chain within `scope`
    seq: int = 0
    functions: list[FunctionInfo] = field(default_factory=list)
    classes: dict[str, ast.ClassDef] = field(default_factory=dict)
    # Per-node facts the traversal records for later passes (taint): scope of each function body.
    node_scopes: dict[int, Scope] = field(default_factory=dict)
    imports: dict[str, int] = field(default_factory=dict)  # imported module/qualname -> first line
    # fragment names read as modules (`subprocess` used without an import) -> lines where it mattered
    assumed_modules: dict[str, set[int]] = field(default_factory=dict)
    _qualname_cache: dict[tuple[int, int], str | None] = field(default_factory=dict, repr=False)
    _assumed_packages: dict[str, frozenset[int]] | None = field(default=None, repr=False)
    _binding_values: dict[int, object] = field(default_factory=dict, repr=False)

    # ----------------------------------------------------------------- names
    def lookup(self, name: str, scope: Scope | None = None, branch: tuple[int, ...] | None = None,
               before_seq: int | None = None) -> list[Binding]:
        """Bindings that may reach a use of `name`; empty when it is a builtin or unbound."""
        start = scope or self.scope
        if start is None:
            return []
        if branch is None and scope is None:
            branch = self.branch
        if name in start.globals_ and start.parent is not None:
            return start.module().reaching(name, None, None)
        first = True
        for candidate in start.function_scope_chain():
            found = candidate.reaching(name, branch if first else None, before_seq if first else None)
            if found:
                return found
            first = False
        return []

    def qualified_name(self, expr: ast.AST, scope: Scope | None = None, _depth: int = 0) -> str | None:
        """`subprocess.Popen` for `P` after `from subprocess import Popen as P`; None if unknown."""
        if scope is not None and _depth == 0:
            # After the traversal, answers for an explicit scope no longer change: memoise them.
            key = (id(expr), id(scope))
            cached = self._qualname_cache.get(key, self)
            if cached is self:
                cached = self._qualname_cache[key] = self._qualified_name(expr, scope, 0)
            return cached
        return self._qualified_name(expr, scope, _depth)

    def _qualified_name(self, expr: ast.AST, scope: Scope | None, _depth: int) -> str | None:
        if _depth > _MAX_DEPTH:
            return None
        if isinstance(expr, ast.Name):
            bindings = self.lookup(expr.id, scope)
            if not bindings:
                return self._unbound_name(expr)
            names = {self._binding_qualname(b, _depth) for b in bindings}
            if len(names) == 1:
                return names.pop()
            return None
        if isinstance(expr, ast.Attribute):
            base = self._qualified_name(expr.value, scope, _depth + 1)
            return f"{base}.{expr.attr}" if base else None
        return None

    def possible_qualified_names(self, expr: ast.AST) -> tuple[str, ...]:
        """Every name `expr` may stand for: one, or several after `try: from a import f` /
        `except ImportError: from b import f`; empty when unknown."""
        name = self.qualified_name(expr)
        if name:
            return (name,)
        if isinstance(expr, ast.Name):
            bindings = self.lookup(expr.id)
            if bindings and all(b.kind == IMPORT and b.qualname for b in bindings):
                return tuple(dict.fromkeys(b.qualname for b in bindings))  # type: ignore[misc]
        return ()

    def _binding_qualname(self, binding: Binding, depth: int) -> str | None:
        if binding.kind in (IMPORT, DEF, CLASS):
            return binding.qualname
        if binding.kind == ASSIGN and isinstance(binding.value, (ast.Name, ast.Attribute)):
            return self._qualname_before(binding.value, binding, depth + 1)
        return None

    def _qualname_before(self, expr: ast.expr, binding: Binding, depth: int) -> str | None:
        if depth > _MAX_DEPTH:
            return None
        if isinstance(expr, ast.Name):
            found = self.lookup(expr.id, binding.scope, binding.branch, binding.seq)
            if not found:
                return self._unbound_name(expr)
            names = {self._binding_qualname(b, depth + 1) for b in found}
            return names.pop() if len(names) == 1 else None
        if isinstance(expr, ast.Attribute):
            base = self._qualname_before(expr.value, binding, depth + 1)
            return f"{base}.{expr.attr}" if base else None
        return None

    def _unbound_name(self, expr: ast.Name) -> str | None:
        """A builtin, or in a fragment without its imports, the well-known module the name stands for.

        A patch hunk or a pasted function calls `subprocess.call(...)` with no `import subprocess`:
        reading the name as the module keeps the defect visible. A name bound anywhere in the file
        never gets here, and a star import could bind anything, so then nothing is assumed.
        """
        name = expr.id
        if name in BUILTIN_NAMES:
            return name
        module = fragment_modules().get(name)
        if module is None or self.module_scope is None or self.module_scope.star_imports:
            return None
        by_evidence = fragment_names_by_evidence()
        if any(name in names for names in by_evidence.values()):
            # a hunk of a Django view reads `request.POST`: its `request` is Django's, whatever the default
            chosen = {names[name] for package, names in by_evidence.items()
                      if name in names and package in self.assumed_packages()}
            if len(chosen) == 1:
                module = chosen.pop()
        line = getattr(expr, "lineno", 0)
        self.assumed_modules.setdefault(name, set()).add(line)
        return module

    def assumed_packages(self) -> dict[str, frozenset[int]]:
        """Packages a fragment without their imports was written for -> lines that show it.

        A pasted Django view has no `from django... import`: its `request.GET[...]` (a shape listed in
        `fragment_modules.toml` under `[evidence]`) says which framework's models apply. A file that
        imports one of those frameworks is no fragment of another, and a star import could bind anything.
        """
        if self._assumed_packages is None:
            self._assumed_packages = self._find_assumed_packages()
        return self._assumed_packages

    def consulted_assumed_packages(self) -> dict[str, frozenset[int]]:
        """`assumed_packages()` if an analysis asked for it (computing it costs a pass over the text)."""
        return self._assumed_packages or {}

    def _find_assumed_packages(self) -> dict[str, frozenset[int]]:
        # A file that imports one of the frameworks is no fragment of another one.
        evidence = fragment_evidence()
        imported = {name.split(".", 1)[0] for name in self.imports}
        if imported & (evidence.keys() | _web_frameworks()) or self.module_scope is None or self.module_scope.star_imports:
            return {}
        text = "\n".join(self.lines)
        starts = list(itertools.accumulate((len(line) + 1 for line in self.lines[:-1]), initial=0))
        found: dict[str, frozenset[int]] = {}
        for package, shapes in evidence.items():
            lines = frozenset(bisect.bisect_right(starts, start) for shape in shapes for start in shape.match_starts(text))
            if lines:
                found[package] = lines
        return found

    def call_name(self, call: ast.Call) -> str | None:
        return self.qualified_name(call.func)

    # ----------------------------------------------------------------- values
    def value(self, expr: ast.AST | None, scope: Scope | None = None) -> object:
        """The compile-time value of `expr` (see `values`): concrete, ANY_CONSTANT or UNKNOWN."""
        if expr is None:
            return V.UNKNOWN
        return self._eval(expr, scope, None, None, 0)

    def is_constant(self, expr: ast.AST | None) -> bool:
        return V.is_constant(self.value(expr))

    def string(self, expr: ast.AST | None) -> str | None:
        value = self.value(expr)
        return value if isinstance(value, str) else None

    def _eval(self, expr: ast.AST, scope, branch, before, depth) -> object:
        if depth > _MAX_DEPTH:
            return V.UNKNOWN
        d = depth + 1
        if isinstance(expr, ast.Constant):
            return expr.value
        if isinstance(expr, ast.Name):
            if expr.id in ("True", "False", "None"):
                return {"True": True, "False": False, "None": None}[expr.id]
            bindings = self.lookup(expr.id, scope, branch, before)
            if not bindings:
                return V.UNKNOWN
            return V.merge([self._binding_value(b, d) for b in bindings])
        if isinstance(expr, (ast.Tuple, ast.List, ast.Set)):
            items = []
            for elt in expr.elts:
                if isinstance(elt, ast.Starred):
                    inner = self._eval(elt.value, scope, branch, before, d)
                    if V.is_known(inner) and isinstance(inner, (tuple, list)):
                        items.extend(inner)
                        continue
                    items.append(inner if inner is V.UNKNOWN else V.ANY_CONSTANT)
                    continue
                items.append(self._eval(elt, scope, branch, before, d))
            if any(i is V.UNKNOWN for i in items):
                return V.UNKNOWN
            if not all(V.is_known(i) for i in items):
                return V.ANY_CONSTANT
            if isinstance(expr, ast.Set):
                try:
                    return frozenset(items)
                except TypeError:
                    return V.ANY_CONSTANT
            return tuple(items) if isinstance(expr, ast.Tuple) else list(items)
        if isinstance(expr, ast.Dict):
            parts = [self._eval(x, scope, branch, before, d) for x in [*expr.values, *[k for k in expr.keys if k]]]
            if any(p is V.UNKNOWN for p in parts) or None in expr.keys:
                return V.UNKNOWN
            return V.ANY_CONSTANT
        if isinstance(expr, ast.BinOp):
            return V.fold_binop(expr.op, self._eval(expr.left, scope, branch, before, d),
                                self._eval(expr.right, scope, branch, before, d))
        if isinstance(expr, ast.UnaryOp):
            return V.fold_unary(expr.op, self._eval(expr.operand, scope, branch, before, d))
        if isinstance(expr, ast.BoolOp):
            vals = [self._eval(v, scope, branch, before, d) for v in expr.values]
            if all(V.is_known(v) for v in vals):
                result = vals[0]
                for v in vals[1:]:
                    if isinstance(expr.op, ast.And):
                        result = result and v
                    else:
                        result = result or v
                return result
            return V.UNKNOWN if any(v is V.UNKNOWN for v in vals) else V.ANY_CONSTANT
        if isinstance(expr, ast.Compare):
            vals = [self._eval(x, scope, branch, before, d) for x in [expr.left, *expr.comparators]]
            return V.fold_compare(expr.ops, vals)
        if isinstance(expr, ast.IfExp):
            test = V.truthiness(self._eval(expr.test, scope, branch, before, d))
            if test is True:
                return self._eval(expr.body, scope, branch, before, d)
            if test is False:
                return self._eval(expr.orelse, scope, branch, before, d)
            return V.merge([self._eval(expr.body, scope, branch, before, d),
                            self._eval(expr.orelse, scope, branch, before, d)])
        if isinstance(expr, ast.JoinedStr):
            out = []
            for part in expr.values:
                if isinstance(part, ast.Constant):
                    out.append(str(part.value))
                elif isinstance(part, ast.FormattedValue):
                    inner = self._eval(part.value, scope, branch, before, d)
                    if inner is V.UNKNOWN:
                        return V.UNKNOWN
                    if not V.is_known(inner) or part.format_spec is not None or part.conversion not in (-1, None):
                        out.append(None)
                    else:
                        out.append(str(inner))
                else:
                    return V.UNKNOWN
            return V.ANY_CONSTANT if None in out else "".join(out)
        if isinstance(expr, ast.Subscript):
            element = self._literal_element(expr, scope, branch, before, d)
            if element is not None:
                return self._eval(element[0], element[1], element[2], element[3], d)
            base = self._eval(expr.value, scope, branch, before, d)
            index = self._eval(expr.slice, scope, branch, before, d)
            if V.is_known(base) and V.is_known(index):
                try:
                    return base[index]  # type: ignore[index]
                except Exception:
                    return V.ANY_CONSTANT
            return V.UNKNOWN if V.UNKNOWN in (base, index) else V.ANY_CONSTANT
        if isinstance(expr, ast.Call):
            return self._eval_call(expr, scope, branch, before, d)
        if isinstance(expr, ast.Attribute):
            # Class attributes / module constants reached through a module alias are not tracked.
            return V.UNKNOWN
        return V.UNKNOWN

    def _literal_element(self, expr: ast.Subscript, scope, branch, before, depth):
        """For `d["k"]` / `l[0]` where the name is bound once to a literal: (element, its scope...)."""
        if not isinstance(expr.value, ast.Name):
            return None
        index = self._eval(expr.slice, scope, branch, before, depth)
        if not V.is_known(index):
            return None
        bindings = self.lookup(expr.value.id, scope, branch, before)
        if len(bindings) != 1 or bindings[0].kind != ASSIGN or bindings[0].mutated:
            return None
        b = bindings[0]
        literal = b.value
        try:
            if isinstance(literal, ast.Dict):
                found = None
                for key, val in zip(literal.keys, literal.values):
                    if key is None:
                        return None
                    if self._eval(key, b.scope, b.branch, b.seq, depth) == index:
                        found = val  # the last duplicate key wins, as in Python
                return (found, b.scope, b.branch, b.seq) if found is not None else None
            if isinstance(literal, (ast.List, ast.Tuple)) and isinstance(index, int) and not any(
                    isinstance(e, ast.Starred) for e in literal.elts):
                return (literal.elts[index], b.scope, b.branch, b.seq)
        except (IndexError, TypeError):
            return None
        return None

    # Builtins whose result carries whatever their argument carried.
    _TRANSPARENT = frozenset({"str", "bytes", "bytearray", "list", "tuple", "set", "sorted", "reversed",
                              "os.path.join", "posixpath.join", "ntpath.join", "os.fspath", "os.fsencode",
                              "os.fsdecode"})

    _PURE_STR_METHODS = frozenset({
        "lower", "upper", "strip", "lstrip", "rstrip", "title", "capitalize", "casefold", "replace",
        "format", "join", "encode", "decode", "split", "splitlines", "zfill", "removeprefix", "removesuffix",
    })

    _FOLDABLE_CALLS = {
        "str": str, "int": int, "float": float, "bool": bool, "bytes": bytes, "tuple": tuple, "list": list,
        "len": len, "repr": repr, "frozenset": frozenset, "set": set, "os.path.join": posixpath.join,
        "posixpath.join": posixpath.join, "shlex.join": shlex.join, "shlex.quote": shlex.quote,
        "shlex.split": shlex.split, "re.escape": re.escape,  # `re.escape(b'()<>@,;')` spliced into a pattern
        "os.path.basename": posixpath.basename, "os.path.dirname": posixpath.dirname,
        "os.path.normpath": posixpath.normpath,
    }

    def _eval_call(self, call: ast.Call, scope, branch, before, depth) -> object:
        func = call.func
        args = [self._eval(a, scope, branch, before, depth) for a in call.args if not isinstance(a, ast.Starred)]
        kwargs = {k.arg: self._eval(k.value, scope, branch, before, depth) for k in call.keywords if k.arg}
        if len(args) != len(call.args) or len(kwargs) != len(call.keywords):
            return V.UNKNOWN
        all_vals = [*args, *kwargs.values()]
        name = self.qualified_name(func, scope)
        if name is None and isinstance(func, ast.Attribute) and func.attr in self._PURE_STR_METHODS:
            base = self._eval(func.value, scope, branch, before, depth)
            if base is V.UNKNOWN or any(v is V.UNKNOWN for v in all_vals):
                return V.UNKNOWN
            if isinstance(base, (str, bytes)) and all(V.is_known(v) for v in all_vals):
                try:
                    result = getattr(base, func.attr)(*args, **kwargs)
                except Exception:
                    return V.ANY_CONSTANT
                return tuple(result) if isinstance(result, list) else result
            return V.ANY_CONSTANT
        fn = self._FOLDABLE_CALLS.get(name) if name else None
        if fn is None:
            return V.UNKNOWN
        if any(v is V.UNKNOWN for v in all_vals):
            return V.UNKNOWN
        if not all(V.is_known(v) for v in all_vals):
            return V.ANY_CONSTANT
        try:
            result = fn(*args, **kwargs)
        except Exception:
            return V.ANY_CONSTANT
        return tuple(result) if isinstance(result, list) else result

    def _binding_value(self, binding: Binding, depth: int) -> object:
        """The value a binding assigns, computed once: bindings evaluate in their own context, so
        the answer does not depend on who asks (and chains of reassignments stay linear)."""
        if binding.mutated:
            return V.UNKNOWN
        cached = self._binding_values.get(id(binding), self)
        if cached is not self:
            return cached
        value = self._compute_binding_value(binding, depth)
        self._binding_values[id(binding)] = value
        return value

    def _compute_binding_value(self, binding: Binding, depth: int) -> object:
        if depth > _MAX_DEPTH:
            return V.UNKNOWN
        scope, branch, before = binding.scope, binding.branch, binding.seq
        if binding.kind == ASSIGN and binding.value is not None:
            return self._eval(binding.value, scope, branch, before, depth + 1)
        if binding.kind == UNPACK and binding.value is not None:
            whole = self._eval(binding.value, scope, branch, before, depth + 1)
            if V.is_known(whole) and isinstance(whole, (tuple, list)) and binding.index is not None:
                try:
                    return whole[binding.index]
                except IndexError:
                    return V.UNKNOWN
            return V.ANY_CONSTANT if whole is V.ANY_CONSTANT else V.UNKNOWN
        if binding.kind == LOOP and binding.value is not None:
            whole = self._eval(binding.value, scope, branch, before, depth + 1)
            if V.is_known(whole) and isinstance(whole, (tuple, list, str, frozenset)) and whole:
                if binding.index is None:
                    return V.merge(list(whole))
                items = [item[binding.index] for item in whole
                         if isinstance(item, (tuple, list)) and len(item) > binding.index]
                return V.merge(items) if len(items) == len(whole) else V.UNKNOWN
            return V.ANY_CONSTANT if whole is V.ANY_CONSTANT else V.UNKNOWN
        return V.UNKNOWN

    # ----------------------------------------------------------------- origins
    def origins(self, expr: ast.AST | None, scope: Scope | None = None) -> list[ast.AST]:
        """The non-constant leaves an expression is built from, following local assignments.

        `q = "SELECT " + name; cur.execute(q)` gives `[name's origins]`; a call such as `int(x)`
        or `shlex.quote(x)` is itself a leaf, so a rule can accept the value when every leaf is a
        sanitizer for its CWE. Parameters, attributes and unknown calls are leaves too.
        """
        out: list[ast.AST] = []
        if expr is not None:
            self._origins(expr, scope, None, None, 0, out, set())
        return out

    def _origins(self, expr, scope, branch, before, depth, out, seen) -> None:
        if depth > _MAX_DEPTH or len(out) > 64:
            out.append(expr)
            return
        d = depth + 1
        if V.is_constant(self._eval(expr, scope, branch, before, 0)):
            return
        if isinstance(expr, ast.Name):
            bindings = self.lookup(expr.id, scope, branch, before)
            if not bindings:
                out.append(expr)
                return
            for b in bindings:
                if id(b) in seen:
                    continue
                seen.add(id(b))
                if b.mutated:
                    out.append(b.node)  # filled in place later: what went in is not visible here
                elif b.kind in (ASSIGN, UNPACK, LOOP) and b.value is not None:
                    self._origins(b.value, b.scope, b.branch, b.seq, d, out, seen)
                else:
                    out.append(b.node if b.kind != "param" else expr)
            return
        if isinstance(expr, ast.BinOp):
            self._origins(expr.left, scope, branch, before, d, out, seen)
            texts = formats.text_operands(self._eval(expr.left, scope, branch, before, 0), expr.right) \
                if isinstance(expr.op, ast.Mod) else None
            for right in (expr.right,) if texts is None else texts:  # `"LIMIT %d" % n`: `n` is a number
                self._origins(right, scope, branch, before, d, out, seen)
        elif isinstance(expr, ast.JoinedStr):
            for part in expr.values:
                if isinstance(part, ast.FormattedValue) and not formats.numeric_spec(part):
                    self._origins(part.value, scope, branch, before, d, out, seen)
        elif isinstance(expr, (ast.Tuple, ast.List, ast.Set)):
            for elt in expr.elts:
                self._origins(elt.value if isinstance(elt, ast.Starred) else elt, scope, branch, before, d, out, seen)
        elif isinstance(expr, ast.Dict):
            for part in (*expr.keys, *expr.values):
                if part is not None:
                    self._origins(part, scope, branch, before, d, out, seen)
        elif isinstance(expr, ast.IfExp):
            test = V.truthiness(self._eval(expr.test, scope, branch, before, 0))
            if test is not False:
                self._origins(expr.body, scope, branch, before, d, out, seen)
            if test is not True:
                self._origins(expr.orelse, scope, branch, before, d, out, seen)
        elif isinstance(expr, ast.BoolOp):
            for v in expr.values:
                self._origins(v, scope, branch, before, d, out, seen)
        elif isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Name):
            element = self._literal_element(expr, scope, branch, before, d)
            if element is not None:
                self._origins(element[0], element[1], element[2], element[3], d, out, seen)
            else:
                self._origins(expr.value, scope, branch, before, d, out, seen)
        elif (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute)
              and expr.func.attr in self._PURE_STR_METHODS and self.qualified_name(expr.func, scope) is None):
            self._origins(expr.func.value, scope, branch, before, d, out, seen)
            for arg in (*expr.args, *(k.value for k in expr.keywords)):
                self._origins(arg.value if isinstance(arg, ast.Starred) else arg, scope, branch, before, d, out, seen)
        elif isinstance(expr, ast.Starred):
            self._origins(expr.value, scope, branch, before, d, out, seen)
        elif isinstance(expr, ast.Call) and self.qualified_name(expr.func, scope) in self._TRANSPARENT:
            for arg in expr.args:
                self._origins(arg.value if isinstance(arg, ast.Starred) else arg, scope, branch, before, d, out, seen)
        else:
            out.append(expr)

    def all_origins_are(self, expr: ast.AST | None, accept) -> bool:
        """True when every non-constant leaf of `expr` satisfies `accept(leaf, qualified_name)`.

        `accept` receives the leaf and, for a call, the callee's qualified name (else None).
        """
        for leaf in self.origins(expr):
            name = self.qualified_name(leaf.func) if isinstance(leaf, ast.Call) else None
            if not accept(leaf, name):
                return False
        return True

    # ----------------------------------------------------------------- calls
    @staticmethod
    def argument(call: ast.Call, position: int | None = None, keyword: str | None = None) -> ast.expr | None:
        """The expression passed at `position` or as `keyword=`; None when absent or hidden in */**."""
        if keyword is not None:
            for kw in call.keywords:
                if kw.arg == keyword:
                    return kw.value
        if position is not None:
            for i, arg in enumerate(call.args):
                if isinstance(arg, ast.Starred):
                    return None
                if i == position:
                    return arg
        return None

    @staticmethod
    def has_argument(call: ast.Call, position: int | None = None, keyword: str | None = None) -> bool:
        """Present, or possibly present through *args/**kwargs."""
        if SemanticModel.argument(call, position, keyword) is not None:
            return True
        if keyword is not None and any(kw.arg is None for kw in call.keywords):
            return True
        if position is not None and any(isinstance(a, ast.Starred) for a in call.args):
            return True
        return False

    def keyword_value(self, call: ast.Call, keyword: str, default: object = V.UNKNOWN) -> object:
        """Compile-time value of `keyword=` or `default` when not passed (UNKNOWN behind **kwargs)."""
        arg = self.argument(call, keyword=keyword)
        if arg is not None:
            return self.value(arg)
        if any(kw.arg is None for kw in call.keywords):
            return V.UNKNOWN
        return default

    # ----------------------------------------------------------------- lifetime
    def release(self) -> None:
        """Break the reference cycles of a finished model (scope <-> binding) so that reference
        counting frees the file's tree and model at once, without the cycle collector having to
        traverse them. The model answers nothing afterwards."""
        scopes = list(self.node_scopes.values())
        if self.module_scope is not None:
            scopes.append(self.module_scope)
        for scope in scopes:
            scope.bindings.clear()
            scope.parent = None
        self.node_scopes.clear()
        self.functions.clear()
        self.classes.clear()
        self._qualname_cache.clear()
        self._binding_values.clear()
        self.module_scope = self.scope = None

    # ----------------------------------------------------------------- text
    def source_segment(self, node: ast.AST, max_lines: int = 6) -> str:
        start = getattr(node, "lineno", 1)
        end = getattr(node, "end_lineno", start) or start
        end = min(end, start + max_lines - 1)
        return "\n".join(self.lines[start - 1:end])

    def enclosing_function(self) -> Scope | None:
        scope = self.scope
        while scope is not None and scope.kind not in ("function", "lambda"):
            scope = scope.parent
        return scope
