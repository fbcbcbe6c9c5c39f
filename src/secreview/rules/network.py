"""Network and TLS: certificate checks turned off, old protocols, all-interface binds, cleartext
protocols, HTTP calls without a timeout, URL openers that accept `file://`."""
from __future__ import annotations

import ast

from secreview.findings import Confidence, Severity
from secreview.rules.api import Report, rule
from secreview.rules.randomness import constructor_of, enclosing_function, identifier_words

# --------------------------------------------------------------------------- tables

HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "request")
REQUESTS_CALLS = frozenset(f"requests.{v}" for v in HTTP_VERBS) | frozenset(
    f"requests.api.{v}" for v in HTTP_VERBS)
SESSION_CLASSES = frozenset({"requests.Session", "requests.session", "requests.sessions.Session"})
HTTPX_CALLS = frozenset({*(f"httpx.{v}" for v in (*HTTP_VERBS, "stream")), "httpx.Client", "httpx.AsyncClient"})
# Calls / constructors whose `verify=False` (or aiohttp's `ssl=False`) turns certificate checks off.
VERIFY_CALLS = REQUESTS_CALLS | HTTPX_CALLS | SESSION_CLASSES
AIOHTTP_SSL_CALLS = frozenset({"aiohttp.TCPConnector", "aiohttp.ClientSession", "aiohttp.request"})
CERT_REQS_CALLS = frozenset({
    "ssl.wrap_socket", "urllib3.PoolManager", "urllib3.ProxyManager", "urllib3.HTTPSConnectionPool",
    "urllib3.connection_from_url", "urllib3.poolmanager.PoolManager", "urllib3.connectionpool.HTTPSConnectionPool",
    "urllib3.proxy_from_url",
})
CERT_NONE_VALUES = frozenset({"CERT_NONE", "NONE", "none"})

# Protocol constants that pin a broken SSL/TLS version (CWE-327).
OLD_PROTOCOLS = frozenset({
    "ssl.PROTOCOL_SSLv2", "ssl.PROTOCOL_SSLv3", "ssl.PROTOCOL_TLSv1", "ssl.PROTOCOL_TLSv1_1",
    "OpenSSL.SSL.SSLv2_METHOD", "OpenSSL.SSL.SSLv3_METHOD", "OpenSSL.SSL.TLSv1_METHOD", "OpenSSL.SSL.TLSv1_1_METHOD",
})
# TLSVersion members that, as a minimum, let a peer negotiate down to a broken version (CWE-757).
OLD_TLS_VERSIONS = frozenset({"ssl.TLSVersion.SSLv3", "ssl.TLSVersion.TLSv1", "ssl.TLSVersion.TLSv1_1"})
_LAST_NAMES = frozenset(n.rsplit(".", 1)[1] for n in OLD_PROTOCOLS | OLD_TLS_VERSIONS)

ALL_INTERFACES = frozenset({"0.0.0.0", "::", "0:0:0:0:0:0:0:0"})
# Calls that take the listening host: (position of the host argument or None, its keyword).
HOST_CALLS = {
    "uvicorn.run": (None, "host"), "hypercorn.run": (None, "host"), "waitress.serve": (None, "host"),
    "aiohttp.web.run_app": (None, "host"), "asyncio.start_server": (1, "host"),
    "werkzeug.serving.run_simple": (0, "hostname"),
    "bottle.run": (None, "host"), "gevent.pywsgi.WSGIServer": (0, "listener"),
    "wsgiref.simple_server.make_server": (0, "host"),
}
# Methods on any receiver that take the listening host: `app.run(host=...)`, `loop.create_server(f, host)`.
HOST_METHODS = {"run": (None, "host"), "run_app": (None, "host"), "create_server": (1, "host"),
                "listen": (None, "address")}
# Server classes taking an (address, port) tuple first.
ADDRESS_TUPLE_CALLS = frozenset({
    "socketserver.TCPServer", "socketserver.UDPServer", "socketserver.ThreadingTCPServer",
    "socketserver.ThreadingUDPServer", "socketserver.ForkingTCPServer", "http.server.HTTPServer",
    "http.server.ThreadingHTTPServer", "xmlrpc.server.SimpleXMLRPCServer", "socket.create_server",
})

CLEARTEXT_CALLS = {"telnetlib.Telnet": "Telnet", "ftplib.FTP": "FTP", "telnetlib3.open_connection": "Telnet"}

URL_OPENERS = frozenset({"urllib.request.urlopen", "urllib.request.urlretrieve", "urllib.request.URLopener.open",
                         "urllib.urlopen", "urllib2.urlopen", "six.moves.urllib.request.urlopen"})
_REQUEST_CLASSES = frozenset({"urllib.request.Request", "urllib2.Request"})


# --------------------------------------------------------------------------- TLS

@rule(
    "SR401",
    title="TLS certificate verification disabled",
    cwe=295,
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    calls=(*VERIFY_CALLS, *AIOHTTP_SSL_CALLS, *CERT_REQS_CALLS, "ssl._create_unverified_context",
           "ssl._create_stdlib_context"),
    methods=(*HTTP_VERBS, "set_verify", "wrap_socket"),
    fix="Keep verification on (the default). For a private CA pass its bundle: `verify=\"/path/ca.pem\"` or "
    "`ssl.create_default_context(cafile=...)`.",
)
def verification_disabled(ctx, call: ast.Call):
    """## What it does
    Flags HTTP and TLS calls that skip certificate checks: `requests`/`httpx` with `verify=False`
    (also on a `requests.Session()`), aiohttp `ssl=False`, `cert_reqs="CERT_NONE"` for urllib3 and
    `ssl.wrap_socket`, a client `ssl.wrap_socket()` without `cert_reqs` (it defaults to no checks),
    `ssl._create_unverified_context()`, and pyOpenSSL `set_verify(VERIFY_NONE, ...)`.

    ## Why is this bad?
    Without certificate validation anyone on the network path can impersonate the server and read
    or alter the traffic (man in the middle), including credentials sent over it.

    ## Example
    ```python
    import requests

    def fetch(url):
        return requests.get(url, verify=False, timeout=10)
    ```

    ## Use instead
    ```python
    import requests

    def fetch(url):
        return requests.get(url, verify="/etc/ssl/certs/internal-ca.pem", timeout=10)
    ```
    """
    qualname = ctx.call_qualname or ""
    if qualname in ("ssl._create_unverified_context", "ssl._create_stdlib_context"):
        return Report(call, f"`{qualname}()` makes a context that accepts any certificate.")
    method = call.func.attr if isinstance(call.func, ast.Attribute) else None
    if qualname in VERIFY_CALLS or (method in HTTP_VERBS and constructor_of(ctx, call.func.value) in SESSION_CLASSES):
        if ctx.keyword_value(call, "verify", True) is False:
            if _plain_http(ctx, call, qualname, method):
                return None  # no TLS to verify: the request goes out over plain HTTP anyway
            return Report(call, f"`{qualname or method}(verify=False)` accepts any certificate.")
        return None
    if qualname in AIOHTTP_SSL_CALLS or (method in HTTP_VERBS and constructor_of(
            ctx, call.func.value) == "aiohttp.ClientSession"):
        for keyword in ("ssl", "verify_ssl"):
            if ctx.keyword_value(call, keyword, None) is False:
                return Report(call, f"`{keyword}=False` turns certificate checks off.")
        return None
    if method == "set_verify":
        mode = ctx.qualified_name(call.args[0]) if call.args else None
        if mode == "OpenSSL.SSL.VERIFY_NONE":
            return Report(call, "`set_verify(VERIFY_NONE)` accepts any peer certificate.")
        return None
    if qualname in CERT_REQS_CALLS or method == "wrap_socket":
        arg = ctx.argument(call, None, "cert_reqs")
        if arg is not None:
            name = ctx.qualified_name(arg) or ctx.string(arg) or ""
            if name.rsplit(".", 1)[-1] in CERT_NONE_VALUES or ctx.value(arg) == 0:
                return Report(call, "`cert_reqs=CERT_NONE` accepts any certificate.")
            return None
        if qualname == "ssl.wrap_socket" and ctx.keyword_value(call, "server_side", False) is False \
                and not ctx.has_argument(call, 4, "cert_reqs"):
            return Report(call, "`ssl.wrap_socket()` does not verify the peer certificate unless `cert_reqs` is "
                                "set (and it is removed in Python 3.12).", confidence=Confidence.MEDIUM)
    return None


def _plain_http(ctx, call: ast.Call, qualname: str, method: str | None) -> bool:
    """The request's URL is fixed to `http://` by its constant text: `verify=False` changes nothing
    there (the cleartext request is the exposure, not certificate checks)."""
    if qualname in SESSION_CLASSES or qualname in ("httpx.Client", "httpx.AsyncClient"):
        return False  # a client for many URLs
    request_style = qualname.endswith(".request") or method == "request"
    url = ctx.argument(call, 1 if request_style else 0, "url")
    prefix = _url_prefix(ctx, url)
    return prefix is not None and prefix.lower().startswith("http://")


# Words in an `if` test that make the branch an option the caller chose (`if not validate_certs:`).
_VERIFY_OPTION_WORDS = frozenset({"verify", "verified", "validate", "validation", "cert", "certs", "reqs",
                                  "insecure", "unverified", "hostname", "fingerprint", "secure", "strict"})


def _configured_by_caller(ctx) -> bool:
    """The statement runs in a branch chosen by a verification setting (`if not verify:`, `elif verify is
    False:`, `if cert_reqs == CERT_REQUIRED: ... else:`): library code honouring its caller's option."""
    child = ctx.statement
    for parent in reversed(ctx.parents):
        if isinstance(parent, ast.If) and child is not parent.test:
            for sub in ast.walk(parent.test):
                name = sub.id if isinstance(sub, ast.Name) else sub.attr if isinstance(sub, ast.Attribute) else \
                    sub.arg if isinstance(sub, ast.keyword) else None
                if name and _VERIFY_OPTION_WORDS & set(identifier_words(name)):
                    return True
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            return False
        child = parent
    return False


def _attribute_default(ctx, node: ast.Assign) -> bool:
    """`self.check_hostname = False` in `__init__`: a context-like class giving its own attribute a default."""
    func = enclosing_function(ctx)
    return (func is not None and func.name == "__init__" and all(
        isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self" for t in node.targets))


@rule(
    "SR402",
    title="Certificate checks turned off on an SSL context",
    cwe=295,
    also_cwes=(297,),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    nodes=(ast.Assign,),
    fix="Leave `check_hostname=True` and `verify_mode=ssl.CERT_REQUIRED` (what `ssl.create_default_context()` "
    "sets); load a private CA with `load_verify_locations()` if needed.",
)
def context_verification_off(ctx, node: ast.Assign):
    """## What it does
    Flags assignments that switch verification off on an SSL context or HTTP session:
    `context.verify_mode = ssl.CERT_NONE`, `context.check_hostname = False` (CWE-297),
    `session.verify = False`, and `ssl._create_default_https_context = ssl._create_unverified_context`.
    Not reported: such assignments in a branch chosen by a verification option (`if not
    validate_certs:`, `elif verify is False:`), which is library code honouring what its caller asked
    for, and `self.check_hostname = False` defaults in the `__init__` of a context-like class.

    ## Why is this bad?
    The connection still looks encrypted, but any certificate (or any certificate for another host)
    is accepted, so an attacker in the middle can impersonate the server.

    ## Example
    ```python
    import ssl

    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    ```

    ## Use instead
    ```python
    import ssl

    context = ssl.create_default_context(cafile="/etc/ssl/certs/internal-ca.pem")
    ```
    """
    if not any(isinstance(t, ast.Attribute) for t in node.targets):
        return None  # nothing below looks at other targets: skip the (pure) context checks
    if _configured_by_caller(ctx) or _attribute_default(ctx, node):
        return None
    reports = []
    for target in node.targets:
        if not isinstance(target, ast.Attribute):
            continue
        value = ctx.value(node.value)
        if target.attr == "verify_mode" and (ctx.qualified_name(node.value) == "ssl.CERT_NONE" or value == 0):
            reports.append(Report(node, "`verify_mode = CERT_NONE` accepts any certificate."))
        elif target.attr == "check_hostname" and value is False:
            reports.append(Report(node, "`check_hostname = False` accepts a valid certificate for any other host.",
                                  cwe=297))
        elif target.attr == "verify" and value is False:
            reports.append(Report(node, "`verify = False` on a session accepts any certificate."))
        elif (target.attr == "_create_default_https_context"
              and ctx.qualified_name(node.value) == "ssl._create_unverified_context"):
            reports.append(Report(node, "Every HTTPS connection of the process now accepts any certificate."))
    return reports


@rule(
    "SR403",
    title="Broken SSL/TLS protocol version",
    cwe=327,
    also_cwes=(757,),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    names=_LAST_NAMES,
    fix="Use `ssl.create_default_context()` (TLS 1.2+ negotiated) or `ssl.PROTOCOL_TLS_CLIENT` / "
    "`PROTOCOL_TLS_SERVER` with `minimum_version = ssl.TLSVersion.TLSv1_2`; for pyOpenSSL `TLS_METHOD` with "
    "`set_min_proto_version(TLS1_2_VERSION)`.",
)
def old_protocol(ctx, node: ast.Attribute | ast.Name):
    """## What it does
    Flags uses of SSLv2, SSLv3, TLS 1.0 and TLS 1.1: `ssl.PROTOCOL_TLSv1` and friends, pyOpenSSL's
    `SSLv3_METHOD`/`TLSv1_METHOD`..., and `ssl.TLSVersion.TLSv1`/`TLSv1_1` as a minimum version
    (CWE-757: the peer may negotiate down to it). Comparisons (`if proto == ssl.PROTOCOL_TLSv1`),
    keys and values of look-up tables (`table[ssl.PROTOCOL_TLSv1] = SSL.TLSv1_METHOD`) and `OP_NO_*`
    options are not reported.

    ## Why is this bad?
    These protocol versions have practical attacks (POODLE, BEAST, DROWN) and are disabled by
    current browsers and RFC 8996.

    ## Example
    ```python
    import ssl

    context = ssl.SSLContext(ssl.PROTOCOL_TLSv1)
    ```

    ## Use instead
    ```python
    import ssl

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    ```
    """
    last = node.attr if isinstance(node, ast.Attribute) else node.id
    if last not in _LAST_NAMES or not isinstance(node.ctx, ast.Load):
        return None
    parent = ctx.parent()
    if isinstance(parent, (ast.Attribute, ast.Compare)):
        return None  # part of a longer name (`ssl.TLSVersion` inside `ssl.TLSVersion.TLSv1`) or a comparison
    if (isinstance(parent, ast.Dict) and any(k is node for k in parent.keys)) or (
            isinstance(parent, ast.Subscript) and parent.slice is node):
        return None  # a key of a compatibility table (`versions[ssl.PROTOCOL_TLSv1] = ...`) is a look-up
    stmt = ctx.statement
    if (isinstance(parent, ast.Dict) and any(v is node and k is not None and not isinstance(k, ast.Constant)
                                             for k, v in zip(parent.keys, parent.values))) or (
            isinstance(stmt, ast.Assign) and stmt.value is node and all(
            isinstance(t, ast.Subscript) for t in stmt.targets)):
        return None  # the value side of a translation table (`table[ssl.PROTOCOL_TLSv1] = SSL.TLSv1_METHOD`)
    name = ctx.qualified_name(node)
    if name in OLD_PROTOCOLS:
        return Report(node, f"`{name.rsplit('.', 1)[1]}` pins a broken SSL/TLS protocol version.")
    if name in OLD_TLS_VERSIONS:
        stmt = ctx.statement
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Attribute) and t.attr == "maximum_version"
                                                for t in stmt.targets):
            return Report(node, f"`maximum_version = {name.rsplit('.', 1)[1]}` caps TLS at a broken version.")
        return Report(node, f"`{name.rsplit('.', 1)[1]}` lets the connection negotiate a broken TLS version.",
                      cwe=757)
    return None


# --------------------------------------------------------------------------- exposure

def _host(ctx, expr: ast.AST | None) -> object:
    """The host of a host string or an (address, port) pair, as far as it is known."""
    if expr is None:
        return None
    if isinstance(expr, (ast.Tuple, ast.List)):
        return ctx.value(expr.elts[0]) if expr.elts and not isinstance(expr.elts[0], ast.Starred) else None
    if isinstance(expr, ast.Name):
        bindings = ctx.lookup(expr.id)
        if len(bindings) == 1 and bindings[0].kind == "assign" and isinstance(bindings[0].value, (ast.Tuple, ast.List)):
            elts = bindings[0].value.elts
            if elts and not isinstance(elts[0], ast.Starred):
                return ctx.model.value(elts[0], bindings[0].scope)
    value = ctx.value(expr)
    if isinstance(value, (tuple, list)):
        return value[0] if value else None
    return value


@rule(
    "SR404",
    title="Server bound to all network interfaces",
    cwe=1327,
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    calls=(*HOST_CALLS, *ADDRESS_TUPLE_CALLS),
    methods=("bind", *HOST_METHODS),
    fix="Bind to 127.0.0.1 (or a specific interface) and put a reverse proxy or firewall in front; make the "
    "listen address configurable.",
)
def bind_all_interfaces(ctx, call: ast.Call):
    """## What it does
    Flags servers that listen on every interface: `sock.bind(("0.0.0.0", port))` (or `""`),
    `app.run(host="0.0.0.0")`, `uvicorn.run(app, host="::")`, `socketserver.TCPServer(("", 80), ...)`.
    The host value is followed through constants. Unlike Bandit's B104, a `"0.0.0.0"` string that is
    never bound (a default in a config table, a log message) is not reported.

    ## Why is this bad?
    A service meant for local use becomes reachable from every network the host is on, exposing
    debug consoles, admin APIs and unauthenticated endpoints.

    ## Example
    ```python
    from flask import Flask

    app = Flask(__name__)
    app.run(host="0.0.0.0", port=8080)
    ```

    ## Use instead
    ```python
    from flask import Flask

    app = Flask(__name__)
    app.run(host="127.0.0.1", port=8080)
    ```
    """
    qualname = ctx.call_qualname
    method = call.func.attr if isinstance(call.func, ast.Attribute) else None
    if qualname in HOST_CALLS:
        host = _host(ctx, ctx.argument(call, *HOST_CALLS[qualname]))
        pair = False
    elif qualname in ADDRESS_TUPLE_CALLS or method == "bind":
        address = ctx.argument(call, 0, "server_address") or ctx.argument(call, None, "address")
        host = _host(ctx, address)
        pair = True
    elif method in HOST_METHODS:
        host = _host(ctx, ctx.argument(call, *HOST_METHODS[method]))
        pair = False
    else:
        return None
    # only a known text is an interface; a constant list or dict there (`(([], 80))`) is not hashable
    if not isinstance(host, str) or (host not in ALL_INTERFACES and not (pair and host == "")):
        return None
    shown = host or '""'
    return Report(call, f"Listening on {shown} exposes the service on every network interface.")


@rule(
    "SR405",
    title="Cleartext protocol (Telnet, FTP)",
    cwe=319,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    calls=tuple(CLEARTEXT_CALLS),
    fix="Use SSH (paramiko, asyncssh) instead of Telnet and SFTP or `ftplib.FTP_TLS` (with `prot_p()`) instead "
    "of FTP.",
)
def cleartext_protocol(ctx, call: ast.Call):
    """## What it does
    Flags connections made with `telnetlib.Telnet` and `ftplib.FTP`. Unlike Bandit (B401/B402/B321),
    the import alone is not reported, and `ftplib.FTP_TLS` is not.

    ## Why is this bad?
    Telnet and FTP send credentials and data unencrypted: anyone on the network path can read the
    password and the files, or alter them.

    ## Example
    ```python
    import ftplib

    def upload(host, user, password, path):
        with ftplib.FTP(host) as ftp:
            ftp.login(user, password)
            with open(path, "rb") as fh:
                ftp.storbinary("STOR report.csv", fh)
    ```

    ## Use instead
    ```python
    import ftplib

    def upload(host, user, password, path):
        with ftplib.FTP_TLS(host) as ftp:
            ftp.login(user, password)
            ftp.prot_p()
            with open(path, "rb") as fh:
                ftp.storbinary("STOR report.csv", fh)
    ```
    """
    protocol = CLEARTEXT_CALLS[ctx.call_qualname]
    return Report(call, f"{protocol} sends credentials and data in cleartext.")


# --------------------------------------------------------------------------- HTTP clients

@rule(
    "SR406",
    title="HTTP request without a timeout",
    cwe=1088,
    severity=Severity.LOW,
    confidence=Confidence.LOW,
    calls=(*REQUESTS_CALLS, *HTTPX_CALLS),
    methods=HTTP_VERBS,
    fix="Pass `timeout=` (seconds, e.g. `timeout=10` or `(3.05, 27)`); for httpx do not pass `timeout=None`.",
)
def missing_timeout(ctx, call: ast.Call):
    """## What it does
    Flags `requests` calls (module functions and methods of a `requests.Session()`) without
    `timeout=` or with `timeout=None`, and `httpx` calls/clients with `timeout=None`. httpx has a
    5-second default, so omitting it there is fine. Calls with `**kwargs` are not reported.
    A missing timeout is a robustness defect more than a vulnerability: the rule is low severity and
    low confidence, hidden unless `--min-confidence low`.

    ## Why is this bad?
    `requests` waits forever by default: one unresponsive server blocks the worker for good, and
    enough of them exhaust the pool (denial of service).

    ## Example
    ```python
    import requests

    def fetch_rates():
        return requests.get("https://api.example.com/rates").json()
    ```

    ## Use instead
    ```python
    import requests

    def fetch_rates():
        return requests.get("https://api.example.com/rates", timeout=10).json()
    ```
    """
    qualname = ctx.call_qualname
    if qualname in HTTPX_CALLS:
        arg = ctx.argument(call, None, "timeout")
        if arg is not None and ctx.value(arg) is None:
            return Report(call, f"`{qualname}(timeout=None)` waits forever for a slow server.")
        return None
    is_requests = qualname in REQUESTS_CALLS or (
        isinstance(call.func, ast.Attribute) and qualname is None
        and constructor_of(ctx, call.func.value) in SESSION_CLASSES)
    if not is_requests:
        return None
    if ctx.has_argument(call, None, "timeout"):
        arg = ctx.argument(call, None, "timeout")
        if arg is not None and ctx.value(arg) is None:
            return Report(call, "`timeout=None` waits forever for a slow server.")
        return None
    name = qualname or f"Session.{call.func.attr}"  # type: ignore[union-attr]
    return Report(call, f"`{name}()` without `timeout=` waits forever for a server that does not answer.")


_WEB = ("http://", "https://")


def _url_prefix(ctx, expr: ast.AST | None, depth: int = 0) -> str | None:
    """The constant text a URL expression starts with, when it has one."""
    if expr is None or depth > 6:
        return None
    text = ctx.string(expr)
    if text is not None:
        return text
    if isinstance(expr, ast.JoinedStr):
        first = expr.values[0] if expr.values else None
        return str(first.value) if isinstance(first, ast.Constant) else None
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.Add, ast.Mod)):
        return _url_prefix(ctx, expr.left, depth + 1)
    if isinstance(expr, ast.Call):
        func = expr.func
        if isinstance(func, ast.Attribute) and func.attr == "format":
            return ctx.string(func.value)
        name = ctx.qualified_name(func)
        if name in _REQUEST_CLASSES:
            return _url_prefix(ctx, ctx.argument(expr, 0, "url"), depth + 1)
        if name == "urllib.parse.urljoin":
            return _url_prefix(ctx, ctx.argument(expr, 0, "base"), depth + 1)
        return None
    if isinstance(expr, ast.Name):
        bindings = ctx.lookup(expr.id)
        prefixes = set()
        for b in bindings:
            if b.kind != "assign" or b.value is None:
                return None
            text = ctx.model.string(b.value)
            prefixes.add(text if text is not None else _url_prefix(ctx, b.value, depth + 1))
        if len(prefixes) == 1:
            return prefixes.pop()
        return "http://" if prefixes and all(p and p.lower().startswith(_WEB) for p in prefixes) else None
    return None


def _fixed_scheme(ctx, expr: ast.AST | None) -> bool:
    if ctx.is_constant(expr):
        return True
    prefix = _url_prefix(ctx, expr)
    return bool(prefix) and prefix.lower().startswith(_WEB)  # type: ignore[union-attr]


@rule(
    "SR407",
    title="URL opened without restricting its scheme",
    cwe=918,
    severity=Severity.MEDIUM,
    confidence=Confidence.LOW,
    calls=tuple(URL_OPENERS),
    fix="Check `urllib.parse.urlsplit(url).scheme in {\"http\", \"https\"}` (and the host) before opening, or "
    "use an HTTP client such as `requests`, which does not open `file://` URLs.",
)
def url_open_any_scheme(ctx, call: ast.Call):
    """## What it does
    Flags `urllib.request.urlopen()` / `urlretrieve()` on a URL that is not a constant and does not
    start with a constant `http://` or `https://` prefix (an f-string, `+` or `.format()` on such a
    prefix, or a `Request` built from one, is accepted). Bandit's B310 reports every call.

    ## Why is this bad?
    urllib also opens `file://` (and `ftp://`) URLs: if any part of the URL is chosen by a user, it
    can read local files such as `/etc/passwd` or reach internal services (SSRF).

    ## Example
    ```python
    from urllib.request import urlopen

    def preview(url):
        with urlopen(url, timeout=5) as response:
            return response.read(1024)
    ```

    ## Use instead
    ```python
    from urllib.parse import quote
    from urllib.request import urlopen

    def preview(slug):
        with urlopen(f"https://cdn.example.com/{quote(slug)}", timeout=5) as response:
            return response.read(1024)
    ```
    """
    url = ctx.argument(call, 0, "url") or ctx.argument(call, 0, "fullurl")
    if url is None or _fixed_scheme(ctx, url):
        return None
    return Report(call, f"`{ast.unparse(url)[:60]}` may use any scheme, including `file://`, which reads local "
                        "files.")
