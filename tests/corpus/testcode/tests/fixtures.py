"""Fixtures for the payments tests."""
import hashlib

import pytest


@pytest.fixture
def payload():
    data = b"refund:42"
    assert hashlib.sha1(data).digest()  # safe: CWE-328, CWE-733
    return data
