"""Credentials, tokens and checksums."""
import hashlib
import hmac
import random
import secrets
import time

PBKDF2_ITERATIONS = 600_000


def hash_password(password, salt=None):
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, PBKDF2_ITERATIONS)  # safe: CWE-328, CWE-916
    return salt, digest


def verify_password(password, salt, expected):
    return hmac.compare_digest(hash_password(password, salt)[1], expected)


def api_token():
    return secrets.token_urlsafe(32)  # safe: CWE-338


def checksum(data):
    return hashlib.sha256(data).hexdigest()  # safe: CWE-328


def etag(body):
    return hashlib.md5(body, usedforsecurity=False).hexdigest()  # safe: CWE-328


def backoff(attempt, base=0.5):
    """Sleep before retry `attempt`, with jitter so clients do not retry in lockstep."""
    delay = base * 2 ** attempt
    time.sleep(delay + random.uniform(0, delay / 2))  # safe: CWE-338
