"""Hard-coded credentials (SR601-SR603): labelled code in, exact findings out.

Token-shaped strings are built by concatenation so that this file never holds a literal a secret
scanner would block; the reviewed snippet still contains the whole (synthetic) token.
"""
from __future__ import annotations

import textwrap

import pytest

from secreview.rules.api import REGISTRY
from secreview.rules.secrets import PATTERNS, classify_name, looks_random, shannon_entropy, token_matches
from tests.helpers import findings_for

GHP = "ghp_" + "cr0JePtE2wrpP7mD4HQb8GeavjTEQykdeLFk"
AKIA = "AKIA" + "4BZEEEPY7YPTU4ET"
STRIPE = "sk_" + "live_" + "bYbwPNENDjflTh2aGF49peQI6DeMRfGL"
SLACK = "xox" + "b-263748591023-4859102736451-eJnjb7wXh9HjQtDcArQZclrj"
RANDOM32 = "1IfWqrAz2KrHhSyrqPmwgSSZ9kL68rj2"


def only(source: str, path: str = "app/module.py"):
    return findings_for(textwrap.dedent(source), path)


# ------------------------------------------------------------------------------ SR601 passwords
@pytest.mark.parametrize("code", [
    'password = "hunter2"',
    'DB_PASSWORD = "Tr0ub4dor&3"',
    'self.smtp_password = "Mailer#2021"',
    'cfg["password"] = "hunter2"',
    'settings = {"password": "hunter2"}',
    'settings = dict(password="hunter2")',
    'conn = connect(host="db", password="hunter2")',
    'ADMIN_PASS = "changeme"',
    'admin_pw = "admin"',
    'pass_phrase = "correct horse battery staple"',
    'passwd: str = "hunter2"',
    'user, password = "root", "toor"',
    'pw = os.getenv("DB_PASSWORD", "postgres")',
    'smtp.login("alerts@example.org", "Al3rt-Mail")',
    'user.set_password("initial-Pw-91")',
    'r = requests.get(u, auth=("metrics", "m3tr1cs"), timeout=5)',
    'auth = HTTPBasicAuth("reports", "rEp0rts-2024")',
])
def test_password_bound_to_a_password_name_is_reported(code):
    src = "import os\nimport requests\nfrom requests.auth import HTTPBasicAuth\n" + code + "\n"
    assert [(f[1], f[2]) for f in only(src)] == [(259, "SR601")], code


def test_password_default_argument_and_comparison():
    src = """\
    def login(user, password="admin"):
        if password == "letmein":
            return True
        if password in ("root", "toor"):
            return True
        return request.form["password"] == "opensesame"
    """
    assert only(src) == [(1, 259, "SR601"), (2, 259, "SR601"), (4, 259, "SR601"), (4, 259, "SR601"),
                         (6, 259, "SR601")]


@pytest.mark.parametrize("code", [
    'password_field_name = "password"',
    'PASSWORD_RESET_URL = "/reset"',
    'token_type = "Bearer"',
    'cfg = {"password": None}',
    'password = ""',
    'password = os.environ["PW"]',
    'password = getpass.getpass()',
    'PASSWORD_MIN_LENGTH = 8',
    'field = forms.CharField(label="Password")',
    'msg = "Enter your password"',
    'messages = {"password": "Enter your password"}',
    'messages = {"password": "Password:"}',
    'password = "<password>"',
    'password = "${DB_PASSWORD}"',
    'password = "%(password)s"',
    'password = "{password}"',
    'password = "********"',
    'password = "your-password-here"',
    'password = "REPLACE_ME"',
    'PASSWORD = "password"',
    'FIELDS = {"username": "username", "password": "password"}',
    'NEW_PASSWORD = "new_password"',
    'password = os.getenv("DB_PASSWORD", "")',
    'password = _("Password")',
    'PASSWORD_ENV = "DB_PASSWORD"',
    'password = "DB_PASSWORD"',
    'password_file = "/run/secrets/db_password"',
    'password = "/run/secrets/db_password"',
    'PWD = "/srv/app"',
    'first_pass = "lexer"',
    'self.password = password',
    'if password == "":\n    pass',
    'password_hash = "pbkdf2_sha256$600000$abc$def"',
])
def test_password_look_alikes_are_not_reported(code):
    src = "import os\nimport getpass\n" + code + "\n"
    assert only(src) == [], code


def test_docstrings_are_not_code():
    src = '''\
    """Module docs: set password = "hunter2" and token = "%s"."""

    def connect(password="Hunter2!"):
        """Example: connect(password="hunter2")."""
        return password
    ''' % GHP
    assert only(src) == [(3, 259, "SR601")]


# ------------------------------------------------------------------------------ SR602 token formats
@pytest.mark.parametrize("token,cwe", [
    (AKIA, 798),
    (GHP, 798),
    ("github_pat_" + "11AQZKM4R0TJKINM2Ccxe7_" + "B6G6e2W9tqSF6LowGfP6ZbRLv3KokEFR8R8i4INNejI81pSk6GWGSXz21ui", 798),
    ("glpat-" + "PMwnkH7KDZQEQbZYUDQZ", 798),
    (SLACK, 798),
    (STRIPE, 798),
    ("AIza" + "SyB6G6e2W9tqSF6LowGfP6ZbRLv3KokEFR8", 798),
    ("GOCSPX-" + "PMwnkH7KDZQEQbZYUDQZgbxYEe6i", 798),
    ("SK" + "d5cc099a746eeda8dc8fa7955d517b6d", 798),
    ("SG." + "nG4SAl8Lntd0wIjF6X8JEv.fznd5sZcoG1fY78Sut8DeLq2eSB8mgzmT44DGp0Zx72", 798),
    ("npm_" + "eJnjb7wXh9HjQtDcArQZclrjt92jX1DcKyWw", 798),
    ("pypi-" + "AgEIcHlwaS5vcmcCJGI4ZTQ0N2E2LWVkYTktNGM5Zi1iZmZlLTY1YzE3ZjFkMWI3OAACKlsz", 798),
    ("sk-" + "proj-iidNk7j1IeTukaQRdOfWYj6ncBzVun0Ry7369rIO6tBuRK2j", 798),
    ("sk-" + "ant-api03-" + "455LvwWWstRRLvK88sKmG0VreISMnvGv6uDrfWHLLJh0pqxi3bzcQcnQjuHwB6G6e2W9tqSF6LowGfP6ZbRLv3Kok-AA", 798),
    ("key-" + "c9bc6feae3e2265a5c86805a3118daa9", 798),
    ("HRKU-" + "455LvwWWstRRLvK88sKmG0VreISMnvGv6uDrfWHLLJh0pqxi3bzcQcnQjuHw", 798),
    ("DefaultEndpointsProtocol=https;AccountName=x;AccountKey="
     + "uoNZmw88HSXyLFdbCZf1sB7vjFRWPpSYb3VwLxAleObnXm1MNJUjGiR6qPVd86MDxMUxszAXxosa5uLrhIMc3n==", 798),
    ("eyJ" + "hbGciOiJIUzI1NiJ9.eyJzdWIiOiJpbnRlZ3JhdGlvbiJ9.TJKINM2Ccxe7xW1RA4cMNe8rT2xLp9Vm", 798),
    ("hvs." + "CAESIPMwnkH7KDZQEQbZYUDQZgbxYEe6iB4VGhlgw2", 798),
    ("-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEAuoNZmw88HSXyLFdbCZf1sB7vjFRWPpSYb3VwLxAleObnXm1M"
     "\\nNJUjGiR6qPVd86MDxMUxszAXxosa5uLrhIMc3nIKLxIlusx17rTSPlD6k4a9ISAp\\n-----END RSA PRIVATE KEY-----\\n", 321),
    ("whsec_" + "cr0JePtE2wrpP7mD4HQb8GeavjTEQykd", 321),
    ("postgres://app:Sup3rS3cret@db.internal/app", 259),
    ("host=db dbname=orders user=report password=Gq7vRm2x", 259),
])
def test_known_token_formats_anywhere(token, cwe):
    # no suggestive name: the format alone identifies the credential
    assert only(f'VALUE = "{token}"\nprint(f"{{VALUE}}")\n') == [(1, cwe, "SR602")]


@pytest.mark.parametrize("value", [
    "AKIAIOSFODNN7EXAMPLE",
    "ghp_" + "x" * 36,
    "ghp_" + "0123456789abcdefghijklmnopqrstuvwxyz",
    "sk_" + "test_" + "bYbwPNENDjflTh2aGF49peQI6DeMRfGL",
    "sk_" + "live_" + "EXAMPLEbwPNENDjflTh2aGF49peQI6DeMRf",
    "xox" + "b-000000000000-0000000000000-XXXXXXXXXXXXXXXXXXXXXXXX",
    "-----BEGIN RSA PRIVATE KEY-----",
    "-----BEGIN PUBLIC KEY-----\\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAuoNZmw88HSXyLFdbCZf1sB7v\\n-----END PUBLIC KEY-----",
    "postgres://user:password@localhost/app",
    "postgres://{user}:{password}@{host}/app",
    "https://admin:hunter2@db.example.com/app",
    "redis://localhost:6379/0",
    "UPDATE users SET password = %s WHERE user = %s",
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
    ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
])
def test_placeholders_and_examples_are_not_tokens(value):
    assert only(f'VALUE = "{value}"\n') == []


def test_aws_secret_key_needs_an_aws_name():
    secret = "dxssW2wrMm/QrI38JOvi4D4FiItJsYBzsBR0aSyC"
    assert only(f'AWS_SECRET_ACCESS_KEY = "{secret}"\n') == [(1, 798, "SR602")]
    assert only(f'boto3.client("s3", aws_secret_access_key="{secret}")\n') == [(1, 798, "SR602")]
    assert only(f'CHECKSUM = "{secret}"\n') == []


def test_token_in_a_password_slot_is_reported_once_under_its_format():
    assert only(f'password = "{GHP}"\n') == [(1, 798, "SR602")]
    assert only(f'api_key = "{STRIPE}"\n') == [(1, 798, "SR602")]


# ------------------------------------------------------------------------------ SR603 generic secrets
@pytest.mark.parametrize("code,cwe", [
    (f'API_KEY = "{RANDOM32}"', 798),
    (f'headers = {{"X-API-Key": "{RANDOM32}"}}', 798),
    (f'headers = {{"Authorization": "Bearer {RANDOM32}"}}', 798),
    (f'client = Client(access_token="{RANDOM32}")', 798),
    ('SECRET_KEY = "django-insecure-9bbx2p*+a0150v^@7p+@)!)_!5t4@bbs(!h2!+pz0nc1zh0ll$"', 321),
    ('ENCRYPTION_KEY = "c9bc6feae3e2265a5c86805a3118daa9d5cc099a746eeda8dc8fa7955d517b6d"', 321),
    ('HEROKU_API_KEY = "3f9a1c7e-2b4d-4e8a-9c1f-7a6b5d4e3c2b"', 798),
    ('SECRET_KEY = "dev"', 321),
    ('app.secret_key = "dev"', 321),
    ('JWT_SECRET = "secret"', 321),
    ('client_secret = "s3cr3t"', 798),
    (f'token = jwt.encode(payload, "{RANDOM32}", algorithm="HS256")', 321),
    ('data = jwt.decode(token, key="secret", algorithms=["HS256"])', 321),
])
def test_secret_names_with_secret_values(code, cwe):
    src = "import jwt\n" + code + "\n"
    found = only(src)
    assert [(c, r) for _, c, r in found] in ([(cwe, "SR603")], [(cwe, "SR602")]), (code, found)


@pytest.mark.parametrize("code", [
    'CSRF_COOKIE_NAME = "csrftoken"',
    'TOKEN_URL = "https://oauth2.googleapis.com/token"',
    'api_key_header = "X-API-Key"',
    'API_KEY = "YOUR_API_KEY"',
    'API_KEY = "my-api-key-2024-prod"',
    'api_key = "test"',
    'auth_token = os.environ["AUTH_TOKEN"]',
    'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]',
    'SECRET_KEY = "replace-me"',
    'SECRET_KEY_ENV = "DJANGO_SECRET_KEY"',
    'secret_name = "prod/db-credentials"',
    'PRIVATE_KEY_PATH = "/etc/app/key.pem"',
    'private_key = "keys/app.pem"',
    'CLIENT_ID = "9XChaf688ZLcQSfgXwpb"',
    'access_token_lifetime = "3600"',
    'TOKEN = "application/json"',
    'api_key = "0123456789abcdef0123456789abcdef"',
])
def test_secret_look_alikes_are_not_reported(code):
    assert only("import os\n" + code + "\n") == [], code


# ------------------------------------------------------------------------------ test code policy
def test_live_token_in_test_code_is_shown_test_password_is_not():
    src = f"""\
    def test_login(client):
        client.login(username="admin", password="secret")
        assert client.get("/", headers={{"Authorization": "token {GHP}"}}).status_code == 200
    """
    assert only(src, "tests/test_views.py") == [(3, 798, "SR602")]
    assert [f[0] for f in only(src, "app/views.py")] == [2, 3]


# ------------------------------------------------------------------------------ building blocks
def test_name_classification_uses_the_last_word():
    assert classify_name("DB_PASSWORD").kind == "password"
    assert classify_name("smtpPassword").kind == "password"
    assert classify_name("password2").kind == "password"
    assert classify_name("SECRET_KEY").crypto
    assert classify_name("apiKey").kind == "key"
    for name in ("password_field_name", "PASSWORD_RESET_URL", "token_type", "PASSWORD_MIN_LENGTH",
                 "aws_access_key_id", "bypass", "first_pass", "cache_key"):
        assert classify_name(name) is None, name


def test_entropy_depends_on_the_character_set():
    assert shannon_entropy("aaaa") == 0
    assert looks_random(RANDOM32)
    assert looks_random("c9bc6feae3e2265a5c86805a3118daa9")
    assert not looks_random("csrfmiddlewaretoken")
    assert not looks_random("MySuperSecretKeyForApp")
    assert not looks_random("0123456789abcdef0123")
    assert not looks_random("https://example.org/a1B2c3D4e5F6g7")


def test_patterns_load_and_compile_once():
    assert len(PATTERNS) >= 25
    assert {p.cwe for p in PATTERNS} == {259, 321, 798}
    assert token_matches(GHP) is token_matches(GHP)  # cached


@pytest.mark.parametrize("rule_id", ["SR601", "SR602", "SR603"])
def test_documentation_examples(rule_id):
    rule = REGISTRY[rule_id]
    bad, good = rule.examples
    assert rule_id in [r for _, _, r in findings_for(bad)]
    assert rule_id not in [r for _, _, r in findings_for(good)]
