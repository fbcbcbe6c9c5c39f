"""Specs for the crypto, randomness, network, files and misc rule families (SR2xx/4xx/5xx/8xx)."""
from __future__ import annotations

import pytest

from secreview import catalog
from secreview.rules import all_rules
from tests.helpers import findings_for

FAMILY = ("SR2", "SR4", "SR5", "SR8")


def cwes(source: str, path: str = "app/module.py") -> list[tuple[int, int]]:
    return [(line, cwe) for line, cwe, rule_id in findings_for(source, path) if rule_id.startswith(FAMILY)]


def test_every_rule_cites_a_reportable_weakness():
    for rule in all_rules().values():
        if rule.id.startswith(FAMILY):
            assert catalog.is_reportable(rule.cwe), rule.id


# --------------------------------------------------------------------------- hashes

@pytest.mark.parametrize("source, expected", [
    ("import hashlib\nhashlib.md5(b'x')\n", [(2, 328)]),
    ("import hashlib\nhashlib.new('SHA1', b'x')\n", [(2, 328)]),
    ("import hashlib\nhashlib.md5(b'x', usedforsecurity=False)\n", []),
    ("import hashlib\nFLAG = False\nhashlib.sha1(b'x', usedforsecurity=FLAG)\n", []),
    ("import hashlib\nhashlib.new('sha256', b'x')\n", []),
    ("from hashlib import md5 as m\nm(b'x')\n", [(2, 328)]),
    ("from cryptography.hazmat.primitives import hashes\nhashes.MD5()\n", [(2, 328)]),
    ("import hashlib\ndef f(password):\n    return hashlib.md5(password.encode()).hexdigest()\n", [(3, 916)]),
    ("import hashlib\ndef f(pw):\n    pw_hash = hashlib.sha256(pw).hexdigest()\n    return pw_hash\n", [(3, 916)]),
])
def test_hashes(source, expected):
    assert cwes(source) == expected


def test_cache_key_digest_is_low_severity_and_low_confidence():
    from tests.helpers import review_snippet
    review = review_snippet("import hashlib\ndef f(b):\n    cache_key = hashlib.md5(b).hexdigest()\n    return cache_key\n")
    [finding] = [f for f in review.findings if f.rule_id == "SR201"]
    assert (str(finding.severity), str(finding.confidence)) == ("low", "low")


# --------------------------------------------------------------------------- ciphers and keys

@pytest.mark.parametrize("source, expected", [
    ("from Crypto.Cipher import DES\nDES.new(k, DES.MODE_CBC, iv)\n", [(2, 327)]),
    ("from Cryptodome.Cipher import AES\nAES.new(k, AES.MODE_ECB)\n", [(2, 327)]),
    ("from Crypto.Cipher import AES\nAES.new(k, 1)\n", [(2, 327)]),
    ("from Crypto.Cipher import AES\nAES.new(k, AES.MODE_GCM)\n", []),
    ("from cryptography.hazmat.primitives.ciphers import modes\nmodes.CBC(b'0123456789abcdef')\n", [(2, 329)]),
    ("from cryptography.hazmat.primitives.ciphers import modes\nmodes.CTR(bytes(16))\n", [(2, 323)]),
    ("import os\nfrom cryptography.hazmat.primitives.ciphers import modes\nmodes.CBC(os.urandom(16))\n", []),
    ("from cryptography.hazmat.primitives.asymmetric import rsa\nrsa.generate_private_key(65537, 1024)\n", [(2, 326)]),
    ("from cryptography.hazmat.primitives.asymmetric import rsa\nrsa.generate_private_key(65537, 2048)\n", []),
    ("from cryptography.hazmat.primitives.asymmetric import ec\nec.generate_private_key(ec.SECT163K1())\n", [(2, 326)]),
    ("from Crypto.PublicKey import ECC\nECC.generate(curve='P-192')\n", [(2, 326)]),
    ("from Crypto.PublicKey import ECC\nECC.generate(curve='P-256')\n", []),
])
def test_ciphers_and_keys(source, expected):
    assert cwes(source) == expected


# --------------------------------------------------------------------------- randomness

@pytest.mark.parametrize("source, expected", [
    ("import random\nreset_token = random.getrandbits(64)\n", [(2, 338)]),
    ("import random\nd = {'nonce': random.random()}\n", [(2, 338)]),
    ("import random\ndef f():\n    return random.choice('abc')\n", []),
    ("import random\ndef new_password():\n    return random.choice('abc')\n", [(3, 338)]),
    ("import random\ndef new_password():\n    length = random.randint(8, 12)\n    return length\n", []),
    ("import random\ncache_key = random.random()\n", []),
    ("import random\nrng = random.SystemRandom()\ntoken = rng.choice('abc')\n", []),
    ("import random\nrandom.seed(42)\n", []),
    ("import random\ndef make_salt():\n    random.seed(7)\n    return random.getrandbits(32)\n", [(3, 336), (4, 338)]),
])
def test_randomness_only_where_a_secret_is_made(source, expected):
    assert cwes(source) == expected


# --------------------------------------------------------------------------- network

@pytest.mark.parametrize("source, expected", [
    ("import requests\nrequests.get(u, verify=False, timeout=3)\n", [(2, 295)]),
    ("import requests\nV = False\nrequests.post(u, verify=V, timeout=3)\n", [(3, 295)]),
    ("import requests\nrequests.get(u, timeout=3)\n", []),
    ("import requests\nrequests.get(u)\n", [(2, 1088)]),
    ("import requests\ndef f(**kw):\n    return requests.get(u, **kw)\n", []),
    ("import requests\ns = requests.Session()\ns.get(u)\n", [(3, 1088)]),
    ("import httpx\nhttpx.get(u)\n", []),
    ("import ssl\nc = ssl.create_default_context()\nc.check_hostname = False\n", [(3, 297)]),
    ("import ssl\nc = ssl.SSLContext(ssl.PROTOCOL_TLSv1_1)\n", [(2, 327)]),
    ("from ssl import PROTOCOL_SSLv2\nx = PROTOCOL_SSLv2\n", [(2, 327)]),
    ("import ssl\nc = ssl.create_default_context()\nc.maximum_version = ssl.TLSVersion.TLSv1\n", [(3, 327)]),
    ("import socket\ns = socket.socket()\nADDR = ('0.0.0.0', 80)\ns.bind(ADDR)\n", [(4, 1327)]),
    ("import socket\ns = socket.socket()\ns.bind(('::', 80))\n", [(3, 1327)]),
    ("HOST = '0.0.0.0'\n", []),
    ("import telnetlib\n", []),
    ("from urllib.request import urlopen\nurlopen('https://x/' + path)\n", []),
    ("from urllib.request import urlopen\nurlopen(path)\n", [(2, 918)]),
])
def test_network(source, expected):
    assert cwes(source) == expected


# --------------------------------------------------------------------------- files

@pytest.mark.parametrize("source, expected", [
    ("import tempfile\ntempfile.mktemp()\n", [(2, 377)]),
    ("open('/tmp/x.txt')\n", [(1, 379)]),
    ("open('/tmp')\n", []),
    ("import tempfile\ntempfile.mkstemp(dir='/tmp')\n", []),
    ("log_path = '/var/tmp/app.log'\n", [(1, 379)]),
    ("message = 'see /tmp/app.log'\n", []),
    ("import os\nos.chmod(p, 0o7 | 0o770)\n", [(2, 732)]),
    ("import os, stat\nos.chmod(p, stat.S_IRWXU | stat.S_IRWXO)\n", [(2, 732)]),
    ("import os, stat\nos.chmod(p, stat.S_IRWXU | stat.S_IRGRP)\n", []),
    ("import os\nos.chmod(secret_file, 0o604)\n", [(2, 732)]),
    ("import os\nos.chmod(p, mode)\n", []),
    ("import tarfile\ntarfile.open(p).extractall(d)\n", [(2, 22)]),
    ("import tarfile\ntarfile.open(p).extractall(d, filter='tar')\n", []),
    ("import tarfile\nF = 'fully_trusted'\ntarfile.open(p).extractall(d, filter=F)\n", [(3, 22)]),
    ("import zipfile\nzipfile.ZipFile(p).extractall(d)\n", []),
    ("def f(archive):\n    archive.extractall('out')\n", []),
])
def test_files(source, expected):
    assert cwes(source) == expected


# --------------------------------------------------------------------------- misc

@pytest.mark.parametrize("source, expected", [
    ("def f(user):\n    assert user.is_superuser\n", [(2, 733)]),
    ("def f(x):\n    assert x > 0\n", []),
    ("try:\n    f()\nexcept Exception:\n    pass\n", []),
    ("try:\n    verify_signature(m)\nexcept Exception:\n    pass\n", [(3, 390)]),
    ("import os\ntry:\n    os.setuid(1000)\nexcept:\n    pass\n", [(4, 390)]),
    ("try:\n    verify_signature(m)\nexcept OSError:\n    pass\n", []),
    ("def f(token):\n    assert len(token) == 32\n", []),
    ("def f(owner):\n    assert owner is not None\n", []),
    ("try:\n    sock.close()\nexcept Exception:\n    pass\n", []),
    ("import logging.config\nlogging.config.listen(9999)\n", [(2, 94)]),
])
def test_misc(source, expected):
    assert cwes(source) == expected


def test_asserts_and_low_severity_findings_are_not_reported_in_test_code():
    source = (
        "import requests\n"
        "def test_admin(user):\n"
        "    assert user.is_admin\n"
        "    try:\n"
        "        requests.get(u)\n"
        "    except Exception:\n"
        "        pass\n"
        "    requests.get(u, verify=False, timeout=1)\n"
    )
    assert cwes(source, "tests/test_admin.py") == [(8, 295)]


@pytest.mark.parametrize("source, expected", [
    ("import ssl\nTABLE = {ssl.PROTOCOL_TLSv1: 'tls1'}\n", []),
    ("import ssl\nTABLE = {}\nTABLE[ssl.PROTOCOL_SSLv3] = 'ssl3'\n", []),
    ("import os\nold = os.umask(0)\nos.umask(old)\n", []),
    ("def f(strategy, allowed_strategies):\n    assert strategy in allowed_strategies\n", []),
])
def test_look_alikes_seen_in_real_code(source, expected):
    assert cwes(source) == expected


# ------------------------------------------------------------------ default precision (issue 9)
def test_missing_timeout_is_low_and_hidden_at_default_thresholds():
    from secreview.config import Config
    source = """
    import requests
    def rates():
        return requests.get("https://api.example.com/rates").json()
    """
    assert findings_for(source) == [(4, 1088, "SR406")]
    assert findings_for(source, config=Config()) == []


def test_verify_false_on_a_constant_plain_http_url_is_not_a_certificate_defect():
    assert [hit for hit in findings_for("""
    import requests
    STATUS = "http://printer.lan/status"
    def poll(job, url):
        requests.get(STATUS, verify=False, timeout=5)
        requests.get("http://printer.lan/jobs/" + job, verify=False, timeout=5)
        requests.request("GET", "http://printer.lan/", verify=False, timeout=5)
        requests.get("https://printer.lan/", verify=False, timeout=5)
        requests.get(url, verify=False, timeout=5)
        requests.get(f"http{'s' if job else ''}://printer.lan/", verify=False, timeout=5)
    """) if hit[2] == "SR401"] == [(8, 295, "SR401"), (9, 295, "SR401"), (10, 295, "SR401")]


def test_stored_password_hashes_are_not_hard_coded_passwords():
    assert [hit for hit in findings_for("""
    ADMIN_PASSWORD = "$2b$12$KIXQJpZk0yQ9e5fW3S1F8uN1O8b0mB6N6q2E0nW7dE6l0o3a7yQ1e"
    USER = {"password": "pbkdf2_sha256$600000$salt$Qh0dmq2Fmv7x7GdxS1uk2w2l2s0yQ9e5="}
    ROOT_PASSWORD = "5f4dcc3b5aa765d61d8327deb882cf99"
    def connect(db):
        return db.connect(user="app", password="5f4dcc3b5aa765d61d8327deb882cf99")
    GUEST_PASSWORD = "guest-2024"
    """) if hit[2] == "SR601"] == [(6, 259, "SR601"), (7, 259, "SR601")]
