"""Signatures and secrets that are checked badly: JWTs decoded without verifying their signature,
MACs and secret tokens compared with `==`.

- SR220 (CWE-347): `jwt.decode()` with `options={"verify_signature": False}`, `verify=False` (PyJWT 1.x)
  or `"none"` among the accepted algorithms.
- SR221 (CWE-208): `==` / `!=` between a value and an HMAC digest, or a value named as a signature or a
  secret token (`signature`, `api_key`, `reset_token`...), where `hmac.compare_digest` is needed.
"""
from __future__ import annotations

import ast

from secreview.findings import Confidence, Severity
from secreview.rules._sinks import constant_like_leaf, resolve, short
from secreview.rules.api import Report, rule
from secreview.rules.randomness import enclosing_function, identifier_words

# ------------------------------------------------------------------------------------------- JWT
_JWT_DECODERS = ("jwt.decode", "jwt.api_jwt.decode", "jwt.decode_complete", "jwt.api_jwt.decode_complete",
                 "jwt.api_jws.decode", "jwt.PyJWT.decode", "jose.jwt.decode", "jose.jws.verify")


def _options_disable_signature(ctx, expr: ast.AST | None) -> bool:
    """`{"verify_signature": False}` as a literal, a module constant or a local dict."""
    if expr is None:
        return False
    node = resolve(ctx, expr)
    if isinstance(node, ast.Dict):
        for key, value in zip(node.keys, node.values):
            if key is not None and ctx.string(key) == "verify_signature" and ctx.value(value) is False:
                return True
        return False
    if isinstance(node, ast.Call) and ctx.qualified_name(node.func) == "dict":
        return any(k.arg == "verify_signature" and ctx.value(k.value) is False for k in node.keywords)
    value = ctx.value(expr)
    return isinstance(value, dict) and value.get("verify_signature") is False


def _accepts_none(ctx, expr: ast.AST | None) -> bool:
    if expr is None:
        return False
    value = ctx.value(expr)
    if isinstance(value, str):
        return value.lower() == "none"
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(isinstance(v, str) and v.lower() == "none" for v in value)
    node = resolve(ctx, expr)
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return any((ctx.string(e) or "").lower() == "none" for e in node.elts)
    return False


@rule(
    "SR220",
    title="JWT decoded without verifying its signature",
    cwe=347,
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    calls=_JWT_DECODERS,
    fix="Verify the signature: pass the key and an explicit list of expected algorithms "
        "(`jwt.decode(token, key, algorithms=[\"RS256\"])`); read the unverified header only to choose the "
        "key (`jwt.get_unverified_header`).",
)
def jwt_unverified(ctx, call: ast.Call):
    """## What it does
    Flags `jwt.decode()` (PyJWT, python-jose) called with `options={"verify_signature": False}`,
    with `verify=False` (PyJWT 1.x), or with `"none"` among the accepted `algorithms`.

    ## Why is this bad?
    The claims of a token whose signature is not checked are whatever the sender wrote: anyone can
    make a token for any user, role or tenant. With the `none` algorithm accepted, an attacker
    removes the signature and the library accepts the token.

    ## Example
    ```python
    import jwt

    def current_user(token, key):
        claims = jwt.decode(token, key, options={"verify_signature": False})
        return claims["sub"]
    ```

    ## Use instead
    ```python
    import jwt

    def current_user(token, key):
        claims = jwt.decode(token, key, algorithms=["RS256"])
        return claims["sub"]
    ```
    """
    name = ctx.call_qualname
    if _options_disable_signature(ctx, ctx.argument(call, None, "options")):
        return Report(call, f"`{name}()` with `verify_signature: False` returns claims that anyone could have "
                            "written: the signature is never checked.")
    if ctx.keyword_value(call, "verify", True) is False:
        return Report(call, f"`{name}(..., verify=False)` returns claims that anyone could have written: the "
                            "signature is never checked.")
    if _accepts_none(ctx, ctx.argument(call, None, "algorithms")):
        return Report(call, f"`{name}()` accepts the `none` algorithm: a token without a signature is valid.")
    return None


# ----------------------------------------------------------------------------- timing comparison
_MAC_CALLS = frozenset({"hmac.new", "hmac.HMAC", "hmac.digest"})
# Words that on their own name a value which must stay secret while it is compared.
_SECRET_WORDS = frozenset({"signature", "signatures", "hmac", "mac", "secret", "apikey", "otp", "totp", "hotp",
                           "passcode"})
# `<qualifier>_token` / `<qualifier>_key` names of a secret (not `token` alone: parsers are full of tokens).
_TOKEN_QUALIFIERS = frozenset({"reset", "auth", "access", "api", "csrf", "xsrf", "session", "secret", "refresh",
                               "verification", "verify", "confirm", "confirmation", "invite", "invitation",
                               "activation", "bearer", "unsubscribe", "webhook", "magic", "login", "remember",
                               "signup", "shared", "signing", "private", "client"})
# `<qualifier>_key` names of a secret key (`verify_key`, `public_key` are public).
_KEY_QUALIFIERS = frozenset({"api", "secret", "shared", "signing", "private", "client", "session", "webhook",
                             "access", "auth", "license", "master"})
_NOT_SECRET_WORDS = frozenset({"name", "names", "type", "types", "id", "ids", "len", "length", "size", "count",
                               "header", "headers", "url", "path", "file", "field", "keys", "prefix",
                               "suffix", "format", "version", "algorithm", "alg", "method", "kind", "mode",
                               "expiry", "expires", "ttl", "timeout", "label", "param", "parameter", "attr",
                               "enabled", "required", "class", "cls", "scheme", "encoding", "status", "hash",
                               "hashed", "salt", "digest", "public", "pub"})
# A module that computes MACs, hashes or tokens: its `signature` and `secret` names are cryptographic.
_CRYPTO_MODULES = frozenset({"hmac", "hashlib", "secrets", "jwt", "jose", "itsdangerous", "cryptography", "Crypto",
                             "Cryptodome", "nacl", "authlib", "oauthlib"})
_IGNORED_METHODS = frozenset({"__eq__", "__ne__", "__hash__", "__lt__", "__le__", "__gt__", "__ge__"})


def _mac_call(ctx, expr: ast.AST) -> bool:
    """`hmac.new(...).hexdigest()`, `mac.digest()` with `mac = hmac.new(...)`, `hmac.digest(...)`."""
    if not isinstance(expr, ast.Call):
        return False
    name = ctx.qualified_name(expr.func)
    if name == "hmac.digest":
        return True
    if isinstance(expr.func, ast.Attribute) and expr.func.attr in ("hexdigest", "digest"):
        receiver = resolve(ctx, expr.func.value)
        return isinstance(receiver, ast.Call) and ctx.qualified_name(receiver.func) in _MAC_CALLS
    return False


def _mac_derived(ctx, expr: ast.AST, depth: int = 0) -> bool:
    if depth > 4:
        return False
    node = resolve(ctx, expr)
    if _mac_call(ctx, node):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _mac_derived(ctx, node.left, depth + 1) or _mac_derived(ctx, node.right, depth + 1)
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) and _mac_derived(ctx, v.value, depth + 1) for v in node.values)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in (
            "encode", "decode", "lower", "upper", "strip"):
        return _mac_derived(ctx, node.func.value, depth + 1)
    return False


def _secret_name(expr: ast.AST) -> str | None:
    if isinstance(expr, ast.Name):
        name = expr.id
    elif isinstance(expr, ast.Attribute):
        name = expr.attr
    elif isinstance(expr, ast.Subscript) and isinstance(expr.slice, ast.Constant) and isinstance(expr.slice.value, str):
        name = expr.slice.value
    else:
        return None
    words = identifier_words(name)
    if not words or words[-1] in _NOT_SECRET_WORDS or constant_like_leaf(expr):
        return None  # `REASON_NO_CSRF_COOKIE`: a constant of another module, not a secret
    if words[-1] in _SECRET_WORDS:
        return name
    if words[-1] == "token" and len(words) > 1 and words[-2] in _TOKEN_QUALIFIERS:
        return name
    if words[-1] == "key" and len(words) > 1 and words[-2] in _KEY_QUALIFIERS:
        return name
    return None


@rule(
    "SR221",
    title="Secret or MAC compared with a non-constant-time comparison",
    cwe=208,
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    nodes=(ast.Compare,),
    fix="Compare secrets with `hmac.compare_digest(a, b)` (or `secrets.compare_digest`), which takes the same "
        "time wherever the first difference is.",
)
def timing_compare(ctx, node: ast.Compare):
    """## What it does
    Flags `==` and `!=` where one side is an HMAC digest (`hmac.new(...).hexdigest()`, directly or
    through a local name) or a value named as a signature or a secret (`signature`, `api_key`,
    `webhook_secret`, `reset_token`, `csrf_token`) in a module that imports a cryptography module
    (`hmac`, `hashlib`, `secrets`, `jwt`...), and the other side is not a constant.
    Comparisons inside `__eq__` and friends, and the test of an `assert` (SR801 reports it), are
    not reported.

    ## Why is this bad?
    String equality stops at the first differing character, so its duration tells an attacker how
    many leading characters of their guess are right. Measuring it over many requests recovers a
    valid signature or token one character at a time.

    ## Example
    ```python
    import hashlib
    import hmac

    def verify(secret, body, signature):
        expected = hmac.new(secret, body, hashlib.sha256).hexdigest()
        return expected == signature
    ```

    ## Use instead
    ```python
    import hashlib
    import hmac

    def verify(secret, body, signature):
        expected = hmac.new(secret, body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, signature)
    ```
    """
    if len(node.ops) != 1 or not isinstance(node.ops[0], (ast.Eq, ast.NotEq)):
        return None
    left, right = node.left, node.comparators[0]
    for side in (left, right):
        if ctx.is_constant(side) or (isinstance(side, ast.Constant) and side.value is None):
            return None
        if isinstance(side, ast.Call) and not _mac_call(ctx, side) and not _mac_derived(ctx, side):
            return None  # `len(a) == len(b)`, `type(a) == type(b)`
    func = enclosing_function(ctx)
    if func is not None and func.name in _IGNORED_METHODS:
        return None
    if isinstance(ctx.parent(), ast.Assert):
        return None  # SR801 reports the assert, which disappears under `python -O`: the bigger defect
    op = "==" if isinstance(node.ops[0], ast.Eq) else "!="
    if _mac_derived(ctx, left) or _mac_derived(ctx, right):
        return Report(node, f"`{short(node)}` compares an HMAC digest with `{op}`: the time it takes reveals how "
                            "much of a forged signature is right.", confidence=Confidence.HIGH)
    if constant_like_leaf(left) or constant_like_leaf(right):
        return None  # `api_key == PLACEHOLDER_KEY`: a sentinel, not a secret
    if not any(imported.split(".")[0] in _CRYPTO_MODULES for imported in ctx.model.imports):
        return None  # `signature` means a function signature or a cache stamp in modules without cryptography
    name = _secret_name(left) or _secret_name(right)
    if name is not None:
        return Report(node, f"`{short(node)}` compares the secret `{name}` with `{op}`: the time it takes reveals "
                            "how much of a guess is right.")
    return None
