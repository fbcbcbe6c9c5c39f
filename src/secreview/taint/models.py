"""Framework models: sources, sinks, sanitizers and guards, read from `data/models/*.toml`.

Nothing about a library is hard-coded in the engine: a model file says which qualified names are
untrusted input, which call arguments are dangerous for which CWE, and what makes data safe.
A name is a qualified name (`flask.request.args`) or a typed name (`django.http.HttpRequest.GET`:
the type the engine gave the receiver, e.g. a view's `request` parameter, plus the attribute).
"""
from __future__ import annotations

import copy

import builtins
import re
import sys
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

ALL = -1  # "sanitizes every CWE" (numeric conversions, allow-lists)
AS_IS = -5  # a mark in `sanitized`: safe only as is (see domain.py)


@dataclass(frozen=True)
class SinkSpec:
    cwe: int
    calls: frozenset[str] = frozenset()
    methods: frozenset[str] = frozenset()
    receivers: tuple[str, ...] = ()  # for methods: the receiver's type must start with one of these
    args: tuple[int, ...] = ()
    keywords: tuple[str, ...] = ()
    # "", "subprocess", "mongo"; "keys": a mapping's keys are the dangerous part; "unpacked": only a
    # `**mapping`'s keys count, on an ORM manager's method
    mode: str = ""
    safe_keyword: str = ""
    safe_values: frozenset[str] = frozenset()
    safe_position: int = -1
    safe_unless_html: tuple[str, ...] = ()
    default_html: bool = True
    receiver_tainted: bool = False
    url_method_arg: bool = False
    # the method name alone is the library's (`search_ext_s`): an object of unknown type, a parameter
    # included, calling it is taken to be one of `receivers`
    name_is_the_library: bool = False
    # the receiver is a framework's `self` (a request handler): never an object of unknown type that a
    # call returned (`with fopen(path) as fp_: fp_.write(...)` in a file importing tornado is a file)
    typed_receiver_only: bool = False
    # for methods: the receiver must be this attribute (`obj.__dict__.update(data)`; `vars(obj)` is `__dict__`)
    receiver_attrs: tuple[str, ...] = ()
    # a weak sink worth reporting for remote data only: a public function's parameter reaching it is no finding
    remote_only: bool = False


@dataclass(frozen=True)
class Sanitizer:
    cwes: frozenset[int]
    arg0_contains: tuple[str, ...] = ()
    keyword: str = ""  # as a guard `if f(url=x):`, the keyword naming the checked value
    # as an `if` test, does a true result vouch for the argument (`if is_safe_url(x):`)? Not for calls whose
    # result is clean but says nothing of the argument's content (`isinstance(x, str)`, `os.path.exists(p)`)
    guard: bool = True


@dataclass(frozen=True)
class Route:
    kind: str
    types: frozenset[str]
    attrs: frozenset[str]
    fallback_import: str
    skip_annotations: frozenset[str]
    skip_defaults: frozenset[str]
    view: bool
    html_return: bool = False  # a `str` the view returns is the HTML body (Flask's default mimetype)


@dataclass(frozen=True)
class TemplateRender:
    """A call that renders a named template file with a context (`render_template("page.html", name=x)`,
    `render(request, "page.html", {"name": x})`). Where the name and the context may be passed; the
    first constant name found is the template, the first dict found (or the keywords) the context."""
    template_args: tuple[int, ...] = ()
    template_keywords: tuple[str, ...] = ()
    context_args: tuple[int, ...] = ()
    context_keywords: tuple[str, ...] = ()
    keywords_are_context: bool = False  # Flask: every other keyword argument is a context variable
    receivers: tuple[str, ...] = ()  # for methods: the receiver's type must start with one of these


@dataclass(frozen=True)
class TemplateFolder:
    """Where an application keeps its templates, when it says so: a call's argument
    (`Flask(__name__, template_folder="views")`) or a settings entry (Django `TEMPLATES[i]["DIRS"]`)."""
    args: tuple[int, ...] = ()
    keywords: tuple[str, ...] = ()
    key: str = ""  # for a setting: the key of each entry holding the folder list


@dataclass(frozen=True)
class CookieCheck:
    """A method that sets a cookie: the flag keyword that must be true, and how a call that clears
    the cookie (expires at once, as `delete_cookie` does) is recognised: it carries nothing to protect."""
    keyword: str
    position: int = -1  # the flag's position when passed positionally
    clears: tuple[tuple[str, int], ...] = ()  # (keyword, position) whose value 0 / a past date clears it


@dataclass(frozen=True)
class KeyedStore:
    """An object that stores values under keys through methods (`conf.set(s, k, v)` / `conf.get(s, k)`)."""
    set: frozenset[str]
    get: frozenset[str]
    typed_get: frozenset[str]  # reads that convert (getint): never the stored text
    keys: int  # how many leading arguments form the key


@dataclass
class Models:
    packages: set[str] = field(default_factory=set)
    source_names: dict[str, str] = field(default_factory=dict)  # name -> kind
    # objects whose fields are sources (`flask.request`), tainted as a whole only where the object itself is
    # handed on (`wrapper(request)`): an attribute read in place is judged by `source_names`
    source_objects: dict[str, str] = field(default_factory=dict)  # name -> kind
    # source kinds that are a constant inside a view whose routes are fixed paths (Flask's `request.path`)
    route_fixed_kinds: set[str] = field(default_factory=set)
    source_methods: dict[str, tuple[str, str]] = field(default_factory=dict)  # method -> (kind, required import)
    config_kinds: set[str] = field(default_factory=set)  # source kinds that are configuration at module level
    local_kinds: set[str] = field(default_factory=set)  # sources the user running the program controls (argv, env)
    source_safe: dict[str, frozenset[int]] = field(default_factory=dict)  # kind -> CWEs it cannot exploit
    # sink CWEs only some source kinds count for (a predictable random value as a cookie): cwe -> kinds
    sink_kinds: dict[int, frozenset[str]] = field(default_factory=dict)
    routes: list[Route] = field(default_factory=list)
    views: list[dict] = field(default_factory=list)
    class_views: list[dict] = field(default_factory=list)
    # functions a server calls, known by their parameters (WSGI `app(environ, start_response)`):
    # (parameter names all present, those that are the client's, source kind)
    signature_entries: list[tuple[frozenset[str], frozenset[str], str]] = field(default_factory=list)
    entry_points: list[dict] = field(default_factory=list)  # framework-called methods: not library API
    typed_params: list[dict] = field(default_factory=list)
    self_types: list[tuple[frozenset[str], str]] = field(default_factory=list)
    # (methods only the framework's class has, its type, its package): a class whose base comes from
    # another module of the project and that calls `self.get_argument(...)` is that framework's class
    # environment variables read by a constant name that are a source of their own kind (`PATH`)
    environment_keys: dict[str, str] = field(default_factory=dict)
    self_type_evidence: list[tuple[frozenset[str], str, str]] = field(default_factory=list)
    sinks_by_call: dict[str, list[SinkSpec]] = field(default_factory=dict)
    sinks_by_method: dict[str, list[SinkSpec]] = field(default_factory=dict)
    store_sinks: dict[str, tuple[int, ...]] = field(default_factory=dict)  # subscript-store target -> cwes
    # a store target judged by its own name (`sessions[sid] = v`): (pattern on the last name, cwes)
    store_sink_patterns: list[tuple[re.Pattern, tuple[int, ...]]] = field(default_factory=list)
    store_key_cwes: set[int] = field(default_factory=set)  # store sinks where the key is dangerous too
    # (target, cwe) -> the only keys (lower case) whose store is that sink: `headers["Location"] = url`
    store_only_keys: dict[tuple[str, int], frozenset[str]] = field(default_factory=dict)
    cookie_methods: dict[str, CookieCheck] = field(default_factory=dict)  # method -> what it must be given
    sanitizer_calls: dict[str, Sanitizer] = field(default_factory=dict)
    sanitizer_methods: dict[str, list[Sanitizer]] = field(default_factory=dict)  # tried in order
    # plain function names that sanitize wherever they are defined (a project's own `quote_identifier(name)`)
    sanitizer_functions: dict[str, Sanitizer] = field(default_factory=dict)
    # attribute -> (receiver type prefixes, sanitizer): `Path(name).name` is the last component only
    sanitizer_attributes: dict[str, tuple[tuple[str, ...], Sanitizer]] = field(default_factory=dict)
    decoders: set[str] = field(default_factory=set)
    resolvers: set[str] = field(default_factory=set)
    resolver_methods: set[str] = field(default_factory=set)
    url_parsers: set[str] = field(default_factory=set)
    splicers: set[str] = field(default_factory=set)  # calls that splice their arguments into one value
    splicer_methods: set[str] = field(default_factory=set)  # methods of a constant string that do
    # method name -> argument positions whose data the result carries ("all": every argument)
    method_args: dict[str, object] = field(default_factory=dict)
    barrier_calls: set[str] = field(default_factory=set)  # results are not request data (database reads)
    barrier_managers: set[str] = field(default_factory=set)  # `Model.objects.<any>(...)`: database reads
    validators: list = field(default_factory=list)  # (compiled name pattern, cwes, keyword) of project predicates
    # (compiled name pattern, cwes) of project checks called for their exception: `validate_path(p)`
    raising_validators: list = field(default_factory=list)
    safe_constructors: dict[str, tuple[str, object, str]] = field(default_factory=dict)
    guard_chars: dict[str, set[int]] = field(default_factory=dict)
    noreturn: set[str] = field(default_factory=set)
    raises: set[str] = field(default_factory=set)
    keyed_stores: dict[str, "KeyedStore"] = field(default_factory=dict)  # constructor -> store model
    template_renders: dict[str, list[TemplateRender]] = field(default_factory=dict)  # call -> how it renders
    template_render_methods: dict[str, list[TemplateRender]] = field(default_factory=dict)
    template_folders: dict[str, TemplateFolder] = field(default_factory=dict)  # call -> where it names the folder
    template_settings: dict[str, TemplateFolder] = field(default_factory=dict)  # module-level setting name -> same

    _external: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)  # memo of is_external

    def is_external(self, qualname: str) -> bool:
        """A name that belongs to the standard library or a modelled package, not to the reviewed tree."""
        known = self._external.get(qualname)
        if known is None:
            top = qualname.split(".", 1)[0]
            known = self._external[qualname] = (top in self.packages or top in sys.stdlib_module_names
                                                or top in _BUILTINS)
        return known


_BUILTINS = frozenset(dir(builtins))


def _cwes(values) -> frozenset[int]:
    return frozenset(ALL if v == "all" else int(v) for v in values)


def load_text(texts: list[str]) -> Models:
    m = Models()
    only: dict[str, frozenset[int]] = {}
    for text in texts:
        data = tomllib.loads(text)
        m.packages.update(data.get("packages", ()))
        for s in data.get("source", ()):
            if s.get("module_level") is False:
                m.config_kinds.add(s["kind"])
            if s.get("local"):
                m.local_kinds.add(s["kind"])
            if s.get("fixed_by_route"):
                m.route_fixed_kinds.add(s["kind"])
            if s.get("safe_for"):
                m.source_safe[s["kind"]] = _cwes(s["safe_for"])
                if s.get("unchanged_only"):  # safe only as is: a slash appended drops it (domain.AS_IS)
                    m.source_safe[s["kind"]] = m.source_safe[s["kind"]] | {AS_IS}
            if s.get("only_sinks"):
                only[s["kind"]] = frozenset(int(c) for c in s["only_sinks"])
            for name in s.get("names", ()):
                (m.source_objects if s.get("whole_object") else m.source_names)[name] = s["kind"]
            for name in s.get("methods", ()):
                m.source_methods[name] = (s["kind"], s.get("requires_import", ""))
            for key in s.get("environment_keys", ()):
                m.environment_keys[key] = s["kind"]
        for r in data.get("route", ()):
            m.routes.append(Route(r["kind"], frozenset(r.get("types", ())), frozenset(r.get("attrs", ())),
                                  r.get("fallback_import", ""), frozenset(r.get("skip_annotations", ())),
                                  frozenset(r.get("skip_defaults", ())), bool(r.get("view", False)),
                                  bool(r.get("html_return", False))))
        m.views.extend(data.get("view", ()))
        for cv in data.get("class_view", ()):
            # `method_pattern`: framework-called methods named by a prefix (graphene's `resolve_<field>`)
            m.class_views.append({**cv, "methods": frozenset(cv.get("methods", ())),
                                  "method_pattern": re.compile(cv["method_pattern"]) if "method_pattern" in cv else None})
        m.entry_points.extend(data.get("entry_point", ()))
        for sig in data.get("signature_entry", ()):
            m.signature_entries.append((frozenset(sig["params"]), frozenset(sig["sources"]), sig["kind"]))
        m.typed_params.extend(data.get("typed_param", ()))
        for st in data.get("self_type", ()):
            m.self_types.append((frozenset(st["bases"]), st["type"]))
            if st.get("evidence_methods"):
                m.self_type_evidence.append((frozenset(st["evidence_methods"]), st["type"], st["type"].split(".")[0]))
        for s in data.get("sink", ()):
            spec = SinkSpec(
                cwe=int(s["cwe"]), calls=frozenset(s.get("calls", ())), methods=frozenset(s.get("methods", ())),
                receivers=tuple(s.get("receivers", ())), args=tuple(s.get("args", ())),
                keywords=tuple(s.get("keywords", ())), mode=s.get("mode", ""),
                safe_keyword=s.get("safe_keyword", ""), safe_values=frozenset(s.get("safe_values", ())),
                safe_position=int(s.get("safe_position", -1)), safe_unless_html=tuple(s.get("safe_unless_html", ())),
                default_html=bool(s.get("default_html", True)), receiver_tainted=bool(s.get("receiver_tainted", False)),
                url_method_arg=bool(s.get("url_method_arg", False)),
                name_is_the_library=bool(s.get("name_is_the_library", False)),
                typed_receiver_only=bool(s.get("typed_receiver_only", False)),
                receiver_attrs=tuple(s.get("receiver_attrs", ())),
                remote_only=bool(s.get("remote_only", False)),
            )
            for name in spec.calls:
                m.sinks_by_call.setdefault(name, []).append(spec)
            for name in spec.methods:
                m.sinks_by_method.setdefault(name, []).append(spec)
        for s in data.get("store_sink", ()):
            if s.get("key"):
                m.store_key_cwes.add(int(s["cwe"]))
            if "name_pattern" in s:
                m.store_sink_patterns.append((re.compile(s["name_pattern"]), (int(s["cwe"]),)))
            for t in s.get("targets", ()):
                m.store_sinks[t] = (*m.store_sinks.get(t, ()), int(s["cwe"]))
                if "only_keys" in s:
                    m.store_only_keys[(t, int(s["cwe"]))] = frozenset(k.lower() for k in s["only_keys"])
        for c in data.get("cookie_check", ()):
            check = CookieCheck(c["keyword"], int(c.get("position", -1)),
                                tuple((k, int(v)) for k, v in c.get("clears", {}).items()))
            for name in c["methods"]:
                m.cookie_methods[name] = check
        for s in data.get("sanitizer", ()):
            san = Sanitizer(_cwes(s["cwes"]), tuple(s.get("arg0_contains", ())), s.get("keyword", ""),
                            bool(s.get("guard", True)))
            for name in s.get("calls", ()):
                m.sanitizer_calls[name] = san
            for name in s.get("methods", ()):
                m.sanitizer_methods.setdefault(name, []).append(san)
            for name in s.get("functions", ()):
                m.sanitizer_functions[name] = san
            for name in s.get("attributes", ()):
                m.sanitizer_attributes[name] = (tuple(s.get("receivers", ())), san)
        for p in data.get("propagator", ()):
            names = set(p.get("calls", ()))
            if p.get("decode"):
                m.decoders |= names
            if p.get("resolved"):
                m.resolvers |= names
                m.resolver_methods |= set(p.get("methods", ()))
            if p.get("parses_url"):
                m.url_parsers |= names
            if p.get("splices"):
                m.splicers |= names
                m.splicer_methods |= set(p.get("methods", ()))
        for p in data.get("method_propagator", ()):
            for name in p["methods"]:
                m.method_args[name] = "all" if p["args"] == "all" else tuple(p["args"])
        for b in data.get("barrier", ()):
            m.barrier_calls.update(b.get("calls", ()))
            m.barrier_managers.update(b.get("managers", ()))
        for v in data.get("validator", ()):
            m.validators.append((re.compile(v["pattern"]), _cwes(v["cwes"]), v.get("keyword", "")))
        for v in data.get("raising_validator", ()):
            m.raising_validators.append((re.compile(v["pattern"]), _cwes(v["cwes"])))
        for c in data.get("safe_constructor", ()):
            for name in c["calls"]:
                m.safe_constructors[name] = (c["keyword"], c["value"], c["flag"])
        for g in data.get("guard_char", ()):
            for ch in g["chars"]:
                m.guard_chars.setdefault(ch, set()).update(int(c) for c in g["cwes"])
        for k in data.get("keyed_store", ()):
            store = KeyedStore(frozenset(k.get("set", ())), frozenset(k.get("get", ())),
                               frozenset(k.get("typed_get", ())), int(k.get("keys", 1)))
            for name in k["calls"]:
                m.keyed_stores[name] = store
        for t in data.get("template_render", ()):
            render = TemplateRender(tuple(t.get("template_args", ())), tuple(t.get("template_keywords", ())),
                                    tuple(t.get("context_args", ())), tuple(t.get("context_keywords", ())),
                                    bool(t.get("keywords_are_context", False)), tuple(t.get("receivers", ())))
            for name in t.get("calls", ()):
                m.template_renders.setdefault(name, []).append(render)
            for name in t.get("methods", ()):
                m.template_render_methods.setdefault(name, []).append(render)
        for t in data.get("template_folder", ()):
            folder = TemplateFolder(tuple(t.get("args", ())), tuple(t.get("keywords", ())), t.get("key", ""))
            for name in t.get("calls", ()):
                m.template_folders[name] = folder
            for name in t.get("settings", ()):
                m.template_settings[name] = folder
        for n in data.get("noreturn", ()):
            m.noreturn.update(n.get("calls", ()))
            m.raises.update(n.get("raises", ()))
    # a source kind that counts only for some sinks is "sanitized" for every other sink CWE, and
    # those sinks count only such kinds (request data in a cookie is no predictable secret)
    every = {spec.cwe for specs in m.sinks_by_call.values() for spec in specs}
    every |= {spec.cwe for specs in m.sinks_by_method.values() for spec in specs}
    every |= {c for cwes in m.store_sinks.values() for c in cwes} | {79, 89}
    for kind, cwes in only.items():
        m.source_safe[kind] = m.source_safe.get(kind, frozenset()) | frozenset(every - cwes)
        for cwe in cwes:
            m.sink_kinds[cwe] = m.sink_kinds.get(cwe, frozenset()) | {kind}
    return m


@lru_cache(maxsize=16)
def load_for(package: str) -> Models:
    """The models for a module of top-level package `package`: when that is a modelled framework under
    review itself (aiohttp's own `web_urldispatcher`), its modules are the reviewed tree, followed
    like any project code, not external (its sources and sinks still apply by name)."""
    base = load()
    if package not in base.packages:
        return base
    m = copy.copy(base)
    m.packages = base.packages - {package}
    m._external = {}
    return m


@lru_cache(maxsize=1)
def load() -> Models:
    """Every model file shipped in `secreview/data/models`, read once per process."""
    folder = resources.files("secreview").joinpath("data", "models")
    texts = [entry.read_text(encoding="utf-8") for entry in sorted(folder.iterdir(), key=lambda e: e.name)
             if entry.name.endswith(".toml")]
    return load_text(texts)
