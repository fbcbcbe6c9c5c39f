"""Rules for the defects real advisories in Python libraries fix: argument injection, zip slip, JWT
signatures not verified, secrets compared with `==`, weak redirect and host checks, XML-RPC dotted names."""
from __future__ import annotations

from tests.helpers import findings_for


def rule_hits(source: str, rule_id: str) -> list[int]:
    return [line for line, _, rid in findings_for(source) if rid == rule_id]


# ------------------------------------------------------------------ SR115 argument injection
def test_git_positional_argument_without_double_dash():
    src = """
    import subprocess
    def clone(url, dest):
        subprocess.run(["git", "clone", url, dest])
    def clone_fixed(url, dest):
        subprocess.run(["git", "clone", "--", url, dest])
    """
    assert rule_hits(src, "SR115") == [4]


def test_option_values_prefixed_values_and_dash_checks_are_not_reported():
    src = """
    import subprocess
    import sys
    def fetch(workdir, branch, out, url, port):
        subprocess.run(["git", "-C", workdir, "fetch", "origin", f"refs/heads/{branch}"])
        subprocess.run(["curl", "-o", out, "--url", url])
        subprocess.run(["ssh", "-p", str(port), "--", url])
    def checkout(rev):
        if rev.startswith("-"):
            raise ValueError(rev)
        subprocess.run(["git", "checkout", rev])
    def main():
        subprocess.run(["tar", "czf", sys.argv[1], "data"])
        subprocess.run(["ls", sys.argv[1]])
    """
    assert rule_hits(src, "SR115") == []


def test_argument_list_through_a_local_name_and_ssh_host():
    src = """
    import subprocess
    def uptime(host):
        argv = ["ssh", host, "uptime"]
        return subprocess.check_output(argv)
    """
    assert rule_hits(src, "SR115") == [5]


# ------------------------------------------------------------------ SR505 zip slip
def test_zip_member_joined_and_written():
    src = """
    import os, zipfile
    def unpack(path, dest):
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                target = os.path.join(dest, info.filename)
                with open(target, "wb") as out:
                    out.write(zf.read(info))
    """
    assert rule_hits(src, "SR505") == [6]


def test_tar_member_with_containment_check_or_read_only_use_is_not_reported():
    src = """
    import os, tarfile
    def restore(path, dest):
        root = os.path.realpath(dest)
        with tarfile.open(path) as tar:
            for member in tar.getmembers():
                target = os.path.realpath(os.path.join(root, member.name))
                if os.path.commonpath([root, target]) != root:
                    raise ValueError(member.name)
                with open(target, "wb") as out:
                    out.write(tar.extractfile(member).read())
    def listing(path):
        with tarfile.open(path) as tar:
            return [os.path.join("backup", m.name) for m in tar.getmembers()]
    """
    assert rule_hits(src, "SR505") == []


def test_pathlib_division_with_namelist():
    src = """
    import zipfile
    def unpack(blob, dest):
        with zipfile.ZipFile(blob) as zf:
            for name in zf.namelist():
                (dest / name).write_bytes(zf.read(name))
    """
    assert rule_hits(src, "SR505") == [6]


# ------------------------------------------------------------------ SR220 JWT
def test_jwt_signature_verification_disabled():
    src = """
    import jwt
    OPTIONS = {"verify_signature": False}
    def a(t, k):
        return jwt.decode(t, k, options={"verify_signature": False})
    def b(t, k):
        return jwt.decode(t, k, options=OPTIONS, algorithms=["HS256"])
    def c(t, k):
        return jwt.decode(t, k, verify=False)
    def d(t, k):
        return jwt.decode(t, k, algorithms=["none", "HS256"])
    def ok(t, k):
        return jwt.decode(t, k, algorithms=["HS256"], options={"verify_exp": True})
    """
    assert rule_hits(src, "SR220") == [5, 7, 9, 11]


# ------------------------------------------------------------------ SR221 timing
def test_hmac_digest_compared_with_equals():
    src = """
    import hashlib, hmac
    def verify(key, body, sig):
        expected = hmac.new(key, body, hashlib.sha256).hexdigest()
        if sig != expected:
            raise PermissionError
        return hmac.compare_digest(expected, sig)
    """
    assert rule_hits(src, "SR221") == [5]


def test_secret_names_need_a_crypto_module_and_skip_constants_eq_and_assert():
    with_crypto = """
    import hmac
    PLACEHOLDER_API_KEY = object()
    class Creds:
        def __eq__(self, other):
            return self.api_key == other.api_key
    def check(given, api_key):
        assert given == api_key
        if api_key == PLACEHOLDER_API_KEY:
            return False
        return given == api_key
    """
    assert rule_hits(with_crypto, "SR221") == [11]
    without_crypto = """
    def same(func, other):
        return func.signature == other.signature
    """
    assert rule_hits(without_crypto, "SR221") == []


# ------------------------------------------------------------------ SR706 / SR410 URL checks
def test_redirect_checked_only_for_leading_slash():
    src = """
    from django.http import HttpResponseRedirect
    def back(request, next_url):
        if next_url.startswith("/"):
            return HttpResponseRedirect(next_url)
        return HttpResponseRedirect("/")
    def back_fixed(request, next_url):
        if next_url.startswith("/") and not next_url.startswith("//"):
            return HttpResponseRedirect(next_url)
        return HttpResponseRedirect("/")
    """
    assert rule_hits(src, "SR706") == [5]


def test_host_suffix_and_substring_checks_in_validators():
    src = """
    from urllib.parse import urlparse
    def is_trusted(url):
        return urlparse(url).hostname.endswith("example.com")
    def is_allowed(url):
        return "example.com" in urlparse(url).netloc
    def is_trusted_fixed(url):
        host = urlparse(url).hostname or ""
        return host == "example.com" or host.endswith(".example.com")
    def pick_backend(url):
        return urlparse(url).netloc.endswith("amazonaws.com")
    """
    assert rule_hits(src, "SR410") == [4, 6]


# ------------------------------------------------------------------ SR314 XML-RPC
def test_xmlrpc_dotted_names():
    src = """
    from xmlrpc.server import SimpleXMLRPCServer
    server = SimpleXMLRPCServer(("127.0.0.1", 8000))
    server.register_instance(object(), allow_dotted_names=True)
    server.register_instance(object())
    """
    assert rule_hits(src, "SR314") == [4]


# ------------------------------------------------------------------ SR130 sandbox
def test_sandboxed_from_string_is_not_template_injection():
    src = """
    from jinja2.sandbox import SandboxedEnvironment
    from jinja2 import Environment
    SANDBOX = SandboxedEnvironment()
    def render(text):
        return SANDBOX.from_string(text).render()
    def render_unsafe(text):
        return Environment().from_string(text).render()
    """
    assert rule_hits(src, "SR130") == [8]
