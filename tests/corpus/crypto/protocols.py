"""Wire-protocol helpers for a chat gateway: handshakes, legacy logins, database functions."""
import base64
import hashlib
import os
import random
import string
import time

HANDSHAKE_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def accept_header(client_key: bytes) -> str:
    return base64.b64encode(hashlib.sha1(client_key + HANDSHAKE_GUID).digest()).decode()  # safe: CWE-328


def client_nonce(counter: int, server_nonce: bytes) -> str:
    material = str(counter).encode() + server_nonce + os.urandom(8)
    return hashlib.sha1(material).hexdigest()[:16]  # safe: CWE-328


def digest_width() -> int:
    return hashlib.sha1().digest_size  # safe: CWE-328


def legacy_md5(*args, **kwargs):
    return hashlib.md5(*args, **kwargs)  # safe: CWE-328


def sql_md5_function(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()  # safe: CWE-328


def key_fingerprint(blob: bytes) -> str:
    fingerprint = hashlib.md5(blob).hexdigest()  # expect: CWE-328
    return fingerprint


def signed_cookie(value: bytes, server_key: bytes) -> str:
    return hashlib.md5(value + server_key).hexdigest()  # expect: CWE-328


def apop_response(greeting: bytes, password: bytes) -> str:
    challenge = greeting.strip()
    return hashlib.md5(challenge + password).hexdigest()  # expect: CWE-328


def store_credentials(user, password: str) -> None:
    user.password_hash = hashlib.sha256(password.encode()).hexdigest()  # expect: CWE-916


def login_challenge() -> bytes:
    noise = bytes(random.randint(65, 90) for _ in range(random.randrange(15, 25)))  # expect: CWE-338
    return noise


def make_session_token() -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(random.choice(alphabet) for _ in range(random.randrange(20, 30)))  # expect: CWE-338


def stamp() -> str:
    return time.strftime("%Y%m%d")


def check_md5_password(stored: bytes, password: bytes) -> bool:
    return hashlib.md5(password).digest() == stored  # expect: CWE-916


def upgrade_response(request_key: str, ws_magic: bytes) -> bytes:
    return hashlib.sha1(request_key.encode() + ws_magic).digest()  # safe: CWE-328
