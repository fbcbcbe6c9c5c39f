"""Per-file taint facts: one abstract interpretation pass per function (worker side).

Each function (and the module body) is interpreted once over an environment name -> `AV`
(a small fixpoint for loops). Parameters carry `("param", i)` labels, calls that may land in the
reviewed tree carry `("call", path, k)` labels, so the parent can link summaries of all files.
"""
from __future__ import annotations

import ast
import functools
import base64
import binascii
import html
import os
import re
import urllib.parse

from secreview.findings import Confidence, Finding, Location, Severity
from secreview.model import formats
from secreview.model import values as V
from secreview.model.checker import _READING_BUILTINS, _READING_METHODS, _char_column
from secreview.model.scopes import CLASS, DEF, IMPORT
from secreview.model.semantic import BUILTIN_NAMES, FunctionInfo, SemanticModel, fragment_evidence
from secreview.taint import models as M
from secreview.taint.domain import (
    AS_IS, AV, CLEAN, CONFINED, HOST, NO_SAN, OPAQUE, SPLICED, CallSite, FileFacts, FuncSummary, Labels, SinkRec, SourceRec,
    TemplateContext, desanitize, dirty_for, join, merge_into, possible_constants, sanitize, spliced, union, with_step,
)
from secreview.taint import sql_shape, validators
from secreview.taint.solve import RULES
from secreview.rules.randomness import identifier_words
from secreview.taint.models import ALL

_MAX_LOOP = 3
_LIST_MUTATORS = frozenset({"append", "insert", "pop", "remove", "extend", "clear"})
_RECEIVER_MUTATORS = frozenset({"append", "extend", "insert", "add", "update", "write", "writelines", "setdefault",
                                "appendleft", "push", "put"})
_COMPOUND = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try, ast.FunctionDef,
             ast.AsyncFunctionDef, ast.ClassDef, *((ast.TryStar,) if hasattr(ast, "TryStar") else ()),
             *((ast.Match,) if hasattr(ast, "Match") else ()))
_CONSTANT_ATTR = re.compile(r"^_?[A-Z][A-Z0-9_]*$")
_LIBRARY_CONSTANTS = frozenset({"os.sep", "os.altsep", "os.linesep", "os.pathsep", "os.curdir", "os.pardir", "os.extsep",
                                "os.devnull", "os.name", "sys.platform", "sys.version", "sys.maxsize", "string.ascii_letters",
                                "string.ascii_lowercase", "string.ascii_uppercase", "string.digits", "string.hexdigits",
                                "string.punctuation", "string.printable", "string.whitespace"})
_PURE_BUILTINS = frozenset({"sum", "min", "max", "sorted", "reversed", "enumerate", "zip", "range", "str", "repr", "format",
                            "bytes", "tuple", "list", "set", "frozenset", "dict", "chr", "hex", "oct", "bin", "divmod",
                            "pow", "all", "any", "map", "filter", "iter", "next", "ascii"})
_UNSAFE_REGEX = re.compile(r"(?<!\\)\.[*+]|\\[SWD]|\[\^")


_EVAL_DISPATCH: dict = {}  # expression type -> FunctionAnalysis.e_<Type> (False: none)


class _Terminated(Exception):
    pass


def _text(node: ast.AST, limit: int = 60) -> str:
    try:
        text = ast.unparse(node)
    except Exception:
        return "..."
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def access_path(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = access_path(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def _root_name(node: ast.AST) -> str | None:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _share_key(value) -> object:
    """A hashable key equal for equal values; dict and tuple members are already shared, so their
    identities stand for them."""
    if isinstance(value, dict):
        return (dict, tuple((k, id(v) if isinstance(v, dict) else v) for k, v in value.items()))
    if isinstance(value, tuple) and value and isinstance(value[0], dict):
        return (tuple, tuple(map(id, value)))
    return (type(value), value)


class FileAnalysis:
    def __init__(self, model: SemanticModel, tree: ast.Module) -> None:
        self.model = model
        self.tree = tree
        self.models = M.load_for(model.module_name.split(".", 1)[0])
        self.facts = FileFacts(model.path, model.module_name)
        self.module_env: dict[str, AV] = {}
        self.sink_index: dict[int, int] = {}  # id(node) -> index in facts.sinks
        self.source_index: dict[tuple, int] = {}
        self.call_ids: dict[int, int] = {}
        self.cookie_seen: set[int] = set()
        self.class_bases: dict[str, tuple] = {}
        self.step_cache: dict[int, tuple] = {}
        self._imports_cache: dict[str, bool] = {}
        self._evidence_types: dict[str, str | None] = {}
        self._loc_cache: dict[int, tuple] = {}
        self._functions: dict[str, ast.AST] | None = None
        self._raise_guards: dict[int, tuple] = {}
        self.source_prefixes: dict[str, str | None] = {}  # external dotted name -> the source it is inside
        self.validating: set[int] = set()  # validators whose checks are being applied (no recursion)
        # checks rewritten for a call site: kept alive so that no other node reuses their ids
        self.rewritten_checks: list[ast.AST] = []
        self._shared: dict = {}  # share key -> the one object of this file with that value
        self._shared_ids: dict[int, tuple] = {}  # id of a value seen -> (that value, its shared object)
        self._empties: dict[type, object] = {}

    # ----------------------------------------------------------------- helpers
    def shared(self, value):
        """The one object of this file equal to `value` (call sites repeat the same label sets, keyword
        dicts and callee texts over and over: sharing them halves the facts' memory and pickle). Shared
        values are never mutated: the solver copies before it merges into a call site's labels."""
        if not value:
            return self._empties.setdefault(type(value), value)
        seen = self._shared_ids.get(id(value))
        if seen is not None and seen[0] is value:  # the same object again (a receiver's labels, say)
            return seen[1]
        found = self._shared.setdefault(_share_key(value), value)
        self._shared_ids[id(value)] = (value, found)  # keeps `value` alive, so its id stays its own
        return found

    def loc(self, node: ast.AST) -> tuple:
        found = self._loc_cache.get(id(node))
        if found is None:
            found = self._loc_cache[id(node)] = self._loc(node)
        return found

    def _loc(self, node: ast.AST) -> tuple:
        lines = self.model.lines
        line = getattr(node, "lineno", 1)
        end_line = getattr(node, "end_lineno", None) or line
        col = _char_column(lines, line, getattr(node, "col_offset", 0)) + 1
        end_col = _char_column(lines, end_line, getattr(node, "end_col_offset", None) or 0) + 1
        return (self.model.path, line, col, end_line, end_col)

    def source_text(self, node: ast.AST, limit: int = 70) -> str:
        """The node's own source text on one line: cheaper than unparsing, and what the user wrote."""
        lines = self.model.lines
        line = getattr(node, "lineno", 0)
        if not 0 < line <= len(lines):
            return _text(node, limit)
        end_line = getattr(node, "end_lineno", None) or line
        text = lines[line - 1]
        start = _char_column(lines, line, getattr(node, "col_offset", 0))
        if end_line == line:
            end = _char_column(lines, line, getattr(node, "end_col_offset", None) or len(text))
            snippet = text[start:end]
        else:
            snippet = text[start:] + " ..."
        snippet = " ".join(snippet.split())
        return snippet if len(snippet) <= limit else snippet[: limit - 3] + "..."

    def imports(self, prefix: str) -> bool:
        known = self._imports_cache.get(prefix)
        if known is None:
            known = self._imports_cache[prefix] = any(
                name == prefix or name.startswith(prefix + ".") for name in self.model.imports
            ) or bool(prefix) and prefix.split(".", 1)[0] in self.model.assumed_packages()
        return known

    def _may_import(self, prefix: str) -> bool:
        """`imports(prefix)` could hold, judged without reading the text for fragment shapes."""
        return prefix.split(".", 1)[0] in fragment_evidence() or any(
            name == prefix or name.startswith(prefix + ".") for name in self.model.imports)

    def evidence_self_type(self, class_qualname: str) -> str | None:
        """The framework type of `self` in a class whose bases come from other modules of the project
        (`class LoginHandler(IPythonHandler)`, the handler base defined elsewhere): the type whose own
        methods the class calls on `self` (`self.get_argument(...)`), in a file importing that framework."""
        if class_qualname in self._evidence_types:
            return self._evidence_types[class_qualname]
        found = None
        bases = self.class_bases.get(class_qualname, ())
        node = self.model.classes.get(class_qualname)
        project_bases = [b for b in bases if b not in self.class_bases and not self.models.is_external(b)]
        if node is not None and project_bases and any(self._may_import(e[2]) for e in self.models.self_type_evidence):
            called = {n.func.attr for n in ast.walk(node) if isinstance(n, ast.Call)
                      and isinstance(n.func, ast.Attribute) and isinstance(n.func.value, ast.Name)
                      and n.func.value.id == "self"}
            for methods, type_name, package in self.models.self_type_evidence:
                if called & methods and self.imports(package):
                    found = type_name
                    break
        self._evidence_types[class_qualname] = found
        return found

    def function_node(self, qualname: str | None) -> ast.AST | None:
        if self._functions is None:
            self._functions = {info.qualname: info.node for info in self.model.functions}
        return self._functions.get(qualname) if qualname else None

    def raise_guards(self, fn: ast.AST) -> tuple:
        found = self._raise_guards.get(id(fn))
        if found is None:
            found = self._raise_guards[id(fn)] = validators.raise_guards(fn)
        return found

    def add_template_dir(self, name: str) -> None:
        """A template folder named in this file: relative names count from the file's folder and the
        folders above it (Flask: the application's root path; a loader: the working directory)."""
        base = os.path.dirname(self.model.path)
        if os.path.isabs(name):
            candidates = [name]
        else:
            candidates, folder = [], base
            for _ in range(4):
                candidates.append(os.path.normpath(os.path.join(folder, name)))
                if not folder or folder == os.path.dirname(folder):
                    break
                folder = os.path.dirname(folder)
        for path in candidates:
            if path not in self.facts.template_dirs:
                self.facts.template_dirs.append(path)

    def _template_settings(self) -> None:
        """`TEMPLATES = [{"DIRS": [BASE_DIR / "templates"]}]` at module level (Django settings)."""
        settings = self.models.template_settings
        for stmt in self.tree.body:
            if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
                continue
            folder = settings.get(stmt.targets[0].id)
            if folder is None or not isinstance(stmt.value, (ast.List, ast.Tuple)):
                continue
            for entry in stmt.value.elts:
                if not isinstance(entry, ast.Dict):
                    continue
                for k, v in zip(entry.keys, entry.values):
                    if isinstance(k, ast.Constant) and k.value == folder.key and isinstance(v, (ast.List, ast.Tuple)):
                        for item in v.elts:
                            name = _trailing_path(item)
                            if name:
                                self.add_template_dir(name)

    def source(self, kind: str, node: ast.AST, text: str | None = None) -> Labels:
        key = (kind, id(node))
        index = self.source_index.get(key)
        if index is None:
            index = len(self.facts.sources)
            self.facts.sources.append(SourceRec(kind, self.loc(node), text or self.source_text(node, 60),
                                                kind in self.models.local_kinds, kind in self.models.config_kinds))
            self.source_index[key] = index
        return {(("src", self.model.path, index), self.models.source_safe.get(kind, NO_SAN)): ()}

    # ----------------------------------------------------------------- driver
    def run(self) -> FileFacts:
        for qualname, node in self.model.classes.items():
            scope = self.model.node_scopes.get(id(node))
            outer = scope.parent if scope is not None else None
            bases = tuple(b for b in (self.model.qualified_name(base, outer) for base in node.bases) if b)
            self.class_bases[qualname] = bases
            self.facts.classes[qualname] = bases
        module_scope = self.model.module_scope
        if module_scope is not None:
            for name, bindings in module_scope.bindings.items():
                b = bindings[-1]
                if b.kind == IMPORT and b.qualname:
                    self.facts.aliases[f"{self.model.module_name}.{name}"] = b.qualname
        if self.models.template_settings:
            self._template_settings()
        module_fn = FunctionAnalysis(self, None)
        module_fn.run()
        self.module_env = module_fn.env
        for name, av in module_fn.env.items():
            if "." in name:
                continue
            labels = {k: t for k, t in av.flat().items() if k[0][0] in ("src", "call")}
            if labels:
                self.facts.exports[f"{self.model.module_name}.{name}"] = labels
        for info in self.model.functions:
            FunctionAnalysis(self, info).run()
        return self.facts


class FunctionAnalysis:
    def __init__(self, fa: FileAnalysis, info: FunctionInfo | None) -> None:
        self.fa = fa
        self.model = fa.model
        self.models = fa.models
        self.info = info
        if info is None:
            self.scope = self.model.module_scope
            self.qualname = f"{self.model.module_name}.<module>"
            self.summary = FuncSummary(self.qualname, None, (), 0, None, None, True)
            self.body = fa.tree.body
        else:
            self.scope = info.scope
            self.qualname = info.qualname
            self.body = info.node.body
            args = info.node.args
            positional = [a.arg for a in (*args.posonlyargs, *args.args)]
            kwonly = [a.arg for a in args.kwonlyargs]
            params = positional + kwonly + [a.arg for a in (args.vararg, args.kwarg) if a is not None]
            static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in info.node.decorator_list)
            self.summary = FuncSummary(self.qualname, info.class_qualname, tuple(params), len(positional),
                                       args.vararg.arg if args.vararg else None,
                                       args.kwarg.arg if args.kwarg else None, static or info.class_qualname is None)
            self.summary.public = _is_public(info) and not self.model.is_test_file
            by_name = {a.arg: a for a in (*args.posonlyargs, *args.args, *args.kwonlyargs,
                                          *(a for a in (args.vararg, args.kwarg) if a is not None))}
            self.summary.param_locs = tuple(self.fa.loc(by_name[name]) for name in params)
        self.env: dict[str, AV] = {}
        self.loop_exits: list[list[dict]] = []
        self.loop_breaks: list[list[dict]] = []
        self.current: ast.stmt | None = None
        self.is_view = False
        self.html_return = False
        # a view whose every route is a fixed path (no `<converter>`): the request's path is that text
        self.fixed_path: object | None = None
        self.display = self.qualname.rsplit(".", 1)[-1]

    # ----------------------------------------------------------------- setup
    def run(self) -> None:
        self.fa.facts.functions[self.qualname] = self.summary
        if self.info is not None:
            self._bind_params()
        env = self.exec_block(self.body, self.env)
        if env is not None:
            self.env = env

    def _annotation_name(self, arg: ast.arg) -> str | None:
        if arg.annotation is None:
            return None
        ann = arg.annotation
        if isinstance(ann, ast.Subscript):  # Annotated[Request, ...] / Optional[...]
            ann = ann.slice.elts[0] if isinstance(ann.slice, ast.Tuple) else ann.slice
        return self.model.qualified_name(ann, self.scope.parent)

    def _fixed_route_path(self, node: ast.AST, route) -> object | None:
        """The path every route of this view matches (`@app.route("/about")`), or ANY_CONSTANT for several
        fixed paths; None when a route has a variable part or is not a constant."""
        rules = []
        for dec in node.decorator_list:
            if not (isinstance(dec, ast.Call) and isinstance(dec.func, ast.Attribute) and dec.func.attr in route.attrs):
                return None  # another decorator may route this function too
            rule = dec.args[0] if dec.args else next((k.value for k in dec.keywords if k.arg == "rule"), None)
            value = self.eval(rule, {}).const if rule is not None else None
            if not isinstance(value, str) or "<" in value:
                return None
            rules.append(value)
        if not rules:
            return None
        return rules[0] if len(set(rules)) == 1 else V.ANY_CONSTANT

    def _bind_params(self) -> None:
        info = self.info
        node = info.node
        args = node.args
        all_args = [*args.posonlyargs, *args.args, *args.kwonlyargs, *(a for a in (args.vararg, args.kwarg) if a)]
        defaults = dict(zip([a.arg for a in (*args.posonlyargs, *args.args)][::-1], args.defaults[::-1]))
        defaults.update({a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None})
        types: dict[str, str] = {}
        route_kind = None
        route = None
        skip: set[str] = set()
        is_method = info.class_qualname is not None and not self.summary.static
        # typed parameters (framework request objects)
        for a in all_args:
            ann = self._annotation_name(a)
            for tp in self.models.typed_params:
                if ann and ann in tp.get("annotation", ()):
                    types[a.arg] = tp["type"]
                elif "name" in tp and a.arg == tp["name"] and self.fa.imports(tp.get("when_imports", "")) and not ann:
                    types.setdefault(a.arg, tp["type"])
        # route decorators
        for dec in node.decorator_list:
            if isinstance(dec, ast.Call) and isinstance(dec.func, ast.Attribute):
                owner = self.eval(dec.func.value, {}) if isinstance(dec.func.value, ast.Name) else None
                owner_type = owner.cls if owner else None
                for r in self.models.routes:
                    if dec.func.attr not in r.attrs:
                        continue
                    if (owner_type and owner_type in r.types) or (
                            not (owner_type and self.models.is_external(owner_type)) and self.fa.imports(r.fallback_import)):
                        route = r
                        break
                if route:
                    break
        if route is not None:
            route_kind = route.kind
            self.is_view = route.view
            self.html_return = route.html_return
            self.fixed_path = self._fixed_route_path(node, route)
            for a in all_args:
                ann = self._annotation_name(a)
                default = defaults.get(a.arg)
                dq = self.model.qualified_name(default.func, self.scope.parent) if isinstance(default, ast.Call) else None
                if (ann and ann in route.skip_annotations) or (dq and dq in route.skip_defaults) or a.arg in types:
                    skip.add(a.arg)
        # Django function views and class-based views
        first = all_args[0].arg if all_args else None
        if info.class_qualname is None and "." not in self.qualname[len(self.model.module_name) + 1:]:
            for v in self.models.views:
                # a fragment without imports has no module name to go by: its shapes said Django
                in_views = (self.model.module_name.rsplit(".", 1)[-1].endswith(v["module_suffix"])
                            or v.get("when_imports", "") in self.model.assumed_packages())
                if in_views and first == v["first_param"] and self.fa.imports(v.get("when_imports", "")):
                    types[first] = v["request_type"]
                    route_kind = v["kind"]
                    skip.add(first)
        elif info.class_qualname is not None and is_method:
            bases = self._all_bases(info.class_qualname)
            for cv in self.models.class_views:
                named = node.name in cv["methods"] or (cv["method_pattern"] is not None
                                                       and cv["method_pattern"].fullmatch(node.name) is not None)
                if named and any(b == p or b.startswith(p + ".") for b in bases for p in cv["bases"]):
                    if len(all_args) > 1 and cv.get("request_type"):  # (Flask-RESTful: no request parameter)
                        types[all_args[1].arg] = cv["request_type"]
                        skip.add(all_args[1].arg)
                    route_kind = cv["kind"]
                    skip.add(first)
        if is_method and self.summary.public:
            bases = self._all_bases(info.class_qualname)
            for ep in self.models.entry_points:
                if node.name in ep["methods"] and any(b == p or b.startswith(p + ".") for b in bases for p in ep["bases"]):
                    self.summary.public = False  # a command's `handle(**options)`: argv, not a library caller
        wsgi_sources: dict[str, str] = {}
        names = {a.arg for a in all_args}
        for params, sources, kind in self.models.signature_entries:
            if not route_kind and params <= names:
                wsgi_sources.update({n: kind for n in sources})
                self.summary.public = False  # the server calls it
        if route_kind:
            self.summary.public = False  # the framework calls it: its sources are modelled, its other parameters are not the caller's
        self_type = info.class_qualname
        if is_method:
            bases = self._all_bases(info.class_qualname)
            for st_bases, st_type in self.models.self_types:
                if bases & st_bases:
                    self_type = st_type
            if self_type == info.class_qualname:
                self_type = next((t for c in (info.class_qualname, *bases) if (t := self.fa.evidence_self_type(c))),
                                 self_type)
        for j, name in enumerate(self.summary.params):
            arg_node = next(a for a in all_args if a.arg == name)
            labels: Labels = {(("param", j), NO_SAN): ()}
            cls = types.get(name)
            if j == 0 and is_method:
                cls = self_type
            elif route_kind and name not in skip and not (j == 0 and is_method):
                labels = union(labels, self.fa.source(route_kind, arg_node, name))
            elif name in wsgi_sources:
                labels = union(labels, self.fa.source(wsgi_sources[name], arg_node, name))
            self.env[name] = AV(labels, cls=cls)

    def _all_bases(self, class_qualname: str) -> set[str]:
        seen: set[str] = set()
        todo = [class_qualname]
        while todo:
            c = todo.pop()
            for b in self.fa.class_bases.get(c, ()):
                if b not in seen:
                    seen.add(b)
                    todo.append(b)
        return seen

    # ----------------------------------------------------------------- statements
    def exec_block(self, stmts: list[ast.stmt], env: dict | None) -> dict | None:
        for stmt in stmts:
            if env is None:
                return None
            try:
                env = self.exec_stmt(stmt, env)
            except _Terminated:
                return None
            except RecursionError:
                raise
            except Exception:  # an unexpected shape must not end the analysis of the file
                continue
        return env

    def exec_stmt(self, stmt: ast.stmt, env: dict) -> dict | None:
        self.current = stmt
        t = type(stmt)
        if t is ast.Assign:
            value = self.eval(stmt.value, env)
            for target in stmt.targets:
                self.assign(target, value, env, stmt)
            return env
        if t is ast.AnnAssign:
            if stmt.value is not None:
                self.assign(stmt.target, self.eval(stmt.value, env), env, stmt)
            return env
        if t is ast.AugAssign:
            current = self.eval(stmt.target, env)
            value = self.eval(stmt.value, env)
            const = V.fold_binop(stmt.op, current.const, value.const)
            if current.items is not None and value.items is not None and isinstance(stmt.op, ast.Add):
                new = AV(union(current.labels, value.labels), items=current.items + value.items, const=const)
            else:
                flags = _html_flag(current, value)
                if isinstance(stmt.op, (ast.Add, ast.Mod)):
                    added = _spliced_after(current.const, value.flat(), self._fixed(current))
                    if isinstance(stmt.op, ast.Add):  # `q += " WHERE name = '" + name + "'"`
                        prefix = current.const if isinstance(current.const, str) else sql_shape.MARK
                        flags = flags | self._sql_flag(stmt.value, env, union(current.flat(), added), current,
                                                       prefix=prefix)
                else:
                    added = value.flat()
                new = AV(union(current.flat(), added), const=const, flags=flags)
            self.assign(stmt.target, new, env, stmt)
            return env
        if t is ast.Expr:
            value = stmt.value
            self.eval(value, env)
            if isinstance(value, ast.Call):
                if self.call_name(value.func) in self.models.noreturn:
                    return None
                self._raising_validator(value, env)
                self._confinement_check(value, env)
            return env
        if t is ast.Return:
            if stmt.value is not None:
                av = self.eval(stmt.value, env)
                self._return(av, stmt, stmt.value, env)
            return None
        if t is ast.If:
            return self.exec_if(stmt, env)
        if t in (ast.For, ast.AsyncFor):
            return self.exec_for(stmt, env)
        if t is ast.While:
            return self.exec_while(stmt, env)
        if t in (ast.With, ast.AsyncWith):
            for item in stmt.items:
                av = self.eval(item.context_expr, env)
                if item.optional_vars is not None:
                    self.assign(item.optional_vars, av, env, stmt, step=False)
            return self.exec_block(stmt.body, env)
        if t is ast.Try or t.__name__ == "TryStar":
            return self.exec_try(stmt, env)
        if t is ast.Raise:
            if stmt.exc is not None:
                self.eval(stmt.exc, env)
            return None
        if t in (ast.Break, ast.Continue):
            if self.loop_exits:
                exit_env = dict(env)
                self.loop_exits[-1].append(exit_env)
                if t is ast.Break and self.loop_breaks:
                    self.loop_breaks[-1].append(exit_env)
            return None
        if t in (ast.FunctionDef, ast.AsyncFunctionDef):
            for d in stmt.decorator_list:
                self.eval(d, env)
            env[stmt.name] = AV(cls=f"{self.scope.qualname}.{stmt.name}")
            return env
        if t is ast.ClassDef:
            env[stmt.name] = AV(cls=f"{self.scope.qualname}.{stmt.name}")
            return env
        if t is ast.Assert:
            self.eval(stmt.test, env)
            return self.refine(env, stmt.test, True)
        if t in (ast.Import, ast.ImportFrom):
            for alias in stmt.names:
                name = alias.asname or alias.name.split(".")[0]
                env.pop(name, None)
            return env
        if t is ast.Delete:
            for target in stmt.targets:
                if isinstance(target, ast.Subscript):
                    self._delete_item(target, env)
                    continue
                p = access_path(target)
                if p:
                    env.pop(p, None)
            return env
        if t.__name__ == "Match":
            return self.exec_match(stmt, env)
        return env

    def _delete_item(self, target: ast.Subscript, env: dict) -> None:
        """`del items[1]`, `del table["key"]`: the container loses that element, the rest keeps its place."""
        path = access_path(target.value)
        if path is None or path not in env:
            return
        current = env[path]
        key = self.eval(target.slice, env).const
        if current.keys is not None and V.is_known(key) and _hashable(key):
            keys = dict(current.keys)
            keys.pop(key, None)
            env[path] = current.copy(keys=keys, const=V.UNKNOWN if current.const is V.UNKNOWN else V.ANY_CONSTANT)
        elif current.items is not None and isinstance(key, int) and not isinstance(key, bool) \
                and -len(current.items) <= key < len(current.items):
            items = list(current.items)
            del items[key]
            env[path] = current.copy(items=tuple(items), const=V.UNKNOWN if current.const is V.UNKNOWN else V.ANY_CONSTANT)
        elif current.items is not None or current.keys is not None:
            # an element we cannot place is gone: positions are no longer known
            env[path] = AV(current.flat(), cls=current.cls)

    def exec_match(self, stmt, env: dict) -> dict | None:
        """`match` on a value: a case whose pattern is decided by constants is taken or skipped."""
        subject = self.eval(stmt.subject, env)
        out = None
        fell_through = True
        for case in stmt.cases:
            decided = _pattern_matches(case.pattern, subject)
            if decided is False:
                continue
            case_env = dict(env)
            self._bind_pattern(case.pattern, subject, case_env, stmt)
            guard = None
            if case.guard is not None:
                guard = V.truthiness(self.eval(case.guard, case_env).const)
                if guard is False:
                    continue
                if guard is None:
                    case_env = self.refine(case_env, case.guard, True)
            out = _join_env(out, self.exec_block(case.body, case_env))
            if decided is True and (case.guard is None or guard is True):
                fell_through = False
                break
        return _join_env(out, env) if fell_through else out

    def _bind_pattern(self, pattern, subject: AV, env: dict, stmt) -> None:
        name = getattr(pattern, "name", None)
        if isinstance(pattern, ast.MatchAs):
            if pattern.pattern is not None:
                self._bind_pattern(pattern.pattern, subject, env, stmt)
            if name:
                env[name] = subject
            return
        if isinstance(pattern, ast.MatchOr):
            return
        if isinstance(pattern, ast.MatchStar):
            if name:
                env[name] = AV(subject.flat())
            return
        if isinstance(pattern, ast.MatchSequence):
            for sub in pattern.patterns:
                self._bind_pattern(sub, _element(subject), env, stmt)
            return
        if isinstance(pattern, ast.MatchMapping):
            for sub in pattern.patterns:
                self._bind_pattern(sub, _element(subject), env, stmt)
            if pattern.rest:
                env[pattern.rest] = AV(subject.flat())
            return
        if isinstance(pattern, ast.MatchClass):
            for sub in (*pattern.patterns, *pattern.kwd_patterns):
                self._bind_pattern(sub, AV(subject.flat()), env, stmt)

    def _return(self, av: AV, stmt: ast.AST, value: ast.AST, env: dict) -> None:
        flat = av.flat()
        body, body_node = av, value
        if self.is_view and isinstance(value, ast.Tuple) and value.elts and av.items:
            body, body_node = av.items[0], value.elts[0]  # `(page, status, headers)`: only the page is HTML
        body_flat = body.flat()
        if self.is_view and body_flat and ("html" in body.flags or self._html_like(body_node, env)
                                           or (self.html_return and self._text_like(body))):
            self._sink_hit(self._sink_rec(79, body_node, body_node),
                           body_node, [(self.fa.source_text(body_node, 40), body_flat)])
        if flat:
            step = (*self.fa.loc(stmt), "return", f"returned from `{self.display}()`")
            merge_into(self.summary.ret, with_step(flat, step))

    def _text_like(self, av: AV) -> bool:
        """A value that is text: no container and no object from a call (`jsonify(x)`, `redirect(u)`),
        except strings read from the request itself."""
        if av.items is not None or av.keys is not None:
            return False
        return av.cls is None or av.cls in ("str", "builtins.str") or av.cls in self.models.source_names

    def _html_like(self, node: ast.AST, env: dict) -> bool:
        texts = []
        for sub in ast.walk(node):
            if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                texts.append(sub.value)
            elif isinstance(sub, ast.Name):
                av = env.get(sub.id)
                if av is not None and isinstance(av.const, str):
                    texts.append(av.const)
        return any("<" in t and ">" in t for t in texts)

    def _branches(self, test: ast.AST, env: dict) -> tuple[dict | None, dict | None]:
        """The environments the true and false sides start from; None for a side that cannot run."""
        decided = V.truthiness(self.eval(test, env).const)
        if decided is True:
            return env, None
        if decided is False:
            return None, env
        return self.refine(dict(env), test, True), self.refine(dict(env), test, False)

    def exec_if(self, stmt: ast.If, env: dict) -> dict | None:
        on_true, on_false = self._branches(stmt.test, env)
        if on_false is None:
            return self.exec_block(stmt.body, on_true)
        if on_true is None:
            return self.exec_block(stmt.orelse, on_false)
        return _join_env(self.exec_block(stmt.body, on_true), self.exec_block(stmt.orelse, on_false))

    def _loop(self, env: dict, bind, body: list[ast.stmt], test: ast.AST | None = None) -> tuple[dict, list]:
        current = env
        exits: list[dict] = []
        for _ in range(_MAX_LOOP):
            start = dict(current)
            bind(start)
            if test is not None:
                start = self.refine(start, test, True)
            self.loop_exits.append([])
            end = self.exec_block(body, start)
            exits = self.loop_exits.pop()
            new = current
            for e in (end, *exits):
                new = _join_env(new, e)
            if _same_env(new, current):
                break
            current = new
        return current, exits

    def exec_for(self, stmt, env: dict) -> dict | None:
        iterable = self.eval(stmt.iter, env)
        element = _element(iterable)

        def bind(e: dict) -> None:
            self.assign(stmt.target, element, e, stmt)

        if iterable.const is not V.UNKNOWN and V.is_known(iterable.const) and not iterable.const:
            return self.exec_block(stmt.orelse, env)
        elements = _unrollable(iterable)
        if elements is not None:
            return self._unrolled(stmt, env, elements)
        out, _ = self._loop(env, bind, stmt.body)
        return self.exec_block(stmt.orelse, out)

    def _unrolled(self, stmt, env: dict, elements: list) -> dict | None:
        """A loop over a short list fixed by the source runs once per element, in order: every
        iteration is interpreted with its own element (`for w in ["a", "b"]: bar = w` leaves `"b"`)."""
        current: dict | None = env
        breaks: list[dict] = []
        for element in elements:
            if current is None:
                break
            start = dict(current)
            self.assign(stmt.target, element, start, stmt)
            self.loop_exits.append([])
            self.loop_breaks.append([])
            end = self.exec_block(stmt.body, start)
            exits = self.loop_exits.pop()
            these = self.loop_breaks.pop()
            breaks.extend(these)
            current = end
            for e in exits:
                if not any(e is b for b in these):  # `continue`: on to the next element
                    current = _join_env(current, e)
        out = self.exec_block(stmt.orelse, current) if current is not None else None
        for b in breaks:
            out = _join_env(out, b)
        return out

    def exec_while(self, stmt: ast.While, env: dict) -> dict | None:
        test = self.eval(stmt.test, env)
        decided = V.truthiness(test.const)
        if decided is False:
            return self.exec_block(stmt.orelse, env)
        out, exits = self._loop(env, lambda e: None, stmt.body, stmt.test)
        if decided is True:
            result = None
            for e in exits:
                result = _join_env(result, e)
            return result
        return self.exec_block(stmt.orelse, self.refine(dict(out), stmt.test, False))

    def exec_try(self, stmt, env: dict) -> dict | None:
        body = self.exec_block(stmt.body, dict(env))
        start = _join_env(dict(env), body)
        outs = []
        if body is not None:
            outs.append(self.exec_block(stmt.orelse, body))
        for handler in stmt.handlers:
            h_env = dict(start)
            if handler.name:
                h_env[handler.name] = AV({(OPAQUE, NO_SAN): ()})
            outs.append(self.exec_block(handler.body, h_env))
        result = None
        for o in outs:
            result = _join_env(result, o)
        if stmt.finalbody:
            if result is None:
                self.exec_block(stmt.finalbody, start)
                return None
            result = self.exec_block(stmt.finalbody, result)
        return result

    # ----------------------------------------------------------------- assignment
    def assign(self, target: ast.AST, av: AV, env: dict, stmt: ast.AST, step: bool = True) -> None:
        if isinstance(target, ast.Name):
            if step and _carries_flow(av.flat()):
                step_tuple = self._assign_step(stmt)
                av = av.map_labels(lambda l: with_step(l, step_tuple))
            env[target.id] = av
            return
        if isinstance(target, (ast.Tuple, ast.List)):
            elts = target.elts
            if av.items is not None and len(av.items) == len(elts) and not any(isinstance(e, ast.Starred) for e in elts):
                for sub, item in zip(elts, av.items):
                    self.assign(sub, item, env, stmt, step)
                return
            flat = AV(av.flat(), cls=None)
            for sub in elts:
                self.assign(sub.value if isinstance(sub, ast.Starred) else sub, flat, env, stmt, step)
            return
        if isinstance(target, ast.Starred):
            self.assign(target.value, av, env, stmt, step)
            return
        if isinstance(target, ast.Attribute):
            path = access_path(target)
            if path:
                if step and _carries_flow(av.flat()):
                    step_tuple = self._assign_step(stmt)
                    av = av.map_labels(lambda l: with_step(l, step_tuple))
                env[path] = av
                root = target.value
                if (isinstance(root, ast.Name) and self.info is not None and self.info.class_qualname
                        and not self.summary.static and self.summary.params and root.id == self.summary.params[0]):
                    flat = av.flat()
                    if flat:
                        self.summary.stores.append((self.info.class_qualname, target.attr, flat))
            else:
                self.eval(target.value, env)
            return
        if isinstance(target, ast.Subscript):
            base_node = target.value
            key = self.eval(target.slice, env)
            # sinks on stores: session[k] = tainted
            base_name = self.model.qualified_name(base_node, self.scope) if _root_name(base_node) not in env else None
            base_av = self.eval(base_node, env)
            typed = f"{base_av.cls}" if base_av.cls else None
            own = base_node.id if isinstance(base_node, ast.Name) else base_node.attr \
                if isinstance(base_node, ast.Attribute) else None
            for name in (base_name, typed, own):
                cwes = self.models.store_sinks.get(name) if name and name is not own else None
                if name is own and name:
                    cwes = tuple(c for pattern, found in self.models.store_sink_patterns if pattern.search(name)
                                 for c in found) or None
                if cwes:
                    flat = av.flat()
                    value_text = self.fa.source_text(stmt.value, 40) if getattr(stmt, "value", None) is not None else "..."
                    for cwe in cwes:
                        only = self.models.store_only_keys.get((name, cwe))
                        if only is not None and not (isinstance(key.const, str) and key.const.lower() in only):
                            continue  # `response.headers["X-Trace"] = value` is no redirect
                        parts = [(value_text, flat)]
                        if cwe in self.models.store_key_cwes and key.flat():
                            parts.append((self.fa.source_text(target.slice, 40), key.flat()))  # `session[name] = 1`
                        self._sink_hit(self._sink_rec(cwe, target, target), target, parts)
                    break
            path = access_path(base_node)
            if path is None or path not in env:
                return
            current = env[path]
            k = key.const
            if current.keys is not None and V.is_known(k) and _hashable(k):
                keys = dict(current.keys)
                keys[k] = av
                env[path] = current.copy(keys=keys)
            elif current.items is not None and isinstance(k, int) and -len(current.items) <= k < len(current.items):
                items = list(current.items)
                items[k] = av
                env[path] = current.copy(items=tuple(items))
            else:
                env[path] = AV(union(current.flat(), av.flat()), cls=current.cls)
            return

    def _assign_step(self, stmt: ast.AST) -> tuple:
        cache = self.fa.step_cache
        step = cache.get(id(stmt))
        if step is None:
            step = cache[id(stmt)] = (*self.fa.loc(stmt), "step", f"`{self.fa.source_text(stmt, 70)}`")
        return step

    # ----------------------------------------------------------------- guards
    def refine(self, env: dict, test: ast.AST, truth: bool) -> dict:
        try:
            return self._refine(env, test, truth)
        except Exception:
            return env

    def _set(self, env: dict, node: ast.AST, fn) -> None:
        path = access_path(node)
        if path is None:
            return
        av = env.get(path)
        if av is None:
            av = self.eval(node, env)
        env[path] = fn(av)
        parsed_from = env[path].parsed_from if path in env else None
        if parsed_from and parsed_from in env:
            env[parsed_from] = fn(env[parsed_from])

    def _clean(self, env: dict, node: ast.AST) -> None:
        self._set(env, node, lambda av: CLEAN.copy(const=av.const if av.const is not V.UNKNOWN else V.ANY_CONSTANT))

    def _sanitize(self, env: dict, node: ast.AST, cwes) -> None:
        cwes = frozenset(cwes)
        self._set(env, node, lambda av: av.map_labels(lambda l: sanitize(l, cwes)))

    def _refine(self, env: dict, test: ast.AST, truth: bool) -> dict:
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            return self._refine(env, test.operand, not truth)
        if isinstance(test, ast.BoolOp):
            if isinstance(test.op, ast.And) and truth or isinstance(test.op, ast.Or) and not truth:
                for v in test.values:
                    env = self._refine(env, v, truth)
            return env
        if isinstance(test, ast.NamedExpr):
            return self._refine(env, test.value, truth)
        if isinstance(test, ast.Call):
            func = test.func
            name = self.call_name(func)
            method = func.attr if isinstance(func, ast.Attribute) else None
            if truth and name in ("re.fullmatch", "re.match", "re.search") and len(test.args) >= 2:
                pattern = self.eval(test.args[0], env).const
                if isinstance(pattern, str) and not _UNSAFE_REGEX.search(pattern) and (
                        name == "re.fullmatch" or (pattern.startswith("^") or name == "re.match") and (
                        pattern.endswith("$") or pattern.endswith("\\Z"))):
                    self._clean(env, test.args[1])
                return env
            if truth and method in ("fullmatch", "match") and test.args:
                receiver = self.eval(func.value, env)
                if receiver.cls and receiver.cls.startswith("re."):
                    self._clean(env, test.args[0])
                return env
            if truth and method in ("isdigit", "isalnum", "isalpha", "isdecimal", "isnumeric", "isidentifier"):
                self._clean(env, func.value)
                return env
            if truth and method in ("issubset", "issuperset") and test.args:
                # `set(key).issubset(VALID_KEY_CHARS)`: every character of `key` is an allowed one
                inner, allowed = (func.value, test.args[0]) if method == "issubset" else (test.args[0], func.value)
                constant = V.is_known(self.eval(allowed, env).const) or (
                    isinstance(allowed, (ast.Name, ast.Attribute)) and _CONSTANT_ATTR.match(
                        allowed.id if isinstance(allowed, ast.Name) else allowed.attr))  # an imported VALID_CHARS
                if isinstance(inner, ast.Call) and self.call_name(inner.func) in ("set", "frozenset") and inner.args \
                        and constant:
                    self._clean(env, inner.args[0])
                return env
            if not truth and method == "startswith" and test.args:
                prefix = self.eval(test.args[0], env).const
                if "//" in (prefix if isinstance(prefix, tuple) else (prefix,)):
                    # `if path.startswith("//"): raise ...`: the current path is no protocol-relative URL
                    self._set(env, func.value, lambda av: av.map_labels(lambda labels: _settle_as_is(labels, redirect_safe=True)))
                return env
            if truth and method == "startswith" and test.args:
                prefix_av = self.eval(test.args[0], env)
                prefix = prefix_av.const
                prefixes = prefix if isinstance(prefix, tuple) else (prefix,)
                # `str(p).startswith(str(base))` checks `p` itself: the text of a resolved path
                checked = self._path_text_of(func.value)
                target = self.eval(checked, env)
                fixed_base = all(isinstance(p, str) or p is V.ANY_CONSTANT for p in prefixes) and prefix is not V.UNKNOWN \
                    or self._fixed_base(prefix_av)
                if "resolved" in target.flags and fixed_base:
                    self._sanitize(env, checked, {22, 78})
                if all(isinstance(p, str) and _url_prefix(p) for p in prefixes):
                    self._sanitize(env, func.value, {918, 601})
                return env
            if truth and method == "is_relative_to":
                target = self.eval(func.value, env)
                if "resolved" in target.flags:
                    self._sanitize(env, func.value, {22})
                return env
            if truth and name == "isinstance" and len(test.args) == 2 and _numeric_types(test.args[1]):
                self._clean(env, test.args[0])  # `if isinstance(n, int):` n is a number in this branch
                return env
            san = self.models.sanitizer_calls.get(name or "")
            if truth and san and ALL in san.cwes and san.guard:
                checked = test.args[0] if test.args else self.model.argument(test, None, san.keyword) if san.keyword else None
                if checked is not None:
                    self._clean(env, checked)
                return env
            if truth and self.models.validators:
                last = method or (func.id if isinstance(func, ast.Name) else None)
                if last:
                    for pattern, cwes, keyword in self.models.validators:
                        if pattern.match(last):
                            if keyword == "*":  # `clean_path(root, dest)`: whichever argument is the path
                                for checked in (*test.args, *(k.value for k in test.keywords)):
                                    self._sanitize(env, checked, cwes)
                                    # and what it was joined from: salt joins `root` and `path` again after
                                    # `clean_path(root, os.path.join(root, path))` held
                                    for leaf in self.model.origins(checked, self.scope):
                                        if isinstance(leaf, (ast.Name, ast.Attribute)):
                                            self._sanitize(env, leaf, cwes)
                                break
                            checked = test.args[0] if test.args else self.model.argument(test, None, keyword)
                            if checked is not None:
                                self._sanitize(env, checked, cwes)
                            break
            return env
        if isinstance(test, ast.Compare) and len(test.ops) == 1:
            op, left, right = test.ops[0], test.left, test.comparators[0]
            if isinstance(op, (ast.In, ast.NotIn)):
                positive = isinstance(op, ast.In) == truth
                rv = self.eval(right, env)
                lv = self.eval(left, env)
                if positive and rv.const is not V.UNKNOWN and not isinstance(rv.const, (str, bytes)):
                    url_var = self._netloc_of(left, env)
                    if url_var is not None:
                        self._sanitize(env, url_var, {918, 601})
                    else:
                        self._clean(env, left)
                elif not positive and isinstance(lv.const, str) and lv.const:
                    # `if "'" in v: return`: rejecting `c` rules out every dangerous sequence that holds it
                    # (rejecting "<script>" does not rule out "<")
                    cwes = set()
                    for chars, guarded in self.models.guard_chars.items():
                        if lv.const in chars:
                            cwes |= guarded
                    if cwes:
                        self._sanitize(env, right, cwes)
                return env
            if isinstance(op, (ast.Eq, ast.NotEq, ast.Is)) and (isinstance(op, (ast.Eq, ast.Is)) == truth):
                for side in (left, right):
                    if isinstance(side, ast.Call) and self.call_name(side.func) in _COMMONPATH and side.args \
                            and isinstance(side.args[0], (ast.List, ast.Tuple)):
                        # `os.path.commonpath([base, path]) == base`: `path` stays inside `base`
                        for element in side.args[0].elts:
                            self._sanitize(env, element, {22})
                        return env
                for a, b in ((left, right), (right, left)):
                    if V.is_known(self.eval(b, env).const) and access_path(a) is not None or self._netloc_of(a, env):
                        url_var = self._netloc_of(a, env)
                        if url_var is not None:
                            self._sanitize(env, url_var, {918, 601})
                        elif V.is_known(self.eval(b, env).const):
                            self._clean(env, a)
                        break
            return env
        return env

    def _path_text_of(self, node: ast.AST) -> ast.AST:
        """`p` for `str(p)`, `os.fspath(p)` and `p.as_posix()`: the text of a path is the path."""
        if isinstance(node, ast.Call) and not node.keywords:
            if len(node.args) == 1 and self.call_name(node.func) in ("str", "os.fspath"):
                return node.args[0]
            if not node.args and isinstance(node.func, ast.Attribute) and node.func.attr == "as_posix":
                return node.func.value
        return node

    @staticmethod
    def _fixed_base(av: AV) -> bool:
        """A prefix no request or caller chose (`str(base)`, `settings.MEDIA_ROOT`, `os.path.abspath(ROOT) +
        os.sep`): its value carries no source or parameter label of this function. Opaque values, module
        globals and results of calls count as fixed."""
        return not any(origin[0] in ("src", "param") for origin, _san in av.flat())

    def _netloc_of(self, node: ast.AST, env: dict) -> ast.AST | None:
        """For `urlparse(url).netloc` (or `parsed.hostname` with `parsed = urlparse(url)`): `url`."""
        if not (isinstance(node, ast.Attribute) and node.attr in ("netloc", "hostname", "scheme")):
            return None
        base = node.value
        if isinstance(base, ast.Call) and self.call_name(base.func) in self.models.url_parsers and base.args:
            return base.args[0]
        if isinstance(base, ast.Name):
            av = env.get(base.id)
            if av is not None and av.parsed_from:
                return ast.Name(id=av.parsed_from, ctx=ast.Load())
        return None

    def _src(self, kind: str, node: ast.AST) -> Labels:
        if self.info is None and kind in self.models.config_kinds:
            return {(OPAQUE, NO_SAN): ()}  # configuration read at import time
        return self.fa.source(kind, node)

    # ----------------------------------------------------------------- names
    def call_name(self, func: ast.AST) -> str | None:
        try:
            return self.model.qualified_name(func, self.scope)
        except Exception:
            return None

    # ----------------------------------------------------------------- expressions
    def eval(self, node: ast.AST, env: dict) -> AV:
        t = type(node)
        if t is ast.Constant:
            return AV(const=node.value)
        method = _EVAL_DISPATCH.get(t)
        if method is None:
            method = _EVAL_DISPATCH[t] = getattr(FunctionAnalysis, "e_" + t.__name__, False)
        if not method:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.expr):
                    self.eval(child, env)
            return AV({(OPAQUE, NO_SAN): ()})
        return method(self, node, env)

    def e_Constant(self, node, env):
        return AV(const=node.value)

    def e_Name(self, node: ast.Name, env):
        if node.id in env:
            return env[node.id]
        if node.id in ("True", "False", "None"):
            return AV(const={"True": True, "False": False, "None": None}[node.id])
        if self.info is not None and node.id in self.fa.module_env:
            return self.fa.module_env[node.id]
        bindings = self.model.lookup(node.id, self.scope)
        if bindings:
            kinds = {b.kind for b in bindings}
            qn = self.call_name(node) if kinds <= {IMPORT, DEF, CLASS} else None
            if qn:
                if qn in self.models.source_names:
                    return AV(self._src(self.models.source_names[qn], node), cls=qn)
                if qn in self.models.source_objects:
                    return AV(self._src(self.models.source_objects[qn], node), cls=qn)
                if kinds == {IMPORT} and not self.models.is_external(qn):
                    return AV({(("global", qn), NO_SAN): ()}, cls=qn)
                return AV(cls=qn)
            return AV({(OPAQUE, NO_SAN): ()})
        if node.id in BUILTIN_NAMES:
            return AV(cls=node.id)
        return AV({(OPAQUE, NO_SAN): ()})

    def e_Attribute(self, node: ast.Attribute, env):
        path = access_path(node)
        if path is not None and path in env:
            return env[path]
        qn = self.call_name(node)
        if qn and qn in self.models.source_names:
            kind = self.models.source_names[qn]
            if self.fixed_path is not None and kind in self.models.route_fixed_kinds:
                return AV(const=self.fixed_path, cls="str")
            return AV(self._src(kind, node), cls=qn)
        if qn and qn in self.models.source_objects:
            return AV(self._src(self.models.source_objects[qn], node), cls=qn)
        base = self.eval(node.value, env)
        typed = f"{base.cls}.{node.attr}" if base.cls else None
        attribute_san = self.models.sanitizer_attributes.get(node.attr)
        if attribute_san and base.cls and base.cls.startswith(attribute_san[0]):
            return AV(sanitize(base.flat(), attribute_san[1].cwes))
        if typed and typed in self.models.source_names:
            return AV(union(base.labels, self._src(self.models.source_names[typed], node)), cls=typed)
        if qn and _root_name(node) not in env:
            if self.models.is_external(qn):
                within = self._inside_a_source(qn)
                if within is not None:  # Bottle's `request.query.next`: a field of the query string
                    return AV(self._src(self.models.source_names[within], node))
                if _CONSTANT_ATTR.match(node.attr) or qn in _LIBRARY_CONSTANTS:  # `os.sep`, `ldap.SCOPE_SUBTREE`
                    return AV(cls=qn, const=V.ANY_CONSTANT)
                return AV({(OPAQUE, NO_SAN): ()}, cls=qn)
            return AV(union(base.labels, {(("global", qn), NO_SAN): ()}), cls=qn)
        labels = dict(base.flat())
        if base.cls and not self.models.is_external(base.cls):
            labels[(("field", base.cls, node.attr), NO_SAN)] = ()
        if not labels and base.const is V.UNKNOWN:
            labels = {(OPAQUE, NO_SAN): ()}
        return AV(labels, cls=typed, parsed_from=base.parsed_from if node.attr in ("netloc", "hostname") else None)

    def _inside_a_source(self, qualname: str) -> str | None:
        """The source a dotted name is an attribute of (`bottle.request.query` for `...query.next`)."""
        found = self.fa.source_prefixes.get(qualname, "")
        if found == "":
            parts = qualname.split(".")
            found = next((p for p in (".".join(parts[:end]) for end in range(len(parts) - 1, 1, -1))
                          if p in self.models.source_names), None)
            self.fa.source_prefixes[qualname] = found
        return found

    def e_Subscript(self, node: ast.Subscript, env):
        base = self.eval(node.value, env)
        index = self.eval(node.slice, env)
        if isinstance(node.slice, ast.Slice):
            flat = base.flat()
            return AV(flat, const=V.ANY_CONSTANT if not flat and V.is_constant(base.const) else V.UNKNOWN)
        k = index.const
        if isinstance(k, str) and k in self.models.environment_keys and self.call_name(node.value) in _ENVIRONS:
            return AV(self._src(self.models.environment_keys[k], node))  # `os.environ["PATH"]`
        if V.is_known(k) and _hashable(k):
            if base.keys is not None:
                return base.keys[k] if k in base.keys else AV(dict(base.labels))
            if base.items is not None and isinstance(k, int) and not isinstance(k, bool):
                if -len(base.items) <= k < len(base.items):
                    return base.items[k]
                return AV(dict(base.labels))
            if V.is_known(base.const) and not base.flat():
                try:
                    return AV(const=base.const[k])
                except Exception:
                    pass
        if base.keys is not None:
            value = None
            for v in base.keys.values():
                value = join(value, v)
            labels = union(base.labels, value.flat() if value is not None else {})
            return AV(labels, const=V.ANY_CONSTANT if not labels else V.UNKNOWN)
        return _element(base)

    def e_BinOp(self, node: ast.BinOp, env):
        left = self.eval(node.left, env)
        right = self.eval(node.right, env)
        texts = formats.text_operands(left.const, node.right) if isinstance(node.op, ast.Mod) else None
        if texts is not None:  # `"... LIMIT %d" % n`: a `%d` operand is printed as a number or not at all
            right = AV(union(*(self.eval(t, env).flat() for t in texts)), const=right.const)
        const = V.fold_binop(node.op, left.const, right.const)
        if isinstance(node.op, ast.Add) and left.items is not None and right.items is not None:
            return AV(union(left.labels, right.labels), items=left.items + right.items, const=const)
        cls = None
        if isinstance(node.op, ast.Div) and left.cls and left.cls.startswith(_PATH_TYPES):
            cls = left.cls  # `Path(base) / name` is a path of the same type
        elif isinstance(node.op, ast.Div) and right.cls and right.cls.startswith(_PATH_TYPES):
            cls = right.cls  # `ROOT / Path(name)`: `Path.__rtruediv__` joins it under whatever `ROOT` is
        elif isinstance(node.op, ast.Div) and self._unbound_path_constant(node.left):
            cls = "pathlib.Path"  # a fragment's `UPLOAD_ROOT / name`: the module's path constant, not a number
        flags = _html_flag(left, right)
        operands = self._printf_operands(left, node.right, env) if isinstance(node.op, ast.Mod) else None
        if operands is not None:
            labels = union(left.flat(), *operands)
            flags = flags | self._sql_flag(node, env, labels, left, right)
        elif isinstance(node.op, (ast.Add, ast.Mod)) or cls is not None:
            # `base + name`, `fmt % args`, `Path(base) / name`: the right side is spliced into the left
            left_labels = left.flat()
            if isinstance(node.op, ast.Add) and right.const == "/":
                left_labels = _settle_as_is(left_labels, redirect_safe=False)
            labels = union(left_labels, _spliced_after(left.const, right.flat(), self._fixed(left)))
            if cls is None:
                flags = flags | self._sql_flag(node, env, labels, left, right)
        else:
            labels = union(left.flat(), right.flat())
        return AV(labels, const=const, cls=cls, flags=flags)

    def _printf_operands(self, fmt: AV, right: ast.expr, env) -> list[Labels] | None:
        """Each text operand of `"..." % args` spliced after what the format prints before it, as the
        parts of an f-string are: `"%s.part" % path` puts `path` first (the caller chose the whole
        path, nothing confines it), `"/srv/%s" % name` puts `name` after a fixed base, and in
        `"%s/%s" % (base, name)` `name` follows a caller-chosen `base`. None when the operands cannot
        be matched to their conversions (a mapping, `*` widths, a tuple of another length)."""
        if not isinstance(fmt.const, (str, bytes)):
            return None
        spans = formats.operand_spans(fmt.const)
        if not spans:
            return None
        if isinstance(right, ast.Tuple):
            if len(right.elts) != len(spans) or any(isinstance(e, ast.Starred) for e in right.elts):
                return None
            elements = right.elts
        elif len(spans) == 1 and not isinstance(right, (ast.Dict, ast.List, ast.ListComp, ast.DictComp)):
            elements = [right]
        else:
            return None
        text = fmt.const.decode("latin-1") if isinstance(fmt.const, bytes) else fmt.const
        numeric = formats.numeric_conversions(fmt.const) or [False] * len(spans)
        out: list[Labels] = []
        fixed = self._fixed(fmt)
        previous_end = 0
        for index, (element, (start, end), is_number) in enumerate(zip(elements, spans, numeric)):
            value = self.eval(element, env)
            if not is_number and start > 0:  # `%d` prints a number or raises: no text of its own
                before = text[previous_end:start]
                prefix = text[:start] if index == 0 else (before if before.endswith("://") else V.UNKNOWN)
                out.append(_spliced_after(prefix, value.flat(), fixed))
            elif not is_number:
                out.append(value.flat())
            fixed = fixed and self._fixed(value)
            previous_end = end
        return out

    def _fixed(self, av: AV) -> bool:
        """No parameter of this function (other than `self`/`cls`) contributed to `av`."""
        skip_self = self.info is not None and not self.summary.static
        for origin, _san in av.flat():
            if origin[0] == "param" and not (skip_self and origin[1] == 0):
                return False
        return True

    def _sql_flag(self, node: ast.AST, env: dict, labels: Labels, *parts: AV, prefix: str = "") -> frozenset:
        """`{"sql"}` for a string that splices non-constant data into SQL text (see `sql_shape`)."""
        if any("sql" in p.flags for p in parts):
            return _SQL
        if not labels:
            return frozenset()

        text = prefix + sql_shape.template(node, _string_constants(env))
        return _SQL if sql_shape.splices_into_sql(text) else frozenset()

    def e_UnaryOp(self, node: ast.UnaryOp, env):
        operand = self.eval(node.operand, env)
        const = V.fold_unary(node.op, operand.const)
        if isinstance(node.op, ast.Not):
            return AV(const=const if const is not V.UNKNOWN else V.ANY_CONSTANT)
        return AV(operand.flat(), const=const)

    def e_BoolOp(self, node: ast.BoolOp, env):
        vals = []
        for v in node.values:
            vals.append(self.eval(v, env))
            env = self.refine(dict(env), v, isinstance(node.op, ast.And))
        consts = [v.const for v in vals]
        if all(V.is_known(c) for c in consts):
            result = consts[0]
            for c in consts[1:]:
                result = (result and c) if isinstance(node.op, ast.And) else (result or c)
            const = result
        else:
            const = V.UNKNOWN if any(c is V.UNKNOWN for c in consts) else V.ANY_CONSTANT
        out = None
        for v in vals:
            out = join(out, v)
        return out.copy(const=const)

    def e_Compare(self, node: ast.Compare, env):
        vals = [self.eval(x, env) for x in (node.left, *node.comparators)]
        const = V.fold_compare(node.ops, [v.const for v in vals])
        return AV(const=const if const is not V.UNKNOWN else V.ANY_CONSTANT)

    def e_IfExp(self, node: ast.IfExp, env):
        on_true, on_false = self._branches(node.test, env)
        if on_false is None:
            return self.eval(node.body, on_true)
        if on_true is None:
            return self.eval(node.orelse, on_false)
        return join(self.eval(node.body, on_true), self.eval(node.orelse, on_false))

    def e_JoinedStr(self, node: ast.JoinedStr, env):
        labels: Labels = {}
        out = []
        fixed = True  # no parameter contributed to the text so far
        for i, part in enumerate(node.values):
            if isinstance(part, ast.Constant):
                out.append(str(part.value))
            elif isinstance(part, ast.FormattedValue):
                av = self.eval(part.value, env)
                if part.format_spec is not None:
                    self.eval(part.format_spec, env)
                    if formats.numeric_spec(part):  # `f"LIMIT {n:d}"`: a number or a ValueError
                        av = AV(const=av.const if av.const is not V.UNKNOWN else V.ANY_CONSTANT)
                # anything before it (text or another value) makes this value spliced into the string
                prefix = "".join(out) if out and all(isinstance(o, str) for o in out) else V.UNKNOWN
                before = node.values[i - 1] if i else None
                if prefix is V.UNKNOWN and isinstance(before, ast.Constant) and str(before.value).endswith("://"):
                    prefix = str(before.value)  # `f"{scheme}://{host}"`: the host follows a scheme
                value_labels = av.flat()
                after = node.values[i + 1] if i + 1 < len(node.values) else None
                if isinstance(after, ast.Constant) and after.value == "/" and i + 2 == len(node.values):
                    value_labels = _settle_as_is(value_labels, redirect_safe=False)  # f"{request.path}/"
                merge_into(labels, _spliced_after(prefix, value_labels, fixed) if i else value_labels)
                fixed = fixed and self._fixed(av)
                if V.is_known(av.const) and part.format_spec is None and part.conversion in (-1, None):
                    out.append(str(av.const))
                else:
                    out.append(None if av.const is not V.UNKNOWN else V.UNKNOWN)
        if V.UNKNOWN in out:
            const = V.UNKNOWN
        elif None in out:
            const = V.ANY_CONSTANT
        else:
            const = "".join(out)
        html = any(isinstance(p, ast.Constant) and isinstance(p.value, str) and "<" in p.value and ">" in p.value
                   for p in node.values)
        flags = (_HTML if html else frozenset()) | self._sql_flag(node, env, labels)
        return AV(labels, const=const, flags=flags)

    def e_FormattedValue(self, node, env):
        return AV(self.eval(node.value, env).flat())

    def _sequence(self, node, env, kind):
        items = []
        labels: Labels = {}
        precise = True
        for elt in node.elts:
            if isinstance(elt, ast.Starred):
                inner = self.eval(elt.value, env)
                if inner.items is not None:
                    items.extend(inner.items)
                    merge_into(labels, inner.labels)
                else:
                    precise = False
                    merge_into(labels, inner.flat())
            else:
                items.append(self.eval(elt, env))
        consts = [i.const for i in items]
        if not precise or any(c is V.UNKNOWN for c in consts):
            const = V.UNKNOWN if (not precise and labels) or any(c is V.UNKNOWN for c in consts) else V.ANY_CONSTANT
        elif all(V.is_known(c) for c in consts):
            try:
                const = kind(consts)
            except TypeError:
                const = V.ANY_CONSTANT
        else:
            const = V.ANY_CONSTANT
        if not precise or kind is frozenset:
            for i in items:
                merge_into(labels, i.flat())
            return AV(labels, const=const)
        return AV(labels, items=tuple(items), const=const)

    def e_Tuple(self, node, env):
        return self._sequence(node, env, tuple)

    def e_List(self, node, env):
        return self._sequence(node, env, list)

    def e_Set(self, node, env):
        return self._sequence(node, env, frozenset)

    def e_Dict(self, node: ast.Dict, env):
        keys: dict = {}
        labels: Labels = {}
        precise = True
        all_const = True
        for k, v in zip(node.keys, node.values):
            val = self.eval(v, env)
            if k is None:
                precise = False
                merge_into(labels, val.flat())
                all_const = False
                continue
            key = self.eval(k, env)
            if V.is_known(key.const) and _hashable(key.const):
                keys[key.const] = val
            else:
                precise = False
                merge_into(labels, key.flat())
                merge_into(labels, val.flat())
            if key.const is V.UNKNOWN:
                all_const = False
        const = V.ANY_CONSTANT if all_const else V.UNKNOWN
        if not precise:
            for val in keys.values():
                merge_into(labels, val.flat())
            return AV(labels, const=const)
        return AV(labels, keys=keys, const=const)

    def _comprehension(self, node, env):
        local = dict(env)
        for gen in node.generators:
            it = self.eval(gen.iter, local)
            self.assign(gen.target, _element(it), local, node, step=False)
            for cond in gen.ifs:
                self.eval(cond, local)
                local = self.refine(local, cond, True)
        if isinstance(node, ast.DictComp):
            return AV(union(self.eval(node.key, local).flat(), self.eval(node.value, local).flat()))
        return AV(self.eval(node.elt, local).flat())

    e_ListComp = e_SetComp = e_GeneratorExp = e_DictComp = _comprehension

    def e_Lambda(self, node: ast.Lambda, env):
        return AV(lam=node)

    def e_NamedExpr(self, node: ast.NamedExpr, env):
        av = self.eval(node.value, env)
        self.assign(node.target, av, env, node)
        return av

    def e_Await(self, node, env):
        return self.eval(node.value, env)

    def e_Starred(self, node, env):
        return AV(self.eval(node.value, env).flat())

    def e_Yield(self, node, env):
        if node.value is not None:
            av = self.eval(node.value, env)
            self._return(av, node, node.value, env)
        return AV({(OPAQUE, NO_SAN): ()})

    e_YieldFrom = e_Yield

    # ----------------------------------------------------------------- calls
    def e_Call(self, node: ast.Call, env):
        result = self._call(node, env)
        if len(node.args) + len(node.keywords) > 1:
            self._filled_by_callee(node, env)
        return result

    def _filled_by_callee(self, node: ast.Call, env) -> None:
        """`r = []; pretty_items(r, data); mark_safe("".join(r))`: an empty local list, dict or set handed
        to a function may come back holding what the call was given (the callee appends to it). Its precise
        items are gone; it carries the other arguments' data and something unknown."""
        func = node.func
        if isinstance(func, ast.Name) and func.id in _READING_BUILTINS:
            return
        if isinstance(func, ast.Attribute) and func.attr in _READING_METHODS:
            return
        passed = [a for a in (*node.args, *(k.value for k in node.keywords))]
        for arg in passed:
            if not isinstance(arg, ast.Name) or arg.id not in env:
                continue
            current = env[arg.id]
            if current.items != () and current.keys != {}:
                continue  # only an empty accumulator is taken to be filled (see `checker._is_empty_container`)
            # (names only: evaluating an argument again must not record its calls or sources twice)
            others = union(*(env[o.id].flat() for o in passed if isinstance(o, ast.Name) and o is not arg and o.id in env))
            env[arg.id] = AV(union(current.flat(), others, {(OPAQUE, NO_SAN): ()}), cls=current.cls)

    def _call(self, node: ast.Call, env):
        func = node.func
        if isinstance(func, ast.Name) and func.id in env and env[func.id].lam is not None:
            return self._inline_lambda(env[func.id].lam, node, env)
        if isinstance(func, ast.Lambda):
            return self._inline_lambda(func, node, env)
        if isinstance(func, ast.Name) or self._own_method(func):
            self._apply_validator(node, env)
        method = func.attr if isinstance(func, ast.Attribute) else None
        receiver = self.eval(func.value, env) if isinstance(func, ast.Attribute) else None
        qn = self.call_name(func)
        if qn in _ENV_READS and node.args and self.models.environment_keys:
            kind = self.models.environment_keys.get(self.eval(node.args[0], env).const)
            if kind is not None:  # `os.environ.get("PATH", "")`: a variable with a source kind of its own
                return AV(self._src(kind, node))
        typed = f"{receiver.cls}.{method}" if receiver is not None and receiver.cls else None
        names = [n for n in (qn, typed) if n]
        args: list[AV] = []
        star: Labels = {}
        star_kw: Labels = {}
        for a in node.args:
            if isinstance(a, ast.Starred):
                av = self.eval(a.value, env)
                merge_into(star, av.flat())
                args.append(AV(av.flat()))
            else:
                args.append(self.eval(a, env))
        kwargs: dict[str, AV] = {}
        unpacked: list[AV] = []  # the `**mapping` values, for template contexts
        for kw in node.keywords:
            av = self.eval(kw.value, env)
            if kw.arg is None:
                merge_into(star_kw, av.flat())
                unpacked.append(av)
            else:
                kwargs[kw.arg] = av
        star_pos = star
        if star_kw:
            star = union(star, star_kw)
        models = self.models
        # cookies without `secure` (a pattern, reported from here)
        if method in models.cookie_methods:
            self._cookie_check(node, models.cookie_methods[method], args, kwargs)
        # sinks
        is_sink = False
        for name in names:
            for spec in models.sinks_by_call.get(name, ()):
                is_sink |= self._check_sink(spec, node, args, kwargs, star_pos, star_kw, receiver, env)
        # `self.execute(cmd)` where this class defines `execute` (GitPython's `Git.execute`): the call
        # lands in the reviewed code and is followed there, whatever library method shares its name
        if method is not None and not is_sink and not self._own_method(func):
            for spec in models.sinks_by_method.get(method, ()):
                if spec.receivers:
                    rc = receiver.cls if receiver is not None else None
                    if receiver is not None and (rc is None or not (self.models.is_external(rc) or rc in self.fa.class_bases)) \
                            and self._untyped_receiver_of(spec, receiver, node):
                        pass
                    elif not rc or not any(rc == r or rc.startswith(r + ".") or rc.startswith(r) for r in spec.receivers):
                        continue
                elif qn and qn not in models.sinks_by_call:
                    root = _root_name(func.value)
                    if root and self._is_import(root, env):
                        if models.is_external(qn):
                            continue  # `re.search`, `json.loads`...: a module function, not a method on an object
                        # `helpers.execute(...)` may be the tree's own function: the sink stands only if the
                        # call lands nowhere in the tree (an imported `db` object's `.execute`)
                        if self._check_sink(spec, node, args, kwargs, star_pos, star_kw, receiver, env):
                            self.fa.facts.sinks[self.fa.sink_index[(id(node), spec.cwe)]].unless_in_tree = True
                        continue
                if spec.receiver_attrs and not _receiver_is_attr(func.value, spec.receiver_attrs):
                    continue
                if spec.mode == "unpacked" and not _through_manager(func.value, models.barrier_managers):
                    continue
                is_sink |= self._check_sink(spec, node, args, kwargs, star_pos, star_kw, receiver, env)
        # template files rendered with a context, and where an application keeps its templates
        if models.template_renders or models.template_render_methods:
            self._template_render(node, names, method, receiver, args, kwargs, unpacked)
        for name in names:
            folder = models.template_folders.get(name)
            if folder is not None:
                self._template_folder(node, folder, args, kwargs)
        # sources
        for name in names:
            if name in models.source_names:
                labels = self._src(models.source_names[name], node)
                return AV(union(labels, receiver.flat() if receiver else {}), cls=name)
        if method in models.source_methods:
            kind, required = models.source_methods[method]
            if not required or self.fa.imports(required):
                return AV(self._src(kind, node), cls=typed)
        if is_sink:
            return AV({(OPAQUE, NO_SAN): ()}, cls=qn or typed)
        # database reads: rows are not the request's data, whatever the query was built from
        if (models.barrier_calls and any(n in models.barrier_calls for n in names)) or (
                method is not None and models.barrier_managers and _through_manager(func.value, models.barrier_managers)
                and not _has_source(receiver.flat())):
            return AV({(OPAQUE, NO_SAN): ()}, cls=qn or typed)
        # containers and mutating methods on local names
        if method is not None and isinstance(func.value, (ast.Name, ast.Attribute)):
            path = access_path(func.value)
            if path is not None and path in env:
                handled = self._container_method(path, method, node, args, env)
                if handled is not None:
                    return handled
            elif method == "get" and receiver is not None and receiver.keys is not None:
                # a read-only look-up in a module-level constant table: `COMMANDS.get(key, "uptime")`
                handled = self._container_method("<receiver>", method, node, args, {"<receiver>": receiver})
                if handled is not None:
                    return handled
        if qn in _NORMALIZERS and len(node.args) == 1 and self._rooted(node.args[0], env):
            # `posixpath.normpath("/" + path)`: `..` stops at the root, so no part of it climbs (mkdocs'
            # fix of CVE-2021-40978, then `.lstrip("/")` and joined under the site folder)
            return AV(sanitize(args[0].flat(), frozenset({22})), flags=frozenset({"resolved"}))
        # sanitizers
        if isinstance(func, ast.Name) and func.id in models.sanitizer_functions and not (qn and qn in models.sinks_by_call):
            return self._sanitized(models.sanitizer_functions[func.id], _all_args(args, kwargs, star), receiver, args)
        for name in names:
            san = models.sanitizer_calls.get(name)
            if san is not None:
                all_args = _all_args(args, kwargs, star)
                if not all_args and not node.keywords and qn in _FOLDABLE:
                    const = self._fold_call(node, qn, method, receiver, args, kwargs)
                    if V.is_known(const):  # `len("ABC")`: a known number, for conditions that follow
                        return AV(const=const)
                return self._sanitized(san, all_args, receiver, args)
        for san in models.sanitizer_methods.get(method, ()) if method is not None else ():
            if not san.arg0_contains or (args and isinstance(args[0].const, str)
                                         and any(c in args[0].const for c in san.arg0_contains)):
                return self._sanitized(san, union(_all_args(args, kwargs, star), receiver.flat() if receiver else {}),
                                       receiver, args)
        for name in names:
            if name in models.safe_constructors:
                kw, value, flag = models.safe_constructors[name]
                if kw in kwargs and kwargs[kw].const == value:
                    return AV(cls=name, flags=frozenset({flag}))
        if not is_sink and not (qn is not None and models.is_external(qn)) \
                and not (receiver is not None and receiver.cls and models.is_external(receiver.cls)
                         and not self._own_attribute(func)):
            # a call no model names (a project wrapper, an unmodelled driver): sinks by the value's shape
            self._sql_shape_sink(node, method, args, kwargs)
            self._command_wrapper_sink(node, method, args, env)
            self._sql_wrapper_sink(node, method, args, kwargs)
            self._code_wrapper_sink(node, method, args)
        # calls that may land in the reviewed tree: linked in the parent
        candidates = []
        if qn and not models.is_external(qn):
            candidates.append((qn, False))
        if method is not None and receiver is not None and receiver.cls and not models.is_external(receiver.cls) \
                and not qn:
            candidates.append((f"{receiver.cls}.{method}", True))
        elif method is not None and not qn and self._own_method(func):
            # `self.run_it(cmd)` in a Tornado handler: `self` is typed as the framework's class for its
            # sources and sinks, but the method is this class's own
            candidates.append((f"{self.info.class_qualname}.{method}", True))
        decoded = self._decoder_named(func) and (node.args or node.keywords)
        if candidates and not (qn and qn in models.noreturn):
            k = self._call_site(node, candidates, args, kwargs, star, receiver)
            # `self._root.joinpath(name).resolve()`: whatever `_root` is, `resolve()` normalises the path
            resolved = frozenset({"resolved"}) if method in models.resolver_methods else frozenset()
            labels = {(("call", self.model.path, k), NO_SAN): ()}
            if decoded:  # `b64decode_(request.values["filename"])`: whatever its body, the result is the input
                labels = union(labels, _all_args(args, kwargs, star))
            return AV(labels, cls=qn or typed, flags=resolved)
        # everything else. Standard library, builtins and modelled libraries: the result carries what went in.
        # A method of an object the engine cannot see into: its receiver's data, and the arguments of known
        # propagators (`sep.join(parts)`, `template.format(name)`). Any other unknown callable: not its arguments.
        receiver_labels = receiver.flat() if receiver is not None else {}
        if qn in _FOLDABLE and receiver_labels and all(origin == OPAQUE for origin, _ in receiver_labels):
            receiver_labels = {}  # `urllib.parse.unquote(...)`: the module it is read from is no data
        if qn is not None and models.is_external(qn):
            if qn in models.splicers and len(args) > 1:  # `os.path.join(base, name)`: `name` is spliced in
                marks = (CONFINED,) if self._fixed(args[0]) else ()
                labels = union(args[0].flat(), spliced(union(*(a.flat() for a in args[1:]), star), *marks),
                               receiver_labels)
            else:
                labels = union(_all_args(args, kwargs, star), receiver_labels)
        elif method is not None:
            labels = union(receiver_labels, _propagated(models.method_args.get(method), args, kwargs, star))
            if method in models.splicer_methods and receiver is not None and isinstance(receiver.const, str):
                labels = spliced(labels)  # `"... {} ...".format(name)`, `" ".join(parts)`
        elif decoded:
            labels = _all_args(args, kwargs, star)  # a fragment's unbound `decode_param(value)`
        else:
            labels = {}
        flags = self._sql_flag(node, env, labels) if method == "format" and labels else frozenset()
        if any(n in models.resolvers for n in names) or method in models.resolver_methods:
            flags = flags | {"resolved"}
        elif qn in _PATH_CONSTRUCTORS and len(args) == 1 and "resolved" in args[0].flags:
            flags = flags | {"resolved"}  # `Path(os.path.normpath(p))`: still the normalised path
        if any(n in models.decoders for n in names):
            labels = desanitize(labels)
        parsed_from = None
        if any(n in models.url_parsers for n in names) and node.args:
            parsed_from = access_path(node.args[0])
        const = V.UNKNOWN
        if not labels:
            if qn in models.keyed_stores:  # filled by its methods; what it read from elsewhere is unknown
                return AV({(OPAQUE, NO_SAN): ()}, keys={}, cls=qn)
            if qn in ("list", "dict", "set", "tuple") and not node.args and not node.keywords:
                return AV(items=() if qn in ("list", "tuple") else None, keys={} if qn == "dict" else None,
                          const=V.ANY_CONSTANT, cls=qn)
            const = self._fold_call(node, qn, method, receiver, args, kwargs)
            if const is V.UNKNOWN and qn in _PURE_BUILTINS:
                const = V.ANY_CONSTANT  # `sum(sizes)`, `max(a, b)` of constant data
            if const is V.UNKNOWN:
                labels = {(OPAQUE, NO_SAN): ()}
        return AV(labels, const=const, cls=qn or typed, flags=flags, parsed_from=parsed_from)

    def _rooted(self, node: ast.AST, env: dict) -> bool:
        """`"/" + path`, `f"/{path}"`: text that starts at the root whatever the value holds."""
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            head = self.eval(node.left, env).const
            return isinstance(head, str) and head.startswith("/")
        return isinstance(node, ast.JoinedStr) and bool(node.values) and isinstance(node.values[0], ast.Constant) \
            and str(node.values[0].value).startswith("/")

    def _own_method(self, func: ast.AST) -> bool:
        """`self.name(...)` where `name` is defined by the class of this method, in this file."""
        info = self.info
        if info is None or info.class_qualname is None or self.summary.static or not self.summary.params:
            return False
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                and func.value.id == self.summary.params[0]):
            return False
        return self.fa.function_node(f"{info.class_qualname}.{func.attr}") is not None

    def _apply_validator(self, node: ast.Call, env: dict) -> None:
        """`_validate_name(name)`, where this file's `_validate_name` raises unless its parameter passes
        `if not NAME_RE.match(name): raise ...`: the caller only goes on when the check held, so the
        argument is refined by the same test, as if written here (before the arguments are read, so
        that `name = _check(name)` returns the checked value)."""
        func = node.func
        is_method = isinstance(func, ast.Attribute)  # `self._check(name)`, see `_own_method`
        qualname = f"{self.info.class_qualname}.{func.attr}" if is_method and self.info else self.call_name(func)
        fn = self.fa.function_node(qualname)
        if fn is None or id(fn) in self.fa.validating:
            return
        guards = self.fa.raise_guards(fn)
        if not guards:
            return
        bound = validators.bind_arguments(fn, node, skip_first=is_method)
        self.fa.validating.add(id(fn))
        try:
            for test, truth in guards:
                check = validators.substitute(test, bound)
                if check is not None:
                    self.fa.rewritten_checks.append(check)
                    self.refine(env, check, truth)
        finally:
            self.fa.validating.discard(id(fn))

    def _raising_validator(self, call: ast.Call, env: dict) -> None:
        """`validate_path_is_safe(path)` as a statement, defined in another module: the name says what
        it checks (`[[raising_validator]]`), and the caller goes on only with a value it accepted."""
        func = call.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
        cwes = next((c for pattern, c in self.models.raising_validators if name and pattern.match(name)), None)
        if cwes is None or self.fa.function_node(self.call_name(func)) is not None:
            return  # (a check of this file was applied from its body, see `_apply_validator`)
        for arg in (*call.args, *(kw.value for kw in call.keywords)):
            if access_path(arg) is not None:
                self._sanitize(env, arg, cwes)

    def _confinement_check(self, call: ast.Call, env: dict) -> None:
        """`path.relative_to(root)` as a statement, on a resolved or normalised path: called for the
        `ValueError` it raises when `path` is outside `root` (aiohttp's static route), so the code after
        it only sees a path inside `root`."""
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr == "relative_to" and call.args \
                and "resolved" in self.eval(func.value, env).flags:
            self._sanitize(env, func.value, {22})

    def _sql_shape_sink(self, node: ast.Call, method, args: list[AV], kwargs: dict) -> None:
        """A query string passed to a call no model names (a project wrapper, an unmodelled driver)."""
        if method in _NOT_QUERY_METHODS or not any("sql" in av.flags for av in (*args, *kwargs.values())):
            return
        candidates = [(a, av) for a, av in zip(node.args[:3], args) if not isinstance(a, ast.Starred)]
        candidates += [(kw.value, kwargs[kw.arg]) for kw in node.keywords if kw.arg in _QUERY_KEYWORDS]
        for arg_node, av in candidates:
            if "sql" in av.flags and dirty_for(av.flat(), 89):
                index = self._sink_rec(89, node, node)
                self.fa.facts.sinks[index].shape = "the string parses as SQL"
                self._sink_hit(index, node, [(self.fa.source_text(arg_node, 40), av.flat())])
                return

    def _unbound_path_constant(self, node: ast.AST) -> bool:
        """`UPLOAD_ROOT`, `settings.MEDIA_DIR`: an UPPER_CASE name the file never binds (a fragment's module
        constant, a settings value) whose words say it is a directory; divided by a name, it is a path."""
        name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
        if not name or not name.isupper():
            return False
        if isinstance(node, ast.Name) and self.model.lookup(node.id, self.scope):
            return False  # bound in this file: its value says what it is
        return bool(set(identifier_words(name)) & _DIRECTORY_WORDS)

    @staticmethod
    def _decoder_named(func: ast.AST) -> bool:
        """`b64decode_(value)`, `url_unquote(s)`: a project helper (or one the review cannot see) whose name
        says it only decodes its argument. Its result is the argument's data, decoded: the helper's body,
        when in view, adds to that, never takes it away (a decoder is no check). Not conversions such as
        `to_text(b)`: libraries define and follow those themselves."""
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
        return _decoder_name(name) if name else False

    def _own_attribute(self, func: ast.AST) -> bool:
        """`self.db.query(...)`, `self.application.db.execute(...)` in a method: an object the class keeps
        for itself, even when `self` is typed as a framework's class (a Tornado `RequestHandler`) whose
        model says nothing of that attribute."""
        info = self.info
        if info is None or info.class_qualname is None or self.summary.static or not self.summary.params:
            return False
        if not isinstance(func, ast.Attribute) or not isinstance(func.value, ast.Attribute):
            return False
        root = func.value
        while isinstance(root, ast.Attribute):
            root = root.value
        return isinstance(root, ast.Name) and root.id == self.summary.params[0]

    def _command_wrapper_sink(self, node: ast.Call, method, args: list[AV], env: dict) -> None:
        """`self._cli_run("lvremove " + vol)`, `run_ssh(host, "rm -rf " + path)`: a call no model names,
        whose name says it runs a command, given a command line with a value spliced in. The wrapper's
        body is not in view (a fragment, another package), so this rests on the name: low confidence for
        a parameter, medium for request data. Given a whole value as the command (`run_command(cmd)`),
        only request data counts: a caller's command run as asked is the wrapper's purpose."""
        name = method or (node.func.id if isinstance(node.func, ast.Name) else None)
        words = set(identifier_words(name)) if name else set()
        if not (words & _COMMAND_WORDS) or not (words & _RUN_WORDS or words <= _COMMAND_WORDS):
            return  # `set_command_name(...)` names a command, it does not run one
        for arg_node, av in zip(node.args[:2], args):
            if isinstance(arg_node, ast.Starred) or "sql" in av.flags:
                continue
            labels = av.flat()
            if not any(SPLICED in san and 78 not in san for (_o, san) in labels):
                continue
            # a command line, or a list of them (`ssh_command(host, ["cat /etc/" + name])`)
            lines = arg_node.elts if isinstance(arg_node, (ast.List, ast.Tuple)) else [arg_node]
            if any(_COMMAND_LINE.match(sql_shape.template(line, _string_constants(env))) for line in lines
                   if not isinstance(line, ast.Starred)):
                index = self._sink_rec(78, node, node)
                rec = self.fa.facts.sinks[index]
                rec.shape, rec.weak = f"`{name}()` is named like a command runner", True
                self._sink_hit(index, node, [(self.fa.source_text(arg_node, 40), labels)])
                return
        if node.args and not isinstance(node.args[0], ast.Starred) and args and not isinstance(
                node.args[0], (ast.List, ast.Tuple)) and args[0].items is None and "sql" not in args[0].flags:
            self._as_is_wrapper_sink(78, node, node.args[0], args[0], f"`{name}()` is named like a command runner")

    def _sql_wrapper_sink(self, node: ast.Call, method, args: list[AV], kwargs: dict) -> None:
        """`db.execute_sql(q)`, `run_query(conn, q)`: a call no model names, whose name says it runs SQL,
        given request data as the whole query (a spliced query is found by its shape). Request data only."""
        name = method or (node.func.id if isinstance(node.func, ast.Name) else None)
        words = set(identifier_words(name)) if name else set()
        if not ("sql" in words or ("query" in words and words & _RUN_WORDS)) or method in _NOT_QUERY_METHODS:
            return
        if any(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args[:2]):
            return  # the query is that constant: what follows it are its parameters
        candidates = [(a, av) for a, av in zip(node.args[:2], args)
                      if not isinstance(a, (ast.Starred, ast.List, ast.Tuple, ast.Dict, ast.Set))]
        candidates += [(kw.value, kwargs[kw.arg]) for kw in node.keywords if kw.arg in _QUERY_KEYWORDS]
        for arg_node, av in candidates:
            if "sql" not in av.flags:
                self._as_is_wrapper_sink(89, node, arg_node, av, f"`{name}()` is named like a query runner")
                return

    def _code_wrapper_sink(self, node: ast.Call, method, args: list[AV]) -> None:
        """`eval_js(f"{jk} f()")` (pyLoad's Click'n'Load, CVE-2023-0297), `run_script(code)`: a call no model
        names, whose name says it evaluates code, given request data. Sandboxes (`safe_eval`, `literal_eval`)
        are named so and left alone. Request data only, as for the other wrappers."""
        name = method or (node.func.id if isinstance(node.func, ast.Name) else None)
        words = set(identifier_words(name)) if name else set()
        if words & _SAFE_CODE_WORDS or words & _COMMAND_WORDS or "sql" in words or "query" in words:
            return
        if not ("eval" in words or (words & {"exec", "execute", "run"} and words & _CODE_WORDS)):
            return
        if node.args and not isinstance(node.args[0], ast.Starred) and args and args[0].items is None:
            self._as_is_wrapper_sink(95, node, node.args[0], args[0], f"`{name}()` is named like a code evaluator")

    def _as_is_wrapper_sink(self, cwe: int, node: ast.Call, arg_node: ast.AST, av: AV, shape: str) -> None:
        labels = av.flat()
        if not dirty_for(labels, cwe) or (id(node), cwe) in self.fa.sink_index:
            return
        index = self._sink_rec(cwe, node, node)
        rec = self.fa.facts.sinks[index]
        # (a wrapper defined in the reviewed tree is followed instead: its body says what it runs)
        rec.shape, rec.weak, rec.remote_only, rec.unless_in_tree = shape, True, True, True
        self._sink_hit(index, node, [(self.fa.source_text(arg_node, 40), labels)])

    def _untyped_receiver_of(self, spec: M.SinkSpec, receiver: AV, node: ast.Call) -> bool:
        """`conn = get_connection(); conn.search(base, flt)` in a module that imports `ldap3`: the object came
        from a helper of the reviewed tree (its type is not known here) and the module works with the
        receiver's library, so the method is taken to be that library's. A method name only that library
        uses (`conn.search_s(...)`) says so for any receiver."""
        if spec.typed_receiver_only or not spec.name_is_the_library and not any(
                origin[0] == "call" for origin, _ in receiver.labels):
            return False
        if spec.args and not any(p < len(node.args) for p in spec.args) and not any(
                kw.arg in spec.keywords for kw in node.keywords):
            return False
        return spec.name_is_the_library or any(self.fa.imports(r.split(".", 1)[0]) for r in spec.receivers)

    def _is_import(self, root: str, env: dict) -> bool:
        if root in env:
            return False
        bindings = self.model.lookup(root, self.scope)
        return bool(bindings) and all(b.kind == IMPORT for b in bindings)

    def _fold_call(self, node, qn, method, receiver, args, kwargs):
        """Constant result of a pure call on constants (`"ls -l".split()`, `str(3)`, `"{}".format(1)`)."""
        values = [a.const for a in args] + [v.const for v in kwargs.values()]
        if any(v is V.UNKNOWN for v in values):
            return V.UNKNOWN
        if method is not None and receiver is not None and isinstance(receiver.const, (str, bytes)):
            if method in SemanticModel._PURE_STR_METHODS:
                if all(V.is_known(v) for v in values):
                    try:
                        result = getattr(receiver.const, method)(*[a.const for a in args],
                                                                  **{k: v.const for k, v in kwargs.items()})
                        return tuple(result) if isinstance(result, list) else result
                    except Exception:
                        return V.ANY_CONSTANT
                return V.ANY_CONSTANT
        if method in SemanticModel._PURE_STR_METHODS and receiver is not None and receiver.const is V.ANY_CONSTANT \
                and not receiver.flat():
            return V.ANY_CONSTANT  # `b64decode(fixed).decode()`: some constant text, transformed
        fold = _FOLDABLE.get(qn or "") or SemanticModel._FOLDABLE_CALLS.get(qn or "")
        if fold is not None and all(V.is_known(v) for v in values):
            try:
                result = fold(*[a.const for a in args], **{k: v.const for k, v in kwargs.items()})
            except Exception:
                return V.ANY_CONSTANT
            if isinstance(result, list):
                result = tuple(result)
            if isinstance(result, (str, bytes, tuple)) and len(result) > 10_000:
                return V.ANY_CONSTANT
            return result
        if fold is not None and qn in _FOLDABLE:
            return V.ANY_CONSTANT  # a pure function of constants whose exact values are not tracked
        if qn in ("str", "repr", "int", "float", "len", "os.path.join", "shlex.join", "shlex.split", "tuple", "list"):
            return V.ANY_CONSTANT
        return V.UNKNOWN

    def _sanitized(self, san, labels: Labels, receiver, args) -> AV:
        if ALL in san.cwes:
            return AV(const=V.ANY_CONSTANT)
        return AV(sanitize(labels, san.cwes), const=V.ANY_CONSTANT if not labels else V.UNKNOWN)

    def _inline_lambda(self, lam: ast.Lambda, node: ast.Call, env: dict) -> AV:
        local = dict(env)
        params = [a.arg for a in (*lam.args.posonlyargs, *lam.args.args)]
        for i, name in enumerate(params):
            local[name] = self.eval(node.args[i], env) if i < len(node.args) else AV({(OPAQUE, NO_SAN): ()})
        for kw in node.keywords:
            if kw.arg:
                local[kw.arg] = self.eval(kw.value, env)
        return self.eval(lam.body, local)

    def _call_site(self, node, candidates, args, kwargs, star, receiver) -> int:
        k = self.fa.call_ids.get(id(node))
        share = self.fa.shared
        site = CallSite(self.qualname, share(tuple(candidates)), share(tuple(share(a.flat()) for a in args)),
                        share({n: share(v.flat()) for n, v in kwargs.items()}), share(star),
                        share(receiver.flat()) if receiver is not None else None, self.fa.loc(node),
                        share(access_path(node.func) or self.fa.source_text(node.func, 40)))
        if k is None:
            k = len(self.fa.facts.calls)
            self.fa.call_ids[id(node)] = k
            self.fa.facts.calls[k] = site
            self.summary.calls.append(k)
        else:  # re-evaluated in a loop: widen
            old = self.fa.facts.calls[k]
            site.args = share(tuple(share(union(a, b)) for a, b in zip(old.args, site.args)))
            site.kwargs = share({n: share(union(old.kwargs.get(n, {}), v)) for n, v in site.kwargs.items()})
            site.star = share(union(old.star, star))
            if old.receiver is not None and site.receiver is not None:
                site.receiver = share(union(old.receiver, site.receiver))
            self.fa.facts.calls[k] = site
        return k

    def _container_method(self, path: str, method: str, node: ast.Call, args: list[AV], env: dict) -> AV | None:
        current = env[path]
        store = self.models.keyed_stores.get(current.cls or "")
        if store is not None and current.keys is not None:
            return self._store_method(store, path, method, node, args, env)
        if current.items is not None and method in _LIST_MUTATORS:
            items = list(current.items)
            if method == "append" and len(args) == 1:
                items.append(args[0])
            elif method == "insert" and len(args) == 2 and isinstance(args[0].const, int):
                items.insert(args[0].const, args[1])
            elif method == "extend" and len(args) == 1 and args[0].items is not None:
                items.extend(args[0].items)
            elif method == "clear":
                items = []
            elif method == "pop" and (not args or isinstance(args[0].const, int)):
                index = args[0].const if args else -1
                try:
                    popped = items.pop(index)
                except IndexError:
                    popped = AV()
                env[path] = current.copy(items=tuple(items), const=V.UNKNOWN)
                return popped
            elif method == "remove" and len(args) == 1 and V.is_known(args[0].const):
                for i, item in enumerate(items):
                    if V.is_known(item.const) and item.const == args[0].const:
                        del items[i]
                        break
                else:
                    env[path] = AV(current.flat(), cls=current.cls)
                    return AV()
            else:
                env[path] = AV(union(current.flat(), *(a.flat() for a in args)), cls=current.cls)
                return AV(current.flat())
            env[path] = current.copy(items=tuple(items), const=V.UNKNOWN)
            return AV(const=None)
        if current.keys is not None:
            if method in ("get", "pop", "setdefault") and args:
                key = args[0].const
                default = args[1] if len(args) > 1 else AV(const=None)
                if V.is_known(key) and _hashable(key):
                    value = join(current.keys.get(key), default) if key not in current.keys else current.keys[key]
                    keys = dict(current.keys)
                    if method == "pop":
                        keys.pop(key, None)
                    elif method == "setdefault" and key not in keys:
                        keys[key] = default
                    env[path] = current.copy(keys=keys)
                    return value
                value = default
                for v in current.keys.values():
                    value = join(value, v)
                return AV(union(current.labels, value.flat()))
            if method == "update" and len(args) == 1 and args[0].keys is not None and not node.keywords:
                keys = dict(current.keys)
                keys.update(args[0].keys)
                env[path] = current.copy(keys=keys, labels=union(current.labels, args[0].labels))
                return AV(const=None)
        if method in _RECEIVER_MUTATORS and args:
            added = union(*(a.flat() for a in args))
            if added:
                env[path] = AV(union(current.flat(), added), cls=current.cls, const=V.UNKNOWN)
            elif current.items is not None or current.keys is not None:
                env[path] = AV(current.flat(), cls=current.cls, const=V.UNKNOWN)
            return AV(const=None)
        return None

    def _store_method(self, store: M.KeyedStore, path: str, method: str, node: ast.Call, args: list[AV],
                      env: dict) -> AV | None:
        current = env[path]
        n = store.keys
        if method in store.typed_get:
            return AV(const=V.ANY_CONSTANT)
        if any(isinstance(a, ast.Starred) for a in node.args):
            return None
        key = tuple(a.const for a in args[:n])
        precise = len(key) == n and all(V.is_known(k) and _hashable(k) for k in key)
        if method in store.set and len(args) > n:
            value = args[n]
            if precise:
                keys = dict(current.keys)
                keys[key] = value
                env[path] = current.copy(keys=keys)
            else:
                env[path] = current.copy(labels=union(current.labels, value.flat()))
            return AV(const=None)
        if method in store.get and len(args) >= n:
            fallback = next((kw.value for kw in node.keywords if kw.arg in ("fallback", "default")), None)
            if precise and key in current.keys:
                return current.keys[key]
            out = AV(dict(current.labels)) if precise else AV(current.flat())
            if fallback is not None:
                out = join(out, self.eval(fallback, env))
            return out
        return None

    # ----------------------------------------------------------------- sinks
    def _sink_rec(self, cwe: int, node: ast.AST, text_node: ast.AST) -> int:
        key = (id(node), cwe)
        index = self.fa.sink_index.get(key)
        if index is None:
            stmt_span = self._statement_span(node)
            context = "\n".join(self.model.lines[stmt_span[0] - 1: stmt_span[1]])
            index = len(self.fa.facts.sinks)
            self.fa.facts.sinks.append(SinkRec(cwe, self.fa.loc(node), self.model.source_segment(node, max_lines=4),
                                               stmt_span, context, self.fa.source_text(text_node, 70), self.model.is_test_file))
            self.fa.sink_index[key] = index
        return index

    def _statement_span(self, node: ast.AST) -> tuple[int, int]:
        """First and last line of the statement being interpreted (a compound statement: its header)."""
        line = getattr(node, "lineno", 1)
        end = getattr(node, "end_lineno", line) or line
        stmt = self.current
        if stmt is None:
            return (line, end)
        if isinstance(stmt, _COMPOUND):
            return (min(stmt.lineno, line), max(end, stmt.lineno))
        return (min(stmt.lineno, line), max(stmt.end_lineno or stmt.lineno, end))

    def _sink_hit(self, index: int, node: ast.AST, parts: list[tuple[str, Labels]]) -> None:
        rec = self.fa.facts.sinks[index]
        for text, labels in parts:
            if dirty_for(labels, rec.cwe):
                rec.dirty = True
                self.summary.hits.append((index, text, labels))

    def _check_sink(self, spec: M.SinkSpec, node: ast.Call, args, kwargs, star, star_kw, receiver, env) -> bool:
        # safe configurations
        if spec.safe_keyword:
            value_node = self.model.argument(node, spec.safe_position if spec.safe_position >= 0 else None,
                                             spec.safe_keyword)
            if value_node is not None:
                av = self.eval(value_node, env)
                name = self.call_name(value_node) if isinstance(value_node, (ast.Name, ast.Attribute)) else None
                if (name and name in spec.safe_values) or (av.flags & spec.safe_values) or (av.cls in spec.safe_values):
                    return True
        if spec.safe_unless_html:
            present = [kwargs[k] for k in spec.safe_unless_html if k in kwargs]
            if present and all(isinstance(p.const, str) and "html" not in p.const.lower() for p in present):
                return True
            if not present and not spec.default_html:
                return True
        parts: list[tuple[str, AV]] = []
        for pos in spec.args:
            if pos < len(node.args) and not any(isinstance(a, ast.Starred) for a in node.args[: pos + 1]):
                parts.append((self.fa.source_text(node.args[pos], 40), args[pos]))
        for kw in spec.keywords:
            if kw in kwargs:
                value_node = next(k.value for k in node.keywords if k.arg == kw)
                parts.append((self.fa.source_text(value_node, 40), kwargs[kw]))
        if star and spec.args:
            # `f(*values)`: dangerous only if the unpacked values may land in a dangerous position
            first_star = next(i for i, a in enumerate(node.args) if isinstance(a, ast.Starred))
            if first_star <= max(spec.args):
                parts.append(("*args", AV(star)))
        if star_kw and spec.keywords and not any(p < len(node.args) for p in spec.args):
            # `f(**options)`: only when the dangerous argument was not given by position
            parts.append(("**kwargs", AV(star_kw)))
        if spec.receiver_tainted and receiver is not None:
            parts.append((self.fa.source_text(node.func.value, 40), receiver))
        if spec.mode == "response_tuple" and parts and node.args and isinstance(node.args[0], ast.Tuple) \
                and args[0].items:
            # `make_response((body, status, headers))`: only the body is the page
            parts[0] = (self.fa.source_text(node.args[0].elts[0], 40), args[0].items[0])
        if spec.mode == "subprocess" and parts:
            shell = kwargs.get("shell")
            if shell is None or shell.const is False or shell.const == 0 or shell.const is None:
                text, av = parts[0]
                if av.items is not None:
                    first = av.items[0] if av.items else AV()
                    labels = union(av.labels, first.flat())
                    if len(av.items) >= 3 and _shell_program(av.items[0], av.items[1]):
                        labels = union(labels, av.items[2].flat())  # `["sh", "-c", command]`
                    parts = [(text, AV(labels))]
                else:
                    parts = [(text, AV(av.flat()))]
        if spec.mode == "spliced_path":
            # `upload.save(os.path.join(UPLOADS, upload.filename))`: any object's `save(path)` writes a file,
            # but only a value spliced into a path says the argument is a path
            parts = [(t, AV({k: v for k, v in av.flat().items() if SPLICED in k[1]})) for t, av in parts]
            if not any(dirty_for(av.labels, spec.cwe) for _t, av in parts):
                return False
        if spec.mode == "unpacked":
            parts = [("**" + self.fa.source_text(k.value, 36), self.eval(k.value, env))
                     for k in node.keywords if k.arg is None][:1]
        if spec.mode in ("unpacked", "keys"):
            # the mapping's keys name the attributes: a dict built with constant keys sets only those
            parts = [(text, AV(av.labels) if av.keys is not None else av) for text, av in parts]
        if spec.mode == "mongo" and parts:
            text, av = parts[0]
            if av.keys is not None:
                where = av.keys.get("$where")
                parts = [(text, AV(av.labels if where is None else union(av.labels, where.flat())))]
            else:
                parts = [(text, AV(av.labels))]
        index = self._sink_rec(spec.cwe, node, node)
        if spec.remote_only:
            self.fa.facts.sinks[index].remote_only = True
        self._sink_hit(index, node, [(t, av.flat()) for t, av in parts])
        return True

    # ----------------------------------------------------------------- template files
    def _template_render(self, node: ast.Call, names: list, method, receiver, args: list[AV], kwargs: dict,
                         unpacked: list[AV]) -> None:
        models = self.models
        specs = [spec for name in names for spec in models.template_renders.get(name, ())]
        if method is not None and receiver is not None and receiver.cls:
            specs += [spec for spec in models.template_render_methods.get(method, ())
                      if any(receiver.cls.startswith(r) for r in spec.receivers)]
        for spec in specs[:1]:
            candidates = [(node.args[p], args[p]) for p in spec.template_args
                          if p < len(node.args) and not any(isinstance(a, ast.Starred) for a in node.args[: p + 1])]
            candidates += [(k.value, kwargs[k.arg]) for k in node.keywords if k.arg in spec.template_keywords]
            templates: tuple = ()
            for _arg, av in candidates:
                templates = _template_names(av)
                if templates:
                    break
            if not templates:
                return  # a template chosen at run time: nothing to read
            variables: list[tuple[str, AV, ast.AST]] = []
            if spec.keywords_are_context:
                skip = set(spec.template_keywords)
                variables += [(k.arg, kwargs[k.arg], k.value) for k in node.keywords if k.arg and k.arg not in skip]
                for av in unpacked:
                    variables += [(key, value, node) for key, value in (av.keys or {}).items() if isinstance(key, str)]
            contexts = [(node.args[p], args[p]) for p in spec.context_args
                        if p < len(node.args) and not any(isinstance(a, ast.Starred) for a in node.args[: p + 1])]
            contexts += [(k.value, kwargs[k.arg]) for k in node.keywords if k.arg in spec.context_keywords]
            for arg, av in contexts:
                if av.keys is None:
                    continue
                literal = {}
                if isinstance(arg, ast.Dict):
                    literal = {k.value: v for k, v in zip(arg.keys, arg.values) if isinstance(k, ast.Constant)}
                variables += [(key, value, literal.get(key, node)) for key, value in av.keys.items() if isinstance(key, str)]
                break
            for variable, av, value_node in variables:
                labels = av.flat()
                if labels and dirty_for(labels, 79):
                    self._template_sink(node, templates, variable, value_node, labels)

    def _template_sink(self, node: ast.Call, templates: tuple, variable: str, value_node: ast.AST,
                       labels: Labels) -> None:
        key = (id(node), "template", variable)
        index = self.fa.sink_index.get(key)
        if index is None:
            facts = self.fa.facts
            path, line, _col, end_line, _end = self.fa.loc(node)
            stmt_span = self._statement_span(node)
            context = "\n".join(self.model.lines[stmt_span[0] - 1: stmt_span[1]])
            ident = -(len(facts.template_contexts) + 1)  # an identity, never shown (see TemplateContext)
            index = len(facts.sinks)
            facts.sinks.append(SinkRec(79, (path, line, ident, end_line, ident), self.model.source_segment(node, max_lines=4),
                                       stmt_span, context, self.fa.source_text(node, 70), self.model.is_test_file))
            facts.template_contexts[index] = TemplateContext(templates, variable, self.fa.loc(value_node),
                                                             self.fa.source_text(node, 70))
            self.fa.sink_index[key] = index
        text = variable if value_node is node else self.fa.source_text(value_node, 40)
        self._sink_hit(index, node, [(text, labels)])

    def _template_folder(self, node: ast.Call, folder: M.TemplateFolder, args: list[AV], kwargs: dict) -> None:
        values = [args[p] for p in folder.args
                  if p < len(node.args) and not any(isinstance(a, ast.Starred) for a in node.args[: p + 1])]
        values += [kwargs[k] for k in folder.keywords if k in kwargs]
        for av in values:
            for name in _template_names(av):
                self.fa.add_template_dir(name)

    def _cookie_check(self, node: ast.Call, check: M.CookieCheck, args: list[AV], kwargs: dict) -> None:
        if id(node) in self.fa.cookie_seen:
            return
        self.fa.cookie_seen.add(id(node))
        if any(k.arg is None for k in node.keywords):
            return

        def given(keyword: str, position: int) -> object:
            if keyword in kwargs:
                return kwargs[keyword].const
            if 0 <= position < len(args) and not any(isinstance(a, ast.Starred) for a in node.args[: position + 1]):
                return args[position].const
            return None

        if any(_clears_cookie(given(k, pos)) for k, pos in check.clears):
            return  # the cookie is being removed: nothing is left to send over plain HTTP
        value = given(check.keyword, check.position)
        if value is None:
            value = False
        if value is V.UNKNOWN or value is V.ANY_CONSTANT or value:
            return
        loc = self.fa.loc(node)
        span = self._statement_span(node)
        context = "\n".join(self.model.lines[span[0] - 1: span[1]])
        rule_id, title, severity, fix = RULES[614]  # the one table `secreview explain` reads too
        finding = Finding(
            rule_id=rule_id, cwe=614, title=title,
            location=Location(*loc), snippet=self.model.source_segment(node, max_lines=4),
            message=f"`{self.fa.source_text(node.func, 40)}()` sets a cookie without `secure=True`; browsers will send it over plain "
                    "HTTP, where it can be read or changed by anyone on the network.",
            fix=fix, severity=severity, confidence=Confidence.HIGH, in_test_code=self.model.is_test_file, statement=span,
        )
        self.fa.facts.findings.append(finding.with_fingerprint(context))


_EPOCH_DATE = re.compile(r"\b19[0-6]\d\b|\b1970\b")


def _clears_cookie(value: object) -> bool:
    """`max_age=0`, `expires=0`, `expires="Thu, 01 Jan 1970 00:00:00 GMT"`: the cookie expires at once."""
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, (int, float)):
        return value <= 0
    return isinstance(value, str) and bool(_EPOCH_DATE.search(value))


def _template_names(av: AV) -> tuple:
    """The constant names a template argument may be: one, the few of a join, or a list of them."""
    if av.items is not None:
        names = tuple(item.const for item in av.items if isinstance(item.const, str))
        return names if len(names) == len(av.items) else ()
    possible = possible_constants(av)
    return tuple(sorted(p for p in possible if isinstance(p, str))) if possible else ()


def _trailing_path(node: ast.AST) -> str | None:
    """`BASE_DIR / "templates"`, `os.path.join(BASE_DIR, "site", "templates")`, `"templates"`: the
    constant path a settings entry ends with (the base is resolved by looking above the settings file)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        right = _trailing_path(node.right)
        left = _trailing_path(node.left)
        return f"{left}/{right}" if left and right else right
    if isinstance(node, ast.Call):
        if isinstance(node.func, ast.Name) and node.func.id == "str" and len(node.args) == 1:
            return _trailing_path(node.args[0])
        tail = []
        for arg in reversed(node.args):
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                break
            tail.append(arg.value)
        return "/".join(reversed(tail)) or None
    return None


def _all_args(args: list, kwargs: dict, star: Labels) -> Labels:
    """The labels of every argument of a call, `*args` and `**kwargs` included."""
    return union(*(a.flat() for a in args), *(v.flat() for v in kwargs.values()), star)


def _propagated(spec, args: list, kwargs: dict, star: Labels) -> Labels:
    """The labels of the arguments a known propagator method passes on to its result."""
    if spec is None:
        return {}
    if spec == "all":
        return union(*(a.flat() for a in args), *(v.flat() for v in kwargs.values()), star)
    return union(*(args[i].flat() for i in spec if i < len(args)), star)


def _receiver_is_attr(node: ast.AST, attrs) -> bool:
    """`obj.__dict__` (or `vars(obj)` for `__dict__`) as a method's receiver."""
    if isinstance(node, ast.Attribute):
        return node.attr in attrs
    return ("__dict__" in attrs and isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "vars" and len(node.args) == 1)


def _through_manager(node: ast.AST, managers) -> bool:
    """`Model.objects.filter(...).first()`: the call chain goes through an ORM manager attribute."""
    while True:
        if isinstance(node, ast.Attribute):
            if node.attr in managers:
                return True
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        else:
            return False


def _has_source(labels: Labels) -> bool:
    return any(origin[0] == "src" for origin, _ in labels)


def _carries_flow(labels: Labels) -> bool:
    return any(origin[0] != "opaque" for origin, _ in labels)


_NORMALIZERS = frozenset({"os.path.normpath", "posixpath.normpath", "os.path.abspath", "posixpath.abspath"})
_ENVIRONS = frozenset({"os.environ", "os.environb"})
_ENV_READS = frozenset({"os.environ.get", "os.environb.get", "os.getenv", "os.getenvb"})
_PATH_CONSTRUCTORS = frozenset({"pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "pathlib.PurePosixPath"})
_NUMERIC_TYPES = frozenset({"int", "float", "bool", "complex", "numbers.Number", "numbers.Integral", "numbers.Real",
                            "decimal.Decimal", "uuid.UUID", "datetime.date", "datetime.datetime"})


def _numeric_types(node: ast.AST) -> bool:
    """`int`, `(int, float)`, `numbers.Number`: an isinstance check that leaves no text to inject."""
    elts = node.elts if isinstance(node, ast.Tuple) else [node]
    return bool(elts) and all(ast.unparse(e) in _NUMERIC_TYPES or isinstance(e, ast.Attribute) and e.attr in (
        "Number", "Integral", "Real", "Decimal", "UUID") for e in elts)


def _hashable(value) -> bool:
    try:
        hash(value)
        return True
    except TypeError:
        return False


def _string_constants(env: dict):
    """For `sql_shape.template`: the known string value of a local name, else None."""
    def const_of(leaf: ast.AST):
        value = env[leaf.id].const if isinstance(leaf, ast.Name) and leaf.id in env else None
        return value if isinstance(value, str) else None
    return const_of


def _settle_as_is(labels: Labels, redirect_safe: bool) -> Labels:
    """Sources safe only as is (AS_IS: the current request path as a redirect target) once that is
    settled: still safe for CWE-601 after a check that the path does not start with `//`
    (`redirect_safe`), no longer safe with a slash appended (`request.path + "/"`, the append-slash
    redirect target: Tornado's StaticFileHandler, CVE-2023-28370, for `//evil.example`)."""
    if not any(AS_IS in san for _origin, san in labels):
        return labels
    out: Labels = {}
    for (origin, san), trace in labels.items():
        if AS_IS in san:
            san = (san - {AS_IS}) | {601} if redirect_safe else san - {601, AS_IS}
        merge_into(out, {(origin, san): trace})
    return out


def _spliced_after(prefix: object, labels: Labels, fixed_base: bool) -> Labels:
    """`labels` spliced after `prefix`. A constant prefix that pins the host (`https://api.example.com/`)
    leaves no server-side request or open redirect to the spliced value; a same-site path (`/app/`)
    leaves no open redirect; a bare scheme (`https://`) lets the value choose the host."""
    if not labels:
        return labels
    marks = [CONFINED] if fixed_base else []
    if isinstance(prefix, str) and (prefix.endswith("://") or prefix == "//"):
        marks.append(HOST)
    labels = spliced(labels, *marks)
    if isinstance(prefix, str):
        if _url_prefix(prefix):
            labels = sanitize(labels, frozenset({918, 601}))
        elif _site_path(prefix):
            labels = sanitize(labels, frozenset({601}))
    return labels


def _site_path(prefix: str) -> bool:
    """`/app/`: a path on this site (not `//host` or `/\\host`, which browsers read as another host)."""
    return len(prefix) >= 2 and prefix[0] == "/" and prefix[1] not in "/\\"


def _url_prefix(prefix: str) -> bool:
    """`https://api.example.com/` or a same-site path `/` (not `//`): a prefix that pins the host."""
    m = re.match(r"^https?://[^/?#@]+/", prefix)
    return bool(m)


_FOLDABLE = {"len": len, "int": int, "float": float, "bool": bool, "abs": abs, "min": min, "max": max, "ord": ord,
             "chr": chr, "round": round, "hex": hex, "oct": oct, "bin": bin, "str": str, "repr": repr}
# encodings of text into text: a constant in is a constant out (`b64decode(b64encode(b"x"))` is `b"x"`)
_FOLDABLE.update({f"base64.{name}": getattr(base64, name) for name in (
    "b64encode", "b64decode", "urlsafe_b64encode", "urlsafe_b64decode", "b32encode", "b32decode", "b16encode",
    "b16decode", "encodebytes", "decodebytes", "standard_b64encode", "standard_b64decode")})
_FOLDABLE.update({"binascii.hexlify": binascii.hexlify, "binascii.unhexlify": binascii.unhexlify,
                  "urllib.parse.quote": urllib.parse.quote, "urllib.parse.quote_plus": urllib.parse.quote_plus,
                  "urllib.parse.unquote": urllib.parse.unquote, "urllib.parse.unquote_plus": urllib.parse.unquote_plus,
                  "html.escape": html.escape, "html.unescape": html.unescape})
_COMMONPATH = frozenset({"os.path.commonpath", "posixpath.commonpath", "ntpath.commonpath"})
_PATH_TYPES = ("pathlib.", "zipfile.Path", "trio.Path", "anyio.Path")
_HTML = frozenset({"html"})
_SQL = frozenset({"sql"})
# methods that take a query string without running it (logging, building, reporting)
_NOT_QUERY_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "log", "append",
                                "extend", "insert", "add", "write", "writelines", "format", "join", "replace", "split",
                                "strip", "encode", "startswith", "endswith", "print", "echo", "assertEqual",
                                "assertIn", "set", "setdefault", "update", "put", "push", "send"})
# words in a callee's name that say it runs a command line (`_cli_run`, `run_ssh`, `exec_shell_cmd`)
_COMMAND_WORDS = frozenset({"cmd", "command", "commands", "shell", "ssh", "cli", "popen", "system", "subprocess"})
_RUN_WORDS = frozenset({"run", "exec", "execute", "call", "invoke", "issue", "spawn", "do", "send"})
# a command line: a program name, a space, then more (its constant text with MARK for the spliced parts)
_COMMAND_LINE = re.compile(r"^\s*[\w./-]+ +\S")
@functools.lru_cache(maxsize=8192)
def _decoder_name(name: str) -> bool:
    """See `FunctionAnalysis._decoder_named` (cached per name)."""
    words = set(identifier_words(name))
    return not (words & _CHECK_WORDS) and bool(words & _DECODE_WORDS)


# words of an UPPER_CASE constant's name that say it holds a directory (`UPLOAD_ROOT`, `BASE_DIR`)
_DIRECTORY_WORDS = frozenset({"root", "dir", "dirs", "directory", "path", "folder", "base", "home", "storage"})
# words of a helper's name that say it decodes text (`b64decode_`, `url_unquote`),
# and words that say it checks or cleans it (`decode_and_validate`, `safe_unquote`)
_DECODE_WORDS = frozenset({"decode", "decoded", "b64decode", "urldecode", "unquote", "unescape", "decompress",
                           "unbase64", "frombase64", "base64decode", "hexdecode", "unhexlify", "inflate"})
_CHECK_WORDS = frozenset({"valid", "validate", "validated", "check", "checked", "sanitize", "sanitized", "clean",
                          "cleaned", "safe", "secure", "escape", "escaped", "filter", "filtered", "verify", "verified",
                          "normalize", "normalise", "strip", "quote", "allowed", "whitelist", "allowlist"})
# words of a callee's name that say it evaluates code (`eval_js`, `run_script`, `exec_python`), and that it
# is a sandbox or a literal parser meant for untrusted text (`safe_eval`, `literal_eval`)
_CODE_WORDS = frozenset({"code", "script", "js", "javascript", "python", "py", "expr", "expression", "snippet"})
_SAFE_CODE_WORDS = frozenset({"safe", "literal", "sandbox", "sandboxed", "restricted", "math", "arith"})
_QUERY_KEYWORDS = frozenset({"sql", "query", "statement", "stmt", "q", "raw_sql", "sql_query"})


def _html_flag(*parts: AV) -> frozenset:
    """A string built from an HTML fragment (`"<p>" + name`) is HTML: marked so a view returning it is a sink."""
    for av in parts:
        if "html" in av.flags or (isinstance(av.const, str) and "<" in av.const and ">" in av.const):
            return _HTML
    return frozenset()


_SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ksh", "csh", "tcsh", "fish", "ash", "busybox", "cmd", "cmd.exe",
                     "powershell", "powershell.exe", "pwsh", "pwsh.exe"})
_SHELL_FLAGS = frozenset({"-c", "/c", "/C", "/k", "/K", "-Command", "-command", "-lc", "-ec", "-xc"})


def _shell_program(program: AV, flag: AV) -> bool:
    """`[shell, "-c", command]`: the third element is a shell command line."""
    programs = possible_constants(program)
    flags = possible_constants(flag)
    if not programs or not flags:
        return False
    return any(isinstance(p, str) and re.split(r"[\\/]", p)[-1].lower() in _SHELLS for p in programs) and any(
        isinstance(f, str) and f in _SHELL_FLAGS for f in flags)


_MAX_UNROLL = 8


def _unrollable(iterable: AV) -> list | None:
    """The elements of a short sequence known element by element, in order (None: interpret as a loop)."""
    if iterable.items is not None and iterable.keys is None and not iterable.labels:
        if 0 < len(iterable.items) <= _MAX_UNROLL:
            return list(iterable.items)
        return None
    const = iterable.const
    if V.is_known(const) and not iterable.flat() and isinstance(const, (str, tuple, list)) \
            and 0 < len(const) <= _MAX_UNROLL:
        return [AV(const=c) for c in const]
    return None


def _pattern_matches(pattern, subject: AV) -> bool | None:
    """Whether a `case` pattern matches a subject known at compile time: True, False or None (undecided)."""
    if isinstance(pattern, ast.MatchAs) and pattern.pattern is None:
        return True  # `case _:` / `case name:`
    if isinstance(pattern, ast.MatchAs):
        return _pattern_matches(pattern.pattern, subject)
    if isinstance(pattern, ast.MatchOr):
        results = [_pattern_matches(p, subject) for p in pattern.patterns]
        if any(r is True for r in results):
            return True
        return False if all(r is False for r in results) else None
    possible = possible_constants(subject)
    if possible is None:
        return None
    if isinstance(pattern, ast.MatchValue):
        value = _literal(pattern.value)
        if value is _NO_LITERAL:
            return None
        hits = [p == value and type(p) in (type(value), int, float, bool) for p in possible]
        if all(hits):
            return True
        return False if not any(hits) else None
    if isinstance(pattern, ast.MatchSingleton):
        hits = [p is pattern.value for p in possible]
        return True if all(hits) else False if not any(hits) else None
    return None


_NO_LITERAL = object()


def _literal(node: ast.AST):
    try:
        return ast.literal_eval(node)
    except Exception:
        return _NO_LITERAL


def _element(av: AV) -> AV:
    if av.items is not None:
        out = None
        for item in av.items:
            out = join(out, item)
        base = AV(dict(av.labels), const=V.ANY_CONSTANT if V.is_constant(av.const) else V.UNKNOWN)
        return join(out, base) if out is not None else base
    if av.keys is not None:
        return AV(dict(av.labels), const=V.ANY_CONSTANT)
    const = V.ANY_CONSTANT if V.is_constant(av.const) and not av.flat() else V.UNKNOWN
    return AV(dict(av.flat()), const=const)


def _join_env(a: dict | None, b: dict | None) -> dict | None:
    if a is None:
        return b
    if b is None:
        return a
    out = dict(a)
    for k, v in b.items():
        if k in out:
            if out[k] is not v:
                out[k] = join(out[k], v)
        else:
            out[k] = v
    return out


def _same_env(a: dict | None, b: dict | None) -> bool:
    if a is None or b is None:
        return a is b
    if a.keys() != b.keys():
        return False
    return all(a[k] is b[k] or a[k].sig() == b[k].sig() for k in a)


def _is_public(info: FunctionInfo) -> bool:
    """A function a library's users may call: at module level or a method of a module-level class
    (nested classes too), with no leading underscore on it or its class (dunder methods are public)."""
    scope = info.scope.parent
    while scope is not None and scope.kind == "class":
        if scope.qualname.rsplit(".", 1)[-1].startswith("_"):
            return False
        scope = scope.parent
    if scope is None or scope.kind != "module":
        return False
    name = getattr(info.node, "name", "")
    return bool(name) and (not name.startswith("_") or (name.startswith("__") and name.endswith("__")))


def summarize(model: SemanticModel, tree: ast.Module) -> FileFacts:
    return FileAnalysis(model, tree).run()
