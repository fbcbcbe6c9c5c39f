"""Hard-coded credentials: passwords, API keys and tokens, cryptographic keys in source code.

Three rules, each looking at one string constant at a time (`nodes=(ast.Constant,)`) and reading
its context from `ctx.parents`: the name it is bound to (assignment target, keyword, dict key,
parameter default, the other side of a comparison, a `getenv` fallback, a credential API argument).

- SR601 hard-coded password (CWE-259): a password-like *name* with a real-looking *value*.
- SR602 known credential format (CWE-798 / 321 / 259): any string that matches a self-identifying
  token format from `data/secret_patterns.toml` (AWS, GitHub, Slack, Stripe, PEM private keys...).
- SR603 hard-coded secret/API key (CWE-798 / 321): a key/token-like name bound to a random-looking
  value (length >= 16, entropy over its character set), or a signing secret (`SECRET_KEY`,
  `jwt_secret`) bound to any non-placeholder value.

Precision choices (what Bandit B105/B106/B107 reports and these rules do not):
- the *last word* of the name decides (`password_field_name`, `PASSWORD_RESET_URL`, `token_type`,
  `PASSWORD_MIN_LENGTH` are not credentials);
- empty strings, `None`, numbers, environment look-ups, calls (`getpass()`, `_("Password")`) are not
  constants bound to the name;
- template slots (`<password>`, `{password}`, `${DB_PASSWORD}`, `%(pw)s`), masks (`****`, `xxxx`) and
  placeholder words (example, sample, dummy, fake, placeholder, redacted, "your_password",
  REPLACE_ME, TODO) are not secrets; *default credentials* (`changeme`, `admin`, `secret`) are: a
  sample value that ships is the value that gets deployed;
- UI text and field names (`"Enter your password"`, `"Password:"`, `"new_password"`, an assignment
  `PASSWORD = "password"` naming a form field), environment variable names and paths are not secrets;
- docstrings are documentation, not code.
In test code (which the engine filters to high severity by default) SR601/SR603 drop to low
severity while a live-format token (SR602) stays high.
"""
from __future__ import annotations

import ast
import math
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from secreview.findings import Confidence, Severity
from secreview.rules.api import Report, rule

_PATTERNS_FILE = Path(__file__).resolve().parent.parent / "data" / "secret_patterns.toml"


# ---------------------------------------------------------------------------------------- patterns
@dataclass(frozen=True)
class TokenPattern:
    id: str
    name: str
    regex: re.Pattern
    cwe: int
    severity: Severity
    confidence: Confidence
    context: re.Pattern | None
    requires: re.Pattern | None
    min_distinct: int


def _load_patterns() -> tuple[tuple[TokenPattern, ...], frozenset[str]]:
    with open(_PATTERNS_FILE, "rb") as handle:
        data = tomllib.load(handle)
    patterns = []
    for entry in data.get("token", []):
        patterns.append(TokenPattern(
            id=entry["id"], name=entry["name"], regex=re.compile(entry["regex"]), cwe=int(entry.get("cwe", 798)),
            severity=Severity.parse(entry.get("severity", "high")),
            confidence=Confidence.parse(entry.get("confidence", "high")),
            context=re.compile(entry["context"], re.I) if entry.get("context") else None,
            requires=re.compile(entry["requires"]) if entry.get("requires") else None,
            min_distinct=int(entry.get("min_distinct", 6)),
        ))
    return tuple(patterns), frozenset(data.get("examples", {}).get("values", ()))


PATTERNS, EXAMPLE_VALUES = _load_patterns()
_FREE_PATTERNS = tuple(p for p in PATTERNS if p.context is None)
_CONTEXT_PATTERNS = tuple(p for p in PATTERNS if p.context is not None)


def _required_literals(pattern: re.Pattern) -> frozenset[str] | None:
    """Lower-case strings one of which is in the lower-cased text of every match of `pattern`
    (`{"akia", "asia", ...}` for AWS key ids), to skip the regex on texts that hold none of them;
    None when the pattern offers no such strings."""
    try:
        from re import _parser as parser  # type: ignore[attr-defined]
        from re import _constants as c  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - Python < 3.11
        import sre_constants as c  # type: ignore[no-redef]
        import sre_parse as parser  # type: ignore[no-redef]

    def sequence(items) -> frozenset[str] | None:
        best: frozenset[str] | None = None
        run: list[str] = []
        options = []
        for op, av in list(items) + [(None, None)]:
            if op is c.LITERAL:
                run.append(chr(av))
                continue
            if run:
                options.append(frozenset({"".join(run).lower()}))
                run = []
            if op is c.SUBPATTERN:
                options.append(sequence(av[-1]))
            elif op is c.BRANCH:
                alternatives = [sequence(alt) for alt in av[1]]
                if all(alternatives):
                    options.append(frozenset().union(*alternatives))
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
                options.append(sequence(av[2]))
        for option in options:
            if option and all(option) and (best is None or min(map(len, option)) > min(map(len, best))):
                best = option
        return best

    try:
        return sequence(parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # an unexpected parse tree: no shortcut for this pattern
        return None


# Per free pattern: the strings one of which the text must contain (None: always try the regex).
_FREE_LITERALS = tuple(_required_literals(p.regex) for p in _FREE_PATTERNS)


def _free_candidates(text: str) -> list[TokenPattern]:
    """The free patterns that may match `text` (all of them for a text that is not ASCII)."""
    if not text.isascii():
        return list(_FREE_PATTERNS)
    lowered = text.lower()
    return [p for p, literals in zip(_FREE_PATTERNS, _FREE_LITERALS)
            if literals is None or any(literal in lowered for literal in literals)]

# Words that mark a value as a stand-in, not a secret.
_PLACEHOLDER_MARKERS = re.compile(
    r"example|sample|dummy|fake|placeholder|redacted|xxxx|your[_\- ]?|replace[_\- ]?me|change[_\- ]?this"
    r"|insert[_\- ]|enter[_\- ]|^todo$|^fixme$|^tbd$|^n/?a$|^none$|^null$|^nil$|^undefined$|^unset$"
    r"|^not[_\- ]?set$|^secret[_\- ]?here$|^\.\.\.$|^-+$|^\?+$",
    re.I,
)
_TOKEN_MARKERS = re.compile(r"example|sample|dummy|fake|placeholder|redacted|xxxx|your|test|0000000", re.I)
_TEMPLATE = re.compile(
    r"\{\{.*\}\}|\{[A-Za-z_][\w.\[\]]*(?:![rsa])?(?::[^}]*)?\}|\{\d*\}|\$\{[^}]*\}|^\$[A-Za-z_]\w*$"
    r"|%\([A-Za-z_]\w*\)[sdr]|%[sdr]\b|^<[^<>]+>$|^\[[^\[\]]+\]$|^__[A-Z_]+__$"
)
_MASK = re.compile(r"^[*•xX#.\-_?]+$|\*{3,}|•{3,}")
_SEQUENTIAL = tuple(s[i:i + 6] for s in ("0123456789", "abcdefghijklmnopqrstuvwxyz", "9876543210",
                                          "qwertyuiop", "asdfghjkl") for i in range(len(s) - 5))


def _has_sequence(text: str) -> bool:
    lowered = text.lower()
    return any(seq in lowered for seq in _SEQUENTIAL)


def _token_is_placeholder(secret: str, pattern: TokenPattern) -> bool:
    if secret in EXAMPLE_VALUES:
        return True
    if _TEMPLATE.search(secret) or _MASK.search(secret) or _TOKEN_MARKERS.search(secret):
        return True
    if pattern.min_distinct > 1 and (len(set(secret)) < pattern.min_distinct or _has_sequence(secret)):
        return True
    return False


_URL_SLOT_WORDS = frozenset({"password", "passwd", "pass", "pwd", "pw", "secret", "pword", "passw0rd"})
_DOC_HOSTS = re.compile(r"(?:^|[.@])example\.(?:com|org|net)(?::\d+)?$|\.example(?::\d+)?$|\.invalid(?::\d+)?$", re.I)


def _url_credentials_ok(match: re.Match) -> bool:
    """False for documentation templates: `user:password@`, `{user}:{pw}@`, `...@example.com`."""
    user, secret, host = match.group("user"), match.group("secret"), match.group("host")
    if secret.lower() in _URL_SLOT_WORDS or _PLACEHOLDER_MARKERS.search(secret) or _TEMPLATE.search(secret):
        return False
    if _TEMPLATE.search(user) or _DOC_HOSTS.search(host) or _TEMPLATE.search(host):
        return False
    if secret.startswith(("$", "{", "%", "<", "*")):
        return False
    return True


@dataclass(frozen=True)
class TokenMatch:
    pattern: TokenPattern
    secret: str


@lru_cache(maxsize=4096)
def token_matches(text: str, names: tuple[str, ...] = ()) -> tuple[TokenMatch, ...]:
    """Self-identifying credentials in `text` (plus name-gated ones when bound to one of `names`)."""
    if text in EXAMPLE_VALUES:
        return ()
    found = []
    candidates = _free_candidates(text)
    if names:
        candidates += [p for p in _CONTEXT_PATTERNS if any(p.context.search(n) for n in names)]
    for pattern in candidates:
        if pattern.requires is not None and not pattern.requires.search(text):
            continue
        for match in pattern.regex.finditer(text):
            secret = match.group("secret") if "secret" in pattern.regex.groupindex else match.group(0)
            if _token_is_placeholder(secret, pattern):
                continue
            if pattern.id == "url-credentials" and not _url_credentials_ok(match):
                continue
            found.append(TokenMatch(pattern, secret))
            break
    return tuple(found)


# ---------------------------------------------------------------------------------------- names
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


def words_of(name: str) -> list[str]:
    """`DB_PASSWORD` -> [db, password]; `apiKey2` -> [api, key]; trailing numbers dropped."""
    return list(_words_of(name))


@lru_cache(maxsize=4096)
def _words_of(name: str) -> tuple[str, ...]:
    words = [w.lower() for w in _WORD.findall(name)]
    while words and words[-1].isdigit():
        words.pop()
    return tuple(words)


_PASSWORD_HEADS = frozenset({"password", "passwd", "pwd", "pw", "passphrase", "passcode", "pword", "passw"})
_NOT_A_PASS = frozenset({"first", "second", "third", "last", "next", "by", "multi", "single", "one", "two",
                         "render", "compile", "boarding", "bus", "day", "season", "mountain", "build"})
_KEY_QUALIFIERS = frozenset({
    "api", "access", "auth", "app", "application", "client", "consumer", "account", "storage", "service",
    "subscription", "license", "master", "private", "signing", "encryption", "encrypt", "hmac", "aes",
    "fernet", "cipher", "crypto", "jwt", "shared", "webhook", "sendgrid", "stripe", "twilio", "mailgun",
    "openai", "anthropic", "slack", "github", "gitlab", "aws", "azure", "gcp", "google", "heroku", "deploy",
    "admin", "root", "session", "cookie", "integration", "partner", "merchant", "bot", "rest", "developer",
})
_TOKEN_HEADS = frozenset({"token", "credential", "credentials", "apikey", "accesskey", "privatekey",
                          "authkey", "authtoken", "accesstoken", "bearer", "auth", "authorization"})
_CRYPTO_WORDS = frozenset({"signing", "sign", "encryption", "encrypt", "hmac", "aes", "fernet", "cipher",
                           "crypto", "jwt", "cookie", "session", "private", "privatekey", "secretkey", "nacl"})


# `<qualifier>_key` names whose value is a symmetric key: any hard-coded value is a finding.
_SIGNING_QUALIFIERS = frozenset({"secret", "signing", "sign", "encryption", "encrypt", "hmac", "aes", "fernet",
                                 "cipher", "jwt", "crypto"})


@dataclass(frozen=True)
class NameKind:
    kind: str  # "password", "secret" (any value is bad) or "key" (random-looking values only)
    crypto: bool  # a cryptographic key (CWE-321) rather than a credential to a service


# A first word that makes the name an action or a policy about a credential, not the credential:
# `update_password = "always"`, `CHANGE_PASSWORD`, `require_token`, `validate_secret`.
_ACTION_WORDS = frozenset({
    "update", "change", "reset", "check", "verify", "validate", "require", "requires", "required", "generate",
    "prompt", "ask", "force", "enable", "disable", "allow", "expire", "show", "hide", "remember", "rotate",
    "use", "send", "store", "save", "encrypt", "decrypt", "hash", "sync", "refresh", "revoke", "need", "needs",
})


@lru_cache(maxsize=4096)
def classify_name(name: str) -> NameKind | None:
    words = words_of(name)
    if not words:
        return None
    if len(words) > 1 and words[0] in _ACTION_WORDS:
        return None
    head = words[-1]
    before = words[-2] if len(words) > 1 else ""
    crypto = any(w in _CRYPTO_WORDS for w in words)
    if head in _PASSWORD_HEADS or (before == "pass" and head in ("phrase", "word", "code")):
        return NameKind("password", False)
    if head == "pass" and before not in _NOT_A_PASS:
        return NameKind("password", False)
    if head in ("secret", "secretkey") or (head == "key" and before in _SIGNING_QUALIFIERS):
        return NameKind("secret", crypto or head == "secretkey" or head == "key")
    if head in _TOKEN_HEADS or (head == "key" and before in _KEY_QUALIFIERS):
        return NameKind("key", crypto)
    if head in ("token", "secret") or (len(words) > 2 and words[-2:] == ["key", "secret"]):
        return NameKind("key", crypto)
    return None


def _name_of(expr: ast.AST) -> str | None:
    """The name a value is stored under / read from: `password`, `self.password`, `cfg["password"]`,
    `form.get("password")`."""
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        return expr.attr
    if isinstance(expr, ast.Subscript):
        key = expr.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            return key.value
        return None
    if (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr in ("get", "getlist")
            and expr.args and isinstance(expr.args[0], ast.Constant) and isinstance(expr.args[0].value, str)):
        return expr.args[0].value
    return None


# Credential APIs that take the password positionally: method name / qualified name -> index
# (-1: the last positional argument).
_API_METHODS = {"login": 1, "set_password": -1, "create_user": 2, "create_superuser": 2,
                "simple_bind_s": 1, "simple_bind": 1, "bind_s": 1}
_API_CALLS = {"requests.auth.HTTPBasicAuth": 1, "requests.auth.HTTPDigestAuth": 1, "requests.auth.HTTPProxyAuth": 1,
              "requests.HTTPBasicAuth": 1, "httpx.BasicAuth": 1, "httpx.DigestAuth": 1, "aiohttp.BasicAuth": 1}
# Calls whose argument is a signing / encryption key: qualified name -> (index, keyword names).
_KEY_CALLS = {
    "jwt.encode": (1, ("key",)), "jwt.decode": (1, ("key",)), "hmac.new": (0, ("key",)),
    "hmac.HMAC": (0, ("key",)), "hmac.digest": (0, ("key",)), "cryptography.fernet.Fernet": (0, ("key",)),
    "itsdangerous.URLSafeTimedSerializer": (0, ("secret_key",)), "itsdangerous.URLSafeSerializer": (0, ("secret_key",)),
    "itsdangerous.Serializer": (0, ("secret_key",)), "itsdangerous.TimedSerializer": (0, ("secret_key",)),
    "itsdangerous.Signer": (0, ("secret_key",)), "itsdangerous.TimestampSigner": (0, ("secret_key",)),
    "Crypto.Cipher.AES.new": (0, ("key",)), "Cryptodome.Cipher.AES.new": (0, ("key",)),
}
_AUTH_TUPLE_KEYWORDS = frozenset({"auth", "http_auth", "basic_auth", "credentials", "proxy_auth"})
_FALLBACK_CALLS = frozenset({"os.getenv", "os.environ.get", "os.environ.setdefault", "os.environ.pop"})
_FALLBACK_METHODS = frozenset({"get", "getenv", "setdefault", "pop"})
# Last parts of the qualified names above: `x.attr(...)` resolves to a name ending in `.attr`.
_KEY_CALL_ATTRS = frozenset(n.rsplit(".", 1)[-1] for n in _KEY_CALLS)
_CALL_ATTRS = frozenset(n.rsplit(".", 1)[-1] for n in (*_FALLBACK_CALLS, *_KEY_CALLS, *_API_CALLS,
                                                         "keyring.set_password"))


def _call_qualname(ctx, func: ast.AST, attrs: frozenset[str]) -> str | None:
    """`ctx.qualified_name(func)`, or None without resolving when it cannot be one of the names
    whose last parts are `attrs`."""
    if isinstance(func, ast.Attribute) and func.attr not in attrs:
        return None
    return ctx.qualified_name(func)


@dataclass(frozen=True)
class Binding:
    name: str
    how: str  # assign | dict | keyword | default | compare | api | fallback


def _is_docstring(parents: list[ast.AST], node: ast.Constant) -> bool:
    if len(parents) < 2 or not isinstance(parents[-1], ast.Expr):
        return False
    owner = parents[-2]
    body = getattr(owner, "body", None)
    return (isinstance(owner, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and bool(body) and body[0] is parents[-1])


def _target_names(target: ast.AST, value: ast.AST, node: ast.AST) -> list[str]:
    if value is node:
        name = _name_of(target)
        return [name] if name else []
    if isinstance(target, (ast.Tuple, ast.List)) and isinstance(value, (ast.Tuple, ast.List)) \
            and len(target.elts) == len(value.elts):
        for t, v in zip(target.elts, value.elts):
            if v is node:
                name = _name_of(t)
                return [name] if name else []
    return []


def bindings_of(ctx, node: ast.Constant) -> list[Binding]:
    """Every name the constant is bound to or compared with, and how."""
    parents = ctx.parents
    parent = parents[-1] if parents else None
    out: list[Binding] = []
    if isinstance(parent, ast.Assign):
        for target in parent.targets:
            out += [Binding(n, "assign") for n in _target_names(target, parent.value, node)]
    elif isinstance(parent, ast.AnnAssign) and parent.value is node:
        name = _name_of(parent.target)
        if name:
            out.append(Binding(name, "assign"))
    elif isinstance(parent, ast.NamedExpr) and parent.value is node:
        out.append(Binding(parent.target.id, "assign"))
    elif isinstance(parent, ast.Dict):
        for key, value in zip(parent.keys, parent.values):
            if value is node and isinstance(key, ast.Constant) and isinstance(key.value, str):
                out.append(Binding(key.value, "dict"))
    elif isinstance(parent, ast.keyword) and parent.arg:
        out.append(Binding(parent.arg, "keyword"))
        if len(parents) >= 2 and isinstance(parents[-2], ast.Call):
            spec = _KEY_CALLS.get(_call_qualname(ctx, parents[-2].func, _KEY_CALL_ATTRS))
            if spec and parent.arg in spec[1]:
                out.append(Binding("signing_key", "api"))
    elif isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        args = parent.args
        positional = [*args.posonlyargs, *args.args]
        for arg, default in zip(positional[len(positional) - len(args.defaults):], args.defaults):
            if default is node:
                out.append(Binding(arg.arg, "default"))
        for arg, default in zip(args.kwonlyargs, args.kw_defaults):
            if default is node:
                out.append(Binding(arg.arg, "default"))
    elif isinstance(parent, ast.Compare):
        if not (parent.left is node and isinstance(parent.ops[0], (ast.In, ast.NotIn))):
            # `"$" in password` looks for a character in the password; it is not the password
            out += [Binding(n, "compare") for n in _compared_names(parent, node)]
    elif isinstance(parent, (ast.Tuple, ast.List, ast.Set)) and len(parents) >= 2:
        grand = parents[-2]
        if isinstance(grand, ast.Compare) and any(isinstance(op, (ast.In, ast.NotIn)) for op in grand.ops):
            out += [Binding(n, "compare") for n in _compared_names(grand, parent)]
        elif (isinstance(parent, ast.Tuple) and len(parent.elts) == 2 and parent.elts[1] is node
              and isinstance(parent.elts[0], ast.Constant) and isinstance(parent.elts[0].value, str)):
            # auth=("user", "pw") / AUTH = ("user", "pw"): the second element is a password
            holder = None
            if isinstance(grand, ast.keyword):
                holder = grand.arg
            elif isinstance(grand, ast.Assign) and len(grand.targets) == 1 and grand.value is parent:
                holder = _name_of(grand.targets[0])
            if holder and (holder.lower() in _AUTH_TUPLE_KEYWORDS or words_of(holder)[-1:] in (["auth"], ["credentials"])):
                out.append(Binding("password", "api"))
    elif isinstance(parent, ast.Call):
        out += _call_bindings(ctx, parent, node, parents)
    # `user, password = "admin", "hunter2"`
    if (isinstance(parent, ast.Tuple) and len(parents) >= 2 and isinstance(parents[-2], ast.Assign)
            and parents[-2].value is parent):
        for target in parents[-2].targets:
            out += [Binding(n, "assign") for n in _target_names(target, parent, node)]
    return out


def _compared_names(compare: ast.Compare, node: ast.AST) -> list[str]:
    operands = [compare.left, *compare.comparators]
    names = []
    for i, operand in enumerate(operands):
        if operand is node:
            for j in (i - 1, i + 1):
                if 0 <= j < len(operands) and operands[j] is not node:
                    name = _name_of(operands[j])
                    if name:
                        names.append(name)
    return names


def _call_bindings(ctx, call: ast.Call, node: ast.AST, parents) -> list[Binding]:
    if node not in call.args:
        return []
    index = next(i for i, a in enumerate(call.args) if a is node)
    func = call.func
    qualname = _call_qualname(ctx, func, _CALL_ATTRS)
    method = func.attr if isinstance(func, ast.Attribute) else None
    # getenv("DB_PASSWORD", "fallback") / cfg.get("password", "fallback")
    if index == 1 and len(call.args) == 2 and (qualname in _FALLBACK_CALLS or method in _FALLBACK_METHODS):
        key = call.args[0]
        names = []
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            names.append(key.value)
        if len(parents) >= 2 and isinstance(parents[-2], ast.Assign) and parents[-2].value is call:
            names += [n for t in parents[-2].targets for n in [_name_of(t)] if n]
        return [Binding(n, "fallback") for n in names]
    spec = _KEY_CALLS.get(qualname) if qualname else None
    if spec is not None:
        return [Binding("signing_key", "api")] if index == spec[0] else []
    wanted = _API_CALLS.get(qualname) if qualname in _API_CALLS else _API_METHODS.get(method) if method else None
    if wanted is None:
        return []
    if wanted == -1:
        if qualname == "keyring.set_password" or (method == "set_password" and len(call.args) == 3):
            wanted = 2
        else:
            wanted = len(call.args) - 1
    if index == wanted and not any(isinstance(a, ast.Starred) for a in call.args):
        if all(isinstance(a, ast.Constant) for a in call.args[:index]) or method in ("set_password",):
            return [Binding("password", "api")]
    return []


# ---------------------------------------------------------------------------------------- values
def _text(node: ast.Constant) -> str | None:
    value = node.value
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return None


_UI_WORDS = frozenset({
    "enter", "your", "please", "must", "invalid", "incorrect", "wrong", "confirm", "new", "old", "current",
    "reset", "forgot", "forgotten", "change", "the", "is", "are", "be", "not", "too", "short", "long",
    "required", "match", "characters", "chars", "field", "label", "again", "repeat", "retype", "type", "for",
    "and", "or", "of", "to", "a", "an", "with", "at", "least", "should", "has", "have", "been", "was",
})
_NOUNS = frozenset({"password", "passwd", "pwd", "pw", "pass", "passphrase", "passcode", "secret", "token",
                    "key", "apikey", "credential", "credentials", "auth"})
_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
_DOTTED_NUMBER = re.compile(r"^\d+(?:\.\d+)+$")
_EMAIL = re.compile(r"^[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:[_\-.][A-Za-z0-9]+)*$")
_PATH = re.compile(r"^(?:/|~/|\./|\.\./|[A-Za-z]:[\\/]|\\\\)|\.(?:pem|key|json|txt|crt|cer|p12|pfx|cfg|ini|ya?ml|env|toml)$", re.I)


def _is_placeholder(value: str) -> bool:
    stripped = value.strip()
    if not stripped:
        return True
    return bool(_PLACEHOLDER_MARKERS.search(stripped) or _TEMPLATE.search(stripped) or _MASK.search(stripped))


# Stored password hashes: modular crypt (`$2b$12$...`, `$argon2id$...`, `$6$...`), Django/passlib
# (`pbkdf2_sha256$600000$salt$hash`) and bare hex digests. A hash is what a server compares with,
# never what a client sends: it is not a hard-coded password (a weak one is a separate finding).
_PASSWORD_HASH = re.compile(
    r"^\$[A-Za-z0-9-]{1,20}\$[\w./+=,$-]{16,}$"
    r"|^(?:pbkdf2_sha256|pbkdf2_sha1|argon2|bcrypt_sha256|bcrypt|scrypt|sha1|md5|unsalted_md5|unsalted_sha1|crypt)"
    r"\$[\w./+=,$-]{16,}$")
_HEX_DIGEST = re.compile(r"^(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{40}|[0-9a-fA-F]{56}|[0-9a-fA-F]{64}|[0-9a-fA-F]{96}|"
                         r"[0-9a-fA-F]{128})$")


def _not_a_credential_value(value: str, binding: Binding, signing: bool = False) -> str | None:
    """Why `value` is not a credential (UI text, field name, path...), or None when it may be one.

    `signing`: the name holds a signing secret (`secret_key`), which any text is: a short lower-case
    phrase such as Flask's documented `app.secret_key = "super secret key"` is the key, not a label."""
    stripped = value.strip()
    if _is_placeholder(stripped):
        return "placeholder"
    if _PASSWORD_HASH.match(stripped):
        return "password hash"
    if _HEX_DIGEST.match(stripped) and binding.how in ("assign", "dict", "default", "fallback"):
        return "hex digest"  # stored for comparison; passed as `password=` it is the password itself
    if "://" in stripped or _PATH.search(stripped):
        return "url or path"
    words = re.findall(r"[A-Za-z]+", stripped.lower())
    if any(ch.isspace() for ch in stripped):
        if (stripped[-1] in ".:!?" or any(w in _UI_WORDS or (w in _NOUNS and not signing) for w in words)
                or re.match(r"^[A-Z][a-z]+ ", stripped)):
            return "text"
    if stripped.rstrip(":* ").lower() in _NOUNS and (stripped[:1].isupper() or stripped.endswith(":")):
        return "label"
    if _ENV_NAME.match(stripped):
        return "environment variable name"
    if _DOTTED_NUMBER.match(stripped):
        return "version or status code"
    if binding.how in ("default", "keyword") and _EMAIL.match(stripped):
        return "anonymous-login address"  # `ftp.login("anonymous", "guest@example.org")` convention
    if binding.how in ("keyword", "api", "compare"):
        return None  # the value is used as the credential right here
    if _IDENTIFIER.match(stripped) and any(w in _NOUNS for w in words_of(stripped)) and len(words_of(stripped)) > 1:
        return "field name"
    if _normalise(stripped) == _normalise(binding.name) and binding.how != "default":
        return "field name"  # a parameter default `secret="secret"` is a default credential, not a field name
    return None


def _normalise(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def shannon_entropy(text: str) -> float:
    if not text:
        return 0.0
    counts = Counter(text)
    n = len(text)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


_HEX = re.compile(r"^[0-9a-fA-F]+$")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_AUTH_SCHEME = re.compile(r"^(?:Bearer|Basic|Token|Bot|token|bearer|Key|ApiKey|SSWS)\s+")
_VOWELS = frozenset("aeiouAEIOU")


_WORDISH_PART = re.compile(r"^(?:[A-Za-z]+[0-9]{0,4}|[0-9]{1,4})$")


_CAMEL_WORD = re.compile(r"[A-Z][a-z]{2,}|[a-z]{3,}|[A-Z]{1,4}[0-9]{0,2}(?![a-z])|[0-9]{1,4}")


def _camel_words(part: str) -> bool:
    """`DisableS3ExpressSessionAuth`: CamelCase words (3+ letters, vowelled) and short acronyms."""
    pieces = _CAMEL_WORD.findall(part)
    if "".join(pieces) != part or sum(len(p) for p in pieces if p[:1].islower() or p[1:2].islower()) < len(part) / 2:
        return False
    letters = [c for c in part if c.isalpha()]
    return bool(letters) and sum(c in _VOWELS for c in letters) / len(letters) >= 0.3


def _words_joined(value: str) -> bool:
    """`my-api-key-2024-prod`, `csrf_token.v2`, `AWS::S3::UseArnRegion`: words and short numbers between
    separators."""
    parts = [p for p in re.split(r"[-_.:/+@#~ ]+", value) if p]
    if len(parts) < 2:
        return False
    for part in parts:
        if not _WORDISH_PART.match(part):
            if _camel_words(part):
                continue
            return False
        letters = [c for c in part if c.isalpha()]
        if len(letters) > 3 and sum(c in _VOWELS for c in letters) / len(letters) < 0.2:
            return False
    return True


def looks_random(value: str) -> bool:
    """A machine-generated secret: long, no spaces, high entropy for its character set, not words."""
    value = _AUTH_SCHEME.sub("", value.strip())
    if len(value) < 16 or len(value) > 1024 or any(ch.isspace() for ch in value):
        return False
    if _is_placeholder(value) or "://" in value or _PATH.search(value) or _has_sequence(value):
        return False
    entropy = shannon_entropy(value)
    if _UUID.match(value):
        return True
    if _HEX.match(value):
        has_digit = any(c.isdigit() for c in value)
        has_alpha = any(c.isalpha() for c in value)
        return has_digit and has_alpha and entropy >= 3.0
    letters = [c for c in value if c.isalpha()]
    digits = sum(c.isdigit() for c in value)
    symbols = len(value) - len(letters) - digits
    if not digits and not symbols:
        # letters only: random ones are rare and have few vowels; words have many
        if sum(c in _VOWELS for c in letters) / len(letters) >= 0.25:
            return False
    elif _words_joined(value):
        return False
    classes = sum(bool(x) for x in (any(c.islower() for c in value), any(c.isupper() for c in value), digits, symbols))
    if classes < 2:
        return False
    threshold = min(4.0, 0.8 * math.log2(len(value)))
    return entropy >= threshold


# ---------------------------------------------------------------------------------------- rules
def _in_test(ctx) -> bool:
    return bool(ctx.is_test_file)


def _candidates(ctx, node: ast.Constant):
    """The text of a string (or bytes) constant that is code, not a docstring; else None."""
    text = _text(node)
    if text is None or not text.strip() or _is_docstring(ctx.parents, node):
        return None
    return text


# The three rules look at the same constant one after the other, in one dispatch of the traversal
# (`ctx.dispatch`, a number that changes with every node whose rules run): what they all need
# (`_candidates`, `bindings_of`) is computed once per constant and kept here.
# One tuple, replaced whole (threads reviewing at once never see half of another's entry):
# (node, dispatch, text, [bindings or None until asked]).
_MEMO: list[tuple] = [(None, -1, None, [None])]


def _shared_text(ctx, node: ast.Constant) -> str | None:
    memo = _MEMO[0]
    if memo[0] is not node or memo[1] != ctx.dispatch:
        memo = (node, ctx.dispatch, _candidates(ctx, node), [None])
        _MEMO[0] = memo
    return memo[2]


def _shared_bindings(ctx, node: ast.Constant) -> list[Binding]:
    """`bindings_of(ctx, node)`, computed once for the constant `_shared_text` was last asked about."""
    memo = _MEMO[0]
    if memo[0] is not node or memo[1] != ctx.dispatch:
        return bindings_of(ctx, node)
    slot = memo[3]
    if slot[0] is None:
        slot[0] = tuple(bindings_of(ctx, node))
    return list(slot[0])


def _format_tokens(ctx, node, text: str, bindings: list[Binding]) -> tuple[TokenMatch, ...]:
    return token_matches(text, tuple(b.name for b in bindings))


@rule(
    "SR601",
    title="Hard-coded password",
    cwe=259,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    nodes=(ast.Constant,),
    fix="Read the password at run time from the environment, a secrets manager or a prompt "
        "(`os.environ[\"DB_PASSWORD\"]`, `getpass.getpass()`), and rotate the one that was committed.",
)
def hardcoded_password(ctx, node: ast.Constant):
    """## What it does
    Flags a non-empty string literal bound to a password-like name: assigned to `password`,
    `db_pass`, `self.smtp_password`, stored under a `"password"` dict key, passed as `password=`,
    used as the default of a `password` parameter, compared with a password, passed as the password
    of a credential API (`smtp.login(user, "pw")`, `HTTPBasicAuth(user, "pw")`, `auth=(user, "pw")`)
    or used as the fallback of `os.getenv("DB_PASSWORD", "...")`.

    The last word of the name decides: `password_field_name`, `PASSWORD_RESET_URL` and
    `PASSWORD_MIN_LENGTH` are not passwords. Empty strings, placeholders (`<password>`,
    `${DB_PASSWORD}`, `****`, `your-password-here`), UI text (`"Enter your password"`), field
    names (`"new_password"`) and paths are not reported; well-known defaults such as `changeme`
    and `admin` are, because a sample value that ships is the one that gets deployed.

    ## Why is this bad?
    A password in source code is readable by everyone with access to the repository, its history,
    packages and backups, and it cannot be rotated without a release. Attackers search public code
    for exactly these strings (CWE-259).

    ## Example
    ```python
    import psycopg2

    def connect():
        return psycopg2.connect(host="db", user="app", password="s3cr3t-Pa55")
    ```

    ## Use instead
    ```python
    import os
    import psycopg2

    def connect():
        return psycopg2.connect(host="db", user="app", password=os.environ["DB_PASSWORD"])
    ```
    """
    if not isinstance(node.value, (str, bytes)):  # what `_candidates` would say: not a text
        return None
    text = _shared_text(ctx, node)
    if text is None:
        return None
    bindings = _shared_bindings(ctx, node)
    for binding in bindings:
        kind = classify_name(binding.name)
        if kind is None or kind.kind != "password":
            continue
        if binding.name.lower() == "pwd" or binding.name == "PWD":
            if "/" in text or "\\" in text:
                continue
        if _not_a_credential_value(text, binding):
            continue
        if _format_tokens(ctx, node, text, bindings):
            return None  # SR602 reports it under its format
        used = binding.how in ("keyword", "api", "compare")
        severity = Severity.LOW if _in_test(ctx) else (Severity.HIGH if used else Severity.MEDIUM)
        confidence = Confidence.HIGH if used else Confidence.MEDIUM
        where = {
            "assign": f"assigned to `{binding.name}`",
            "dict": f"stored under the key `{binding.name}`",
            "keyword": f"passed as `{binding.name}=`",
            "default": f"the default of parameter `{binding.name}`",
            "compare": f"compared with `{binding.name}`",
            "api": "passed as the password of a credential API",
            "fallback": f"the fallback value of `{binding.name}`",
        }[binding.how]
        return Report(node, f"Hard-coded password {where}: anyone who can read the code can use it.",
                      severity=severity, confidence=confidence)
    return None


@rule(
    "SR602",
    title="Hard-coded credential in a known token format",
    cwe=798,
    also_cwes=(321, 259),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    nodes=(ast.Constant,),
    fix="Revoke the credential now (it is in the repository history), then load it at run time from the "
        "environment or a secrets manager.",
)
def known_format_token(ctx, node: ast.Constant):
    """## What it does
    Flags any string constant containing a credential whose format identifies it: AWS access key
    ids (and secret keys bound to an AWS name), GitHub, GitLab, Slack, Stripe live, Google API,
    Google OAuth client secrets, Twilio, SendGrid, npm, PyPI, OpenAI, Anthropic, Heroku and Mailgun
    keys, Azure storage account keys, JSON Web Tokens, PEM private keys (CWE-321), and passwords in
    URLs (`postgres://app:pw@db/app`) or connection strings (CWE-259). The formats live in
    `data/secret_patterns.toml`.

    Vendor-documented example values (`AKIAIOSFODNN7EXAMPLE`), values with a placeholder marker
    (EXAMPLE, XXXX, dummy, fake, sample, test), runs like `123456` or `abcdef`, and PEM headers
    without a key body are not reported. A live-format token is high severity, so it is reported
    in test code too.

    ## Why is this bad?
    These strings are bearer credentials: whoever reads the source (or the package, or the git
    history) can call the service as you. Scanners harvest public repositories for these formats
    within minutes of a push.

    ## Example
    ```python
    import boto3

    s3 = boto3.client("s3", aws_access_key_id="AKIA" "Q7ZK3M5N2P4R6T2W")
    ```

    ## Use instead
    ```python
    import boto3

    s3 = boto3.client("s3")  # credentials from the environment or the instance role
    ```
    """
    if not isinstance(node.value, (str, bytes)):  # what `_candidates` would say: not a text
        return None
    text = _shared_text(ctx, node)
    if text is None or len(text) < 10:
        return None
    bindings = _shared_bindings(ctx, node) if _CONTEXT_PATTERNS else []
    matches = token_matches(text, tuple(b.name for b in bindings))
    if not matches:
        return None
    reports = []
    seen_cwes = set()
    for match in matches:
        pattern = match.pattern
        if pattern.cwe in seen_cwes:
            continue
        seen_cwes.add(pattern.cwe)
        names = sorted({m.pattern.name for m in matches if m.pattern.cwe == pattern.cwe})
        shown = match.secret[:4] + "..." if len(match.secret) > 8 else "..."
        reports.append(Report(
            node, f"Hard-coded {' and '.join(names)} (`{shown}`): revoke it and load it from the environment "
                  "or a secrets manager.",
            cwe=pattern.cwe, severity=pattern.severity, confidence=pattern.confidence))
    return reports


@rule(
    "SR603",
    title="Hard-coded secret or API key",
    cwe=798,
    also_cwes=(321,),
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    nodes=(ast.Constant,),
    fix="Load the key at run time (`os.environ[\"API_KEY\"]`, a secrets manager, Django's "
        "`env(\"SECRET_KEY\")`) and rotate the committed value.",
)
def hardcoded_secret(ctx, node: ast.Constant):
    """## What it does
    Flags a string literal bound to a key- or token-like name (`api_key`, `access_token`,
    `client_secret`, `private_key`, `auth_token`, an `"X-API-Key"` header) when the value looks
    machine-generated: at least 16 characters, no spaces, Shannon entropy above a threshold for its
    character set (hex or wider), not words joined by separators, not a URL, path, placeholder or
    environment variable name. Signing secrets (`SECRET_KEY`, `jwt_secret`, `client_secret`) are
    reported whatever their value (`SECRET_KEY = "dev"` is the classic), except placeholders.
    Cryptographic keys (`SECRET_KEY`, signing, encryption, HMAC and private keys) are reported as
    CWE-321, API credentials as CWE-798.

    ## Why is this bad?
    An API key or signing key in source code is shared with everyone who can read the repository;
    with a signing key (Django/Flask `SECRET_KEY`, a JWT secret) anyone can forge sessions, password
    reset links and tokens.

    ## Example
    ```python
    SECRET_KEY = "q8#x2!vz0k$7m@p4r^t9w&y3b(n6c)e1"
    ```

    ## Use instead
    ```python
    import os

    SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
    ```
    """
    if not isinstance(node.value, (str, bytes)):  # what `_candidates` would say: not a text
        return None
    text = _shared_text(ctx, node)
    if text is None:
        return None
    bindings = _shared_bindings(ctx, node)
    for binding in bindings:
        kind = classify_name(binding.name)
        if kind is None or kind.kind == "password":
            continue
        random = looks_random(text)
        if not random:
            if kind.kind != "secret" or _not_a_credential_value(text, binding, signing=True) or len(text.strip()) < 3:
                continue
            if _IDENTIFIER.match(text.strip()) and "_" in text and text.strip().lower() != text.strip():
                continue
        if _format_tokens(ctx, node, text, bindings):
            return None
        cwe = 321 if kind.crypto else 798
        what = "cryptographic key" if kind.crypto else "secret" if kind.kind == "secret" else "API key or token"
        severity = Severity.LOW if _in_test(ctx) else Severity.MEDIUM
        confidence = Confidence.MEDIUM if random else Confidence.HIGH if kind.kind == "secret" else Confidence.LOW
        detail = "a random-looking value" if random else "a guessable value"
        return Report(node, f"Hard-coded {what} in `{binding.name}` ({detail}): anyone who can read the code "
                            "holds the key.", cwe=cwe, severity=severity, confidence=confidence)
    return None
