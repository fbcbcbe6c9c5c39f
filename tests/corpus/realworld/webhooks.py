"""Incoming webhooks are signed with a shared secret (HMAC-SHA256 of the body)."""
import hashlib
import hmac


def verify_signature(secret: bytes, body: bytes, signature: str) -> bool:
    expected = hmac.new(secret, body, hashlib.sha256).hexdigest()
    return expected == signature  # expect: CWE-208


def verify_signature_fixed(secret: bytes, body: bytes, signature: str) -> bool:
    expected = hmac.new(secret, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)  # safe: CWE-208


def check_header(secret: bytes, body: bytes, header: str) -> None:
    if "sha1=" + hmac.new(secret, body, hashlib.sha1).hexdigest() != header:  # expect: CWE-208
        raise PermissionError("bad signature")


def check_api_key(provided_key: str, api_key: str) -> bool:
    return provided_key == api_key  # expect: CWE-208


def same_checksum(path_a_digest: str, path_b_digest: str) -> bool:
    return path_a_digest == path_b_digest  # safe: CWE-208


def cache_key_matches(entry, body: bytes) -> bool:
    return entry.etag == hashlib.sha256(body).hexdigest()  # safe: CWE-208
