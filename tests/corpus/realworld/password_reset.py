"""Password reset links carry a random token stored hashed next to the user."""
import hashlib
import hmac
import secrets


def new_reset_token(user):
    token = secrets.token_urlsafe(32)
    user.reset_token_hash = hashlib.sha256(token.encode()).hexdigest()
    return token


def reset_token_valid(user, token):
    return user.reset_token == token  # expect: CWE-208


def reset_token_valid_fixed(user, token):
    digest = hashlib.sha256(token.encode()).hexdigest()
    return hmac.compare_digest(user.reset_token_hash, digest)  # safe: CWE-208
