"""Error handling and miscellany: security checks in `assert`, swallowed failures of security operations,
logging config listener."""
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


# Calls whose result is a shape, not a decision: `assert len(token) == TOKEN_LENGTH` is an invariant.
_SHAPE_CALLS = frozenset({"len", "isinstance", "type", "issubclass", "hasattr", "callable", "id"})
# Last words that make an identifier a piece of data rather than a check: `verify_key`, `signing_key`.
_DATA_NOUNS = frozenset({"key", "keys", "length", "len", "size", "count", "type", "name", "bytes", "data",
                         "encoding", "format", "class", "module"})


def _invariant_nodes(test: ast.expr) -> set[int]:
    """Ids of nodes inside shape checks (`len(x)`, `isinstance(x, T)`) and `x is None` comparisons."""
    skip: set[int] = set()
    for node in ast.walk(test):
        inner = None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _SHAPE_CALLS:
            inner = node
        elif (isinstance(node, ast.Compare) and all(isinstance(op, (ast.Is, ast.IsNot)) for op in node.ops)
              and any(isinstance(c, ast.Constant) and c.value is None for c in node.comparators)):
            inner = node
        if inner is not None:
            skip.update(id(sub) for sub in ast.walk(inner))
    return skip


def _security_words(ctx, test: ast.expr) -> str | None:
    """The identifier in the asserted expression that makes it a security check."""
    skip = _invariant_nodes(test)
    for node in ast.walk(test):
        if id(node) in skip:
            continue
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
        if words and words[-1] in _DATA_NOUNS:
            continue
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
    reports every assert; asserts that check programming invariants (`assert isinstance(x, int)`,
    `assert len(token) == TOKEN_LENGTH`, `assert owner is not None`, `assert verify_key == public`)
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


# Words in a called function's name that make its failure a security event: swallowing the error means a
# check that failed, a privilege drop that did not happen, or a protection that is silently missing.
SECURITY_OPERATION_WORDS = frozenset({
    "verify", "validate", "authenticate", "authorize", "authorise", "permission", "permissions", "perm", "perms",
    "login", "decrypt", "encrypt", "sign", "signature", "setuid", "setgid", "seteuid", "setegid", "setresuid",
    "setresgid", "setgroups", "initgroups", "chown", "chmod", "umask", "privileges", "privilege", "audit",
    "csrf", "certificate", "hmac", "sanitize", "jwt", "acl", "chroot", "seccomp", "revoke",
    "unseal", "token", "password", "credentials", "verification", "authentication", "authorization",
})


def _security_operation(ctx, body: list[ast.stmt]) -> str | None:
    """The call in a try body whose failure is a security event, as written."""
    for stmt in body:
        for node in ast.walk(stmt):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
            if name and SECURITY_OPERATION_WORDS & set(identifier_words(name)):
                return ast.unparse(func)
    return None


@rule(
    "SR802",
    title="Failed security operation silently swallowed",
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
    `...` or `continue`, around a security operation: a call named like a check, a privilege change
    or a protection (`verify_signature()`, `validate_token()`, `os.setuid()`, `os.chmod()`,
    `audit_log()`, `decrypt()`...). Handlers for specific exceptions (`except KeyError: pass`) are not
    reported. Unlike Bandit's B110/B112, a swallowed error around ordinary code (an optional import,
    a best-effort probe, cleanup) is not reported: that is a robustness choice, not a weakness.

    ## Why is this bad?
    The failure of the check or the privilege drop is detected and then ignored: the program goes
    on as if the signature were valid or the privileges dropped, and nothing is logged.

    ## Example
    ```python
    def accept(message, verify_signature):
        try:
            verify_signature(message)
        except Exception:
            pass
        return message.body
    ```

    ## Use instead
    ```python
    import logging

    def accept(message, verify_signature):
        try:
            verify_signature(message)
        except Exception:
            logging.getLogger(__name__).warning("rejected message with a bad signature")
            raise
        return message.body
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
    if not isinstance(try_node, ast.Try) or _is_cleanup(try_node.body):
        return None
    operation = _security_operation(ctx, try_node.body)
    if operation is None:
        return None
    action = "continue" if any(isinstance(s, ast.Continue) for s in body) else "pass"
    caught = ast.unparse(handler.type) if handler.type is not None else "everything"
    return Report(handler, f"Catches {caught} around `{operation}()` and does `{action}`: a failed security "
                           "operation is ignored and the code goes on as if it had succeeded.")


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
