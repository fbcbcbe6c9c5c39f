"""Autofix: LibCST edits, formatting kept, each fix proven by a re-review (finding gone, nothing new)."""
from __future__ import annotations

import textwrap
from dataclasses import replace
from pathlib import Path

import libcst as cst
import pytest

from secreview import autofix
from secreview.cli import main
from secreview.config import Config, ConfigError, from_mapping, load
from secreview.findings import Confidence
from secreview.engine import review_paths
from tests.helpers import git, make_repo


def _fix_file(tmp_path: Path, source: str, config: Config | None = None) -> tuple[str, list[str]]:
    """The file after the proven fixes for every finding of any severity and confidence, and the
    rules whose findings were fixed."""
    path = tmp_path / "app.py"
    path.write_text(textwrap.dedent(source))
    config = config or Config(jobs=1, min_confidence=Confidence.LOW)
    review = review_paths([str(path)], config)
    fixes = autofix.plan(review.findings, config)
    assert len(fixes) <= 1
    if not fixes:
        return path.read_text(), []
    return fixes[0].fixed, [f.rule_id for f in fixes[0].findings]


def _assert_no_fix(tmp_path: Path, source: str, rule: str) -> None:
    """`source` has a finding of `rule`, and no fix is made for it (nor for anything else)."""
    path = tmp_path / "app.py"
    path.write_text(source)
    assert rule in [f.rule_id for f in review_paths([str(path)], Config(jobs=1, min_confidence=Confidence.LOW)).findings]
    assert _fix_file(tmp_path, source) == (source, [])


@pytest.mark.parametrize("before, after", [
    ("yaml.load(text, Loader=yaml.Loader)", "yaml.safe_load(text)"),
    ("yaml.load(text, yaml.UnsafeLoader)", "yaml.safe_load(text)"),
    ("yaml.load(text)", "yaml.safe_load(text)"),
    ("yaml.unsafe_load(text)", "yaml.safe_load(text)"),
    ("list(yaml.load_all(text))", "list(yaml.safe_load_all(text))"),
    ("yaml.load(  # config comes from disk\n        text,\n        Loader=yaml.Loader,\n    )",
     "yaml.safe_load(  # config comes from disk\n        text,\n    )"),
])
def test_yaml_load_becomes_safe_load(tmp_path, before, after):
    source = f"import yaml\n\n\ndef read(text):\n    return {before}\n"
    fixed, rules = _fix_file(tmp_path, source)
    assert fixed == f"import yaml\n\n\ndef read(text):\n    return {after}\n" and rules == ["SR302"]


@pytest.mark.parametrize("before, after", [
    ("tar.extractall(target)", 'tar.extractall(target, filter="data")'),
    ("tar.extractall()", 'tar.extractall(filter="data")'),
    ('tar.extractall(target, filter="fully_trusted")', 'tar.extractall(target, filter="data")'),
    ("tar.extract(member, target)", 'tar.extract(member, target, filter="data")'),
    ("tar.extractall(\n            target,\n        )", 'tar.extractall(\n            target,\n            filter="data",\n        )'),
])
def test_tar_extraction_gets_the_data_filter(tmp_path, before, after):
    source = ("import tarfile\n\n\ndef install(bundle, target, member):\n    with tarfile.open(bundle) as tar:\n"
              f"        {before}\n")
    fixed, rules = _fix_file(tmp_path, source)
    assert fixed == source.replace(before, after) and rules == ["SR504"]


def test_unpack_archive_gets_the_data_filter(tmp_path):
    source = "import shutil\n\n\ndef install(bundle, target):\n    shutil.unpack_archive(bundle, target)\n"
    fixed, rules = _fix_file(tmp_path, source)
    assert fixed == source.replace("unpack_archive(bundle, target)", 'unpack_archive(bundle, target, filter="data")')
    assert rules == ["SR504"]


def test_no_fix_where_the_edit_would_need_more_than_the_call(tmp_path):
    source = "from yaml import load\n\n\ndef read(text):\n    return load(text)\n"
    _assert_no_fix(tmp_path, source, "SR302")


def test_a_fix_that_the_re_review_does_not_confirm_is_dropped(tmp_path, monkeypatch):
    def unsafe(call: cst.Call, site) -> cst.Call:  # a "fix" that keeps the defect under another name
        return call.with_changes(func=call.func.with_changes(attr=cst.Name("unsafe_load")))

    monkeypatch.setitem(autofix.FIXERS, "SR302", autofix.Fixer(unsafe))
    source = "import yaml\n\n\ndef read(text):\n    return yaml.load(text, Loader=yaml.Loader)\n"
    assert _fix_file(tmp_path, source) == (source, [])

    def noisy(call: cst.Call, site) -> cst.Call:  # removes the finding but adds an eval
        return cst.parse_expression("eval(text) and yaml.safe_load(text)")

    monkeypatch.setitem(autofix.FIXERS, "SR302", autofix.Fixer(noisy))
    assert _fix_file(tmp_path, source) == (source, [])


def test_several_fixes_in_one_file_and_other_code_untouched(tmp_path):
    source = textwrap.dedent('''\
        import tarfile
        import yaml


        def read(a, b):
            first = yaml.load(a)  ;  second = yaml.load(b, Loader=yaml.Loader)
            return first, second


        def install(bundle):
            with tarfile.open(bundle) as tar:  # trusted build artefact
                tar.extractall("out")
        ''')
    fixed, rules = _fix_file(tmp_path, source)
    assert fixed == source.replace("yaml.load(a)", "yaml.safe_load(a)").replace(
        "yaml.load(b, Loader=yaml.Loader)", "yaml.safe_load(b)").replace(
        'tar.extractall("out")', 'tar.extractall("out", filter="data")')
    assert sorted(rules) == ["SR302", "SR302", "SR504"]


# ----------------------------------------------------------------------------- SR401 / SR402 verify=False
REQUESTS = "import requests\n\n\ndef fetch(url, body):\n    return {}\n"


@pytest.mark.parametrize("before, after", [
    ("requests.get(url, verify=False, timeout=10)", "requests.get(url, timeout=10)"),
    ("requests.post(url, data=body, timeout=10, verify=False)", "requests.post(url, data=body, timeout=10)"),
    ("requests.Session().get(url, verify=False, timeout=10)", "requests.Session().get(url, timeout=10)"),
    ("requests.get(\n        url,\n        verify=False,\n        timeout=10,\n    )",
     "requests.get(\n        url,\n        timeout=10,\n    )"),
])
def test_verify_false_is_removed(tmp_path, before, after):
    fixed, rules = _fix_file(tmp_path, REQUESTS.format(before))
    assert fixed == REQUESTS.format(after) and rules == ["SR401"]


@pytest.mark.parametrize("source", [
    REQUESTS.format("requests.get(url, verify=False if body else False, timeout=10)"),  # not the literal False
    "import urllib3\n\n\ndef pool():\n    return urllib3.PoolManager(cert_reqs='CERT_NONE')\n",  # another keyword
])
def test_verify_spelled_otherwise_is_not_fixed(tmp_path, source):
    _assert_no_fix(tmp_path, source, "SR401")


SESSION = textwrap.dedent('''\
    import requests


    def client():
        session = requests.Session()

        session.verify = False
        return session
    ''')


def test_session_verify_false_line_is_removed(tmp_path):
    fixed, rules = _fix_file(tmp_path, SESSION)
    assert fixed == SESSION.replace("    session.verify = False\n", "") and rules == ["SR402"]


@pytest.mark.parametrize("source", [
    SESSION.replace("    session.verify = False\n", "    # the proxy re-signs traffic\n    session.verify = False\n"),
    SESSION.replace("    session.verify = False\n    return session\n", "    session.verify = False\n"),
    SESSION.replace("session.verify = False", "session.verify = False; session.trust_env = False"),
    SESSION.replace("session = requests.Session()", "context = ssl.create_default_context()").replace(
        "session.verify = False\n    return session", "context.check_hostname = False\n    return context").replace(
        "import requests", "import ssl"),
])
def test_session_verify_not_removed_unless_trivially_safe(tmp_path, source):
    # a comment explaining it, the last statement of the block, a line with another statement, an SSL context
    _assert_no_fix(tmp_path, source, "SR402")


# ----------------------------------------------------------------------------- SR406 requests timeout
@pytest.mark.parametrize("before, after", [
    ("requests.get(url)", "requests.get(url, timeout=30)"),
    ("requests.post(url, json=body)", "requests.post(url, json=body, timeout=30)"),
    ("requests.Session().put(url, data=body)", "requests.Session().put(url, data=body, timeout=30)"),
    ("requests.get(\n        url,\n    )", "requests.get(\n        url,\n        timeout=30,\n    )"),
    ("requests.get(url, verify=False)", "requests.get(url, timeout=30)"),  # two findings, two fixes, one call
])
def test_requests_call_gets_a_timeout(tmp_path, before, after):
    fixed, rules = _fix_file(tmp_path, REQUESTS.format(before))
    assert fixed == REQUESTS.format(after)
    assert sorted(rules) == (["SR401", "SR406"] if "verify" in before else ["SR406"])


def test_timeout_comes_from_the_fix_timeout_seconds_setting(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.secreview]\nfix-timeout-seconds = 2.5\n")
    config = replace(load([str(tmp_path)]), jobs=1, min_confidence=Confidence.LOW)
    fixed, _ = _fix_file(tmp_path, REQUESTS.format("requests.get(url)"), config)
    assert fixed == REQUESTS.format("requests.get(url, timeout=2.5)")
    for bad in (0, "30", True):
        with pytest.raises(ConfigError, match="fix-timeout-seconds"):
            from_mapping({"fix-timeout-seconds": bad})


def test_timeout_none_is_left_alone(tmp_path):
    source = REQUESTS.format("requests.get(url, timeout=None)")  # reported, but someone chose it
    _assert_no_fix(tmp_path, source, "SR406")


def test_timeout_fixer_leaves_calls_with_keyword_unpacking():
    # SR406 does not report these (the timeout may be in `options`); the fixer would not touch them either
    call = cst.parse_expression("requests.get(url, **options)")
    assert autofix.FIXERS["SR406"].edit(call, None) is None


# ----------------------------------------------------------------------------- SR201 usedforsecurity=False
@pytest.mark.parametrize("before, after", [
    ("def file_checksum(path):\n    with open(path, 'rb') as handle:\n        return hashlib.md5(handle.read()).hexdigest()\n",
     "def file_checksum(path):\n    with open(path, 'rb') as handle:\n"
     "        return hashlib.md5(handle.read(), usedforsecurity=False).hexdigest()\n"),
    ("def headers(body):\n    etag = hashlib.sha1(body).hexdigest()[:16]\n    return {'ETag': etag}\n",
     "def headers(body):\n    etag = hashlib.sha1(body, usedforsecurity=False).hexdigest()[:16]\n    return {'ETag': etag}\n"),
    ("def lookup(cache, url):\n    cache_key = hashlib.md5(url.encode()).hexdigest()\n    return cache.get(cache_key)\n",
     "def lookup(cache, url):\n    cache_key = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()\n"
     "    return cache.get(cache_key)\n"),
    ("def shard(name):\n    bucket = hashlib.new('md5', name.encode()).digest()[0]\n    return bucket\n",
     "def shard(name):\n    bucket = hashlib.new('md5', name.encode(), usedforsecurity=False).digest()[0]\n    return bucket\n"),
])
def test_md5_with_a_non_security_use_says_so(tmp_path, before, after):
    fixed, rules = _fix_file(tmp_path, "import hashlib\n\n\n" + before)
    assert fixed == "import hashlib\n\n\n" + after and rules == ["SR201"]


@pytest.mark.parametrize("source", [
    "def digest(body):\n    value = hashlib.md5(body).hexdigest()\n    return value\n",  # no evidence of use
    "def stamp(body, sign):\n    checksum = hashlib.md5(body).hexdigest()\n    return sign(checksum)\n",  # reaches signing
    "def stamp(body):\n    checksum = hashlib.md5(body).hexdigest()\n    signature = checksum\n    return signature\n",
    "def lookup(token):\n    cache_key = hashlib.md5(token.encode()).hexdigest()\n    return cache_key\n",  # of a token
])
def test_md5_without_clear_non_security_evidence_is_not_fixed(tmp_path, source):
    _assert_no_fix(tmp_path, "import hashlib\n\n\n" + source, "SR201")


def test_md5_not_fixed_when_the_project_admits_python_3_8(tmp_path):
    source = "import hashlib\n\n\ndef file_checksum(data):\n    return hashlib.md5(data).hexdigest()\n"
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\nrequires-python = ">=3.8"\n')
    _assert_no_fix(tmp_path, source, "SR201")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\nrequires-python = ">=3.9, <4"\n')
    assert _fix_file(tmp_path, source)[1] == ["SR201"]


# ----------------------------------------------------------------------------- SR210 random -> secrets
@pytest.mark.parametrize("before, after", [
    ('token = "".join(random.choice(ALPHABET) for _ in range(32))',
     'token = "".join(secrets.choice(ALPHABET) for _ in range(32))'),
    ("nonce = random.getrandbits(64)", "nonce = secrets.randbits(64)"),
    ("pin = random.randrange(10000)", "pin = secrets.randbelow(10000)"),
])
def test_random_for_secrets_becomes_secrets(tmp_path, before, after):
    template = 'import random\nimport string\n{}\nALPHABET = string.ascii_letters\n\n\ndef new():\n    {}\n    return 1\n'
    fixed, rules = _fix_file(tmp_path, template.format("", before))
    assert fixed == template.format("import secrets\n", after) and rules == ["SR210"]


def test_random_to_secrets_keeps_an_existing_import(tmp_path):
    source = "import random\nimport secrets\n\n\ndef new():\n    nonce = random.getrandbits(64)\n    return nonce\n"
    assert _fix_file(tmp_path, source) == (source.replace("random.getrandbits", "secrets.randbits"), ["SR210"])


@pytest.mark.parametrize("source", [
    "import random\n\n\ndef new():\n    pin = random.randint(0, 9999)\n    return pin\n",  # no same-meaning call
    "import random\n\n\ndef new():\n    pin = random.randrange(1000, 9999)\n    return pin\n",
    "from random import choice\n\n\ndef new(alphabet):\n    token = choice(alphabet)\n    return token\n",
    "import random\n\n\ndef new(secrets):\n    nonce = random.getrandbits(64)\n    return nonce, secrets\n",
])
def test_random_without_a_mechanical_secrets_equivalent_is_not_fixed(tmp_path, source):
    # randint, two-argument randrange, a from-import, a local name `secrets`
    _assert_no_fix(tmp_path, source, "SR210")


# ----------------------------------------------------------------------------- CLI on a git repository
LOADER = textwrap.dedent('''\
    import os
    import yaml


    def read(text):
        return yaml.load(text, Loader=yaml.Loader)


    def run(cmd):
        os.system(cmd)
    ''')


@pytest.fixture()
def repo(tmp_path, monkeypatch):
    make_repo(tmp_path, {"loader.py": LOADER})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_cli_diff_fix_prints_a_patch_git_can_apply(repo, capsys):
    assert main([".", "--diff-fix", "--no-progress", "--no-cache"]) == 1  # os.system has no fixer: it remains
    out, err = capsys.readouterr()
    assert out.splitlines()[:2] == ["--- a/loader.py", "+++ b/loader.py"]
    assert "-    return yaml.load(text, Loader=yaml.Loader)\n+    return yaml.safe_load(text)\n" in out
    assert "1 finding(s) fixable in 1 file(s); 1 would remain" in err
    assert (repo / "loader.py").read_text() == LOADER  # nothing changed
    (repo / "fix.patch").write_text(out)
    git(repo, "apply", "--check", "fix.patch")


def test_cli_fix_rewrites_the_file_and_reports_what_remains(repo, capsys):
    assert main([".", "--fix", "--no-progress", "--no-cache", "--format", "json"]) == 1
    out, err = capsys.readouterr()
    assert "fixed 1 finding(s) in 1 file(s)" in err
    import json

    assert [f["rule_id"] for f in json.loads(out)["findings"]] == ["SR110"]
    assert (repo / "loader.py").read_text() == LOADER.replace("yaml.load(text, Loader=yaml.Loader)",
                                                              "yaml.safe_load(text)")
    assert main([".", "--no-progress", "--no-cache", "--select", "CWE-502"]) == 0


def test_diff_fix_names_files_relative_to_the_working_directory(repo, capsys):
    assert main([str(repo), "--diff-fix", "--no-progress", "--no-cache"]) == 1  # an absolute path, run inside
    out = capsys.readouterr().out
    assert out.splitlines()[:2] == ["--- a/loader.py", "+++ b/loader.py"]
    (repo / "fix.patch").write_text(out)
    git(repo, "apply", "--check", "fix.patch")
