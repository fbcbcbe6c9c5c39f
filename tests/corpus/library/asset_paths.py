"""Helpers a web framework's users call with names from the request."""
import os
from urllib.request import urlopen

STATIC_ROOT = "/srv/static"


def static_file(name):
    with open(os.path.join(STATIC_ROOT, name), "rb") as fh:  # expect: CWE-22
        return fh.read()


def static_file_safe(name):
    path = os.path.realpath(os.path.join(STATIC_ROOT, name))
    if not path.startswith(STATIC_ROOT + os.sep):
        raise ValueError(name)
    with open(path, "rb") as fh:  # safe: CWE-22
        return fh.read()


def read_file(path):
    with open(path, "rb") as fh:  # safe: CWE-22
        return fh.read()


def fetch_status(host):
    return urlopen("https://" + host + "/status", timeout=5).read()  # expect: CWE-918


def fetch_item(item_id):
    return urlopen("https://api.example.com/items/" + item_id, timeout=5).read()  # safe: CWE-918


def _private_read(name):
    return open(os.path.join(STATIC_ROOT, name)).read()  # safe: CWE-22


def static_file_exists(name):
    # an existence check on a caller's name is the caller's business: only request data makes it an oracle
    return os.path.isfile(os.path.join(STATIC_ROOT, name))  # safe: CWE-22
