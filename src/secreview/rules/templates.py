"""Templates and HTML: auto-escaping turned off, markup trusted without escaping, templates built from data.

CWE choice: output that is not HTML-escaped is cross-site scripting (CWE-79). A template whose *source*
is built from data is template injection (CWE-1336, Improper Neutralization of Special Elements Used in
a Template Engine): Jinja2/Mako/Django templates can reach Python objects, so it is worse than XSS.
"""
from __future__ import annotations

import ast
import re

from secreview.findings import Confidence, Severity
from secreview.rules._sinks import (HTML_ESCAPING, NUMERIC, all_sanitized, callee_name, constant_like_leaf, resolve,
                                    short, translated_constant)
from secreview.rules.api import Report, rule
from secreview.rules.randomness import constructor_of

_JINJA_ENVS = ("jinja2.Environment", "jinja2.environment.Environment", "jinja2.sandbox.SandboxedEnvironment",
               "jinja2.Template", "jinja2.environment.Template")


@rule("SR140", title="Jinja2 environment without auto-escaping", cwe=79, severity=Severity.MEDIUM,
      confidence=Confidence.MEDIUM, calls=_JINJA_ENVS[:3],
      fix="Enable escaping for HTML: `Environment(autoescape=select_autoescape([\"html\", \"xml\"]))`.")
def jinja_autoescape(ctx, call: ast.Call):
    """## What it does
    Flags `jinja2.Environment(...)` without `autoescape` or with `autoescape=False`. `True`,
    `select_autoescape(...)` or any callable/expression that is not the constant `False` is fine.

    ## Why is this bad?
    Jinja2 does not escape by default: any `{{ value }}` that contains `<script>` is rendered as markup,
    which is cross-site scripting when the output is HTML.

    ## Example
    ```python
    from jinja2 import Environment, FileSystemLoader

    env = Environment(loader=FileSystemLoader("templates"))
    ```

    ## Use instead
    ```python
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape())
    ```
    """
    autoescape = ctx.keyword_value(call, "autoescape", False)
    if autoescape is False or autoescape is None:
        how = "`autoescape=False`" if ctx.argument(call, None, "autoescape") is not None else "no `autoescape`"
        return Report(call, f"`{ctx.call_qualname}()` with {how}: values rendered into HTML are not escaped.")
    return None


_MAKO = ("mako.template.Template", "mako.lookup.TemplateLookup")


@rule("SR141", title="Mako template without HTML escaping", cwe=79, severity=Severity.MEDIUM,
      confidence=Confidence.MEDIUM, calls=_MAKO,
      fix="Pass `default_filters=[\"h\"]` (HTML escaping) to `Template` / `TemplateLookup`.")
def mako_escaping(ctx, call: ast.Call):
    """## What it does
    Flags `mako.template.Template` and `mako.lookup.TemplateLookup` whose `default_filters` do not
    include `"h"`.

    ## Why is this bad?
    Mako renders `${value}` without escaping by default: HTML in the data becomes markup (XSS).

    ## Example
    ```python
    from mako.lookup import TemplateLookup

    lookup = TemplateLookup(directories=["templates"])
    ```

    ## Use instead
    ```python
    from mako.lookup import TemplateLookup

    lookup = TemplateLookup(directories=["templates"], default_filters=["h"])
    ```
    """
    filters = ctx.keyword_value(call, "default_filters", ())
    if isinstance(filters, (tuple, list)) and "h" not in filters:
        return Report(call, f"`{ctx.call_qualname}()` without the `h` filter in `default_filters` renders values "
                            "unescaped.")
    return None


_MARKUP = ("django.utils.safestring.mark_safe", "django.utils.safestring.SafeString",
           "django.utils.safestring.SafeText", "markupsafe.Markup", "flask.Markup", "jinja2.Markup",
           "django.utils.html.mark_safe")


# Methods that render a template or a form widget: their output is escaped by the template engine.
_RENDERERS = frozenset({"render", "render_to_string", "render_template", "as_ul", "as_table", "as_p", "as_div",
                        "as_field_group", "as_widget", "render_annotated"})


def _escaped_by_hand(ctx, expr: ast.expr) -> bool:
    """`text.replace("<", "\\u003c")...` / `text.translate(_html_escapes)`: the markup characters are replaced."""
    node = resolve(ctx, expr)
    for _ in range(16):  # bounded: `text = text.replace(...)` resolves to itself
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            return False
        method, args = node.func.attr, node.args
        if method == "replace" and args and ctx.string(args[0]) == "<":
            return True
        if method == "translate" and args and "escape" in ast.unparse(args[0]).lower():
            return True
        node = resolve(ctx, node.func.value)
    return False


def _html_safe(ctx, expr: ast.expr, depth: int = 0) -> bool:
    if _escaped_by_hand(ctx, expr):
        return True
    if depth < 8:  # `f"<script>{payload}</script>"` with `payload = text.replace("<", ...)`
        node = resolve(ctx, expr)
        if isinstance(node, ast.JoinedStr):
            return all(not isinstance(part, ast.FormattedValue) or _html_safe(ctx, part.value, depth + 1)
                       for part in node.values)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return _html_safe(ctx, node.left, depth + 1) and _html_safe(ctx, node.right, depth + 1)

    def accept(leaf, name):
        return constant_like_leaf(leaf) or translated_constant(ctx, leaf, name) or callee_name(ctx, leaf) in _RENDERERS

    return all_sanitized(ctx, expr, HTML_ESCAPING | NUMERIC | set(_MARKUP), accept)


_SAFE_TYPES = re.compile(r"Safe|Markup|__html__")
_SAFE_FLAG = re.compile(r"(?<!un)safe|^autoescape$", re.I)


def _guarded_by_safety_check(ctx, call: ast.Call) -> bool:
    """`if isinstance(value, SafeData): return mark_safe(result)` / `mark_safe(s) if is_safe else s`:
    the text is marked safe only when its input already was (safety propagated, not created)."""
    child: ast.AST = call
    for parent in reversed(ctx.parents):
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            return False
        in_body = child is parent.body if isinstance(parent, ast.IfExp) else (
            isinstance(parent, ast.If) and any(child is stmt for stmt in parent.body))
        if in_body:
            test = parent.test
            for node in ast.walk(test):
                if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
                    break  # `if not isinstance(...)`: the opposite
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in (
                        "isinstance", "hasattr") and len(node.args) == 2 and _SAFE_TYPES.search(
                        ast.unparse(node.args[1])):
                    return True
                if isinstance(node, (ast.Name, ast.Attribute)) and not isinstance(node.ctx, ast.Store) and (
                        _SAFE_FLAG.search(node.id if isinstance(node, ast.Name) else node.attr)):
                    return True
        child = parent
    return False


@rule("SR142", title="Non-constant text marked as safe HTML", cwe=79, severity=Severity.MEDIUM,
      confidence=Confidence.MEDIUM, calls=_MARKUP, tags=("sink",),
      fix="Build the markup with `format_html(\"<b>{}</b>\", value)` (Django) or `Markup(\"<b>{}</b>\").format(value)`, "
      "which escape the values.")
def mark_safe_data(ctx, call: ast.Call):
    """## What it does
    Flags Django `mark_safe` / `SafeString` and `markupsafe.Markup` applied to text built from values
    that are not constant and not escaped (`escape`, `format_html`, `bleach.clean`, numbers...).

    ## Why is this bad?
    Marking text safe switches auto-escaping off for it: HTML in the data reaches the page as markup
    (cross-site scripting).

    ## Example
    ```python
    from django.utils.safestring import mark_safe

    def badge(name):
        return mark_safe("<span class='badge'>" + name + "</span>")
    ```

    ## Use instead
    ```python
    from django.utils.html import format_html

    def badge(name):
        return format_html("<span class='badge'>{}</span>", name)
    ```
    """
    text = ctx.argument(call, 0, "s") or ctx.argument(call, 0, "base") or ctx.argument(call, 0, "object")
    if text is None or ctx.is_constant(text) or _html_safe(ctx, text) or _guarded_by_safety_check(ctx, call):
        return None
    return Report(call, f"`{ctx.call_qualname.rsplit('.', 1)[-1]}()` marks `{short(text)}` as safe HTML, but it "
                        "contains values that are neither constant nor escaped.")


@rule("SR143", title="format_html with a non-constant format string", cwe=79, severity=Severity.MEDIUM,
      confidence=Confidence.MEDIUM, calls=("django.utils.html.format_html",), tags=("sink",),
      fix="Keep the format string constant and pass values as arguments: `format_html(\"<b>{}</b>\", name)`.")
def format_html_misuse(ctx, call: ast.Call):
    """## What it does
    Flags `format_html(fmt, ...)` whose format string is itself built from data (an f-string,
    `%` or `+`), so the data bypasses the escaping `format_html` applies to its arguments.

    ## Why is this bad?
    Only the *arguments* of `format_html` are escaped; the format string is trusted as markup (XSS).

    ## Example
    ```python
    from django.utils.html import format_html

    def greeting(name):
        return format_html(f"<p>Hello {name}</p>")
    ```

    ## Use instead
    ```python
    from django.utils.html import format_html

    def greeting(name):
        return format_html("<p>Hello {}</p>", name)
    ```
    """
    fmt = ctx.argument(call, 0, "format_string")
    if fmt is None or ctx.is_constant(fmt) or _html_safe(ctx, fmt):
        return None
    return Report(call, f"`format_html()` trusts its format string `{short(fmt)}`, which is built from values that "
                        "are not escaped.")


_SANDBOXED_ENVS = frozenset({"jinja2.sandbox.SandboxedEnvironment", "jinja2.sandbox.ImmutableSandboxedEnvironment"})
_TEMPLATE_SOURCES = ("flask.render_template_string", "flask.templating.render_template_string", *_JINJA_ENVS[3:],
                     "django.template.Template", "django.template.base.Template", "mako.template.Template")


@rule("SR130", title="Template source built from non-constant data", cwe=1336, severity=Severity.MEDIUM,
      confidence=Confidence.MEDIUM, calls=_TEMPLATE_SOURCES, methods=("from_string",), tags=("sink",),
      fix="Keep templates constant (files or literals) and pass data as context variables: "
      "`render_template_string(\"Hello {{ name }}\", name=name)`.")
def template_injection(ctx, call: ast.Call):
    """## What it does
    Flags `render_template_string`, `jinja2.Template`, `Environment.from_string`, Django `Template`
    and Mako `Template` when the template *source* is built from values that are not constant.
    `from_string` on a Jinja2 `SandboxedEnvironment` is not reported.

    ## Why is this bad?
    Template syntax in the data is executed by the engine: `{{ cycler.__init__.__globals__.os.popen('id').read() }}`
    runs commands on the server (server-side template injection).

    ## Example
    ```python
    from flask import render_template_string

    def greet(name):
        return render_template_string("<h1>Hello " + name + "</h1>")
    ```

    ## Use instead
    ```python
    from flask import render_template_string

    def greet(name):
        return render_template_string("<h1>Hello {{ name }}</h1>", name=name)
    ```
    """
    if ctx.call_qualname not in _TEMPLATE_SOURCES and not any(n.split(".")[0] == "jinja2" for n in ctx.model.imports) \
            and not (isinstance(call.func, ast.Attribute)
                     and (constructor_of(ctx, call.func.value) or "").startswith("jinja2.")):
        return None  # (a pasted function's `Environment(...)`, read as Jinja2's, says so without an import)
    if ctx.call_qualname is None and isinstance(call.func, ast.Attribute) and \
            constructor_of(ctx, call.func.value) in _SANDBOXED_ENVS:
        return None  # the sandbox is the documented way to render untrusted templates
    source = ctx.argument(call, 0, None)
    for keyword in ("source", "text", "template_string", "template_source"):
        source = source or ctx.argument(call, None, keyword)
    if source is None or ctx.is_constant(source):
        return None
    if all_sanitized(ctx, source, NUMERIC, lambda leaf, _: constant_like_leaf(leaf)):
        return None  # HTML escaping does not neutralize `{{ }}`: only numbers and constants are accepted
    return Report(call, f"The template source `{short(source)}` is built from values that are not constant: "
                        "template syntax in them is executed.")


@rule("SR144", title="aiohttp-jinja2 set up without auto-escaping", cwe=79, severity=Severity.MEDIUM,
      confidence=Confidence.HIGH, calls=("aiohttp_jinja2.setup",),
      fix="Drop `autoescape=False`: aiohttp_jinja2 escapes by default.")
def aiohttp_jinja_autoescape(ctx, call: ast.Call):
    """## What it does
    Flags `aiohttp_jinja2.setup(app, ..., autoescape=False)`. aiohttp_jinja2 turns escaping on by
    default, so only the explicit `False` is reported.

    ## Why is this bad?
    Every `{{ value }}` in the application's templates is then inserted as raw HTML: request data
    shown on a page becomes script (cross-site scripting).

    ## Example
    ```python
    import aiohttp_jinja2
    import jinja2
    from aiohttp import web

    app = web.Application()
    aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader("templates"), autoescape=False)
    ```

    ## Use instead
    ```python
    import aiohttp_jinja2
    import jinja2
    from aiohttp import web

    app = web.Application()
    aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader("templates"))
    ```
    """
    if ctx.keyword_value(call, "autoescape", True) is False:
        return Report(call, "`aiohttp_jinja2.setup(autoescape=False)`: template variables are inserted as raw HTML.")
    return None
