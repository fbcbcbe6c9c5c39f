"""HTTP caching: ETags and cache keys are hashes, but not security boundaries."""
import hashlib


def etag_for(body: bytes) -> str:
    # Reported at low severity/confidence: an ETag is not a security use, the reviewer decides.
    etag = hashlib.md5(body).hexdigest()  # expect: CWE-328
    return f'"{etag}"'


def cache_key(url: str, vary: str) -> str:
    return hashlib.sha1(f"{url}|{vary}".encode()).hexdigest()  # expect: CWE-328


def checksum_unflagged(body: bytes) -> str:
    return hashlib.md5(body, usedforsecurity=False).hexdigest()  # safe: CWE-328
