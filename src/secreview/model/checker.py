"""The one traversal: builds the semantic model and dispatches rules by node type, call and import.

Like pyflakes, function bodies are deferred until the enclosing module has been read, so a
function sees the module's final bindings; class bodies and lambdas run where they stand. Branches
whose condition is decided at compile time (`if False:`, `if 7 * 18 > 200:`) are not entered: code
that cannot run holds no defect and binds nothing.
"""
from __future__ import annotations

import ast
import contextlib
import itertools
from collections import defaultdict
from typing import Iterable

from secreview.findings import Finding, Location
from secreview.model import values as V
from secreview.model.scopes import ASSIGN, CLASS, DEF, IMPORT, LOOP, OTHER, PARAM, UNPACK, Binding, Scope
from secreview.model.semantic import FunctionInfo, SemanticModel
from secreview.rules.api import Report, Rule, as_reports


class RuleIndex:
    """Rules grouped by what triggers them, built once per process."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.by_node: dict[type, list[Rule]] = defaultdict(list)
        self.by_call: dict[str, list[Rule]] = defaultdict(list)
        self.by_method: dict[str, list[Rule]] = defaultdict(list)
        self.by_import: dict[str, list[Rule]] = defaultdict(list)
        self.by_name: dict[str, list[Rule]] = defaultdict(list)
        for r in rules:
            for name in r.names:
                self.by_name[name].append(r)
            for node_type in r.nodes:
                self.by_node[node_type].append(r)
            for name in r.calls:
                self.by_call[name].append(r)
            for name in r.methods:
                self.by_method[name].append(r)
            for name in r.imports:
                self.by_import[name].append(r)
        # The last part of every call rule's name: `a.b.f(...)` resolves to a name ending in `.f`
        # or to none, so no call rule can match an attribute call whose `f` is not in this set.
        self.call_last_parts = frozenset(name.rsplit(".", 1)[-1] for name in self.by_call)
        self._plans: dict[type, dict[type, tuple]] = {}

    def plans_for(self, checker_class: type) -> dict[type, tuple]:
        """How `checker_class.visit` treats each node type, filled in as types are met (shared by
        every file of the process)."""
        return self._plans.setdefault(checker_class, {})


class Context:
    """What a rule's check function receives: the model's queries plus where the traversal is."""

    def __init__(self, model: SemanticModel) -> None:
        self.model = model
        self.parents: list[ast.AST] = []
        self.statement: ast.stmt | None = None
        self.call_qualname: str | None = None  # qualified name of the call being dispatched
        # Changes with every node whose node-type rules run: rules that look at the same node one
        # after the other may share work computed for the same `(node, dispatch)`.
        self.dispatch = 0
        self.qualified_name = model.qualified_name
        self.value = model.value
        self.is_constant = model.is_constant
        self.string = model.string
        self.argument = model.argument
        self.has_argument = model.has_argument
        self.keyword_value = model.keyword_value
        self.lookup = model.lookup

    @property
    def is_test_file(self) -> bool:
        return self.model.is_test_file

    def parent(self, levels: int = 1) -> ast.AST | None:
        return self.parents[-levels] if len(self.parents) >= levels else None


# How `Checker.visit` treats a node type (see `Checker._plan`, cached by `RuleIndex.plans_for`).
_LEAF = 0  # no handler and no child that can hold a node: only the node's own rules run
_GENERIC = 1  # no handler: visit the children
_HANDLER = 2  # a `_visit_*` method, called with the node pushed on `ctx.parents`
_OWN = 3  # a handler that manages `ctx.parents` itself (identifiers: their rules see only ancestors)


class Checker:
    def __init__(self, model: SemanticModel, rules: RuleIndex) -> None:
        self.model = model
        self.rules = rules
        self.ctx = Context(model)
        self.findings: list[Finding] = []
        self._deferred: list[tuple[FunctionInfo, Scope]] = []
        self._branch_ids = itertools.count(1)
        self._empty_containers: set[str] = set()  # names ever bound to `[]`, `{}`, `list()`...
        self._plans = rules.plans_for(type(self))
        self._by_name = rules.by_name
        self._by_call = rules.by_call
        self._by_method = rules.by_method
        self._call_last_parts = rules.call_last_parts

    _HANDLERS = {
        ast.Module: "_visit_module",
        ast.FunctionDef: "_visit_function",
        ast.AsyncFunctionDef: "_visit_function",
        ast.Lambda: "_visit_lambda",
        ast.ClassDef: "_visit_class",
        ast.Import: "_visit_import",
        ast.ImportFrom: "_visit_import",
        ast.Assign: "_visit_assign",
        ast.AnnAssign: "_visit_annassign",
        ast.AugAssign: "_visit_augassign",
        ast.NamedExpr: "_visit_namedexpr",
        ast.For: "_visit_for",
        ast.AsyncFor: "_visit_for",
        ast.While: "_visit_while",
        ast.If: "_visit_if",
        ast.Try: "_visit_try",
        ast.With: "_visit_with",
        ast.AsyncWith: "_visit_with",
        ast.Global: "_visit_global",
        ast.Nonlocal: "_visit_nonlocal",
        ast.ListComp: "_visit_comprehension",
        ast.SetComp: "_visit_comprehension",
        ast.GeneratorExp: "_visit_comprehension",
        ast.DictComp: "_visit_comprehension",
        ast.Call: "_visit_call",
    }
    if hasattr(ast, "TryStar"):
        _HANDLERS[ast.TryStar] = "_visit_try"
    if hasattr(ast, "Match"):
        _HANDLERS[ast.Match] = "_visit_match"

    @classmethod
    def _plan(cls, node_type: type, rules: RuleIndex) -> tuple:
        """(rules on this node type, handler, how to visit, is a statement) for `visit`."""
        node_rules = tuple(rules.by_node.get(node_type, ()))
        is_stmt = issubclass(node_type, ast.stmt)
        if rules.by_name and node_type is ast.Name:
            return node_rules, cls._visit_name, _OWN, is_stmt
        if rules.by_name and node_type is ast.Attribute:
            return node_rules, cls._visit_attribute, _OWN, is_stmt
        handler_name = cls._HANDLERS.get(node_type)
        if handler_name is not None:
            return node_rules, getattr(cls, handler_name), _HANDLER, is_stmt
        if _child_fields(node_type):
            return node_rules, None, _GENERIC, is_stmt
        return node_rules, None, _LEAF, is_stmt

    # ----------------------------------------------------------------- driver
    def run(self, tree: ast.Module) -> list[Finding]:
        self.visit(tree)
        return self.findings

    def release(self) -> None:
        """Break this checker's and its model's reference cycles once the file is done (see
        `SemanticModel.release`): the file's objects then go with their last reference."""
        self._deferred.clear()
        self.model.release()

    def visit(self, node: ast.AST) -> None:
        # Hot path: runs once per node. No try/finally: an exception abandons the whole file.
        node_type = type(node)
        plan = self._plans.get(node_type)
        if plan is None:
            plan = self._plans[node_type] = self._plan(node_type, self.rules)
        rules, handler, how, is_stmt = plan
        if rules:
            ctx = self.ctx
            ctx.dispatch += 1
            for r in rules:
                result = r.check(ctx, node)
                if result is not None:
                    self._add(r, result)
        if how == _LEAF:
            return  # nothing below it: pushing it on `parents` would be seen by no rule
        if how == _OWN:
            handler(self, node)
            return
        ctx = self.ctx
        parents = ctx.parents
        if is_stmt:
            outer_stmt, ctx.statement = ctx.statement, node
            parents.append(node)
            if handler is not None:
                handler(self, node)
            else:
                self.generic_visit(node)
            parents.pop()
            ctx.statement = outer_stmt
            return
        parents.append(node)
        if handler is not None:
            handler(self, node)
        else:
            self.generic_visit(node)
        parents.pop()

    def generic_visit(self, node: ast.AST) -> None:
        visit = self.visit
        AST = ast.AST
        for field in _child_fields(type(node)):
            value = getattr(node, field, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, AST):
                        visit(item)
            elif isinstance(value, AST):
                visit(value)

    def visit_all(self, nodes: Iterable[ast.AST | None]) -> None:
        visit = self.visit
        for node in nodes:
            if node is not None:
                visit(node)

    # ----------------------------------------------------------------- reporting
    def _apply(self, r: Rule, node: ast.AST) -> None:
        result = r.check(self.ctx, node)
        if result is not None:
            self._add(r, result)

    def _add(self, r: Rule, result: Iterable[Report] | Report) -> None:
        for report in as_reports(result):
            self.findings.append(self._finding(r, report))

    def _finding(self, r: Rule, report: Report) -> Finding:
        node = report.node
        lines = self.model.lines
        line = getattr(node, "lineno", 1)
        end_line = getattr(node, "end_lineno", None) or line
        col = _char_column(lines, line, getattr(node, "col_offset", 0))
        end_col = _char_column(lines, end_line, getattr(node, "end_col_offset", None) or 0)
        stmt_span = _statement_span(self.ctx.statement, line, end_line)
        finding = Finding(
            rule_id=r.id,
            cwe=report.cwe or r.cwe,
            title=r.title,
            location=Location(self.model.path, line, col + 1, end_line, end_col + 1),
            snippet=self.model.source_segment(node, max_lines=4),
            message=report.message,
            fix=report.fix or r.fix,
            severity=report.severity or r.severity,
            confidence=report.confidence or r.confidence,
            in_test_code=self.model.is_test_file,
            statement=(min(stmt_span[0], line), max(stmt_span[1], end_line)),
        )
        return finding

    # ----------------------------------------------------------------- bindings
    def bind(self, name: str, kind: str, node: ast.AST, value: ast.expr | None = None,
             qualname: str | None = None, index: int | None = None, scope: Scope | None = None) -> Binding:
        scope = scope or self.model.scope
        assert scope is not None
        if name in scope.globals_ and scope.parent is not None:
            scope = scope.module()
        self.model.seq += 1
        binding = Binding(name, kind, node, self.model.seq, self.model.branch, scope, value, qualname, index)
        scope.add(binding)
        if value is not None and _is_empty_container(value):
            self._empty_containers.add(name)  # (a prefilter for `_mark_passed_containers`)
        return binding

    def bind_target(self, target: ast.AST, value: ast.expr | None, kind: str = ASSIGN) -> None:
        """Bind every name in an assignment target, pairing tuple elements where the shapes match."""
        if isinstance(target, ast.Name):
            self.bind(target.id, kind, target, value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts) and not any(
                isinstance(e, ast.Starred) for e in (*value.elts, *target.elts)
            ):
                for sub_target, sub_value in zip(target.elts, value.elts):
                    self.bind_target(sub_target, sub_value, kind)
                return
            for i, elt in enumerate(target.elts):
                if isinstance(elt, ast.Name) and value is not None and kind == ASSIGN:
                    self.bind(elt.id, UNPACK, elt, value, index=i)
                else:
                    self.bind_target(elt.value if isinstance(elt, ast.Starred) else elt, None, OTHER)
        elif isinstance(target, ast.Starred):
            self.bind_target(target.value, None, OTHER)
        else:  # attribute / subscript stores: visit their sub-expressions
            if isinstance(target, ast.Subscript):
                self._mark_mutated(target.value)
            self.visit(target)

    def _mark_passed_containers(self, call: ast.Call) -> None:
        """`r = []; fill(r, data); "".join(r)`: an empty list, dict or set handed to a function may come
        back filled (the callee appends to it), so its literal value is stale. Builtins that only read
        their arguments (`len(r)`, `sorted(r)`) and string building (`", ".join(r)`) change nothing."""
        empty = self._empty_containers
        if not empty:
            return
        func = call.func
        if isinstance(func, ast.Name) and func.id in _READING_BUILTINS:
            return
        if isinstance(func, ast.Attribute) and func.attr in _READING_METHODS:
            return
        for arg in (*call.args, *(k.value for k in call.keywords)):
            if isinstance(arg, ast.Name) and arg.id in empty:
                for binding in self.model.lookup(arg.id):
                    if _is_empty_container(binding.value):
                        binding.mutated = True

    def _mark_mutated(self, container: ast.AST) -> None:
        if isinstance(container, ast.Name):
            for binding in self.model.lookup(container.id):
                binding.mutated = True

    def _new_branch(self) -> tuple[int, ...]:
        return self.model.branch + (next(self._branch_ids),)

    def _in_branch(self, body: list[ast.stmt]) -> None:
        outer = self.model.branch
        self.model.branch = self._new_branch()
        try:
            self.visit_all(body)
        finally:
            self.model.branch = outer

    # ----------------------------------------------------------------- scopes
    def _visit_module(self, node: ast.Module) -> None:
        scope = Scope("module", node, None, self.model.module_name)
        self.model.module_scope = self.model.scope = scope
        self.visit_all(node.body)
        while self._deferred:
            info, scope = self._deferred.pop(0)
            self._run_function_body(info, scope)

    def _visit_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.visit_all(node.decorator_list)
        self._visit_arguments_outside(node.args)
        self.visit_all([node.returns])
        outer = self.model.scope
        assert outer is not None
        qualname = f"{outer.qualname}.{node.name}"
        self.bind(node.name, DEF, node, qualname=qualname)
        scope = Scope("function", node, outer, qualname)
        self.model.node_scopes[id(node)] = scope
        class_qualname = outer.qualname if outer.kind == "class" else None
        info = FunctionInfo(qualname, node, scope, class_qualname)
        self.model.functions.append(info)
        self._deferred.append((info, scope))

    def _visit_arguments_outside(self, args: ast.arguments) -> None:
        self.visit_all(args.defaults)
        self.visit_all([d for d in args.kw_defaults if d is not None])
        for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
            if arg is not None and arg.annotation is not None:
                self.visit(arg.annotation)

    def _bind_parameters(self, args: ast.arguments, scope: Scope) -> None:
        for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
            if arg is not None:
                self.bind(arg.arg, PARAM, arg, scope=scope)

    def _run_function_body(self, info: FunctionInfo, scope: Scope) -> None:
        node = info.node
        saved = (self.model.scope, self.model.branch, self.ctx.parents, self.ctx.statement)
        self.model.scope, self.model.branch = scope, ()
        self.ctx.parents, self.ctx.statement = [node], node
        try:
            self._bind_parameters(node.args, scope)
            self.visit_all(node.body)
        finally:
            self.model.scope, self.model.branch, self.ctx.parents, self.ctx.statement = saved

    @contextlib.contextmanager
    def _inside(self, kind: str, node: ast.AST, qualname: str | None = None):
        """Run the body of a class, lambda or comprehension in a new scope, then restore the outer one."""
        outer, saved_branch = self.model.scope, self.model.branch
        assert outer is not None
        scope = Scope(kind, node, outer, qualname or f"{outer.qualname}.<{kind}>")
        self.model.node_scopes[id(node)] = scope
        self.model.scope, self.model.branch = scope, ()
        try:
            yield scope
        finally:
            self.model.scope, self.model.branch = outer, saved_branch

    def _visit_lambda(self, node: ast.Lambda) -> None:
        self._visit_arguments_outside(node.args)
        with self._inside("lambda", node) as scope:
            self._bind_parameters(node.args, scope)
            self.visit(node.body)

    def _visit_class(self, node: ast.ClassDef) -> None:
        self.visit_all(node.decorator_list)
        self.visit_all(node.bases)
        self.visit_all(kw.value for kw in node.keywords)
        outer = self.model.scope
        assert outer is not None
        qualname = f"{outer.qualname}.{node.name}"
        self.bind(node.name, CLASS, node, qualname=qualname)
        self.model.classes[qualname] = node
        with self._inside("class", node, qualname):
            self.visit_all(node.body)

    def _visit_comprehension(self, node: ast.AST) -> None:
        generators: list[ast.comprehension] = node.generators  # type: ignore[attr-defined]
        self.visit(generators[0].iter)
        with self._inside("comprehension", node):
            for i, gen in enumerate(generators):
                if i:
                    self.visit(gen.iter)
                if isinstance(gen.target, ast.Name):
                    self.bind(gen.target.id, LOOP, gen.target, gen.iter)
                else:
                    self.bind_target(gen.target, None, OTHER)
                self.visit_all(gen.ifs)
            if isinstance(node, ast.DictComp):
                self.visit(node.key)
                self.visit(node.value)
            else:
                self.visit(node.elt)  # type: ignore[attr-defined]

    # ----------------------------------------------------------------- imports
    def _visit_import(self, node: ast.Import | ast.ImportFrom) -> None:
        scope = self.model.scope
        assert scope is not None
        if isinstance(node, ast.Import):
            for alias in node.names:
                self._dispatch_import(alias.name, node)
                if alias.asname:
                    self.bind(alias.asname, IMPORT, node, qualname=alias.name)
                else:
                    top = alias.name.split(".")[0]
                    self.bind(top, IMPORT, node, qualname=top)
            return
        module = self._absolute_module(node.module, node.level)
        for alias in node.names:
            if alias.name == "*":
                scope.star_imports.append(module)
                self._dispatch_import(module, node)
                continue
            qualname = f"{module}.{alias.name}" if module else alias.name
            self._dispatch_import(qualname, node)
            self.bind(alias.asname or alias.name, IMPORT, node, qualname=qualname)

    def _absolute_module(self, module: str | None, level: int) -> str:
        if not level:
            return module or ""
        package = self.model.module_name.split(".")
        is_package_init = self.model.path.endswith("__init__.py")
        base = package if is_package_init else package[:-1]
        if level > 1:
            base = base[: len(base) - (level - 1)] if len(base) >= level - 1 else []
        return ".".join([*base, module] if module else base)

    def _dispatch_import(self, qualname: str, node: ast.AST) -> None:
        self.model.imports.setdefault(qualname, getattr(node, "lineno", 0))
        parts = qualname.split(".")
        rules = [r for i in range(len(parts), 0, -1) for r in self.rules.by_import.get(".".join(parts[:i]), ())]
        if not rules:
            return
        self.ctx.dispatch += 1
        current = self.ctx.parents.pop()  # rules see the import's ancestors, not the import itself
        try:
            for r in rules:
                self.ctx.call_qualname = qualname
                self._apply(r, node)
        finally:
            self.ctx.parents.append(current)

    # ----------------------------------------------------------------- statements
    def _visit_assign(self, node: ast.Assign) -> None:
        self.visit(node.value)
        for target in node.targets:
            self.bind_target(target, node.value)

    def _visit_annassign(self, node: ast.AnnAssign) -> None:
        self.visit(node.annotation)
        if node.value is not None:
            self.visit(node.value)
            self.bind_target(node.target, node.value)
        elif not isinstance(node.target, ast.Name):
            self.visit(node.target)

    def _visit_augassign(self, node: ast.AugAssign) -> None:
        self.visit(node.value)
        if isinstance(node.target, ast.Subscript):
            self._mark_mutated(node.target.value)
        if isinstance(node.target, ast.Name):
            # x += y  is bound as  x = x + y, whose `x` resolves to the bindings before this one.
            synthetic = ast.BinOp(left=ast.Name(id=node.target.id, ctx=ast.Load()), op=node.op, right=node.value)
            ast.copy_location(synthetic, node)
            synthetic.end_lineno, synthetic.end_col_offset = node.end_lineno, node.end_col_offset
            self.bind(node.target.id, ASSIGN, node.target, synthetic)
        else:
            self.visit(node.target)

    def _visit_namedexpr(self, node: ast.NamedExpr) -> None:
        self.visit(node.value)
        scope = self.model.scope
        while scope is not None and scope.kind == "comprehension":
            scope = scope.parent
        self.bind(node.target.id, ASSIGN, node.target, node.value, scope=scope)

    def _visit_for(self, node: ast.For | ast.AsyncFor) -> None:
        self.visit(node.iter)
        outer = self.model.branch
        self.model.branch = self._new_branch()
        try:
            target = node.target
            if isinstance(target, ast.Name):
                self.bind(target.id, LOOP, target, node.iter)
            elif isinstance(target, (ast.Tuple, ast.List)) and all(isinstance(e, ast.Name) for e in target.elts):
                for index, elt in enumerate(target.elts):  # for a, b in (("x", 1), ("y", 2))
                    self.bind(elt.id, LOOP, elt, node.iter, index=index)
            else:
                self.bind_target(target, None, OTHER)
            # Only a literally empty iterable makes the body dead: a name's folded value ignores
            # later mutations (`xs = []; xs.append(v); for x in xs:`).
            if not (isinstance(node.iter, (ast.List, ast.Tuple, ast.Set)) and not node.iter.elts):
                self.visit_all(node.body)
        finally:
            self.model.branch = outer
        self._in_branch(node.orelse)

    def _visit_while(self, node: ast.While) -> None:
        self.visit(node.test)
        decided = V.truthiness(self.model.value(node.test))
        if decided is not False:
            self._in_branch(node.body)
        self._in_branch(node.orelse)

    def _visit_if(self, node: ast.If) -> None:
        self.visit(node.test)
        decided = V.truthiness(self.model.value(node.test))
        if decided is True:
            self.visit_all(node.body)
        elif decided is False:
            self.visit_all(node.orelse)
        else:
            self._in_branch(node.body)
            self._in_branch(node.orelse)

    def _visit_try(self, node: ast.Try) -> None:
        self._in_branch(node.body)
        for handler in node.handlers:
            handler_rules = self.rules.by_node.get(ast.ExceptHandler, ())
            if handler_rules:
                self.ctx.dispatch += 1
            for r in handler_rules:
                self._apply(r, handler)
            self.ctx.parents.append(handler)
            outer = self.model.branch
            self.model.branch = self._new_branch()
            try:
                self.visit_all([handler.type])
                if handler.name:
                    self.bind(handler.name, OTHER, handler)
                self.visit_all(handler.body)
            finally:
                self.model.branch = outer
                self.ctx.parents.pop()
        self._in_branch(node.orelse)
        self.visit_all(node.finalbody)

    def _visit_with(self, node: ast.With | ast.AsyncWith) -> None:
        for item in node.items:
            self.visit(item.context_expr)
            if item.optional_vars is not None:
                if isinstance(item.optional_vars, ast.Name):
                    self.bind(item.optional_vars.id, OTHER, item.optional_vars, item.context_expr)
                else:
                    self.bind_target(item.optional_vars, None, OTHER)
        self.visit_all(node.body)

    def _visit_match(self, node: ast.AST) -> None:
        self.visit(node.subject)  # type: ignore[attr-defined]
        for case in node.cases:  # type: ignore[attr-defined]
            outer = self.model.branch
            self.model.branch = self._new_branch()
            try:
                for sub in ast.walk(case.pattern):
                    name = getattr(sub, "name", None) or getattr(sub, "rest", None)
                    if isinstance(name, str):
                        self.bind(name, OTHER, sub)
                self.visit_all([case.guard])
                self.visit_all(case.body)
            finally:
                self.model.branch = outer

    def _visit_global(self, node: ast.Global) -> None:
        scope = self.model.scope
        assert scope is not None
        scope.globals_.update(node.names)

    def _visit_nonlocal(self, node: ast.Nonlocal) -> None:
        scope = self.model.scope
        assert scope is not None
        scope.nonlocals.update(node.names)

    # ----------------------------------------------------------------- identifiers
    # Called by `visit` without the node on `ctx.parents`: identifier rules see its ancestors only.
    def _visit_name(self, node: ast.Name) -> None:
        rules = self._by_name.get(node.id)
        if rules:
            self.ctx.dispatch += 1
            for r in rules:
                self._apply(r, node)

    def _visit_attribute(self, node: ast.Attribute) -> None:
        rules = self._by_name.get(node.attr)
        if rules:
            self.ctx.dispatch += 1
            for r in rules:
                self._apply(r, node)
        parents = self.ctx.parents
        parents.append(node)
        self.visit(node.value)
        parents.pop()

    # ----------------------------------------------------------------- calls
    def _visit_call(self, node: ast.Call) -> None:
        func = node.func
        if node.args or node.keywords:
            self._mark_passed_containers(node)
        if type(func) is ast.Attribute:
            attr = func.attr
            if attr in _MUTATING_METHODS:
                self._mark_mutated(func.value)
            method_rules = self._by_method.get(attr, ())
            if not method_rules and attr not in self._call_last_parts:
                # `x.attr(...)` can only resolve to a name ending in `.attr`: no rule to run
                self.generic_visit(node)
                return
        else:
            if isinstance(func, ast.Attribute) and func.attr in _MUTATING_METHODS:
                self._mark_mutated(func.value)
            method_rules = self._by_method.get(func.attr, ()) if isinstance(func, ast.Attribute) else ()
        by_call = self._by_call
        candidates = [(name, by_call.get(name, ())) for name in self.model.possible_qualified_names(func)]
        if method_rules or any(rules for _, rules in candidates):
            seen: set[str] = set()
            self.ctx.dispatch += 1
            current = self.ctx.parents.pop()  # rules see the call's ancestors, not the call itself
            try:
                for qualname, rules in candidates or [(None, ())]:
                    self.ctx.call_qualname = qualname
                    for r in (*rules, *method_rules):
                        if r.id not in seen:
                            seen.add(r.id)
                            self._apply(r, node)
            finally:
                self.ctx.parents.append(current)
        self.generic_visit(node)


def _is_empty_container(value: ast.AST | None) -> bool:
    """`[]`, `{}`, `list()`: an accumulator handed to a function to fill (a container with items is
    passed for what it holds; treating every such call as a write would lose every table's value)."""
    if isinstance(value, ast.List) or isinstance(value, ast.Dict):
        return not (value.elts if isinstance(value, ast.List) else value.keys)
    return (isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and not value.args
            and not value.keywords and value.func.id in ("list", "dict", "set", "bytearray"))


# Callables that read their arguments and never change them in place
_READING_BUILTINS = frozenset({
    "len", "str", "repr", "bool", "int", "float", "bytes", "tuple", "frozenset", "list", "set", "dict", "sorted",
    "reversed", "enumerate", "zip", "map", "filter", "any", "all", "min", "max", "sum", "iter", "next", "print",
    "isinstance", "issubclass", "hash", "id", "type", "format", "ascii", "range", "callable", "getattr", "hasattr",
})
_READING_METHODS = frozenset({"join", "format", "dumps", "startswith", "endswith", "index", "count", "get",
                              "debug", "info", "warning", "error", "exception", "critical", "log"})

_MUTATING_METHODS = frozenset({"append", "extend", "insert", "pop", "remove", "clear", "update", "add",
                               "setdefault", "popitem", "discard", "sort", "reverse", "__setitem__"})

# Fields holding only marker nodes (Load/Store, operators): nothing to analyse, a third of all nodes.
_LEAF_FIELDS = frozenset({"ctx", "op", "ops"})

# Fields that hold identifiers, numbers or constants, never a node (the `identifier`, `int`,
# `string` and `constant` fields of the ast grammar).
_SCALAR_FIELDS: dict[str, frozenset[str]] = {
    "Constant": frozenset({"value", "kind"}),
    "Name": frozenset({"id"}),
    "Attribute": frozenset({"attr"}),
    "keyword": frozenset({"arg"}),
    "arg": frozenset({"arg", "type_comment"}),
    "alias": frozenset({"name", "asname"}),
    "FunctionDef": frozenset({"name", "type_comment"}),
    "AsyncFunctionDef": frozenset({"name", "type_comment"}),
    "ClassDef": frozenset({"name"}),
    "ImportFrom": frozenset({"module", "level"}),
    "Global": frozenset({"names"}),
    "Nonlocal": frozenset({"names"}),
    "ExceptHandler": frozenset({"name"}),
    "comprehension": frozenset({"is_async"}),
    "FormattedValue": frozenset({"conversion"}),
    "Assign": frozenset({"type_comment"}),
    "AnnAssign": frozenset({"simple"}),
    "For": frozenset({"type_comment"}),
    "AsyncFor": frozenset({"type_comment"}),
    "With": frozenset({"type_comment"}),
    "AsyncWith": frozenset({"type_comment"}),
    "TypeIgnore": frozenset({"lineno", "tag"}),
    "MatchSingleton": frozenset({"value"}),
    "MatchStar": frozenset({"name"}),
    "MatchAs": frozenset({"name"}),
    "MatchMapping": frozenset({"rest"}),
    "MatchClass": frozenset({"kwd_attrs"}),
}
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def _child_fields(node_type: type) -> tuple[str, ...]:
    """The fields of a node type that may hold child nodes (markers and scalars left out)."""
    fields = _CHILD_FIELDS.get(node_type)
    if fields is None:
        scalars = _SCALAR_FIELDS.get(node_type.__name__, frozenset()) if node_type.__module__ == "ast" else frozenset()
        fields = _CHILD_FIELDS[node_type] = tuple(
            f for f in getattr(node_type, "_fields", ()) if f not in _LEAF_FIELDS and f not in scalars)
    return fields


def _statement_span(stmt: ast.AST | None, line: int, end_line: int) -> tuple[int, int]:
    """Lines of the simple statement, or of a compound statement's header only (not its body)."""
    if stmt is None:
        return line, end_line
    start = getattr(stmt, "lineno", line)
    end = getattr(stmt, "end_lineno", None) or end_line
    body = getattr(stmt, "body", None)
    if isinstance(body, list) and body and isinstance(body[0], ast.AST) and isinstance(stmt, ast.stmt):
        first = body[0]
        decorators = getattr(first, "decorator_list", None)
        first_line = min([first.lineno, *(d.lineno for d in decorators or ())])
        end = max(start, first_line - 1)
    return min(start, line), max(end, end_line)


def _char_column(lines: list[str], line: int, byte_col: int) -> int:
    """ast columns count UTF-8 bytes; editors and SARIF count characters."""
    if not 0 < line <= len(lines):
        return byte_col
    text = lines[line - 1]
    if text.isascii():
        return byte_col
    return len(text.encode("utf-8")[:byte_col].decode("utf-8", errors="ignore"))
