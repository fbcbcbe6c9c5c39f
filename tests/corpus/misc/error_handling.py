"""Background synchronisation: errors, retries, privilege drops and cleanup."""
import logging
import os

log = logging.getLogger(__name__)


def sync_all(accounts, client):
    for account in accounts:
        try:
            client.verify_account(account)
        except Exception:  # expect: CWE-390
            continue
        client.push(account)


def drop_privileges(uid, gid):
    try:
        os.setgid(gid)
        os.setuid(uid)
    except:  # expect: CWE-390
        pass


def accept_webhook(payload, signature, check):
    try:
        check.validate_signature(payload, signature)
    except (ValueError, BaseException):  # expect: CWE-390
        ...
    return payload


def push_all(accounts, client):
    for account in accounts:
        try:
            client.push(account)
        except Exception:  # safe: CWE-390
            continue


def load_settings(path, parse):
    settings = {}
    try:
        settings = parse(path)
    except:  # safe: CWE-390
        pass
    return settings


def optional_speedups():
    try:
        from ujson import dumps  # noqa: F401
    except Exception:  # safe: CWE-390
        pass


def optional_dependency():
    try:
        import ujson as json
    except ImportError:  # safe: CWE-390
        import json
    return json


def lookup(cache, key):
    try:
        return cache[key]
    except KeyError:  # safe: CWE-390
        pass
    return None


def checked(client):
    try:
        client.verify_token()
    except Exception:  # safe: CWE-390
        log.exception("token refresh failed")
        raise


def best_effort_cleanup(path):
    try:
        os.remove(path)
    except Exception:  # safe: CWE-390
        pass


def close_quietly(conn):
    try:
        conn.close()
    except Exception:  # safe: CWE-390
        pass
