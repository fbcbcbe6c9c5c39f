"""Admin actions for the project service."""
import hmac


class Forbidden(Exception):
    pass


def delete_project(request, project):
    assert request.user.is_authenticated  # expect: CWE-733
    assert request.user.has_perm("projects.delete"), "not allowed"  # expect: CWE-733
    project.delete()


def transfer(user, account, amount):
    assert account.owner == user  # expect: CWE-733
    assert amount > 0  # safe: CWE-733
    account.withdraw(amount)


def check_webhook(body, signature, expected):
    assert hmac.compare_digest(signature, expected)  # expect: CWE-733
    return body


def check_csrf(form, session):
    assert form["csrf_token"] == session["csrf_token"]  # expect: CWE-733


def paginate(items, page_size):
    assert isinstance(page_size, int)  # safe: CWE-733
    assert page_size > 0, "page size must be positive"  # safe: CWE-733
    return [items[i:i + page_size] for i in range(0, len(items), page_size)]


def parse(tokens):
    token = tokens.pop()
    assert token is not None  # safe: CWE-733
    return token


def explicit_check(user, project):
    if not user.is_admin:  # safe: CWE-733
        raise Forbidden("admins only")
    project.delete()


CSRF_TOKEN_LENGTH = 64


def unmask_csrf(csrf_token, unmask):
    csrf_token = unmask(csrf_token)
    assert len(csrf_token) == CSRF_TOKEN_LENGTH  # safe: CWE-733
    return csrf_token


def audit_owner(record):
    owner = record.get("owner")
    assert owner is not None  # safe: CWE-733
    return owner


def load_keypair(signer, public_key):
    assert signer.verify_key == public_key  # safe: CWE-733
    return signer
