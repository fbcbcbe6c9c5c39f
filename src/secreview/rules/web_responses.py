"""What a web handler sends back or trusts: exception text in responses, header values, identity kept
in the session without rotating it, and roles read from cookies the client writes.

These are pattern rules: each looks at one response call, header call, session store or cookie read
and the handler around it; none needs a dataflow from a request source.
"""
from __future__ import annotations

import ast
import re

from secreview.findings import Confidence, Severity
from secreview.rules._sinks import resolve
from secreview.rules.api import Report, rule
from secreview.rules.randomness import enclosing_function

# Calls whose arguments become the body (or the error detail) the client receives.
RESPONSE_CALLS = frozenset({
    "django.http.HttpResponse", "django.http.JsonResponse", "django.http.HttpResponseBadRequest",
    "django.http.HttpResponseServerError", "django.http.HttpResponseForbidden", "django.http.HttpResponseNotFound",
    "django.http.response.HttpResponse", "django.http.response.JsonResponse",
    "flask.jsonify", "flask.make_response", "flask.Response", "flask.abort", "werkzeug.wrappers.Response",
    "werkzeug.exceptions.abort", "rest_framework.response.Response",
    "starlette.responses.Response", "starlette.responses.JSONResponse", "starlette.responses.HTMLResponse",
    "starlette.responses.PlainTextResponse", "fastapi.responses.JSONResponse", "fastapi.responses.HTMLResponse",
    "fastapi.responses.PlainTextResponse", "fastapi.HTTPException", "starlette.exceptions.HTTPException",
    "aiohttp.web.Response", "aiohttp.web.json_response",
})
_TRACEBACK_CALLS = frozenset({"traceback.format_exc", "traceback.format_exception", "traceback.format_tb",
                              "traceback.format_stack", "traceback.format_exception_only"})
# Exceptions whose text describes the server (SQL, paths, hosts, commands), not the client's mistake.
_LEAKY_EXCEPTIONS = frozenset({"Exception", "BaseException", "DatabaseError", "OperationalError",
                               "ProgrammingError", "IntegrityError", "InterfaceError", "InternalError", "OSError",
                               "IOError", "EnvironmentError", "CalledProcessError", "SQLAlchemyError",
                               "RequestException", "ConnectionError", "TimeoutError", "PermissionError",
                               "FileNotFoundError", "RuntimeError"})
_ROUTE_ATTRS = frozenset({"route", "get", "post", "put", "patch", "delete", "api_route"})


def _handler_for(ctx, name: str) -> ast.ExceptHandler | None:
    for node in reversed(ctx.parents):
        if isinstance(node, ast.ExceptHandler) and node.name == name:
            return node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return None
    return None


def _leaky(ctx, handler: ast.ExceptHandler) -> bool:
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    for t in types:
        name = ctx.qualified_name(t) if t is not None else "BaseException"
        if (name or "").rsplit(".", 1)[-1] in _LEAKY_EXCEPTIONS:
            return True
    return False


def _exception_text(ctx, expr: ast.AST | None, depth: int = 0) -> str | None:
    """`traceback.format_exc()`, or the text of a caught broad/server-side exception (`str(e)`, `f"{e}"`,
    `e.args`), somewhere in `expr` (following local names bound once)."""
    if expr is None or depth > 4:
        return None
    for sub in ast.walk(expr):
        if isinstance(sub, ast.Call):
            name = ctx.qualified_name(sub.func)
            if name in _TRACEBACK_CALLS:
                return f"`{name}()`"
            if name in ("str", "repr") and sub.args and isinstance(sub.args[0], ast.Name):
                handler = _handler_for(ctx, sub.args[0].id)
                if handler is not None and _leaky(ctx, handler):
                    return f"`{ast.unparse(sub)}`"
        elif isinstance(sub, ast.FormattedValue) and isinstance(sub.value, ast.Name):
            handler = _handler_for(ctx, sub.value.id)
            if handler is not None and _leaky(ctx, handler):
                return f"the text of `{sub.value.id}`"
        elif isinstance(sub, ast.Attribute) and sub.attr in ("args", "message", "strerror") \
                and isinstance(sub.value, ast.Name):
            handler = _handler_for(ctx, sub.value.id)
            if handler is not None and _leaky(ctx, handler):
                return f"`{ast.unparse(sub)}`"
        elif isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load):
            bound = resolve(ctx, sub)
            if bound is not sub:
                found = _exception_text(ctx, bound, depth + 1)
                if found:
                    return found
    return None


def _under_debug_switch(ctx) -> bool:
    """`if settings.DEBUG:` / `if app.debug:` around the response: details for developers only."""
    for node in ctx.parents:
        if isinstance(node, ast.If) and re.search(r"\bdebug\b|DEBUG", ast.unparse(node.test), re.I):
            return True
    return False


def _is_route(ctx, fn) -> bool:
    for dec in getattr(fn, "decorator_list", ()):
        if isinstance(dec, ast.Call) and isinstance(dec.func, ast.Attribute) and dec.func.attr in _ROUTE_ATTRS:
            return True
    return False


@rule("SR804", title="Exception details sent to the client", cwe=209, severity=Severity.MEDIUM,
      confidence=Confidence.MEDIUM, calls=RESPONSE_CALLS, nodes=(ast.Return,),
      fix="Log the exception (`logger.exception(...)`) and answer with a generic message and an error id; "
      "send exception text only for errors the client caused (validation errors).")
def exception_in_response(ctx, node):
    """## What it does
    Flags a response (Django `HttpResponse`/`JsonResponse`, Flask `jsonify`/`make_response`/`abort`,
    DRF `Response`, Starlette/FastAPI responses and `HTTPException`, aiohttp) or a value returned
    from a Flask/FastAPI route that contains `traceback.format_exc()` or the text of an exception
    caught as `Exception`, a database, OS or subprocess error (`str(e)`, `f"{e}"`, `e.args`).
    Validation errors (`except ValueError as e`) and responses under `if settings.DEBUG:` are not
    reported.

    ## Why is this bad?
    Tracebacks and driver errors describe the server: file paths, library versions, SQL text and
    table names, host names. Attackers provoke errors to read them and aim the next request.

    ## Example
    ```python
    from django.http import JsonResponse

    def export(request):
        try:
            return JsonResponse(build_export(request.user))
        except Exception as exc:
            return JsonResponse({"error": str(exc)}, status=500)
    ```

    ## Use instead
    ```python
    import logging
    from django.http import JsonResponse

    logger = logging.getLogger(__name__)

    def export(request):
        try:
            return JsonResponse(build_export(request.user))
        except Exception:
            logger.exception("export failed")
            return JsonResponse({"error": "export failed"}, status=500)
    ```
    """
    if isinstance(node, ast.Return):
        value = node.value
        if value is None or not _is_route(ctx, enclosing_function(ctx)):
            return None
        first = value.elts[0] if isinstance(value, ast.Tuple) and value.elts else value
        if isinstance(first, ast.Call) and ctx.qualified_name(first.func) in RESPONSE_CALLS:
            return None  # reported at the response call
        parts = [value]
    else:
        parts = [*node.args, *(k.value for k in node.keywords)]
    for part in parts:
        found = _exception_text(ctx, part)
        if found and not _under_debug_switch(ctx):
            return Report(node, f"{found} is sent to the client: error details reveal paths, queries and versions "
                                "of the server.")
    return None


# --------------------------------------------------------------------------- CWE-113
_HTTP_SERVER_BASES = ("http.server.BaseHTTPRequestHandler", "http.server.SimpleHTTPRequestHandler",
                      "http.server.CGIHTTPRequestHandler")
# Header values the handler computes, not text it copies: lengths, types, dates.
_COMPUTED_HEADERS = frozenset({"content-length", "content-type", "last-modified", "date", "etag", "expires",
                               "cache-control", "connection", "accept-ranges", "content-encoding", "server"})
_SAFE_LEAVES = frozenset({"len", "int", "str", "float", "urllib.parse.quote", "urllib.parse.quote_plus",
                          "urllib.parse.urlencode", "email.utils.formatdate", "hashlib.sha256", "hashlib.md5"})


def _in_http_server_handler(ctx) -> bool:
    scope = ctx.model.scope
    while scope is not None and scope.kind != "class":
        scope = scope.parent
    return scope is not None and any(ctx.qualified_name(b) in _HTTP_SERVER_BASES for b in scope.node.bases)


def _computed(leaf: ast.AST, name: str | None) -> bool:
    if name in ("str",) and isinstance(leaf, ast.Call) and leaf.args:
        inner = leaf.args[0]
        return isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and inner.func.id in ("len", "int")
    return name in _SAFE_LEAVES - {"str"} or (isinstance(leaf, ast.Call) and isinstance(leaf.func, ast.Attribute)
                                             and leaf.func.attr in ("date_time_string", "hexdigest", "isoformat"))


@rule("SR710", title="Response header written from a non-constant value by http.server", cwe=113,
      severity=Severity.MEDIUM, confidence=Confidence.MEDIUM, methods=("send_header",),
      fix="Reject values containing `\\r` or `\\n` before `send_header` (or percent-encode them with "
      "`urllib.parse.quote`); frameworks such as Django and Werkzeug do this check for you.")
def header_injection(ctx, call: ast.Call):
    """## What it does
    Flags `self.send_header(name, value)` in an `http.server` request handler when the value is
    not constant (`Location`, `Content-Disposition`, custom headers), unless it is computed from
    numbers, dates or digests, or percent-encoded. Django, Werkzeug and the ASGI servers refuse
    header values with line breaks, so their header APIs are not reported.

    ## Why is this bad?
    `http.server` writes the value as is. A value carrying `\\r\\n` ends the header block early: the
    client sees headers and a body the attacker wrote (response splitting, cookie injection, XSS).

    ## Example
    ```python
    from http.server import BaseHTTPRequestHandler
    from urllib.parse import parse_qs, urlparse

    class Download(BaseHTTPRequestHandler):
        def do_GET(self):
            name = parse_qs(urlparse(self.path).query)["name"][0]
            self.send_response(200)
            self.send_header("Content-Disposition", f"attachment; filename={name}")
            self.end_headers()
    ```

    ## Use instead
    ```python
    from http.server import BaseHTTPRequestHandler
    from urllib.parse import parse_qs, quote, urlparse

    class Download(BaseHTTPRequestHandler):
        def do_GET(self):
            name = parse_qs(urlparse(self.path).query)["name"][0]
            self.send_response(200)
            self.send_header("Content-Disposition", f"attachment; filename*=UTF-8''{quote(name)}")
            self.end_headers()
    ```
    """
    if not (isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name)
            and call.func.value.id == "self" and _in_http_server_handler(ctx)):
        return None
    header = ctx.string(ctx.argument(call, 0, "keyword"))
    value = ctx.argument(call, 1, "value")
    if value is None or ctx.is_constant(value) or (header and header.lower() in _COMPUTED_HEADERS):
        return None
    if ctx.model.all_origins_are(value, _computed):
        return None
    return Report(call, f"`send_header({header!r}, ...)` writes a non-constant value unchecked: a line break in it "
                        "splits the response.")


# --------------------------------------------------------------------------- CWE-384 / CWE-565
_IDENTITY_KEY = re.compile(r"^(?:user|user_?id|uid|username|user_?name|account(?:_?id)?|member_?id|auth_?user(?:_?id)?|"
                           r"logged_?in|is_?logged_?in|authenticated|is_?authenticated|email)$", re.I)
_ROLE_KEY = re.compile(r"^(?:is_?)?(?:role|roles|admin|staff|superuser|privileges?|permissions?|perms|access_?level|"
                       r"level|group|groups|user_?role|user_?type|account_?type|tier|plan)$", re.I)
_ROTATES = frozenset({"cycle_key", "flush", "login", "regenerate", "rotate_token", "clear", "invalidate"})


def _request_session(expr: ast.AST) -> bool:
    """`request.session` / `self.request.session` (Django's server-side session)."""
    return isinstance(expr, ast.Attribute) and expr.attr == "session" and (
        (isinstance(expr.value, ast.Name) and expr.value.id == "request")
        or (isinstance(expr.value, ast.Attribute) and expr.value.attr == "request"))


@rule("SR711", title="Login stored in the session without rotating the session key", cwe=384,
      severity=Severity.MEDIUM, confidence=Confidence.MEDIUM, nodes=(ast.Assign,),
      fix="Log the user in with `django.contrib.auth.login(request, user)` (it rotates the key), or call "
      "`request.session.cycle_key()` before storing who is signed in.")
def session_fixation(ctx, node: ast.Assign):
    """## What it does
    Flags a Django view that stores who is signed in (`request.session["user_id"] = ...`,
    `"username"`, `"logged_in"`...) in a function that never rotates the session
    (`request.session.cycle_key()`, `flush()`, `django.contrib.auth.login()`).

    ## Why is this bad?
    The session key the browser had before signing in stays valid afterwards. An attacker who
    planted that key (a link, a subdomain cookie) is then signed in as the victim (session fixation).

    ## Example
    ```python
    from django.shortcuts import redirect

    def sign_in(request):
        user = authenticate_member(request.POST["email"], request.POST["password"])
        request.session["member_id"] = user.id
        return redirect("/account/")
    ```

    ## Use instead
    ```python
    from django.shortcuts import redirect

    def sign_in(request):
        user = authenticate_member(request.POST["email"], request.POST["password"])
        request.session.cycle_key()
        request.session["member_id"] = user.id
        return redirect("/account/")
    ```
    """
    target = next((t for t in node.targets if isinstance(t, ast.Subscript) and _request_session(t.value)), None)
    if target is None or not any(name.split(".")[0] == "django" for name in ctx.model.imports):
        return None
    key = ctx.string(target.slice)
    if key is None or not _IDENTITY_KEY.match(key) or ctx.value(node.value) in (None, False, 0, ""):
        return None
    fn = enclosing_function(ctx)
    if fn is None:
        return None
    for sub in ast.walk(fn):
        if isinstance(sub, ast.Call):
            called = sub.func.attr if isinstance(sub.func, ast.Attribute) else getattr(sub.func, "id", "")
            if called in _ROTATES or called.endswith("login"):
                return None
    return Report(node, f"`request.session[{key!r}]` records the sign-in but the session key is not rotated: a "
                        "key planted before login stays valid after it.")


def _cookie_store(ctx, expr: ast.AST) -> bool:
    """The request's cookie mapping: Flask `request.cookies`, Django `request.COOKIES`, Starlette/aiohttp
    `request.cookies`."""
    if not isinstance(expr, ast.Attribute) or expr.attr not in ("cookies", "COOKIES"):
        return False
    if ctx.qualified_name(expr) == "flask.request.cookies":
        return True
    owner = expr.value
    return (isinstance(owner, ast.Name) and owner.id in ("request", "req")) or (
        isinstance(owner, ast.Attribute) and owner.attr == "request")


_VERIFYING = re.compile(r"unsign|loads|decode|verify|validate|check|get_user_by_token|authenticate", re.I)


@rule("SR712", title="Identity or role read from an unsigned cookie", cwe=565, severity=Severity.MEDIUM,
      confidence=Confidence.MEDIUM, nodes=(ast.Subscript,), methods=("get",),
      fix="Keep the user id and role in the server-side session (or a signed cookie: Django "
      "`request.get_signed_cookie`, `itsdangerous`), and read the role from the database.")
def cookie_identity(ctx, node):
    """## What it does
    Flags a read of a request cookie named for an identity or a privilege (`user_id`, `username`,
    `role`, `is_admin`, `access_level`...) from Flask `request.cookies`, Django `request.COOKIES`
    or Starlette/aiohttp `request.cookies`, unless the value goes straight into a verifying call
    (`signer.unsign(...)`, `serializer.loads(...)`, `jwt.decode(...)`). Session-id cookies are
    not reported: they are looked up on the server.

    ## Why is this bad?
    The browser stores cookies and sends whatever the user puts in them: `role=admin` in the
    cookie jar makes anyone an administrator, `user_id=1` anyone the first user.

    ## Example
    ```python
    from flask import abort, request

    def require_admin():
        if request.cookies.get("role") != "admin":
            abort(403)
    ```

    ## Use instead
    ```python
    from flask import abort, session

    def require_admin():
        if session.get("role") != "admin":
            abort(403)
    ```
    """
    if isinstance(node, ast.Subscript):
        if not isinstance(node.ctx, ast.Load) or not _cookie_store(ctx, node.value):
            return None
        key_expr = node.slice
    else:
        if not isinstance(node.func, ast.Attribute) or not _cookie_store(ctx, node.func.value):
            return None
        key_expr = ctx.argument(node, 0, "key")
    key = ctx.string(key_expr)
    if key is None or not (_IDENTITY_KEY.match(key) or _ROLE_KEY.match(key)):
        return None
    parent = ctx.parent()
    if isinstance(parent, ast.Call) and node is not parent.func:
        func = parent.func
        called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if _VERIFYING.search(called):
            return None
    what = "privilege" if _ROLE_KEY.match(key) else "identity"
    return Report(node, f"The {what} in cookie {key!r} is trusted as sent: the client can set it to any value.")
