"""HTML built by hand: an attribute *name* taken from data.

Escaping (`html.escape`, `markupsafe.escape`) protects a value written between quotes; it does not
make text safe as an attribute name, where a space, `/`, `>` or `=` ends the name and starts another
attribute (`onmouseover=alert(1)`) or closes the tag. Jinja2's `xmlattr` filter wrote
`f'{escape(key)}="{escape(value)}"'` for every key of a dict (CVE-2024-22195, and CVE-2024-34064 for
the `/`, `>` and `=` its first fix still let through).
"""
from __future__ import annotations

import ast
import re

from secreview.findings import Confidence, Severity
from secreview.rules.api import Report, rule
from secreview.rules.randomness import enclosing_function

_ESCAPES = frozenset({"html.escape", "markupsafe.escape", "markupsafe.Markup.escape", "jinja2.escape",
                      "django.utils.html.escape", "django.utils.html.conditional_escape", "cgi.escape",
                      "xml.sax.saxutils.escape", "xml.sax.saxutils.quoteattr", "bleach.clean"})
_ESCAPE_NAMES = frozenset({"escape", "conditional_escape", "html_escape", "escape_html", "quoteattr"})
# What ends an attribute name in the HTML tokenizer (besides the end of the tag).
_NAME_ENDERS = (" ", "\t", "\n", "/", ">", "=")
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[sdifr]|%%")
_BRACES = re.compile(r"\{\{|\}\}|\{[^{}]*\}")
_ASSIGN = re.compile(r"\s*=\s*[\"']")


def _pieces(ctx, node: ast.AST) -> list[object] | None:
    """The text `node` builds as constant strings and expression nodes, in order; None if unknown."""
    if isinstance(node, ast.JoinedStr):
        out: list[object] = []
        for part in node.values:
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                out.append(part.value)
            elif isinstance(part, ast.FormattedValue):
                out.append(part.value)
            else:
                return None
        return out
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        fmt = ctx.string(node.left)
        if fmt is None:
            return None
        values = list(node.right.elts) if isinstance(node.right, ast.Tuple) else [node.right]
        return _fill(fmt, _PERCENT, values, "%%", "%")
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        fmt = ctx.string(node.func.value)
        if fmt is None or node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            return None
        return _fill(fmt, _BRACES, list(node.args), "{{", "{", "}}", "}")
    return None


def _fill(fmt: str, placeholder: re.Pattern, values: list, *literal: str) -> list[object] | None:
    out: list[object] = []
    pos = 0
    index = 0
    pairs = dict(zip(literal[::2], literal[1::2]))
    text = ""
    for m in placeholder.finditer(fmt):
        text += fmt[pos:m.start()]
        pos = m.end()
        if m.group() in pairs:
            text += pairs[m.group()]
            continue
        if m.group() not in ("{}", "%s") or index >= len(values):
            return None  # named or numbered fields: not followed
        out.extend([text, values[index]])
        text = ""
        index += 1
    out.append(text + fmt[pos:])
    return out


def _escape_call(ctx, expr: ast.AST) -> ast.AST | None:
    """The argument of `escape(x)` / `html.escape(x)`, or None."""
    if isinstance(expr, ast.Call) and len(expr.args) == 1:
        name = ctx.qualified_name(expr.func)
        short = expr.func.attr if isinstance(expr.func, ast.Attribute) else getattr(expr.func, "id", None)
        if name in _ESCAPES or short in _ESCAPE_NAMES:
            return expr.args[0]
    return None


def _regex_of(ctx, expr: ast.AST) -> re.Pattern | None:
    """A compiled pattern for `NAME_RE` bound to `re.compile("...")`, or a constant pattern string."""
    text = ctx.string(expr)
    if text is None and isinstance(expr, ast.Name):
        for binding in ctx.lookup(expr.id):
            value = binding.value
            if isinstance(value, ast.Call) and ctx.qualified_name(value.func) == "re.compile" and value.args:
                text = ctx.string(value.args[0])
    if text is None:
        return None
    try:
        return re.compile(text)
    except (re.error, TypeError):
        return None


def _checked(ctx, func: ast.AST, name: str) -> bool:
    """The function tests `name` with a check that rules out every character ending an attribute name:
    a search for them (`ATTR_KEY_RE.search(key)` with `[\\s/>=]`), an allow-list match
    (`re.fullmatch(r"[a-z-]+", key)`), `key.isidentifier()` / `isalnum()`."""
    for sub in ast.walk(func):
        if not isinstance(sub, (ast.If, ast.While, ast.Assert, ast.IfExp, ast.comprehension)):
            continue
        tests = sub.ifs if isinstance(sub, ast.comprehension) else [sub.test]
        for test in tests:
            for call in (c for c in ast.walk(test) if isinstance(c, ast.Call)):
                func_node = call.func
                if not isinstance(func_node, ast.Attribute):
                    continue
                args = call.args
                if func_node.attr in ("isidentifier", "isalnum", "isalpha") and isinstance(func_node.value, ast.Name) \
                        and func_node.value.id == name:
                    return True
                if func_node.attr not in ("search", "match", "fullmatch", "findall"):
                    continue
                if ctx.qualified_name(func_node) in ("re.search", "re.match", "re.fullmatch", "re.findall"):
                    pattern, subject = (args[0], args[1]) if len(args) > 1 else (None, None)
                else:
                    pattern, subject = func_node.value, (args[0] if args else None)
                if not (isinstance(subject, ast.Name) and subject.id == name) or pattern is None:
                    continue
                rx = _regex_of(ctx, pattern)
                if rx is None:
                    return True  # a check we cannot read: the benefit of the doubt
                if func_node.attr in ("search", "findall"):
                    if all(rx.search(c) for c in _NAME_ENDERS):
                        return True
                elif not any(rx.fullmatch(f"a{c}b") for c in _NAME_ENDERS):
                    return True
    return False


@rule(
    "SR715",
    title="HTML attribute name built from data",
    cwe=79,
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    nodes=(ast.JoinedStr, ast.BinOp),
    methods=("format",),
    fix="Write attribute names from a fixed set, or reject names containing whitespace, `/`, `>`, `=` or "
        "quotes before use (`if re.search(r\"[\\s/>=\\\"']\", key): raise ValueError(key)`); escaping the "
        "name does not help.",
)
def attribute_name_from_data(ctx, node: ast.AST):
    """## What it does
    Flags HTML written by hand where a non-constant value is placed as an attribute *name*: right
    before `="` in a string whose value part is HTML-escaped or that opens a tag
    (`f'{escape(key)}="{escape(value)}"'`, `'<input %s="%s">' % (name, value)`), unless the function
    checks the name against the characters that end one (whitespace, `/`, `>`, `=`).

    ## Why is this bad?
    Escaping makes a value safe between quotes, not a name: `onclick=alert(1) x` as a name adds an
    event handler, and `>` closes the tag. Jinja2's `xmlattr` filter did exactly this
    (CVE-2024-22195, CVE-2024-34064).

    ## Example
    ```python
    from markupsafe import escape

    def attributes(attrs):
        return " ".join(f'{escape(key)}="{escape(value)}"' for key, value in attrs.items())
    ```

    ## Use instead
    ```python
    import re
    from markupsafe import escape

    _ATTR_KEY = re.compile(r"[\\s/>=]")

    def attributes(attrs):
        for key in attrs:
            if _ATTR_KEY.search(key):
                raise ValueError(f"invalid attribute name: {key!r}")
        return " ".join(f'{escape(key)}="{escape(value)}"' for key, value in attrs.items())
    ```
    """
    if isinstance(node, ast.BinOp) and not isinstance(node.op, ast.Mod):
        return None
    if isinstance(node, ast.JoinedStr) and any(isinstance(p, ast.JoinedStr) for p in ctx.parents[-1:]):
        return None  # the format spec of an outer f-string
    pieces = _pieces(ctx, node)
    if not pieces:
        return None
    whole = "".join(p for p in pieces if isinstance(p, str))
    for i, piece in enumerate(pieces):
        if isinstance(piece, str) or i + 1 >= len(pieces) or not isinstance(pieces[i + 1], str):
            continue
        after = pieces[i + 1]
        before = pieces[i - 1] if i > 0 and isinstance(pieces[i - 1], str) else ""
        m = _ASSIGN.match(after)
        if not m or (before and not before[-1].isspace()):
            continue
        value = pieces[i + 2] if i + 2 < len(pieces) and not isinstance(pieces[i + 2], str) else None
        html = re.search(r"<[A-Za-z]", whole) is not None or (value is not None and _escape_call(ctx, value) is not None)
        if not html or ctx.is_constant(piece):
            continue
        inner = _escape_call(ctx, piece) or piece
        if ctx.is_constant(inner):
            continue
        func = enclosing_function(ctx)
        if isinstance(inner, ast.Name) and func is not None and _checked(ctx, func, inner.id):
            continue
        shown = ast.unparse(inner)
        return Report(node, f"`{shown}` is written as an HTML attribute name: escaping does not stop a space, "
                            "`/`, `>` or `=` in it from ending the name and adding attributes or closing the tag.")
    return None
