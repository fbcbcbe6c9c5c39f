"""Bearer-token authentication for the API client and the webhook receiver."""
import jwt


def claims_from_token(token, public_key):
    return jwt.decode(token, public_key, options={"verify_signature": False})  # expect: CWE-347


def claims_from_token_verified(token, public_key):
    return jwt.decode(token, public_key, algorithms=["RS256"], audience="api")  # safe: CWE-347


def legacy_claims(token, secret):
    return jwt.decode(token, secret, verify=False)  # expect: CWE-347


def accept_any_algorithm(token, secret):
    return jwt.decode(token, secret, algorithms=["HS256", "none"])  # expect: CWE-347


def peek_header_kid(token):
    return jwt.get_unverified_header(token).get("kid")  # safe: CWE-347


NO_VERIFY = {"verify_signature": False, "verify_exp": False}


def session_user(token, secret):
    payload = jwt.decode(token, secret, algorithms=["HS256"], options=NO_VERIFY)  # expect: CWE-347
    return payload["sub"]


def session_user_checked(token, secret):
    payload = jwt.decode(token, secret, algorithms=["HS256"], options={"require": ["exp", "sub"]})  # safe: CWE-347
    return payload["sub"]
