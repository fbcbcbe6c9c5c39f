"""Background synchronisation: errors, retries and cleanup."""
import logging
import os

log = logging.getLogger(__name__)


def sync_all(accounts, client):
    for account in accounts:
        try:
            client.push(account)
        except Exception:  # expect: CWE-390
            continue


def load_settings(path, parse):
    settings = {}
    try:
        settings = parse(path)
    except:  # expect: CWE-390
        pass
    return settings


def refresh(client):
    try:
        client.refresh()
    except (ValueError, BaseException):  # expect: CWE-390
        ...


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


def logged(client):
    try:
        client.refresh()
    except Exception:  # safe: CWE-390
        log.exception("refresh failed")


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
