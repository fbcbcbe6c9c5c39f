"""Predictable randomness where a secret is made: `random` module values flowing into security names.

Bandit (B311) reports every call to the `random` module, most of which shuffle test data, pick a
retry jitter or sample a simulation. Here a call is reported only when its value visibly becomes a
secret: it is assigned, returned or passed as a keyword whose name says token / password / key /
nonce / salt / OTP / session / CSRF... (HIGH confidence), or it is used inside a function whose name
says so (MEDIUM confidence, unless it lands in a name that is clearly not secret, like `length`).
A value that reaches a secret through a helper function elsewhere is left to the taint engine.

The identifier helpers here (`identifier_words`, `is_security_name`) are shared by other families.
"""
from __future__ import annotations

import ast
import re
from functools import lru_cache

from secreview.findings import Confidence, Severity
from secreview.rules.api import Report, rule

# --------------------------------------------------------------------------- names

_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")

# A word in an identifier that on its own marks a secret or an authentication value.
SECURITY_WORDS = frozenset({
    "token", "tokens", "password", "passwords", "passwd", "pwd", "passphrase", "secret", "secrets", "key", "apikey",
    "nonce", "salt", "otp", "totp", "hotp", "session", "sessionid", "sid", "csrf", "xsrf", "pin", "iv",
    "credential", "credentials", "auth", "authkey", "signature", "hmac", "captcha", "challenge", "cookie",
    "passcode", "verifier", "jwt", "bearer",
})
# "code" only counts next to one of these ("verification_code", "reset_code", "otp_code").
_CODE_QUALIFIERS = frozenset({
    "verification", "verify", "confirm", "confirmation", "auth", "activation", "activate", "invite", "invitation",
    "reset", "login", "security", "access", "sms", "mfa", "otp", "recovery", "one", "unlock", "pairing", "pass",
})
# Words that turn a "key"-ish identifier into bookkeeping: `cache_key`, `sort_key`, `partition_key`.
_NOT_SECRET = frozenset({
    "cache", "sort", "sorting", "lookup", "dict", "primary", "foreign", "partition", "shard", "column", "row",
    "index", "keys", "hotkey", "keyboard", "keyword", "keywords", "monkey", "turkey", "public", "pub",
    "length", "len", "size", "count", "name", "names", "type", "field", "label", "path", "file",
    "filename", "url", "header", "expiry", "expires", "expiration", "timeout", "ttl", "age",
})
# Names a value may land in even inside `generate_token()` without being the secret itself.
_BENIGN_WORDS = frozenset({
    "len", "length", "size", "count", "num", "number", "delay", "sleep", "jitter", "wait", "timeout", "retry",
    "retries", "backoff", "index", "idx", "i", "j", "k", "n", "attempt", "attempts", "interval", "ttl", "color",
    "colour", "position", "pos", "offset", "width", "height", "padding", "weight", "probability", "chance",
})


def identifier_words(name: str) -> list[str]:
    """`generateAPIKey` -> ["generate", "api", "key"]; `reset_token` -> ["reset", "token"]."""
    return list(_identifier_words(name))


@lru_cache(maxsize=8192)
def _identifier_words(name: str) -> tuple[str, ...]:
    words: list[str] = []
    for part in re.split(r"[^A-Za-z0-9]+", name):
        words.extend(w.lower() for w in _CAMEL.findall(part))
    return tuple(words)


def is_security_name(name: str | None) -> bool:
    """True when an identifier names a secret or an authentication value."""
    if not name:
        return False
    words = identifier_words(name)
    if not words or any(w in _NOT_SECRET for w in words):
        return False
    if any(w in SECURITY_WORDS for w in words):
        return True
    return "code" in words and any(w in _CODE_QUALIFIERS for w in words)


def is_benign_name(name: str | None) -> bool:
    return bool(name) and any(w in _BENIGN_WORDS for w in identifier_words(name))  # type: ignore[arg-type]


def target_name(node: ast.AST) -> str | None:
    """The name an assignment target gives its value: `x`, `self.x`, `d["x"]`."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
        return node.slice.value
    if isinstance(node, ast.Starred):
        return target_name(node.value)
    return None


def constructor_of(ctx, expr: ast.AST | None) -> str | None:
    """Qualified name of the call that made `expr`: `requests.Session` for `s` after `s = requests.Session()`
    or `with requests.Session() as s:`; None unless every reaching binding agrees."""
    if isinstance(expr, ast.Call):
        return ctx.qualified_name(expr.func)
    if not isinstance(expr, ast.Name):
        return None
    bindings = ctx.lookup(expr.id)
    names = set()
    for b in bindings:
        if not isinstance(b.value, ast.Call) or b.kind not in ("assign", "other"):
            return None
        names.add(ctx.model.qualified_name(b.value.func, b.scope))
    return names.pop() if len(names) == 1 else None


def enclosing_function(ctx) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    for node in reversed(ctx.parents):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return node
    return None


# Parents a value passes through unchanged in meaning (formatting, joining, indexing...).
_THROUGH = (ast.BinOp, ast.JoinedStr, ast.FormattedValue, ast.GeneratorExp, ast.ListComp, ast.SetComp,
            ast.comprehension, ast.Subscript, ast.Attribute, ast.Tuple, ast.List, ast.Set, ast.UnaryOp, ast.IfExp,
            ast.Starred, ast.BoolOp, ast.Await)


def value_destination(ctx, node: ast.AST) -> tuple[str, str | None]:
    """Where the value of `node` (the node being dispatched) ends up, walking up its parents.

    Returns (kind, name): ("assign", target name), ("keyword", arg), ("key", dict key), ("arg", receiver
    name of a method such as `password.append`), ("return", None), ("expr", None) or ("other", None).
    """
    child: ast.AST = node
    for parent in reversed(ctx.parents):
        if isinstance(parent, _THROUGH):
            child = parent
            continue
        if isinstance(parent, ast.keyword):
            return ("keyword", parent.arg)
        if isinstance(parent, ast.Dict):
            for key, value in zip(parent.keys, parent.values):
                if value is child and isinstance(key, ast.Constant) and isinstance(key.value, str):
                    return ("key", key.value)
            child = parent
            continue
        if isinstance(parent, ast.Call):
            func = parent.func
            if child is not func and isinstance(func, ast.Attribute):
                receiver = target_name(func.value)
                if is_security_name(receiver):
                    return ("arg", receiver)
            child = parent
            continue
        if isinstance(parent, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
            names = [target_name(t) for t in targets]
            for t in targets:
                if isinstance(t, (ast.Tuple, ast.List)):
                    names.extend(target_name(e) for e in t.elts)
            secure = next((n for n in names if is_security_name(n)), None)
            return ("assign", secure or next((n for n in names if n), None))
        if isinstance(parent, ast.NamedExpr):
            return ("assign", parent.target.id)
        if isinstance(parent, ast.Return):
            return ("return", None)
        if isinstance(parent, ast.Expr):
            return ("expr", None)
        return ("other", None)
    return ("other", None)


def security_use(ctx, node: ast.AST, subject: ast.AST | None = None) -> tuple[Confidence, str] | None:
    """(confidence, reason) when the value of `node` visibly becomes a secret, else None.

    `subject`: for calls that work in place (`random.shuffle(password_chars)`), the argument they change.
    """
    kind, name = value_destination(ctx, node)
    if subject is not None and is_security_name(target_name(subject)):
        return (Confidence.HIGH, f"it shuffles `{target_name(subject)}`")
    if kind in ("assign", "keyword", "key", "arg") and is_security_name(name):
        return (Confidence.HIGH, f"the value becomes `{name}`")
    func = enclosing_function(ctx)
    if func is not None and is_security_name(func.name):
        if kind == "return":
            return (Confidence.HIGH, f"`{func.name}()` returns it")
        if kind in ("assign", "keyword", "key") and is_benign_name(name):
            return None
        if kind == "expr" and subject is None:
            return None
        return (Confidence.MEDIUM, f"it is used in `{func.name}()`")
    return None


# --------------------------------------------------------------------------- rules

_RANDOM_FUNCTIONS = ("random", "randint", "randrange", "choice", "choices", "sample", "shuffle", "uniform",
                     "getrandbits", "randbytes", "triangular", "gauss", "normalvariate", "betavariate")


@rule(
    "SR210",
    title="Predictable `random` value used as a secret",
    cwe=338,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    calls=tuple(f"random.{name}" for name in _RANDOM_FUNCTIONS),
    fix="Use the `secrets` module: `secrets.token_urlsafe()`, `secrets.token_hex()`, `secrets.choice()`, "
    "`secrets.randbelow()`, or `random.SystemRandom()`.",
)
def insecure_random(ctx, call: ast.Call):
    """## What it does
    Flags values from the `random` module (Mersenne Twister) that become a token, password, key,
    nonce, salt, one-time code, session or CSRF id: assigned to, returned as, or passed as a name
    that says so, or produced inside a function whose name says so.

    Unlike Bandit's B311, other uses of `random` (shuffling test data, retry jitter, sampling, the
    length given to `range()` in a secret-making function) are not reported: the generator is only a weakness when its output must be unguessable.

    ## Why is this bad?
    `random` is not a cryptographic generator: after observing 624 outputs an attacker can
    reconstruct its state and predict every past and future value, so tokens and passwords made
    from it can be guessed.

    ## Example
    ```python
    import random
    import string

    def new_session():
        session_id = "".join(random.choice(string.ascii_letters) for _ in range(32))
        return session_id
    ```

    ## Use instead
    ```python
    import secrets

    def new_session():
        session_id = secrets.token_urlsafe(32)
        return session_id
    ```
    """
    subject = ctx.argument(call, 0, "x") if ctx.call_qualname == "random.shuffle" else None
    parent = ctx.parent()
    if isinstance(parent, ast.Call) and call in parent.args and ctx.qualified_name(parent.func) == "range":
        return None  # `range(random.randrange(15, 25))`: a length or count, not secret material
    use = security_use(ctx, call, subject)
    if use is None:
        return None
    confidence, reason = use
    name = ctx.call_qualname or "random"
    return Report(call, f"`{name}()` is a predictable PRNG and {reason}, which must be unguessable.",
                  confidence=confidence)


_TIME_SOURCES = frozenset({"time.time", "time.time_ns", "time.monotonic", "time.perf_counter", "time.clock",
                           "datetime.datetime.now", "datetime.datetime.utcnow", "datetime.datetime.today",
                           "os.getpid"})


@rule(
    "SR211",
    title="PRNG seeded with a constant or the clock where secrets are made",
    cwe=336,
    also_cwes=(337,),
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    calls=("random.seed", "random.Random"),
    fix="Do not seed a generator that makes secrets: use the `secrets` module, which draws from the OS.",
)
def predictable_seed(ctx, call: ast.Call):
    """## What it does
    Flags `random.seed(...)` / `random.Random(...)` with a constant or clock-derived seed inside a
    function whose name says it makes a secret (token, password, key, OTP...), or whose generator is
    stored under such a name. Seeding for reproducible simulations or tests is not reported.

    ## Why is this bad?
    A constant seed makes the generator produce the same sequence on every run (CWE-336); a seed
    from the clock or the process id can be guessed within a small window (CWE-337). Every secret
    drawn afterwards is predictable.

    ## Example
    ```python
    import random

    def make_reset_token():
        random.seed(1234)
        return "%032x" % random.getrandbits(128)
    ```

    ## Use instead
    ```python
    import secrets

    def make_reset_token():
        return secrets.token_hex(16)
    ```
    """
    seed = ctx.argument(call, 0, "a") if ctx.call_qualname == "random.seed" else ctx.argument(call, 0, "x")
    if seed is None:
        return None
    kind, name = value_destination(ctx, call)
    func = enclosing_function(ctx)
    in_secret_code = (func is not None and is_security_name(func.name)) or is_security_name(name)
    if not in_secret_code:
        return None
    if ctx.is_constant(seed):
        return Report(call, f"`{ctx.call_qualname}` is seeded with the constant `{ast.unparse(seed)[:40]}`: "
                            "the secrets drawn from it repeat on every run.")
    for sub in ast.walk(seed):
        if isinstance(sub, ast.Call) and ctx.qualified_name(sub.func) in _TIME_SOURCES:
            return Report(call, f"`{ctx.call_qualname}` is seeded from `{ast.unparse(sub)}`, which an attacker "
                                "can guess within a small window.", cwe=337)
    return None
