"""URL checks that look right and are not: `startswith("/")` before a redirect, host allow-lists by suffix
or substring.

- SR706 (CWE-601): a redirect whose target was only checked with `target.startswith("/")`:
  `//evil.example` and `/\\evil.example` start with `/` and browsers follow them to another host.
- SR410 (CWE-20): `host.endswith("example.com")` / `"example.com" in netloc`: `evilexample.com` and
  `example.com.evil.net` pass.
"""
from __future__ import annotations

import ast
import re

from secreview.findings import Confidence, Severity
from secreview.rules._sinks import resolve, short
from secreview.rules.api import Report, rule
from secreview.rules.randomness import enclosing_function, identifier_words

_REDIRECTS = {
    "flask.redirect": "location", "flask.helpers.redirect": "location", "werkzeug.utils.redirect": "location",
    "werkzeug.redirect": "location", "django.shortcuts.redirect": "to",
    "django.http.HttpResponseRedirect": "redirect_to", "django.http.HttpResponsePermanentRedirect": "redirect_to",
    "django.http.response.HttpResponseRedirect": "redirect_to",
    "django.http.response.HttpResponsePermanentRedirect": "redirect_to",
    "starlette.responses.RedirectResponse": "url", "fastapi.responses.RedirectResponse": "url",
    "aiohttp.web.HTTPFound": "location", "aiohttp.web.HTTPSeeOther": "location",
}
# Any of these in the function means the target gets a real check.
_REAL_CHECKS = frozenset({"url_has_allowed_host_and_scheme", "is_safe_url", "urlparse", "urlsplit",
                          "url_is_safe", "is_safe_redirect", "safe_url", "validate_redirect", "is_local_url"})


def _prefixes(ctx, call: ast.Call) -> tuple[str, ...]:
    if not call.args:
        return ()
    value = ctx.value(call.args[0])
    values = value if isinstance(value, tuple) else (value,)
    return tuple(v for v in values if isinstance(v, str))


def _weak_slash_check(ctx, target: str) -> bool:
    """The function tests `target.startswith("/")` and nothing rules out `//host` or `/\\host`."""
    func = enclosing_function(ctx)
    if func is None:
        return False
    weak = False
    for sub in ast.walk(func):
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str) and ("//" in sub.value or "\\" in sub.value):
            return False
        if isinstance(sub, ast.Call):
            func_name = sub.func.attr if isinstance(sub.func, ast.Attribute) else \
                sub.func.id if isinstance(sub.func, ast.Name) else None
            if func_name in _REAL_CHECKS:
                return False
            if func_name == "startswith" and isinstance(sub.func, ast.Attribute) \
                    and ast.unparse(sub.func.value) == target and "/" in _prefixes(ctx, sub):
                weak = True
    return weak


@rule(
    "SR706",
    title="Redirect target checked only for a leading slash",
    cwe=601,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    calls=tuple(_REDIRECTS),
    fix="Check the target with `url_has_allowed_host_and_scheme()` (Django) or parse it and require no scheme and "
        "no host after normalizing backslashes; `startswith(\"/\")` also accepts `//evil.example`.",
)
def weak_redirect_check(ctx, call: ast.Call):
    """## What it does
    Flags a redirect (Flask/Werkzeug `redirect`, Django `redirect` / `HttpResponseRedirect`,
    Starlette `RedirectResponse`) to a variable that the function only checks with
    `value.startswith("/")`, with no test for `//` or `\\`, no URL parsing and no
    `url_has_allowed_host_and_scheme`/`is_safe_url` call.

    ## Why is this bad?
    The check is meant to keep redirects on this site, but `//evil.example/login` and
    `/\\evil.example` start with `/` and browsers treat them as links to another host: an open
    redirect that phishing pages use to borrow the site's name.

    ## Example
    ```python
    from flask import redirect

    def back_to(next_url):
        if next_url.startswith("/"):
            return redirect(next_url)
        return redirect("/")
    ```

    ## Use instead
    ```python
    from flask import redirect

    def back_to(next_url):
        if next_url.startswith("/") and not next_url.startswith(("//", "/\\\\")):
            return redirect(next_url)
        return redirect("/")
    ```
    """
    target = ctx.argument(call, 0, _REDIRECTS.get(ctx.call_qualname, "location"))
    if target is None or ctx.is_constant(target) or not isinstance(target, ast.Name):
        return None
    text = ast.unparse(target)
    if not _weak_slash_check(ctx, text):
        return None
    return Report(call, f"`{text}` is only checked with `startswith(\"/\")`: `//evil.example` passes and the "
                        "browser follows it to another host.")


# ------------------------------------------------------------------------------------ host checks
_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$", re.I)
# Words in the name of a function that decides whether a URL or host is trusted.
_CHECK_WORDS = frozenset({"trusted", "trust", "allowed", "allow", "safe", "whitelist", "whitelisted", "allowlist",
                          "allowlisted", "permitted", "authorized", "verify", "validate", "valid", "check",
                          "internal", "own", "same"})
_HOST_ATTRS = frozenset({"netloc", "hostname", "host"})
_HOST_WORDS = frozenset({"host", "hostname", "netloc", "domain"})
_URL_PARSERS = frozenset({"urllib.parse.urlparse", "urllib.parse.urlsplit", "urlparse.urlparse",
                          "urlparse.urlsplit", "urllib3.util.parse_url", "urllib3.util.url.parse_url"})


def _host_like(ctx, expr: ast.AST, depth: int = 0) -> bool:
    """`urlparse(u).netloc`, `parsed.hostname`, `host` assigned from one of those, a `*_host` name."""
    if depth > 3:
        return False
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr in (
            "lower", "casefold", "strip", "rstrip"):
        return _host_like(ctx, expr.func.value, depth + 1)
    if isinstance(expr, ast.Attribute) and expr.attr in _HOST_ATTRS:
        return True
    if isinstance(expr, ast.Name):
        node = resolve(ctx, expr)
        if node is not expr:
            return _host_like(ctx, node, depth + 1) or isinstance(node, ast.BoolOp) and any(
                _host_like(ctx, v, depth + 1) for v in node.values)
        words = identifier_words(expr.id)
        return bool(words) and words[-1] in _HOST_WORDS
    return False


def _domain_constants(ctx, expr: ast.AST | None) -> list[str]:
    if expr is None:
        return []
    value = ctx.value(expr)
    values = value if isinstance(value, (tuple, list, set, frozenset)) else (value,)
    return [v for v in values if isinstance(v, str) and not v.startswith(".") and _DOMAIN.match(v)]


@rule(
    "SR410",
    title="Host checked by suffix or substring",
    cwe=20,
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    methods=("endswith",),
    nodes=(ast.Compare,),
    fix="Compare the parsed host exactly (`host == \"example.com\"`) or by a dotted suffix "
        "(`host.endswith(\".example.com\")`), on `urlparse(url).hostname` (which drops the port and user info).",
)
def host_suffix_check(ctx, node: ast.AST):
    """## What it does
    Flags `host.endswith("example.com")` without a leading dot and `"example.com" in netloc`, where
    the value is a URL's host (`urlparse(url).netloc` / `.hostname`, or a name ending in `host`,
    `netloc` or `domain`), inside a function that decides trust (`is_trusted_url`, `allowed_host`,
    `validate_redirect`...). Elsewhere such tests usually pick an endpoint or a backend.

    ## Why is this bad?
    A suffix without the dot accepts `evilexample.com`; a substring accepts
    `example.com.attacker.net` and `attacker.net/?example.com`. Allow-lists for redirects, CORS,
    webhooks or outgoing requests written this way let an attacker's host through (open redirect,
    SSRF, credentials sent to the wrong server).

    ## Example
    ```python
    from urllib.parse import urlparse

    def trusted(url):
        return urlparse(url).hostname.endswith("example.com")
    ```

    ## Use instead
    ```python
    from urllib.parse import urlparse

    def trusted(url):
        host = urlparse(url).hostname or ""
        return host == "example.com" or host.endswith(".example.com")
    ```
    """
    func = enclosing_function(ctx)
    if func is None or not _CHECK_WORDS & set(identifier_words(func.name)):
        return None  # outside a validator the test picks a behaviour (an endpoint, a backend), not a trust level
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Attribute) or not _host_like(ctx, node.func.value):
            return None
        domains = _domain_constants(ctx, node.args[0] if node.args else None)
        if not domains:
            return None
        return Report(node, f"`{short(node)}` also accepts `evil{domains[0]}`: compare with `.{domains[0]}` as the "
                            "suffix, or exactly.")
    compare: ast.Compare = node  # type: ignore[assignment]
    if len(compare.ops) != 1 or not isinstance(compare.ops[0], (ast.In, ast.NotIn)):
        return None
    container = compare.comparators[0]
    if not _host_like(ctx, container) or isinstance(resolve(ctx, container), (ast.List, ast.Tuple, ast.Set)):
        return None
    domains = _domain_constants(ctx, compare.left)
    if not domains or not isinstance(ctx.value(compare.left), str):
        return None
    return Report(compare, f"`{short(compare)}` is a substring test: `{domains[0]}.attacker.example` passes too.")
