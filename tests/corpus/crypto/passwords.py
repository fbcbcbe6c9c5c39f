"""User store: how passwords are kept."""
import hashlib
import os


class User:
    def __init__(self, name):
        self.name = name
        self.password_hash = None
        self.salt = None


def set_password_md5(user: User, password: str) -> None:
    user.password_hash = hashlib.md5(password.encode()).hexdigest()  # expect: CWE-916


def set_password_sha256(user: User, password: str) -> None:
    user.salt = os.urandom(16)
    user.password_hash = hashlib.sha256(user.salt + password.encode()).hexdigest()  # expect: CWE-916


def hash_pw(raw):
    hashed_password = hashlib.sha512(raw).hexdigest()  # expect: CWE-916
    return hashed_password


def set_password_scrypt(user: User, password: str) -> None:
    user.salt = os.urandom(16)
    user.password_hash = hashlib.scrypt(password.encode(), salt=user.salt, n=2**14, r=8, p=1)  # safe: CWE-916


def set_password_pbkdf2(user: User, password: str) -> None:
    user.salt = os.urandom(16)
    user.password_hash = hashlib.pbkdf2_hmac("sha256", password.encode(), user.salt, 600_000)  # safe: CWE-916


def file_digest(path: str) -> str:
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()  # safe: CWE-916
