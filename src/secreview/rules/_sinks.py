"""Shared questions for the injection / loading rules: is this value sanitized, what is it built from.

Everything here answers from the semantic model (constants, folding, bindings); nothing walks the module.
"""
from __future__ import annotations

import ast
import re
from typing import Callable, Iterable

from secreview.model.scopes import ASSIGN, IMPORT

# Calls whose result is safe in any string sink: numbers, identifiers, lengths.
NUMERIC = frozenset({"int", "float", "bool", "len", "abs", "round", "hash", "ord", "id", "sum", "range",
                     "uuid.UUID", "uuid.uuid1", "uuid.uuid4", "decimal.Decimal", "hex", "oct"})
# Methods that quote an SQL identifier for the connection's dialect (Django `connection.ops.quote_name`,
# SQLAlchemy `preparer.quote_identifier`, psycopg `quote_ident`...): their result is safe in SQL text.
SQL_IDENTIFIER_QUOTING = frozenset({"quote_name", "quote_name_unless_alias", "quote_identifier", "quote_ident",
                                    "quote_schema", "quote_table", "quote_column", "escape_identifier",
                                    "format_identifier", "quote_id", "quote_identifier_if_needed"})
# Translation of a constant message: text chosen by the developers (and their translators), not by users.
GETTEXT = frozenset({"_", "gettext", "gettext_lazy", "ugettext", "ugettext_lazy", "pgettext", "pgettext_lazy",
                     "ngettext", "ngettext_lazy", "npgettext", "npgettext_lazy", "lazy_gettext", "_lazy"})
SHELL_QUOTING = frozenset({"shlex.quote", "pipes.quote", "shlex.join", "subprocess.list2cmdline", "mslex.quote"})
HTML_ESCAPING = frozenset({
    "html.escape", "cgi.escape", "markupsafe.escape", "jinja2.escape", "flask.escape", "werkzeug.utils.escape",
    "django.utils.html.escape", "django.utils.html.conditional_escape", "django.utils.html.format_html",
    "django.utils.html.format_html_join", "django.utils.html.json_script", "django.utils.html.escapejs",
    "django.template.loader.render_to_string", "flask.render_template", "bleach.clean", "bleach.linkify", "nh3.clean",
    "markupsafe.Markup.escape", "django.utils.html.urlize", "django.utils.html.linebreaks",
})
_CONSTANT_NAME = re.compile(r"^_?[A-Z][A-Z0-9_]*$")


def short(node: ast.AST, limit: int = 60) -> str:
    text = ast.unparse(node)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def qualnames(ctx, expr: ast.AST) -> set[str]:
    """Every qualified name `expr` may stand for (several for `try: import a as x / except: import b as x`)."""
    name = ctx.qualified_name(expr)
    if name:
        return {name}
    if isinstance(expr, ast.Name):
        found = set()
        for b in ctx.lookup(expr.id):
            if b.kind != IMPORT or not b.qualname:
                return set()
            found.add(b.qualname)
        return found
    return set()


def call_qualname(ctx, expr: ast.AST) -> str | None:
    return ctx.qualified_name(expr.func) if isinstance(expr, ast.Call) else None


def resolve(ctx, expr: ast.AST | None) -> ast.AST | None:
    """A local name bound once (on every path) to an expression: that expression; else `expr` itself."""
    seen = 0
    while isinstance(expr, ast.Name) and seen < 8:
        bindings = ctx.lookup(expr.id)
        if len(bindings) != 1 or bindings[0].kind != ASSIGN or bindings[0].value is None:
            return expr
        expr = bindings[0].value
        seen += 1
    return expr


def callee_name(ctx, call: ast.AST) -> str | None:
    """The last component of a call's callee: `quote_name` for `self.ops.quote_name(x)` and for `qn(x)`
    after `qn = connection.ops.quote_name`; None for anything else."""
    if not isinstance(call, ast.Call):
        return None
    func = resolve(ctx, call.func)
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return None


def translated_constant(ctx, leaf: ast.AST, name: str | None = None) -> bool:
    """`_("Hello {name}")`, `gettext_lazy("...")`: a constant message looked up in a translation catalog."""
    if not isinstance(leaf, ast.Call) or not leaf.args:
        return False
    short_name = (name or "").rsplit(".", 1)[-1] or callee_name(ctx, leaf)
    return short_name in GETTEXT and all(ctx.is_constant(a) for a in leaf.args[:1]) and (
        name is None or name.startswith(("django.utils.translation", "gettext", "flask_babel", "babel"))
        or "." not in name)


def constant_like_leaf(leaf: ast.AST) -> bool:
    """`settings.TABLE_NAME`, `self.COLUMNS`: upper-case names are constants by convention."""
    if isinstance(leaf, ast.Attribute):
        return bool(_CONSTANT_NAME.match(leaf.attr))
    if isinstance(leaf, ast.Name):
        return bool(_CONSTANT_NAME.match(leaf.id))
    return False


def _allow_list_lookup(ctx, leaf: ast.AST) -> bool:
    """`COLUMNS.get(key, "name")` on a constant mapping: the result is one of its constant values."""
    if not (isinstance(leaf, ast.Call) and isinstance(leaf.func, ast.Attribute) and leaf.func.attr == "get"):
        return False
    if leaf.keywords or not 1 <= len(leaf.args) <= 2 or any(isinstance(a, ast.Starred) for a in leaf.args):
        return False
    receiver = leaf.func.value
    return isinstance(resolve(ctx, receiver), ast.Dict) and ctx.is_constant(receiver) and (
        len(leaf.args) == 1 or ctx.is_constant(leaf.args[1]))


def all_sanitized(ctx, expr: ast.AST, sanitizers: Iterable[str],
                  extra: Callable[[ast.AST, str | None], bool] | None = None) -> bool:
    """Every non-constant leaf of `expr` is a call to one of `sanitizers` (or accepted by `extra`)."""
    allowed = frozenset(sanitizers)
    open_comprehensions: set[int] = set()

    def accept(leaf: ast.AST, name: str | None) -> bool:
        if name is not None and name in allowed:
            return True
        if _allow_list_lookup(ctx, leaf):
            return True
        if isinstance(leaf, (ast.ListComp, ast.GeneratorExp, ast.SetComp)):
            # ", ".join("?" for _ in rows) / "".join(format_html("<td>{}</td>", c) for c in cells)
            # ", ".join("i%d" % i for i in range(n)): a loop variable over sanitized values is sanitized
            if ctx.is_constant(leaf.elt):
                return True
            if id(leaf) in open_comprehensions:
                # `parts = [p.strip() for p in parts]`: the name read back leads to this very
                # comprehension again; what it started from is not shown sanitized by going round
                return False
            open_comprehensions.add(id(leaf))
            try:
                clean = {g.target.id for g in leaf.generators
                         if isinstance(g.target, ast.Name) and ctx.model.all_origins_are(g.iter, accept)}
                return ctx.model.all_origins_are(
                    leaf.elt, lambda inner, n: (isinstance(inner, ast.Name) and inner.id in clean) or accept(inner, n))
            finally:
                open_comprehensions.discard(id(leaf))
        return extra(leaf, name) if extra else False

    return ctx.model.all_origins_are(expr, accept)


def fragments(ctx, expr: ast.AST) -> list[str]:
    """The literal text pieces a string expression is built from (following local assignments)."""
    out: list[str] = []
    _fragments(ctx, expr, None, None, None, out, set(), 0)
    return out


def _fragments(ctx, expr, scope, branch, before, out, seen, depth) -> None:
    if depth > 16 or len(out) > 64:
        return
    d = depth + 1
    if isinstance(expr, ast.Constant):
        if isinstance(expr.value, str):
            out.append(expr.value)
        return
    if isinstance(expr, ast.JoinedStr):
        for part in expr.values:
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                out.append(part.value)
            elif isinstance(part, ast.FormattedValue):
                out.append("?")
                _fragments(ctx, part.value, scope, branch, before, out, seen, d)
        return
    if isinstance(expr, ast.BinOp):
        _fragments(ctx, expr.left, scope, branch, before, out, seen, d)
        _fragments(ctx, expr.right, scope, branch, before, out, seen, d)
        return
    if isinstance(expr, ast.IfExp):
        _fragments(ctx, expr.body, scope, branch, before, out, seen, d)
        _fragments(ctx, expr.orelse, scope, branch, before, out, seen, d)
        return
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr in (
            "format", "join", "replace", "strip", "upper", "lower", "format_map"):
        _fragments(ctx, expr.func.value, scope, branch, before, out, seen, d)
        for arg in expr.args:
            _fragments(ctx, arg, scope, branch, before, out, seen, d)
        return
    if isinstance(expr, (ast.List, ast.Tuple)):
        for elt in expr.elts:
            _fragments(ctx, elt, scope, branch, before, out, seen, d)
        return
    if isinstance(expr, ast.Name):
        for b in ctx.model.lookup(expr.id, scope, branch, before):
            if id(b) in seen or b.kind != ASSIGN or b.value is None:
                continue
            seen.add(id(b))
            _fragments(ctx, b.value, b.scope, b.branch, b.seq, out, seen, d)


_SQL_START = re.compile(
    r"^\s*\(?\s*(SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|DROP|ALTER|REPLACE|MERGE|TRUNCATE|GRANT|REVOKE|EXEC|"
    r"EXECUTE|CALL|PRAGMA|UPSERT|VACUUM|ANALYZE|EXPLAIN|SHOW|DESCRIBE|COPY|LOCK|ATTACH|DETACH|SET)\b", re.I)
_SQL_ANYWHERE = re.compile(
    r"\bSELECT\b.*\bFROM\b|\bINSERT\s+INTO\b|\bUPDATE\b.+\bSET\b|\bDELETE\s+FROM\b|\bWHERE\b|\bORDER\s+BY\b|"
    r"\bGROUP\s+BY\b|\bVALUES\s*\(|\bDROP\s+TABLE\b|\bLIMIT\s|\bJOIN\b.+\bON\b", re.I | re.S)


def looks_like_sql(ctx, expr: ast.AST) -> bool:
    parts = fragments(ctx, expr)
    if not parts:
        return False
    if _SQL_START.match(parts[0]):
        return True
    return bool(_SQL_ANYWHERE.search(" ".join(parts)))
