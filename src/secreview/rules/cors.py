"""Cross-origin resource sharing that lets any site read responses made with the user's cookies.

A wildcard origin alone is the documented setting for a public API: browsers then send no cookies.
The defect is the combination: credentials allowed, and every origin accepted. Flask-CORS and
Starlette then echo the requesting site's `Origin` back with `Access-Control-Allow-Credentials: true`,
so a page on any domain reads the logged-in user's data (CWE-942).
"""
from __future__ import annotations

import ast

from secreview.findings import Confidence, Severity
from secreview.model import values as V
from secreview.rules._sinks import qualnames
from secreview.rules.api import Report, rule

_FLASK_CORS = ("flask_cors.CORS", "flask_cors.cross_origin", "flask_cors.extension.CORS",
               "flask_cors.decorator.cross_origin")
_STARLETTE_CORS = ("starlette.middleware.cors.CORSMiddleware", "fastapi.middleware.cors.CORSMiddleware")
_ANY_ORIGIN_REGEXES = (".*", "^.*$", ".+", "^.+$", "(.*)", "^(.*)$")


def _any_origin(value: object) -> bool:
    """`"*"`, `["*"]`, `r".*"`: a value accepting every origin."""
    if isinstance(value, str):
        return value == "*" or value in _ANY_ORIGIN_REGEXES
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(_any_origin(v) for v in value)
    return False


def _flask_cors_any_origin(ctx, call: ast.Call) -> bool:
    origins = ctx.argument(call, None, "origins")
    if origins is not None:
        return _any_origin(ctx.value(origins))
    resources = ctx.argument(call, None, "resources")
    if resources is None:
        return True  # Flask-CORS defaults to every origin
    if not isinstance(resources, ast.Dict):
        return False
    for options in resources.values:
        if isinstance(options, ast.Dict):
            origins = next((v for k, v in zip(options.keys, options.values) if ctx.string(k) == "origins"), None)
            if origins is None or _any_origin(ctx.value(origins)):
                return True
    return False


@rule("SR714", title="Cross-origin requests with credentials accepted from any origin", cwe=942,
      severity=Severity.HIGH, confidence=Confidence.HIGH,
      calls=(*_FLASK_CORS, *_STARLETTE_CORS), methods=("add_middleware",),
      fix="List the origins that may call the API with credentials (`origins=[\"https://app.example.com\"]`), "
          "or drop `supports_credentials` / `allow_credentials` for a public API.")
def cors_credentials_from_any_origin(ctx, call: ast.Call):
    """## What it does
    Flags Flask-CORS (`CORS(app, supports_credentials=True)`, `@cross_origin(...)`) and Starlette or
    FastAPI's `CORSMiddleware` (`allow_credentials=True`) configured to accept every origin: `"*"`,
    the default of Flask-CORS, or a regular expression such as `".*"`.

    ## Why is this bad?
    With credentials allowed, the library answers any site's request with that site's own origin and
    `Access-Control-Allow-Credentials: true`. A page on an attacker's domain then calls the API with
    the visitor's cookies and reads the answers: their data, their CSRF tokens.

    ## Example
    ```python
    from flask import Flask
    from flask_cors import CORS

    app = Flask(__name__)
    CORS(app, supports_credentials=True)
    ```

    ## Use instead
    ```python
    from flask import Flask
    from flask_cors import CORS

    app = Flask(__name__)
    CORS(app, origins=["https://app.example.com"], supports_credentials=True)
    ```
    """
    name = ctx.call_qualname
    if name in _FLASK_CORS:
        if ctx.keyword_value(call, "supports_credentials", False) is not True:
            return None
        if not _flask_cors_any_origin(ctx, call):
            return None
        return Report(call, "`supports_credentials=True` with every origin allowed: Flask-CORS echoes any "
                            "site's `Origin` with `Access-Control-Allow-Credentials: true`.")
    if name not in _STARLETTE_CORS:
        middleware = ctx.argument(call, 0, "middleware_class")
        if middleware is None or not qualnames(ctx, middleware) & set(_STARLETTE_CORS):
            return None
    if ctx.keyword_value(call, "allow_credentials", False) is not True:
        return None
    origins = ctx.keyword_value(call, "allow_origins", ())
    regex = ctx.keyword_value(call, "allow_origin_regex", None)
    if not (_any_origin(origins) or (regex is not None and regex is not V.UNKNOWN and _any_origin(regex))):
        return None
    return Report(call, "`allow_credentials=True` with every origin allowed: `CORSMiddleware` echoes any "
                        "site's `Origin` with `Access-Control-Allow-Credentials: true`.")
