"""XML parsers open to entity attacks.

What each parser really does on a current Python (see the stdlib "XML vulnerabilities" table):
- `xml.etree`, `minidom`, `pulldom`, `sax`, `xmlrpc` (all on expat) never fetch external entities by
  default (sax/pulldom since 3.7.1), but expand internal entities: billion laughs / quadratic blowup,
  CWE-776. Expat >= 2.4.1 limits the amplification, hence low confidence.
- `sax` / `pulldom` with `feature_external_ges` (or `_pes`) turned on resolve external entities: CWE-611.
- `lxml` before 5.0 resolves entities by default, including local files (`file://`): CWE-611; an
  explicit `resolve_entities=True` is certain. `resolve_entities=False` (or `defusedxml`) is safe.
"""
from __future__ import annotations

import ast

from secreview.findings import Confidence, Severity
from secreview.rules._sinks import callee_name, resolve, short
from secreview.rules.api import Report, rule

_ETREE = ("xml.etree.ElementTree", "xml.etree.cElementTree")
_EXPAT_PARSERS = (
    *(f"{m}.{f}" for m in _ETREE for f in ("parse", "fromstring", "XML", "iterparse", "fromstringlist")),
    *(f"xml.dom.{m}.{f}" for m in ("minidom", "pulldom", "expatbuilder") for f in ("parse", "parseString")),
    "xml.sax.parse", "xml.sax.parseString",
)
_DEFUSE_FIX = "Parse untrusted XML with `defusedxml` (`defusedxml.ElementTree.fromstring`, ...), which refuses DTDs."


_SERIALIZERS = frozenset({"tostring", "tostringlist", "toxml", "toprettyxml"})
_STDLIB_SAX_PARSERS = frozenset({"xml.sax.make_parser", "xml.sax.expatreader.create_parser",
                                 "xml.sax.expatreader.ExpatParser"})


def _own_serialization(ctx, source: ast.expr) -> bool:
    """`minidom.parseString(ET.tostring(element))`: re-parsing a tree this program just serialized (pretty-printing)."""
    return ctx.model.all_origins_are(source, lambda leaf, _: callee_name(ctx, leaf) in _SERIALIZERS)


def _custom_parser(ctx, call: ast.Call) -> bool:
    """`pulldom.parse(stream, parser)` / `minidom.parseString(text, parser)` with a parser that is not the stdlib's default
    (a defused subclass, typically): judged where that parser is built, not here."""
    parser = ctx.argument(call, 1, "parser")
    if parser is None:
        return False
    built = resolve(ctx, parser)
    return not (isinstance(built, ast.Call) and ctx.qualified_name(built.func) in _STDLIB_SAX_PARSERS)


@rule("SR310", title="XML parsed by a stdlib parser that expands entities", cwe=776, severity=Severity.MEDIUM,
      confidence=Confidence.LOW, calls=_EXPAT_PARSERS, tags=("sink",), fix=_DEFUSE_FIX)
def stdlib_parse(ctx, call: ast.Call):
    """## What it does
    Flags `xml.etree.ElementTree`, `minidom`, `pulldom`, `expatbuilder` and `xml.sax` parsing of a
    document that is not a constant.

    ## Why is this bad?
    These parsers expand entities declared in the document's DTD: a few hundred bytes of nested
    entities ("billion laughs") expand to gigabytes and exhaust memory and CPU. Expat 2.4.1 and newer
    cap the amplification, so the risk depends on the expat the interpreter is linked against
    (`pyexpat.EXPAT_VERSION`).

    ## Example
    ```python
    import xml.etree.ElementTree as ET

    def read_invoice(payload):
        return ET.fromstring(payload)
    ```

    ## Use instead
    ```python
    import defusedxml.ElementTree as ET

    def read_invoice(payload):
        return ET.fromstring(payload)
    ```
    """
    source = ctx.argument(call, 0, None)
    for keyword in ("source", "text", "file", "string", "sequence", "filename_or_stream", "filename"):
        source = source or ctx.argument(call, None, keyword)
    if source is None or ctx.is_constant(source) or _own_serialization(ctx, source):
        return None
    if ctx.call_qualname.startswith(("xml.dom.pulldom.", "xml.dom.minidom.")) and _custom_parser(ctx, call):
        return None
    return Report(call, f"`{ctx.call_qualname}()` parses `{short(source)}` and expands the entities its DTD "
                        "declares (XML entity expansion).")


_EXTERNAL_FEATURES = ("xml.sax.handler.feature_external_ges", "xml.sax.handler.feature_external_pes")
_EXTERNAL_URIS = ("http://xml.org/sax/features/external-general-entities",
                  "http://xml.org/sax/features/external-parameter-entities")


@rule("SR311", title="SAX parser with external entities enabled", cwe=611, severity=Severity.HIGH,
      confidence=Confidence.HIGH, methods=("setFeature",), fix=_DEFUSE_FIX)
def sax_external_entities(ctx, call: ast.Call):
    """## What it does
    Flags `parser.setFeature(feature_external_ges, True)` (and `feature_external_pes`) on a SAX or
    pulldom parser.

    ## Why is this bad?
    The parser then fetches the `SYSTEM` URLs the document names: `file:///etc/passwd` ends up in
    the parsed data, and `http://` URLs make the server send requests (XXE, SSRF).

    ## Example
    ```python
    import xml.sax
    from xml.sax.handler import feature_external_ges

    def make(handler):
        parser = xml.sax.make_parser()
        parser.setFeature(feature_external_ges, True)
        parser.setContentHandler(handler)
        return parser
    ```

    ## Use instead
    ```python
    import defusedxml.sax

    def make(handler):
        parser = defusedxml.sax.make_parser()
        parser.setContentHandler(handler)
        return parser
    ```
    """
    feature = ctx.argument(call, 0, "name")
    if feature is None or not (ctx.qualified_name(feature) in _EXTERNAL_FEATURES or ctx.string(feature) in _EXTERNAL_URIS):
        return None
    state = ctx.argument(call, 1, "state")
    if state is None or not ctx.value(state) is True and ctx.value(state) != 1:
        return None
    return Report(call, f"`setFeature({short(feature)}, True)` makes the parser resolve external entities.")


_LXML = "lxml.etree."
_LXML_PARSE = tuple(_LXML + f for f in ("parse", "fromstring", "XML", "iterparse", "fromstringlist"))


def _parser_resolves(ctx, call: ast.Call) -> bool | None:
    """For an `lxml.etree.XMLParser(...)` call: True (explicit), None (default), False (disabled)."""
    value = ctx.keyword_value(call, "resolve_entities", None)
    if value is None:
        return None if not ctx.has_argument(call, None, "resolve_entities") else False
    return value is True


@rule("SR312", title="lxml parser that resolves external entities", cwe=611, severity=Severity.HIGH,
      confidence=Confidence.LOW, calls=(_LXML + "XMLParser", *_LXML_PARSE),
      fix="Build the parser with `lxml.etree.XMLParser(resolve_entities=False, no_network=True)` or use "
      "`defusedxml.lxml`.")
def lxml_entities(ctx, call: ast.Call):
    """## What it does
    Flags `lxml.etree.XMLParser(resolve_entities=True)` (high confidence), an `XMLParser()` that
    does not set `resolve_entities=False`, and `lxml.etree.parse` / `fromstring` / `XML` of
    non-constant data with the default parser (lxml before 5.0 resolves entities by default).

    ## Why is this bad?
    Resolving entities lets the document pull in local files (`<!ENTITY x SYSTEM "file:///etc/passwd">`)
    and, without `no_network=True`, make requests (XXE).

    ## Example
    ```python
    from lxml import etree

    PARSER = etree.XMLParser(resolve_entities=True)

    def read(payload):
        return etree.fromstring(payload, PARSER)
    ```

    ## Use instead
    ```python
    from lxml import etree

    PARSER = etree.XMLParser(resolve_entities=False, no_network=True)

    def read(payload):
        return etree.fromstring(payload, PARSER)
    ```
    """
    if ctx.call_qualname == _LXML + "XMLParser":
        resolves = _parser_resolves(ctx, call)
        if resolves is True:
            return Report(call, "`XMLParser(resolve_entities=True)` substitutes external entities into the document.",
                          confidence=Confidence.HIGH)
        if resolves is None:
            return Report(call, "`XMLParser()` without `resolve_entities=False` resolves external entities on "
                                "lxml < 5.0.")
        return None
    source = ctx.argument(call, 0, "source") or ctx.argument(call, 0, "text")
    if source is None or ctx.is_constant(source) or ctx.has_argument(call, 1, "parser"):
        return None  # a parser passed explicitly is judged where it is built
    if _parser_resolves(ctx, call) is False:
        return None  # `iterparse(source, resolve_entities=False)` takes the parser options itself
    return Report(call, f"`{ctx.call_qualname}()` parses `{short(source)}` with lxml's default parser, which "
                        "resolves external entities on lxml < 5.0.")


_XMLRPC = ("xmlrpc.server.SimpleXMLRPCServer", "xmlrpc.server.DocXMLRPCServer", "xmlrpc.server.CGIXMLRPCRequestHandler",
           "xmlrpc.server.MultiPathXMLRPCServer", "SimpleXMLRPCServer.SimpleXMLRPCServer",
           "DocXMLRPCServer.DocXMLRPCServer", "xmlrpc.client.ServerProxy", "xmlrpclib.ServerProxy")


@rule("SR313", title="XML-RPC without defusedxml", cwe=776, severity=Severity.MEDIUM, confidence=Confidence.LOW,
      calls=_XMLRPC, fix="Call `defusedxml.xmlrpc.monkey_patch()` at start-up, before serving or calling XML-RPC.")
def xmlrpc_unprotected(ctx, call: ast.Call):
    """## What it does
    Flags an XML-RPC server (or a client proxy) in a module that does not use `defusedxml.xmlrpc`.

    ## Why is this bad?
    `xmlrpc` parses every request (or response) with expat, expanding DTD entities and decompressing
    gzip bodies without limit: one small message exhausts memory (XML entity expansion).

    ## Example
    ```python
    from xmlrpc.server import SimpleXMLRPCServer

    server = SimpleXMLRPCServer(("127.0.0.1", 8000))
    ```

    ## Use instead
    ```python
    from xmlrpc.server import SimpleXMLRPCServer
    from defusedxml.xmlrpc import monkey_patch

    monkey_patch()
    server = SimpleXMLRPCServer(("127.0.0.1", 8000))
    ```
    """
    if any(name.startswith("defusedxml.xmlrpc") for name in ctx.model.imports):
        return None
    client = ctx.call_qualname.endswith("ServerProxy")
    side = "responses from that server" if client else "every request"
    return Report(call, f"`{ctx.call_qualname}()` parses {side} with expat without `defusedxml.xmlrpc` protection.",
                  severity=Severity.LOW if client else None)


@rule("SR314", title="XML-RPC instance registered with dotted names allowed", cwe=749, severity=Severity.HIGH,
      confidence=Confidence.HIGH, methods=("register_instance",),
      fix="Drop `allow_dotted_names=True`; register the functions clients may call one by one "
          "(`server.register_function(f)`).")
def xmlrpc_dotted_names(ctx, call: ast.Call):
    """## What it does
    Flags `register_instance(obj, allow_dotted_names=True)` on an XML-RPC server
    (`xmlrpc.server`, `SimpleXMLRPCServer`).

    ## Why is this bad?
    With dotted names, a client can call `method.__globals__`-style paths through the attributes
    of the registered object: the Python documentation warns that it gives access to the module's
    globals and may let clients run arbitrary code.

    ## Example
    ```python
    from xmlrpc.server import SimpleXMLRPCServer

    class Api:
        def ping(self):
            return "pong"

    server = SimpleXMLRPCServer(("127.0.0.1", 8000))
    server.register_instance(Api(), allow_dotted_names=True)
    ```

    ## Use instead
    ```python
    from xmlrpc.server import SimpleXMLRPCServer

    class Api:
        def ping(self):
            return "pong"

    server = SimpleXMLRPCServer(("127.0.0.1", 8000))
    server.register_instance(Api())
    ```
    """
    if ctx.keyword_value(call, "allow_dotted_names", False) is not True:
        arg = call.args[1] if len(call.args) > 1 else None
        if arg is None or ctx.value(arg) is not True:
            return None
    return Report(call, "`register_instance(..., allow_dotted_names=True)` lets XML-RPC clients walk the object's "
                        "attributes to module globals.")
