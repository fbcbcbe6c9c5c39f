"""Error handling and miscellany: security checks in `assert`, swallowed exceptions, logging config listener."""
from __future__ import annotations

import ast

from secreview.findings import Confidence, Severity
from secreview.rules.api import Report, rule
from secreview.rules.randomness import identifier_words

# Words that make an assert a security check: authentication, authorization, integrity.
SECURITY_CHECK_WORDS = frozenset({
    "authenticated", "authorized", "authorised", "auth", "admin", "superuser", "staff", "permission",
    "permissions", "perm", "perms", "allowed", "owner", "owns", "role", "roles", "privilege", "privileged",
    "token", "csrf", "xsrf", "signature", "hmac", "digest", "verify", "verified", "password",
    "logged", "login", "access", "grant", "granted", "scope", "scopes", "secret", "nonce", "trusted",
    "sanitized", "safe", "whitelisted", "allowlisted", "acl", "session", "user", "can",
})
# Calls whose result is a security decision wherever they appear.
SECURITY_CHECK_CALLS = frozenset({"hmac.compare_digest", "secrets.compare_digest", "os.access"})
# `can` and `user` only count in a call or attribute naming a check: `user.can("edit")`, `user.is_admin`.
_WEAK_WORDS = frozenset({"user", "can", "safe", "access", "digest", "scope", "scopes", "session", "token",
                         "allowed", "password"})

BROAD_EXCEPTIONS = frozenset({"Exception", "BaseException", "builtins.Exception", "builtins.BaseException"})
# A try body that only releases a resource is best-effort cleanup: ignoring its failure is deliberate.
CLEANUP_METHODS = frozenset({"close", "remove", "unlink", "rmdir", "rmtree", "kill", "terminate", "shutdown",
                             "cancel", "disconnect", "release", "cleanup", "stop", "join", "quit", "wait",
                             "delete", "flush", "unregister", "detach", "dispose"})


def _security_words(ctx, test: ast.expr) -> str | None:
    """The identifier in the asserted expression that makes it a security check."""
    for node in ast.walk(test):
        if isinstance(node, ast.Call) and ctx.qualified_name(node.func) in SECURITY_CHECK_CALLS:
            return ctx.qualified_name(node.func)
        if isinstance(node, ast.Name):
            name = node.id
        elif isinstance(node, ast.Attribute):
            name = node.attr
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(
                node.slice.value, str):
            name = node.slice.value
        else:
            continue
        words = identifier_words(name)
        strong = [w for w in words if w in SECURITY_CHECK_WORDS and w not in _WEAK_WORDS]
        if strong:
            return name
        if words and words[0] in ("is", "has", "can") and any(w in SECURITY_CHECK_WORDS for w in words[1:]):
            return name
    return None


@rule(
    "SR801",
    title="Security check in an assert",
    cwe=733,
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    nodes=(ast.Assert,),
    fix="Use an explicit `if not ...: raise PermissionError(...)` (or the framework's 403 response); asserts "
    "disappear under `python -O`.",
)
def security_assert(ctx, node: ast.Assert):
    """## What it does
    Flags `assert` statements in application code whose condition is an authentication,
    authorization or integrity check: `assert user.is_admin`, `assert request.user.has_perm(...)`,
    `assert hmac.compare_digest(sig, expected)`, `assert token == session["csrf"]`. Bandit's B101
    reports every assert; asserts that check programming invariants (`assert isinstance(x, int)`)
    are not reported here, and asserts in test code never are.

    ## Why is this bad?
    Python removes `assert` statements when run with `-O` or `PYTHONOPTIMIZE`, so the check is
    silently skipped in optimized deployments and the protected action runs for everyone.

    ## Example
    ```python
    def delete_project(user, project):
        assert user.is_admin, "admins only"
        project.delete()
    ```

    ## Use instead
    ```python
    def delete_project(user, project):
        if not user.is_admin:
            raise PermissionError("admins only")
        project.delete()
    ```
    """
    if ctx.is_test_file:
        return None
    name = _security_words(ctx, node.test)
    if name is None:
        return None
    return Report(node, f"This assert checks `{name}`; under `python -O` the check is removed and the code after "
                        "it runs unchecked.")


def _is_broad(ctx, handler_type: ast.expr | None) -> bool:
    if handler_type is None:
        return True
    types = handler_type.elts if isinstance(handler_type, ast.Tuple) else [handler_type]
    return any(ctx.qualified_name(t) in BROAD_EXCEPTIONS for t in types)


def _is_cleanup(body: list[ast.stmt]) -> bool:
    if len(body) != 1 or not isinstance(body[0], ast.Expr) or not isinstance(body[0].value, ast.Call):
        return False
    func = body[0].value.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    return name in CLEANUP_METHODS


@rule(
    "SR802",
    title="Broad exception silently swallowed",
    cwe=390,
    severity=Severity.LOW,
    confidence=Confidence.MEDIUM,
    nodes=(ast.ExceptHandler,),
    fix="Catch the specific exception you expect, and log or re-raise anything else "
    "(`logger.exception(...)`); use `contextlib.suppress(SpecificError)` for intended silence.",
)
def swallowed_exception(ctx, handler: ast.ExceptHandler):
    """## What it does
    Flags `except:`, `except Exception:` and `except BaseException:` whose body only does `pass`,
    `...` or `continue`. Like Bandit's B110/B112 with default settings, handlers for specific
    exceptions (`except KeyError: pass`) are not reported; unlike Bandit, neither is best-effort
    cleanup, a `try` whose body is a single `close()`/`remove()`/`kill()`-style call.

    ## Why is this bad?
    Every error, including failed security checks, lost writes and programming mistakes, is
    detected and then ignored: the program continues in an unexpected state and nothing is logged.

    ## Example
    ```python
    def load_settings(path):
        settings = {}
        try:
            settings = parse(path)
        except Exception:
            pass
        return settings
    ```

    ## Use instead
    ```python
    import logging

    def load_settings(path):
        settings = {}
        try:
            settings = parse(path)
        except (OSError, ValueError):
            logging.getLogger(__name__).exception("cannot read %s", path)
        return settings
    ```
    """
    body = handler.body
    if not body or not all(
        isinstance(s, (ast.Pass, ast.Continue)) or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
        for s in body
    ):
        return None
    if not _is_broad(ctx, handler.type):
        return None
    try_node = ctx.parent()
    if isinstance(try_node, ast.Try) and _is_cleanup(try_node.body):
        return None
    action = "continue" if any(isinstance(s, ast.Continue) for s in body) else "pass"
    caught = ast.unparse(handler.type) if handler.type is not None else "everything"
    return Report(handler, f"Catches {caught} and does `{action}`: errors are detected and ignored.")


@rule(
    "SR803",
    title="logging.config.listen() without verification",
    cwe=94,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    calls=("logging.config.listen",),
    fix="Do not expose the logging config listener; if you must, pass `verify=` a function that checks a "
    "signature (HMAC) of the received bytes.",
)
def logging_listen(ctx, call: ast.Call):
    """## What it does
    Flags `logging.config.listen()` without a `verify` callable.

    ## Why is this bad?
    The listener accepts a logging configuration from a socket and applies it with
    `logging.config.fileConfig`/`dictConfig`, which import and call objects by name: anyone who can
    connect can run code in the process.

    ## Example
    ```python
    import logging.config

    thread = logging.config.listen(9999)
    thread.start()
    ```

    ## Use instead
    ```python
    import hashlib
    import hmac
    import logging.config
    import os

    def verify(data: bytes):
        signature, body = data[:32], data[32:]
        expected = hmac.new(os.environb[b"LOG_CONFIG_KEY"], body, hashlib.sha256).digest()
        return body if hmac.compare_digest(signature, expected) else None

    thread = logging.config.listen(9999, verify=verify)
    thread.start()
    ```
    """
    verify = ctx.argument(call, 1, "verify")
    if verify is not None and ctx.value(verify) is not None:
        return None
    if verify is None and ctx.has_argument(call, 1, "verify"):
        return None
    return Report(call, "`logging.config.listen()` applies any configuration sent to its port, which can run "
                        "arbitrary code.")
