"""Django settings that weaken authentication and sessions for every user of the site.

Only module-level assignments of a production settings module count (the same test as SR702:
`settings.py`, a `settings/` package module or a module defining `ROOT_URLCONF`..., not `dev`,
`local` or `test` settings, where fast hashers and relaxed cookies are the documented practice).
"""
from __future__ import annotations

import ast
from pathlib import PurePath

from secreview.findings import Confidence, Severity
from secreview.rules.api import Report, rule
from secreview.rules.frameworks import _is_settings_module

# Hashers Django ships only to read old databases; the first entry of PASSWORD_HASHERS hashes every
# new or changed password.
_FAST_HASHERS = {"MD5PasswordHasher": 916, "SHA1PasswordHasher": 916, "CryptPasswordHasher": 916,
                 "UnsaltedMD5PasswordHasher": 759, "UnsaltedSHA1PasswordHasher": 759}


def _setting(ctx, node: ast.Assign, name: str):
    """The value assigned to setting `name` at module level of a settings module, or None."""
    if not any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
        return None
    scope = ctx.model.scope
    if scope is None or scope.kind != "module" or not _is_settings_module(ctx) or _for_tests(ctx):
        return None
    return node.value


def _for_tests(ctx) -> bool:
    """Settings of a test package (`wagtail/test/settings.py`): fast hashers are the documented practice."""
    return ctx.is_test_file or any(part in ("test", "tests", "testing") for part in PurePath(ctx.model.path).parts[:-1])


@rule("SR707", title="Fast or unsalted password hasher as Django's default", cwe=916, severity=Severity.HIGH,
      confidence=Confidence.HIGH, nodes=(ast.Assign,),
      fix="Put `django.contrib.auth.hashers.Argon2PasswordHasher` (or PBKDF2PasswordHasher) first; keep a "
      "legacy hasher only after it, so old hashes are upgraded at the next login.")
def weak_password_hasher(ctx, node: ast.Assign):
    """## What it does
    Flags a Django `PASSWORD_HASHERS` setting whose first entry is `MD5PasswordHasher`,
    `SHA1PasswordHasher`, `CryptPasswordHasher` (CWE-916) or an `Unsalted*` hasher (CWE-759).
    A legacy hasher later in the list is not reported: Django only verifies with it and re-hashes
    the password with the first hasher at the next login.

    ## Why is this bad?
    Django hashes every new password with the first hasher. One round of MD5 or SHA-1 is computed
    billions of times a second on a GPU: a leaked user table is cracked in hours.

    ## Example
    ```python
    ROOT_URLCONF = "shop.urls"
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    ```

    ## Use instead
    ```python
    ROOT_URLCONF = "shop.urls"
    PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    ```
    """
    value = _setting(ctx, node, "PASSWORD_HASHERS")
    if value is None:
        return None
    hashers = ctx.value(value)
    if not isinstance(hashers, (list, tuple)) or not hashers or not isinstance(hashers[0], str):
        return None
    short = hashers[0].rsplit(".", 1)[-1]
    cwe = _FAST_HASHERS.get(short)
    if cwe is None:
        return None
    what = "without a salt" if cwe == 759 else "with one fast round"
    return Report(node, f"`{short}` is the first of PASSWORD_HASHERS: every new password is hashed {what}, "
                        "so a leaked user table is cracked quickly.", cwe=cwe)


_PICKLE_SERIALIZERS = ("django.contrib.sessions.serializers.PickleSerializer",
                       "django.contrib.sessions.serializers.PickleSerializer()")


@rule("SR708", title="Django sessions serialized with pickle", cwe=502, severity=Severity.MEDIUM,
      confidence=Confidence.HIGH, nodes=(ast.Assign,),
      fix="Use the default `django.contrib.sessions.serializers.JSONSerializer` and store only JSON values "
      "in the session.")
def pickle_session_serializer(ctx, node: ast.Assign):
    """## What it does
    Flags `SESSION_SERIALIZER = "django.contrib.sessions.serializers.PickleSerializer"` in a
    Django settings module.

    ## Why is this bad?
    Session data is unpickled on every request. Whoever can write a session (anyone who learns
    `SECRET_KEY` with the signed-cookie backend, or reaches the session store) runs code on the
    server; Django removed the serializer in 5.0 for this reason.

    ## Example
    ```python
    ROOT_URLCONF = "shop.urls"
    SESSION_SERIALIZER = "django.contrib.sessions.serializers.PickleSerializer"
    ```

    ## Use instead
    ```python
    ROOT_URLCONF = "shop.urls"
    SESSION_SERIALIZER = "django.contrib.sessions.serializers.JSONSerializer"
    ```
    """
    value = _setting(ctx, node, "SESSION_SERIALIZER")
    if value is None or ctx.string(value) not in _PICKLE_SERIALIZERS:
        return None
    return Report(node, "SESSION_SERIALIZER is PickleSerializer: every request unpickles its session data.")


@rule("SR709", title="Django session cookie readable by scripts", cwe=1004, severity=Severity.MEDIUM,
      confidence=Confidence.HIGH, nodes=(ast.Assign,),
      fix="Remove the line: `SESSION_COOKIE_HTTPONLY` is True by default.")
def session_cookie_not_httponly(ctx, node: ast.Assign):
    """## What it does
    Flags `SESSION_COOKIE_HTTPONLY = False` in a Django settings module.

    ## Why is this bad?
    Without the HttpOnly flag, any script running on the site's pages reads the session cookie:
    one cross-site scripting flaw becomes a stolen login.

    ## Example
    ```python
    ROOT_URLCONF = "shop.urls"
    SESSION_COOKIE_HTTPONLY = False
    ```

    ## Use instead
    ```python
    ROOT_URLCONF = "shop.urls"
    SESSION_COOKIE_HTTPONLY = True
    ```
    """
    value = _setting(ctx, node, "SESSION_COOKIE_HTTPONLY")
    if value is None or ctx.value(value) is not False:
        return None
    return Report(node, "`SESSION_COOKIE_HTTPONLY = False`: page scripts can read the session cookie.")


_TEMPLATE_BACKENDS = ("django.template.backends.django.DjangoTemplates", "django.template.backends.jinja2.Jinja2")


@rule("SR713", title="Django template engine with auto-escaping turned off", cwe=79, severity=Severity.MEDIUM,
      confidence=Confidence.HIGH, nodes=(ast.Assign,),
      fix="Remove `\"autoescape\": False` from the engine's OPTIONS (escaping is on by default) and mark the "
      "few trusted fragments with `mark_safe` or `|safe` where they are built.")
def templates_autoescape_off(ctx, node: ast.Assign):
    """## What it does
    Flags a `TEMPLATES` entry of a Django settings module whose `OPTIONS` set `"autoescape": False`,
    for the Django template backend or Django's Jinja2 backend.

    ## Why is this bad?
    Every `{{ value }}` of every template rendered by that engine is then inserted as raw HTML: any
    user-supplied text shown on a page becomes script (cross-site scripting), site-wide.

    ## Example
    ```python
    ROOT_URLCONF = "shop.urls"
    TEMPLATES = [{
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    }]
    ```

    ## Use instead
    ```python
    ROOT_URLCONF = "shop.urls"
    TEMPLATES = [{
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }]
    ```
    """
    value = _setting(ctx, node, "TEMPLATES")
    if not isinstance(value, (ast.List, ast.Tuple)):
        return None
    for entry in value.elts:
        if not isinstance(entry, ast.Dict):
            continue
        fields = {ctx.string(k): v for k, v in zip(entry.keys, entry.values) if k is not None}
        backend = ctx.string(fields["BACKEND"]) if "BACKEND" in fields else None
        options = fields.get("OPTIONS")
        if backend not in _TEMPLATE_BACKENDS or not isinstance(options, ast.Dict):
            continue
        for key, option in zip(options.keys, options.values):
            if key is not None and ctx.string(key) == "autoescape" and ctx.value(option) is False:
                return Report(option, f"`\"autoescape\": False` for {backend.rsplit('.', 1)[-1]}: every template "
                                      "variable is inserted as raw HTML.")
    return None
