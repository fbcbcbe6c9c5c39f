"""Validation helpers of the reviewed file: functions that raise unless their argument passes a check.

`_validate_name(name)` whose body starts with `if not NAME_RE.match(name): raise ValueError(...)`
lets its caller go on only when the check held. The caller's summary applies that check to the
argument it passed, with the same guard logic as an `if` written in the caller, so a helper
validation sanitizes exactly what the same test inline would.
"""
from __future__ import annotations

import ast
import copy


def _raises(body: list[ast.stmt]) -> bool:
    """The block always ends by raising (logging first is fine)."""
    return bool(body) and isinstance(body[-1], ast.Raise) and all(
        isinstance(s, (ast.Expr, ast.Pass, ast.Raise)) for s in body)


def _assigned_names(stmt: ast.stmt) -> set[str]:
    names = set()
    for node in ast.walk(stmt):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
    return names


def _guards_of(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[tuple[ast.expr, bool], ...]:
    params = {a.arg for a in (*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs)}
    local_names: set[str] | None = None  # computed once a guard is found: most functions have none
    guards: list[tuple[ast.expr, bool]] = []
    for stmt in fn.body:
        guard = None
        if isinstance(stmt, ast.Assert):
            guard = (stmt.test, True)
        elif isinstance(stmt, ast.If) and _raises(stmt.body) and not stmt.orelse:
            guard = (stmt.test, False)  # `if bad: raise` — after it, the test is false
        elif isinstance(stmt, ast.If) and stmt.orelse and _raises(stmt.orelse) and not _returns(stmt.body):
            guard = (stmt.test, True)  # `if ok: ... else: raise`
        if guard is not None:
            if local_names is None:
                local_names = set().union(*(_assigned_names(s) for s in fn.body)) - params
            # a test reading the function's own locals means nothing in the caller
            if not {n.id for n in ast.walk(guard[0]) if isinstance(n, ast.Name)} & local_names:
                guards.append(guard)
            if isinstance(stmt, ast.Assert) or not (_assigned_names(stmt) & params):
                continue
            break
        if _defaults_a_parameter(stmt, params):
            continue  # `if key is None: key = new_key()`: an argument the caller passed is unchanged
        # anything else may rebind a parameter or return early: later checks no longer apply to the
        # caller's argument as passed
        returns, assigned = _effects(stmt)
        if returns or assigned & params:
            break
    return tuple(guards)


def _effects(stmt: ast.stmt) -> tuple[bool, set[str]]:
    """Whether a statement may return, and the names it assigns or deletes: one walk for both."""
    returns, names = False, set()
    for node in ast.walk(stmt):
        if isinstance(node, ast.Return):
            returns = True
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
    return returns, names


def _defaults_a_parameter(stmt: ast.stmt, params: set[str]) -> bool:
    """`if p is None: p = ...` (no else): only a call that did not pass `p` sees it change."""
    test = getattr(stmt, "test", None)
    if not (isinstance(stmt, ast.If) and not stmt.orelse and isinstance(test, ast.Compare)
            and isinstance(test.left, ast.Name) and test.left.id in params and len(test.ops) == 1
            and isinstance(test.ops[0], ast.Is) and isinstance(test.comparators[0], ast.Constant)
            and test.comparators[0].value is None):
        return False
    return _assigned_names(stmt) <= {test.left.id} and not _returns(stmt.body)


def _returns(body: list[ast.stmt]) -> bool:
    return any(isinstance(node, ast.Return) for stmt in body for node in ast.walk(stmt))


def raise_guards(fn: ast.AST) -> tuple[tuple[ast.expr, bool], ...]:
    """(test, truth the test has once the function returns normally) for each check the function
    makes on entry and raises on."""
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return ()
    return _guards_of(fn)


def bind_arguments(fn: ast.FunctionDef | ast.AsyncFunctionDef, call: ast.Call, skip_first: bool) -> dict[str, ast.expr]:
    """Parameter name -> the caller's argument expression, for plainly passed arguments."""
    positional = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)]
    if skip_first:
        positional = positional[1:]
    bound: dict[str, ast.expr] = {}
    for name, arg in zip(positional, call.args):
        if isinstance(arg, ast.Starred):
            break
        bound[name] = arg
    keywords = {a.arg for a in (*fn.args.args, *fn.args.kwonlyargs)}
    for kw in call.keywords:
        if kw.arg in keywords:
            bound[kw.arg] = kw.value
    return bound


def substitute(test: ast.expr, bound: dict[str, ast.expr]) -> ast.expr | None:
    """`test` with the parameters replaced by the caller's arguments; None when it reads a
    parameter the call did not pass (its default, or `*args`)."""
    params_used = {n.id for n in ast.walk(test) if isinstance(n, ast.Name) and n.id in bound}
    if not params_used:
        return None

    class _Replace(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.AST:
            if isinstance(node.ctx, ast.Load) and node.id in bound:
                return copy.deepcopy(bound[node.id])
            return node

    return _Replace().visit(copy.deepcopy(test))
