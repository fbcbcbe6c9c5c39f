"""Content addressing and signing helpers for the asset pipeline."""
import hashlib
from hashlib import sha1 as _sha1

from cryptography.hazmat.primitives import hashes
from Crypto.Hash import MD5, SHA256


def legacy_signature(payload: bytes, secret: bytes) -> str:
    return hashlib.md5(secret + payload).hexdigest()  # expect: CWE-328


def document_id(payload: bytes) -> str:
    digest = _sha1(payload)  # expect: CWE-328
    return digest.hexdigest()


def named_algorithm(payload: bytes) -> str:
    h = hashlib.new("md5")  # expect: CWE-328
    h.update(payload)
    return h.hexdigest()


def configurable(payload: bytes, algorithm: str = "sha256") -> str:
    return hashlib.new(algorithm, payload).hexdigest()  # safe: CWE-328


def fingerprint_for_log(payload: bytes) -> str:
    return hashlib.md5(payload, usedforsecurity=False).hexdigest()  # safe: CWE-328


def strong(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()  # safe: CWE-328


def cryptography_digest(payload: bytes) -> bytes:
    ctx = hashes.Hash(hashes.SHA1())  # expect: CWE-328
    ctx.update(payload)
    return ctx.finalize()


def cryptography_sha256(payload: bytes) -> bytes:
    ctx = hashes.Hash(hashes.SHA256())  # safe: CWE-328
    ctx.update(payload)
    return ctx.finalize()


def pycryptodome(payload: bytes) -> str:
    return MD5.new(payload).hexdigest()  # expect: CWE-328


def pycryptodome_sha256(payload: bytes) -> str:
    return SHA256.new(payload).hexdigest()  # safe: CWE-328
