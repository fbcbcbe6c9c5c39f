"""Test suite of the payments client: asserts, fixtures and shortcuts are normal here."""
import hashlib
import os
import random

import requests


def test_refund_requires_admin(client, admin):
    response = client.post("/refunds", user=admin)
    assert admin.is_admin  # safe: CWE-733
    assert response.status_code == 200  # safe: CWE-733


def test_signature(payload):
    digest = hashlib.md5(payload).hexdigest()  # safe: CWE-328
    assert len(digest) == 32


def test_random_token_shape():
    token = "".join(random.choice("abc") for _ in range(8))  # safe: CWE-338
    assert len(token) == 8


def test_swallow():
    try:
        requests.get("https://sandbox.example.com/ping")  # safe: CWE-1088
    except Exception:  # safe: CWE-390
        pass


def test_against_sandbox_without_verification():
    # High severity: reported even in test code (the default threshold for tests is high).
    response = requests.get("https://sandbox.example.com", verify=False, timeout=5)  # expect: CWE-295
    assert response.ok


def test_shared_scratch(tmp_path):
    os.chmod(tmp_path, 0o777)  # expect: CWE-732
