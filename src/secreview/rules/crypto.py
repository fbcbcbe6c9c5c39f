"""Cryptography: weak hashes, fast hashes of passwords, broken ciphers, ECB, short keys, fixed IVs/nonces."""
from __future__ import annotations

import ast

from secreview.findings import Confidence, Severity
from secreview.model import values as V
from secreview.rules.api import Report, rule
from secreview.rules.randomness import (constructor_of, enclosing_function, identifier_words, is_security_name,
                                        value_destination)

# --------------------------------------------------------------------------- tables

_PYCRYPTO = ("Crypto", "Cryptodome")
_HAZMAT = "cryptography.hazmat.primitives"

WEAK_HASH_NAMES = frozenset({"md5", "md4", "md2", "sha1", "sha", "md5-sha1", "md5_sha1"})
WEAK_HASH_CALLS = {
    "hashlib.md5": "MD5", "hashlib.sha1": "SHA-1", "hashlib.md4": "MD4",
    f"{_HAZMAT}.hashes.MD5": "MD5", f"{_HAZMAT}.hashes.SHA1": "SHA-1",
    **{f"{pkg}.Hash.{mod}.new": label for pkg in _PYCRYPTO
       for mod, label in (("MD5", "MD5"), ("MD4", "MD4"), ("MD2", "MD2"), ("SHA", "SHA-1"), ("SHA1", "SHA-1"))},
}
FAST_HASH_CALLS = frozenset({
    *WEAK_HASH_CALLS, "hashlib.new", *(f"hashlib.{n}" for n in (
        "sha224", "sha256", "sha384", "sha512", "sha3_224", "sha3_256", "sha3_384", "sha3_512", "blake2b", "blake2s")),
    *(f"{pkg}.Hash.{mod}.new" for pkg in _PYCRYPTO for mod in ("SHA224", "SHA256", "SHA384", "SHA512")),
})

# cipher -> (label, severity): practically broken ciphers are HIGH, merely retired ones MEDIUM.
_BROKEN = {"DES": "DES", "ARC4": "RC4", "ARC2": "RC2", "XOR": "XOR", "RC2": "RC2"}
_RETIRED = {"DES3": "3DES", "TripleDES": "3DES", "Blowfish": "Blowfish", "CAST": "CAST", "CAST5": "CAST5",
            "IDEA": "IDEA", "SEED": "SEED"}
WEAK_CIPHER_CALLS: dict[str, tuple[str, Severity]] = {}
for _name, _label in (*_BROKEN.items(), *_RETIRED.items()):
    _sev = Severity.HIGH if _name in _BROKEN else Severity.MEDIUM
    for _pkg in _PYCRYPTO:
        WEAK_CIPHER_CALLS[f"{_pkg}.Cipher.{_name}.new"] = (_label, _sev)
    for _base in (f"{_HAZMAT}.ciphers.algorithms", "cryptography.hazmat.decrepit.ciphers.algorithms"):
        WEAK_CIPHER_CALLS[f"{_base}.{_name}"] = (_label, _sev)
WEAK_CIPHER_CALLS.update({"pyDes.des": ("DES", Severity.HIGH), "pyDes.triple_des": ("3DES", Severity.MEDIUM)})

_PYCRYPTO_CIPHERS = ("AES", "DES", "DES3", "ARC2", "Blowfish", "CAST")
PYCRYPTO_NEW = frozenset(f"{pkg}.Cipher.{c}.new" for pkg in _PYCRYPTO for c in _PYCRYPTO_CIPHERS)
# pycryptodome / PyCrypto mode numbers, as the MODE_* constants hold them.
_MODE_NUMBERS = {1: "ECB", 2: "CBC", 3: "CFB", 5: "OFB", 6: "CTR", 7: "OPENPGP", 8: "CCM", 9: "EAX", 10: "SIV",
                 11: "GCM", 12: "OCB"}
# Mode -> CWE for a fixed IV / nonce: a predictable CBC IV (329), a reused counter-mode nonce (323),
# a fixed IV for the feedback modes (1204).
_IV_CWE = {"CBC": 329, "CFB": 1204, "OFB": 1204, "OPENPGP": 1204, "CTR": 323, "GCM": 323, "CCM": 323, "EAX": 323,
           "OCB": 323, "SIV": 323, "GCMSIV": 323, "XTS": 1204, "CFB8": 1204}
_HAZMAT_MODES = f"{_HAZMAT}.ciphers.modes"
AEAD_CLASSES = frozenset(f"{_HAZMAT}.ciphers.aead.{c}" for c in
                         ("AESGCM", "AESCCM", "AESOCB3", "ChaCha20Poly1305", "AESGCMSIV"))

RSA_DSA_MIN_BITS = 2048
EC_MIN_BITS = 224
# Curves below EC_MIN_BITS, by the names the libraries use.
WEAK_CURVES = frozenset({"SECP192R1", "SECT163K1", "SECT163R2", "P-192", "p192", "secp192r1", "prime192v1",
                         "NIST P-192", "P192"})
# call -> (algorithm, position of the size argument, its keyword, default size when omitted)
KEY_SIZE_CALLS = {
    f"{_HAZMAT}.asymmetric.rsa.generate_private_key": ("RSA", 1, "key_size", None),
    f"{_HAZMAT}.asymmetric.dsa.generate_private_key": ("DSA", 0, "key_size", None),
    f"{_HAZMAT}.asymmetric.dsa.generate_parameters": ("DSA", 0, "key_size", None),
    **{f"{pkg}.PublicKey.RSA.generate": ("RSA", 0, "bits", None) for pkg in _PYCRYPTO},
    **{f"{pkg}.PublicKey.DSA.generate": ("DSA", 0, "bits", None) for pkg in _PYCRYPTO},
    "paramiko.RSAKey.generate": ("RSA", 0, "bits", None),
    "paramiko.rsakey.RSAKey.generate": ("RSA", 0, "bits", None),
    "paramiko.DSSKey.generate": ("DSA", 0, "bits", 1024),
    "paramiko.dsskey.DSSKey.generate": ("DSA", 0, "bits", 1024),
    "rsa.newkeys": ("RSA", 0, "nbits", None),
}
EC_CALLS = {
    f"{_HAZMAT}.asymmetric.ec.generate_private_key": (0, "curve"),
    **{f"{pkg}.PublicKey.ECC.generate": (None, "curve") for pkg in _PYCRYPTO},
}

# Names whose digest is a cache key, an ETag or a checksum: not a security use of the hash.
_NON_SECURITY_DIGEST = frozenset({"cache", "caching", "etag", "checksum", "crc", "dedup", "deduplication",
                                  "shard", "partition", "bucket", "fingerprint", "lockfile", "uid", "uidl"})
# A digest mixed from these is a challenge-response or a protocol value, not a stored password hash.
_CHALLENGE_WORDS = frozenset({"challenge", "nonce", "cnonce", "magic", "sid", "seed", "timestamp"})
# Attributes of a hash object that describe the algorithm without hashing anything.
_HASH_METADATA = frozenset({"digest_size", "block_size", "name"})
# RFC 6455's fixed GUID: `Sec-WebSocket-Accept` is SHA-1 of the client key and this value.
_WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
_RANDOM_SOURCES = frozenset({"os.urandom", "secrets.token_bytes", "secrets.token_hex", "secrets.token_urlsafe",
                             "secrets.randbits", "random.SystemRandom", "uuid.uuid4"})
_PASSWORD_WORDS = frozenset({"password", "passwords", "passwd", "pwd", "passphrase", "pw"})


def _hash_label(ctx, call: ast.Call) -> str | None:
    if ctx.call_qualname == "hashlib.new":
        name = ctx.string(ctx.argument(call, 0, "name"))
        return name.upper() if name and name.lower() in WEAK_HASH_NAMES else None
    return WEAK_HASH_CALLS.get(ctx.call_qualname or "")


def _is_password_input(ctx, call: ast.Call) -> str | None:
    """The password-like name a hash call digests, or the password-like name it is stored under."""
    data = ctx.argument(call, 1, "data") if ctx.call_qualname == "hashlib.new" else ctx.argument(call, 0, "data")
    if data is None and ctx.call_qualname != "hashlib.new":
        data = ctx.argument(call, 0, "string")
    leaves = list(ctx.model.origins(data)) if data is not None else []
    for leaf in [data, *leaves]:
        if leaf is None:
            continue
        for sub in ast.walk(leaf):
            name = sub.id if isinstance(sub, ast.Name) else sub.attr if isinstance(sub, ast.Attribute) else \
                sub.arg if isinstance(sub, ast.arg) else None
            if name and _PASSWORD_WORDS & set(identifier_words(name)):
                return name
    kind, target = value_destination(ctx, call)
    if kind in ("assign", "return", "key", "keyword"):
        if kind == "return":
            func = enclosing_function(ctx)
            target = func.name if func else None
        words = set(identifier_words(target or ""))
        if _PASSWORD_WORDS & words and ("hash" in words or "hashed" in words or "digest" in words):
            return target
    return None


def _hashed_data(ctx, call: ast.Call) -> ast.AST | None:
    if ctx.call_qualname == "hashlib.new":
        return ctx.argument(call, 1, "data")
    return ctx.argument(call, 0, "data") or ctx.argument(call, 0, "string")


def _data_parts(ctx, call: ast.Call) -> list[ast.AST]:
    """Every sub-expression of the hashed data, following local assignments one level."""
    data = _hashed_data(ctx, call)
    if data is None:
        return []
    parts = list(ast.walk(data))
    for leaf in ctx.model.origins(data):
        parts.extend(ast.walk(leaf))
    for sub in list(parts):
        if isinstance(sub, ast.Name):
            for b in ctx.lookup(sub.id):
                if b.value is not None and b.kind == "assign":
                    parts.extend(ast.walk(b.value))
    return parts


def _not_a_security_use(ctx, call: ast.Call, label: str) -> bool:
    """The weak hash is fixed by a protocol, mixes fresh randomness, or is asked for by name by the caller."""
    parent = ctx.parent()
    if isinstance(parent, ast.Attribute) and parent.attr in _HASH_METADATA and not call.args:
        return True  # `sha1().digest_size`: nothing is hashed
    if any(k.arg is None for k in call.keywords) or any(isinstance(a, ast.Starred) for a in call.args):
        return True  # a wrapper forwarding `*args, **kwargs`: the caller decides (and may pass usedforsecurity)
    func = enclosing_function(ctx)
    algorithm = label.lower().replace("-", "")
    if func is not None and algorithm in func.name.lower().replace("_", "") and not is_security_name(func.name):
        return True  # `def sqlite_md5(text)`: an implementation of the algorithm the caller asked for
    for sub in _data_parts(ctx, call):
        if isinstance(sub, ast.Call) and ctx.qualified_name(sub.func) in _RANDOM_SOURCES:
            return True  # hashing fresh random bytes (a client nonce): collisions do not matter
        name = sub.id if isinstance(sub, ast.Name) else sub.attr if isinstance(sub, ast.Attribute) else ""
        if label == "SHA-1" and {"ws", "websocket"} & set(identifier_words(name)):
            return True  # the RFC 6455 GUID imported from elsewhere (`WS_KEY`)
        if isinstance(sub, (ast.Name, ast.Attribute, ast.Constant)) and ctx.value(sub) in (
                _WEBSOCKET_GUID, _WEBSOCKET_GUID.encode()):
            return True  # RFC 6455 handshake: SHA-1 is mandated and not a security boundary
    return False


def _challenge_response(ctx, call: ast.Call) -> bool:
    """`md5(challenge + password)`: a challenge-response or protocol digest, not a stored password hash."""
    for sub in _data_parts(ctx, call):
        name = sub.id if isinstance(sub, ast.Name) else sub.attr if isinstance(sub, ast.Attribute) else None
        if name and _CHALLENGE_WORDS & set(identifier_words(name)):
            return True
    return False


def _non_security_digest(ctx, call: ast.Call) -> str | None:
    kind, target = value_destination(ctx, call)
    if kind == "return":
        func = enclosing_function(ctx)
        target = func.name if func else None
    if target and _NON_SECURITY_DIGEST & set(identifier_words(target)):
        return target
    return None


# --------------------------------------------------------------------------- hashes

@rule(
    "SR201",
    title="Weak hash algorithm (MD5, SHA-1, MD4, MD2)",
    cwe=328,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    calls=(*WEAK_HASH_CALLS, "hashlib.new"),
    fix="Use SHA-256 or stronger (`hashlib.sha256`, `hashlib.blake2b`); for non-security uses pass "
    "`usedforsecurity=False`.",
)
def weak_hash(ctx, call: ast.Call):
    """## What it does
    Flags MD5, SHA-1, MD4 and MD2 from `hashlib` (including `hashlib.new("md5")`), `cryptography`'s
    `hashes.MD5`/`hashes.SHA1` and PyCryptodome's `Crypto.Hash`.

    Calls with `usedforsecurity=False` are not reported, nor uses that are not a security decision
    of this code: `sha1().digest_size`, wrappers forwarding `**kwargs` or named after the algorithm
    (`def sqlite_md5(text)`: the caller asked for MD5), digests of fresh random bytes (a client
    nonce), and the RFC 6455 WebSocket handshake. When the digest is stored or returned
    under a name that says cache key, ETag or checksum, the finding is kept at low severity and
    confidence: a collision there is rarely a security problem. A hash of a password is reported
    by SR202 (CWE-916) instead.

    ## Why is this bad?
    Collisions for MD5 and SHA-1 can be computed in practice, so signatures, integrity checks and
    identifiers built on them can be forged.

    ## Example
    ```python
    import hashlib

    def sign(document: bytes) -> str:
        return hashlib.md5(document).hexdigest()
    ```

    ## Use instead
    ```python
    import hashlib

    def sign(document: bytes) -> str:
        return hashlib.sha256(document).hexdigest()
    ```
    """
    label = _hash_label(ctx, call)
    if label is None or ctx.keyword_value(call, "usedforsecurity", True) is False:
        return None
    if _not_a_security_use(ctx, call, label):
        return None
    if ctx.call_qualname.startswith("hashlib") and _is_password_input(ctx, call) and not _challenge_response(
            ctx, call):
        return None  # SR202 reports it as a password hash
    cache_name = _non_security_digest(ctx, call)
    if cache_name:
        return Report(call, f"{label} digest used as `{cache_name}`; if it is not a security boundary, pass "
                            "`usedforsecurity=False` to say so.", severity=Severity.LOW, confidence=Confidence.LOW)
    return Report(call, f"{label} is a weak hash: collisions can be computed, so it cannot protect integrity "
                        "or authenticity.")


@rule(
    "SR202",
    title="Password hashed with a fast hash",
    cwe=916,
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    calls=tuple(n for n in FAST_HASH_CALLS if n.startswith("hashlib")),
    fix="Hash passwords with a slow, salted key-derivation function: `hashlib.scrypt`, `hashlib.pbkdf2_hmac` "
    "with >= 600000 iterations, argon2 or bcrypt.",
)
def fast_password_hash(ctx, call: ast.Call):
    """## What it does
    Flags a `hashlib` digest (MD5, SHA-1, SHA-2, SHA-3, BLAKE2) of a value named like a password,
    or stored under a name like `password_hash`. A digest that mixes the password with a challenge,
    nonce or session id (`md5(challenge + password)`, APOP, CRAM-style protocols) is a
    challenge-response, not a stored hash: SR201 reports it when the algorithm is weak.

    ## Why is this bad?
    General-purpose hashes are built to be fast: a GPU computes billions per second, so a leaked
    table of such password hashes is cracked by brute force, salted or not.

    ## Example
    ```python
    import hashlib

    def store(user, password: str):
        user.password_hash = hashlib.sha256(password.encode()).hexdigest()
    ```

    ## Use instead
    ```python
    import hashlib
    import os

    def store(user, password: str):
        salt = os.urandom(16)
        user.password_hash = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
    ```
    """
    if ctx.call_qualname == "hashlib.new" and not ctx.string(ctx.argument(call, 0, "name")):
        return None
    if ctx.keyword_value(call, "usedforsecurity", True) is False:
        return None
    name = _is_password_input(ctx, call)
    if name is None or _challenge_response(ctx, call):
        return None  # a challenge-response digest is not a stored hash; SR201 reports a weak algorithm there
    algorithm = ctx.string(ctx.argument(call, 0, "name")) if ctx.call_qualname == "hashlib.new" else \
        ctx.call_qualname.rsplit(".", 1)[-1]
    return Report(call, f"`{name}` is hashed with {algorithm}, a fast hash: leaked hashes can be brute-forced.")


# --------------------------------------------------------------------------- ciphers

@rule(
    "SR203",
    title="Broken or retired cipher (DES, 3DES, RC4, RC2, Blowfish, IDEA, CAST, XOR)",
    cwe=327,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    calls=tuple(WEAK_CIPHER_CALLS),
    fix="Use AES-GCM or ChaCha20-Poly1305 (`cryptography.hazmat.primitives.ciphers.aead`).",
)
def weak_cipher(ctx, call: ast.Call):
    """## What it does
    Flags ciphers that are broken (DES, RC4, RC2, XOR) or retired for their small block or key size
    (3DES, Blowfish, IDEA, CAST5, SEED) in PyCryptodome/PyCrypto, `cryptography` and pyDes.

    ## Why is this bad?
    DES keys are brute-forced in hours, RC4 has exploitable keystream biases, and 64-bit block
    ciphers such as 3DES and Blowfish leak plaintext after a few gigabytes (Sweet32).

    ## Example
    ```python
    from Crypto.Cipher import DES

    def encrypt(key: bytes, data: bytes) -> bytes:
        return DES.new(key, DES.MODE_CBC).encrypt(data)
    ```

    ## Use instead
    ```python
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    def encrypt(key: bytes, nonce: bytes, data: bytes) -> bytes:
        return AESGCM(key).encrypt(nonce, data, None)
    ```
    """
    label, severity = WEAK_CIPHER_CALLS[ctx.call_qualname]
    return Report(call, f"{label} is a broken or retired cipher.", severity=severity)


def _pycrypto_mode(ctx, call: ast.Call) -> str | None:
    mode = ctx.argument(call, 1, "mode")
    if mode is None:
        return None
    name = ctx.qualified_name(mode)
    if name and ".MODE_" in name:
        return name.rsplit(".MODE_", 1)[1]
    value = ctx.value(mode)
    return _MODE_NUMBERS.get(value) if isinstance(value, int) and not isinstance(value, bool) else None


@rule(
    "SR204",
    title="Block cipher in ECB mode",
    cwe=327,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    calls=(f"{_HAZMAT_MODES}.ECB", *PYCRYPTO_NEW),
    fix="Use an authenticated mode: AES-GCM (`AESGCM`) or ChaCha20-Poly1305; at least CBC/CTR with a random IV "
    "and a MAC.",
)
def ecb_mode(ctx, call: ast.Call):
    """## What it does
    Flags `modes.ECB()` in `cryptography`, `MODE_ECB` in PyCryptodome, and PyCrypto's `X.new(key)`
    without a mode, which defaults to ECB.

    ## Why is this bad?
    ECB encrypts equal plaintext blocks to equal ciphertext blocks, so the structure of the data
    shows through the encryption, and blocks can be reordered or replayed undetected.

    ## Example
    ```python
    from Crypto.Cipher import AES

    def encrypt(key: bytes, data: bytes) -> bytes:
        return AES.new(key, AES.MODE_ECB).encrypt(data)
    ```

    ## Use instead
    ```python
    from Crypto.Cipher import AES

    def encrypt(key: bytes, data: bytes) -> bytes:
        cipher = AES.new(key, AES.MODE_GCM)
        return cipher.nonce + b"".join(cipher.encrypt_and_digest(data))
    ```
    """
    if ctx.call_qualname == f"{_HAZMAT_MODES}.ECB":
        return Report(call, "ECB mode leaks patterns of the plaintext and allows blocks to be reordered.")
    if _pycrypto_mode(ctx, call) == "ECB":
        return Report(call, "`MODE_ECB` leaks patterns of the plaintext and allows blocks to be reordered.")
    if (ctx.call_qualname.startswith("Crypto.") and not ctx.has_argument(call, 1, "mode")
            and ctx.argument(call, 0, "key") is not None):
        return Report(call, "PyCrypto's `new()` without a mode uses ECB, which leaks patterns of the plaintext.",
                      confidence=Confidence.MEDIUM)
    return None


def _fixed(ctx, expr: ast.AST | None) -> bool:
    return expr is not None and V.is_constant(ctx.value(expr)) and ctx.value(expr) is not None


@rule(
    "SR205",
    title="Constant IV or nonce",
    cwe=329,
    also_cwes=(323,),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    calls=(*(f"{_HAZMAT_MODES}.{m}" for m in ("CBC", "CFB", "CFB8", "OFB", "CTR", "GCM", "XTS")), *PYCRYPTO_NEW,
           *(f"{pkg}.Cipher.{c}.new" for pkg in _PYCRYPTO for c in ("ChaCha20", "ChaCha20_Poly1305", "Salsa20"))),
    methods=("encrypt",),
    fix="Generate a fresh IV / nonce for every message with `os.urandom()` (or `secrets.token_bytes()`) and "
    "send it alongside the ciphertext.",
)
def constant_iv(ctx, call: ast.Call):
    """## What it does
    Flags an IV or nonce fixed in the source: `modes.CBC(b"0" * 16)`, `AES.new(key, AES.MODE_CBC,
    iv=IV)` with `IV` a constant, `AESGCM(key).encrypt(b"nonce...", ...)`. A predictable CBC IV is
    CWE-329; a reused nonce in CTR/GCM/CCM/ChaCha20 is CWE-323; a fixed CFB/OFB IV is CWE-1204.

    ## Why is this bad?
    With a fixed CBC IV equal plaintext prefixes give equal ciphertexts and chosen-plaintext
    attacks work; reusing a counter-mode or GCM nonce with the same key reveals the XOR of the
    plaintexts and, for GCM, lets an attacker forge messages.

    ## Example
    ```python
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    IV = b"\\x00" * 16

    def encryptor(key: bytes):
        return Cipher(algorithms.AES(key), modes.CBC(IV)).encryptor()
    ```

    ## Use instead
    ```python
    import os
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    def encryptor(key: bytes):
        iv = os.urandom(16)
        return iv, Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    ```
    """
    qualname = ctx.call_qualname or ""
    if qualname.startswith(_HAZMAT_MODES):
        mode = qualname.rsplit(".", 1)[1]
        keyword = {"CTR": "nonce", "GCM": "initialization_vector", "XTS": "tweak"}.get(mode,
                                                                                       "initialization_vector")
        value = ctx.argument(call, 0, keyword)
    elif qualname in PYCRYPTO_NEW:
        mode = _pycrypto_mode(ctx, call)
        if mode is None or mode == "ECB":
            return None
        value = ctx.argument(call, None, "nonce") if mode in _IV_CWE and _IV_CWE[mode] == 323 else \
            ctx.argument(call, 2, "iv") or ctx.argument(call, None, "IV")
    elif qualname.endswith(("ChaCha20.new", "ChaCha20_Poly1305.new", "Salsa20.new")):
        mode, value = "CTR", ctx.argument(call, None, "nonce")
    elif isinstance(call.func, ast.Attribute) and constructor_of(ctx, call.func.value) in AEAD_CLASSES:
        mode, value = "GCM", ctx.argument(call, 0, "nonce")
    else:
        return None
    if not _fixed(ctx, value):
        return None
    cwe = _IV_CWE.get(mode, 1204)
    what = "nonce" if cwe == 323 else "IV"
    return Report(value, f"The {mode} {what} `{ast.unparse(value)[:40]}` is fixed in the source: every message "
                         f"is encrypted with the same {what}.", cwe=cwe)


# --------------------------------------------------------------------------- key sizes

def _curve_name(ctx, expr: ast.AST | None) -> str | None:
    if expr is None:
        return None
    text = ctx.string(expr)
    if text is not None:
        return text
    target = expr.func if isinstance(expr, ast.Call) else expr
    name = ctx.qualified_name(target)
    return name.rsplit(".", 1)[-1] if name else None


@rule(
    "SR206",
    title="Asymmetric key too short",
    cwe=326,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    calls=(*KEY_SIZE_CALLS, *EC_CALLS),
    fix=f"Use at least {RSA_DSA_MIN_BITS}-bit RSA/DSA keys (3072 for use beyond 2030) or an elliptic curve of at "
    f"least {EC_MIN_BITS} bits (P-256, X25519, Ed25519).",
)
def weak_key_size(ctx, call: ast.Call):
    """## What it does
    Flags RSA and DSA keys shorter than 2048 bits and elliptic curves under 224 bits, generated
    with `cryptography`, PyCryptodome, paramiko or `rsa` (paramiko's `DSSKey.generate()` makes
    1024-bit keys by default).

    ## Why is this bad?
    1024-bit RSA/DSA is within reach of well-funded attackers and 512-bit keys are factored on
    commodity hardware; small curves give too little security margin.

    ## Example
    ```python
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    ```

    ## Use instead
    ```python
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    ```
    """
    qualname = ctx.call_qualname
    if qualname in EC_CALLS:
        position, keyword = EC_CALLS[qualname]
        curve = _curve_name(ctx, ctx.argument(call, position, keyword))
        if curve in WEAK_CURVES:
            return Report(call, f"Curve {curve} is smaller than {EC_MIN_BITS} bits.")
        return None
    algorithm, position, keyword, default = KEY_SIZE_CALLS[qualname]
    arg = ctx.argument(call, position, keyword)
    if arg is None:
        if default is None or ctx.has_argument(call, position, keyword):
            return None
        bits = default
    else:
        bits = ctx.value(arg)
    if not isinstance(bits, int) or isinstance(bits, bool) or bits >= RSA_DSA_MIN_BITS:
        return None
    severity = Severity.HIGH if bits < 1024 else Severity.MEDIUM
    return Report(call, f"{algorithm} key of {bits} bits; at least {RSA_DSA_MIN_BITS} are needed.", severity=severity)
