"""Framework configuration: debuggers left on, CSRF protection removed, SSH host keys accepted blindly.

CWE choice: a debug mode reachable in production is Active Debug Code (CWE-489). Werkzeug's debugger
turns that into code execution (Bandit reports CWE-94), but the weakness in the source is the debug
switch itself, not code generated from input; the message states the consequence.
"""
from __future__ import annotations

import ast
import re
from pathlib import PurePath

from secreview.findings import Confidence, Severity
from secreview.rules._sinks import qualnames, resolve
from secreview.rules.api import Report, rule


def _imports(ctx, *packages: str) -> bool:
    return any(name.split(".")[0] in packages for name in ctx.model.imports)


@rule("SR701", title="Flask application run with the debugger enabled", cwe=489, severity=Severity.HIGH,
      confidence=Confidence.MEDIUM, methods=("run",),
      fix="Read the flag from the environment (`debug=os.environ.get(\"FLASK_DEBUG\") == \"1\"`) and serve "
      "production traffic with a WSGI server (gunicorn, uwsgi).")
def flask_debug(ctx, call: ast.Call):
    """## What it does
    Flags `app.run(debug=True)` on a Flask application (and `socketio.run(app, debug=True)`).

    ## Why is this bad?
    The Werkzeug debugger serves an interactive Python console on every error page; anyone who
    reaches it (or guesses/obtains the PIN) runs arbitrary code on the server.

    ## Example
    ```python
    from flask import Flask

    app = Flask(__name__)
    app.run(host="0.0.0.0", debug=True)
    ```

    ## Use instead
    ```python
    import os
    from flask import Flask

    app = Flask(__name__)
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")
    ```
    """
    if ctx.keyword_value(call, "debug", False) is not True:
        return None
    receiver = resolve(ctx, call.func.value) if isinstance(call.func, ast.Attribute) else None
    is_flask = isinstance(receiver, ast.Call) and ctx.qualified_name(receiver.func) in ("flask.Flask", "flask.app.Flask")
    if not (is_flask or _imports(ctx, "flask", "flask_socketio")):
        return None
    return Report(call, "`run(debug=True)` starts the Werkzeug debugger, which executes Python sent from the "
                        "browser.")


_SETTINGS_FILE = re.compile(r"(^|_)settings\.py$")
_DEV_SETTINGS = re.compile(r"dev|local|test", re.I)


_DJANGO_SETTING = re.compile(r"^(INSTALLED_APPS|ROOT_URLCONF|MIDDLEWARE|WSGI_APPLICATION)\s*[:=]", re.M)


def _is_settings_module(ctx) -> bool:
    """Named like Django settings, or defining the settings only a Django settings module defines."""
    parts = PurePath(ctx.model.path).parts
    name = parts[-1] if parts else ""
    if _DEV_SETTINGS.search(name):
        return False
    if _SETTINGS_FILE.search(name) or (len(parts) > 1 and parts[-2] == "settings"):
        return True
    return bool(_DJANGO_SETTING.search("\n".join(ctx.model.lines)))


@rule("SR702", title="Django DEBUG enabled in a settings module", cwe=489, severity=Severity.MEDIUM,
      confidence=Confidence.MEDIUM, nodes=(ast.Assign,),
      fix="Default to `DEBUG = False` and enable it from the environment in development only.")
def django_debug(ctx, node: ast.Assign):
    """## What it does
    Flags `DEBUG = True` at module level of a Django settings module (`settings.py`, `*_settings.py`,
    a module of a `settings/` package, or a module that sets `INSTALLED_APPS` / `ROOT_URLCONF` /
    `MIDDLEWARE`), except modules named for development or tests (`dev.py`, `local_settings.py`,
    `test_settings.py`...). `DEBUG = True` in any other module is not reported.

    ## Why is this bad?
    With `DEBUG = True` every error page shows tracebacks, local variables, settings and SQL, and
    Django keeps every query in memory.

    ## Example
    ```python
    DEBUG = True
    ROOT_URLCONF = "shop.urls"
    ```

    ## Use instead
    ```python
    import os

    DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
    ROOT_URLCONF = "shop.urls"
    ```
    """
    if not any(isinstance(t, ast.Name) and t.id == "DEBUG" for t in node.targets):
        return None
    scope = ctx.model.scope
    if scope is None or scope.kind != "module" or not _is_settings_module(ctx):
        return None
    if ctx.value(node.value) is True:
        return Report(node, "`DEBUG = True` in a settings module: error pages expose code, settings and data.")
    return None


_CSRF_EXEMPT = ("django.views.decorators.csrf.csrf_exempt",)
_CSRF_PROTECT = ("flask_wtf.CSRFProtect", "flask_wtf.csrf.CSRFProtect", "flask_wtf.CsrfProtect")


def _is_exempt_decorator(ctx, expr: ast.expr) -> bool:
    if qualnames(ctx, expr) & set(_CSRF_EXEMPT):
        return True
    if isinstance(expr, ast.Attribute) and expr.attr == "exempt":  # Flask-WTF: csrf = CSRFProtect(app)
        owner = resolve(ctx, expr.value)
        return isinstance(owner, ast.Call) and ctx.qualified_name(owner.func) in _CSRF_PROTECT
    return False


# What makes a view change server state: request bodies, non-GET methods, ORM writes, logins.
_BODY_ATTRS = frozenset({"POST", "FILES", "body", "data", "form", "files", "json", "get_json"})
_WRITE_METHODS = frozenset({"save", "delete", "create", "update", "bulk_create", "bulk_update", "get_or_create",
                            "update_or_create", "set_password", "commit", "execute", "send_mail", "login", "logout"})
_UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_HANDLER_METHODS = frozenset({"post", "put", "patch", "delete", "form_valid"})
# What says the request is made on behalf of a signed-in user, whose cookies the forged request carries.
_USER_ATTRS = frozenset({"user", "session", "auth", "is_authenticated"})
_USER_NAMES = frozenset({"current_user", "login_required", "permission_required", "user_passes_test",
                         "staff_member_required", "LoginRequiredMixin", "PermissionRequiredMixin",
                         "UserPassesTestMixin", "fresh_login_required"})


def _on_request(expr: ast.expr) -> bool:
    """`request` or `self.request` (Django, DRF, Flask's proxy)."""
    return (isinstance(expr, ast.Name) and expr.id in ("request", "req")) or (
        isinstance(expr, ast.Attribute) and expr.attr == "request")


def _state_and_user(node: ast.AST) -> tuple[bool, bool]:
    """(the view changes state, the view acts for a signed-in user), read from the view's own code."""
    changes = users = False
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute):
            if sub.attr in _BODY_ATTRS and _on_request(sub.value):
                changes = True
            elif sub.attr in _USER_ATTRS and (_on_request(sub.value) or (
                    isinstance(sub.value, ast.Name) and sub.value.id == "g")):
                users = True
            elif sub.attr in _USER_NAMES:
                users = True
        elif isinstance(sub, ast.Name) and sub.id in _USER_NAMES:
            users = True
        elif isinstance(sub, ast.Subscript) and isinstance(sub.value, ast.Name) and sub.value.id == "session":
            users = True  # Flask's `session["user_id"]` (a database `session.commit()` is no user)
        elif isinstance(sub, ast.Call) and "csrf" in ast.unparse(sub.func).lower():
            return False, users  # the view checks the token itself (`_enforce_csrf(request)`)
        elif isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and sub.func.attr in _WRITE_METHODS:
            changes = True
        elif isinstance(sub, ast.Constant) and sub.value in _UNSAFE_METHODS:
            changes = True  # `if request.method == "POST"`, `methods=["POST"]`
        elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef)) and sub is not node and sub.name in _HANDLER_METHODS:
            changes = True
    return changes, users


def _view_definition(ctx, expr: ast.AST | None) -> ast.AST | None:
    """The function or class a name passed to `csrf_exempt(view)` is defined as in this module."""
    if isinstance(expr, ast.Name):
        bindings = ctx.lookup(expr.id)
        if len(bindings) == 1 and isinstance(bindings[0].node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return bindings[0].node
    return None


def _exempt_report(node: ast.AST, view: ast.AST | None, text: str):
    """Report an exemption when the view changes state for a signed-in user; an exempted view the rule
    cannot read is reported at low confidence."""
    if view is None:
        return Report(node, text + " (the view is defined elsewhere; check that it changes no state for a "
                                   "signed-in user).", confidence=Confidence.LOW)
    changes, users = _state_and_user(view)
    if not (changes and users):
        return None  # a read-only view, or one no browser session authenticates (webhooks, token APIs)
    return Report(node, text + ", and it changes state on behalf of the signed-in user.")


@rule("SR703", title="View exempted from CSRF protection", cwe=352, severity=Severity.MEDIUM,
      confidence=Confidence.MEDIUM, nodes=(ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef),
      calls=(*_CSRF_EXEMPT, "django.utils.decorators.method_decorator"),
      fix="Keep CSRF protection on; for API endpoints use token authentication that is not sent automatically "
      "by browsers (and then the exemption is documented and deliberate).")
def csrf_exempt(ctx, node):
    """## What it does
    Flags Django's `@csrf_exempt` (also as `csrf_exempt(view)` or `method_decorator(csrf_exempt)`)
    and Flask-WTF's `@csrf.exempt` on a view that changes state (reads a request body, handles
    POST/PUT/PATCH/DELETE, saves or deletes through the ORM) for a signed-in user (uses
    `request.user`, the session, `current_user`, `login_required` or an auth mixin). Exempted
    read-only views and views no browser session authenticates (webhooks that check a signature,
    token-authenticated APIs) and views that check the CSRF token themselves (a call naming `csrf`)
    are not reported; a view defined in another module is reported at low confidence.

    ## Why is this bad?
    An exempted view accepts state-changing requests that another site makes the user's browser
    send with the user's cookies (cross-site request forgery).

    ## Example
    ```python
    from django.views.decorators.csrf import csrf_exempt

    @csrf_exempt
    def update_email(request):
        request.user.email = request.POST["email"]
        request.user.save()
    ```

    ## Use instead
    ```python
    def update_email(request):
        request.user.email = request.POST["email"]
        request.user.save()
    ```
    """
    if isinstance(node, ast.Call):
        if ctx.call_qualname in _CSRF_EXEMPT:
            if any(node is d for d in getattr(ctx.parent(), "decorator_list", ())):
                return None  # `@csrf_exempt(...)` is reported with the decorated definition
            view = _view_definition(ctx, ctx.argument(node, 0, "view_func"))
            return _exempt_report(node, view, "`csrf_exempt()` removes CSRF protection from this view")
        target = ctx.argument(node, 0, "decorator")
        if target is not None and _is_exempt_decorator(ctx, target):
            owner = next((p for p in reversed(ctx.parents) if isinstance(p, ast.ClassDef)), None)
            return _exempt_report(node, owner, "`method_decorator(csrf_exempt)` removes CSRF protection from this view")
        return None
    for decorator in node.decorator_list:
        if _is_exempt_decorator(ctx, decorator.func if isinstance(decorator, ast.Call) else decorator):
            return _exempt_report(decorator, node,
                                  f"`{ast.unparse(decorator)}` removes CSRF protection from `{node.name}`")
    return None


def _is_test_config(ctx) -> bool:
    scope = ctx.model.scope
    return scope is not None and scope.kind == "class" and "test" in getattr(scope.node, "name", "").lower()


@rule("SR704", title="Flask-WTF CSRF protection disabled", cwe=352, severity=Severity.MEDIUM,
      confidence=Confidence.MEDIUM, nodes=(ast.Assign,), methods=("update",),
      fix="Leave `WTF_CSRF_ENABLED` at its default (True) outside test configurations.")
def wtf_csrf_disabled(ctx, node):
    """## What it does
    Flags `WTF_CSRF_ENABLED = False` (as a config constant, `app.config["WTF_CSRF_ENABLED"] = False`
    or `app.config.update(WTF_CSRF_ENABLED=False)`), except inside a class named for tests
    (`class TestingConfig`), where it is the documented practice.

    ## Why is this bad?
    Every Flask-WTF form then accepts cross-site submissions (cross-site request forgery).

    ## Example
    ```python
    class ProductionConfig:
        WTF_CSRF_ENABLED = False
    ```

    ## Use instead
    ```python
    class ProductionConfig:
        WTF_CSRF_ENABLED = True

    class TestingConfig:
        WTF_CSRF_ENABLED = False
    ```
    """
    if _is_test_config(ctx):
        return None
    if isinstance(node, ast.Call):
        if ctx.keyword_value(node, "WTF_CSRF_ENABLED", None) is False:
            return Report(node, "`WTF_CSRF_ENABLED=False` turns off CSRF protection for every form.")
        return None
    for target in node.targets:
        key = target.id if isinstance(target, ast.Name) else (
            ctx.string(target.slice) if isinstance(target, ast.Subscript) else None)
        if key == "WTF_CSRF_ENABLED" and ctx.value(node.value) is False:
            return Report(node, "`WTF_CSRF_ENABLED = False` turns off CSRF protection for every form.")
    return None


_BLIND_POLICIES = frozenset(f"paramiko.{m}{p}" for m in ("", "client.") for p in ("AutoAddPolicy", "WarningPolicy"))


@rule("SR705", title="SSH client accepts unknown host keys", cwe=295, severity=Severity.HIGH,
      confidence=Confidence.HIGH, methods=("set_missing_host_key_policy",),
      fix="Load known hosts (`client.load_system_host_keys()`) and keep the default `RejectPolicy`.")
def ssh_host_key_policy(ctx, call: ast.Call):
    """## What it does
    Flags paramiko's `set_missing_host_key_policy(AutoAddPolicy())` and `WarningPolicy()`.

    ## Why is this bad?
    The client then trusts whatever host key the server presents: a machine in the middle
    impersonates the server and reads the credentials and commands.

    ## Example
    ```python
    import paramiko

    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    ```

    ## Use instead
    ```python
    import paramiko

    client = paramiko.SSHClient()
    client.load_system_host_keys()
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    ```
    """
    policy = ctx.argument(call, 0, "policy")
    if policy is None:
        return None
    policy = resolve(ctx, policy)
    target = policy.func if isinstance(policy, ast.Call) else policy
    names = qualnames(ctx, target)
    if names & _BLIND_POLICIES:
        return Report(call, f"`{sorted(names)[0].rsplit('.', 1)[-1]}` accepts any server host key without "
                            "verification.")
    return None
