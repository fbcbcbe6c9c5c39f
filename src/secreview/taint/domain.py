"""The abstract values the taint interpretation computes, and the picklable per-file facts.

A *label* says where (part of) a value may come from: an untrusted source, a parameter of the
function being summarised, the result of a call resolved later across files, a field of a class,
a module global, or something opaque (unknown, not trusted to be constant). Labels are keyed by
`(origin, sanitized)`, where `sanitized` is the set of CWEs for which the value was made safe on
the way, and carry the shortest trace (steps after the origin) that produced them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from secreview.model import values as V
from secreview.taint.models import ALL, AS_IS

# origins
OPAQUE = ("opaque",)
NO_SAN: frozenset[int] = frozenset()
# Not a CWE (no CWE has id 0): a mark in the `sanitized` set saying the value was spliced into a
# larger string or path (`"rm " + name`, `f"...{q}..."`, `os.path.join(base, name)`). A parameter
# that reaches a sink spliced is an injection if a caller passes untrusted data; one that reaches
# it as-is is usually the function's purpose (a wrapper), to be judged at the caller.
SPLICED = 0
# Further marks (negative: never a CWE id) for where it was spliced. CONFINED: after a fixed base (a
# constant or a value no parameter contributed to: `os.path.join(STATIC_ROOT, name)`), so a traversal
# escapes somewhere the code meant to confine. HOST: right after a scheme (`"https://" + host`), so
# the value chooses the server.
CONFINED = -2
HOST = -3
# AS_IS (defined in models, which reads it from the model files): a source safe for some CWEs only as
# it is (the current request path as a redirect target leads back to this page). `path + "/"` is the
# append-slash redirect, which runs for paths no route matched, `//evil.example` included: the value
# loses that safety (see `unchanged_only`).
MAX_TRACE = 24

Labels = dict  # {(origin tuple, frozenset[int]): trace tuple of steps}
# A step: (path, line, column, end_line, end_column, kind, description); columns 1-based.


def merge_into(dst: Labels, src: Labels) -> bool:
    changed = False
    for key, trace in src.items():
        old = dst.get(key)
        if old is None or len(trace) < len(old):
            dst[key] = trace
            changed = True
    return changed


def union(*parts: Labels) -> Labels:
    out: Labels = {}
    for p in parts:
        if p:
            merge_into(out, p)
    return out


def extend_trace(trace: tuple, more: tuple) -> tuple:
    if not more:
        return trace
    joined = trace + more
    if len(joined) > MAX_TRACE:
        joined = joined[: MAX_TRACE // 2] + joined[-(MAX_TRACE // 2):]
    return joined


def with_step(labels: Labels, step: tuple) -> Labels:
    return {k: (t if k[0] == OPAQUE else extend_trace(t, (step,))) for k, t in labels.items()}


def sanitize(labels: Labels, cwes: frozenset[int]) -> Labels:
    if ALL in cwes:
        return {}
    out: Labels = {}
    for (origin, san), trace in labels.items():
        merge_into(out, {(origin, san | cwes): trace})
    return out


def desanitize(labels: Labels) -> Labels:
    out: Labels = {}
    for (origin, _san), trace in labels.items():
        merge_into(out, {(origin, NO_SAN): trace})
    return out


def spliced(labels: Labels, *more: int) -> Labels:
    """The same labels, marked as spliced into a larger value (and with the `more` marks)."""
    if not labels:
        return labels
    marks = frozenset({SPLICED, *more})
    out: Labels = {}
    for (origin, san), trace in labels.items():
        merge_into(out, {(origin, san if marks <= san else san | marks): trace})
    return out


def dirty_for(labels: Labels, cwe: int) -> Labels:
    """The labels that still matter for `cwe`."""
    return {k: t for k, t in labels.items() if cwe not in k[1]}


class AV:
    """Abstract value: labels of the value itself plus precise elements when known."""

    __slots__ = ("labels", "items", "keys", "const", "cls", "flags", "lam", "parsed_from", "alts")

    def __init__(self, labels: Labels | None = None, items: tuple | None = None, keys: dict | None = None,
                 const: object = V.UNKNOWN, cls: str | None = None, flags: frozenset = frozenset(),
                 lam=None, parsed_from: str | None = None, alts: frozenset | None = None) -> None:
        self.labels = labels if labels is not None else {}
        self.items = items
        self.keys = keys
        self.const = const
        self.cls = cls
        self.flags = flags
        self.lam = lam
        self.parsed_from = parsed_from
        self.alts = alts  # the constants an ANY_CONSTANT value may be, when a join of a few known ones

    def copy(self, **changes) -> "AV":
        new = AV(self.labels, self.items, self.keys, self.const, self.cls, self.flags, self.lam, self.parsed_from,
                 self.alts)
        for k, v in changes.items():
            setattr(new, k, v)
        return new

    def flat(self) -> Labels:
        if self.items is None and self.keys is None:
            return self.labels
        out = dict(self.labels)
        for item in self.items or ():
            merge_into(out, item.flat())
        for item in (self.keys or {}).values():
            merge_into(out, item.flat())
        return out

    def map_labels(self, fn) -> "AV":
        return self.copy(
            labels=fn(self.labels) if self.labels else self.labels,
            items=tuple(i.map_labels(fn) for i in self.items) if self.items is not None else None,
            keys={k: v.map_labels(fn) for k, v in self.keys.items()} if self.keys is not None else None,
        )

    def sig(self) -> tuple:
        return (frozenset(self.labels), tuple(i.sig() for i in self.items) if self.items is not None else None,
                tuple((k, v.sig()) for k, v in self.keys.items()) if self.keys is not None else None, self.cls)

    @property
    def clean(self) -> bool:
        return not self.flat()


CLEAN = AV(const=V.ANY_CONSTANT)


def join(a: AV | None, b: AV | None) -> AV | None:
    if a is None:
        return b
    if b is None or a is b:
        return a
    items = keys = None
    labels = union(a.labels, b.labels)
    if a.items is not None and b.items is not None and len(a.items) == len(b.items):
        items = tuple(join(x, y) for x, y in zip(a.items, b.items))
    else:
        for side in (a, b):
            for item in side.items or ():
                merge_into(labels, item.flat())
    if a.keys is not None and b.keys is not None:
        keys = {}
        for k in set(a.keys) | set(b.keys):
            keys[k] = join(a.keys.get(k), b.keys.get(k))
    else:
        for side in (a, b):
            for item in (side.keys or {}).values():
                merge_into(labels, item.flat())
    const = V.merge([a.const, b.const])
    alts = None
    if const is V.ANY_CONSTANT:
        alts = _alts(a) | _alts(b) if _alts(a) is not None and _alts(b) is not None else None
        if alts is not None and len(alts) > _MAX_ALTS:
            alts = None
    return AV(labels, items, keys, const, a.cls if a.cls == b.cls else None,
              a.flags & b.flags, a.lam if a.lam is b.lam else None,
              a.parsed_from if a.parsed_from == b.parsed_from else None, alts)


_MAX_ALTS = 8


def _alts(av: AV) -> frozenset | None:
    if av.alts is not None:
        return av.alts
    if V.is_known(av.const) and isinstance(av.const, (str, bytes, int, float, bool, type(None))):
        return frozenset({av.const})
    return None


def possible_constants(av: AV) -> frozenset | None:
    """The known constants a value may be (one, or the few a join of branches left), or None."""
    return _alts(av) if V.is_constant(av.const) else None


# ------------------------------------------------------------------ facts (picklable)
@dataclass
class CallSite:
    caller: str
    candidates: tuple  # ((qualname, bound), ...)
    args: tuple  # Labels per positional argument
    kwargs: dict  # name -> Labels
    star: Labels  # labels of *args / **kwargs, for any parameter not matched
    receiver: Labels | None
    step: tuple  # (path, line, col, end_line, end_col)
    text: str  # callee as written


@dataclass
class FuncSummary:
    qualname: str
    class_qualname: str | None
    params: tuple  # all parameter names, in order: positional, keyword-only, *args, **kwargs
    n_positional: int
    vararg: str | None
    kwarg: str | None
    static: bool
    ret: Labels = field(default_factory=dict)
    hits: list = field(default_factory=list)  # (sink index, argument text, Labels)
    stores: list = field(default_factory=list)  # (class qualname, attribute, Labels)
    calls: list = field(default_factory=list)  # call ids made here
    # part of the API a library's users call (module-level function or method of a module-level
    # class, no leading underscore): its parameters are untrusted under the library threat model
    public: bool = False
    param_locs: tuple = ()  # (path, line, col, end_line, end_col) of each parameter, as `params`


@dataclass
class SourceRec:
    kind: str
    loc: tuple  # (path, line, col, end_line, end_col)
    text: str
    local: bool = False  # controlled by whoever runs the program (argv, environment, stdin)
    config: bool = False  # configuration when read at import time (environment)


@dataclass
class SinkRec:
    cwe: int
    loc: tuple
    snippet: str
    statement: tuple
    context: str
    call_text: str
    in_test: bool
    dirty: bool = False
    shape: str = ""  # a sink found by the value's shape, not the callee ("the string parses as SQL")
    weak: bool = False  # rests on a heuristic (a wrapper's name): its findings are low confidence
    # a method sink on an imported name (`helpers.execute(q)`): void when the call lands in the tree
    unless_in_tree: bool = False
    remote_only: bool = False  # only remote data counts here (an existence check): no parameter findings


@dataclass
class FileFacts:
    path: str
    module: str
    functions: dict = field(default_factory=dict)  # qualname -> FuncSummary
    classes: dict = field(default_factory=dict)  # qualname -> tuple of base qualnames
    aliases: dict = field(default_factory=dict)  # module-level imported name -> target qualname
    exports: dict = field(default_factory=dict)  # module global qualname -> Labels
    calls: dict = field(default_factory=dict)  # call id -> CallSite
    sources: list = field(default_factory=list)
    sinks: list = field(default_factory=list)
    findings: list = field(default_factory=list)  # pattern findings made in the worker (cookies)
    # sink index -> TemplateContext: a context variable given to a template file (linked in the parent)
    template_contexts: dict = field(default_factory=dict)
    template_dirs: list = field(default_factory=list)  # folders this file says templates are in


@dataclass
class TemplateContext:
    """One context variable a render call gives a template file (`render_template("page.html", name=q)`).

    Its sink's location is only an identity (column < 0): the worker cannot see the template, so the
    parent (`secreview.templating.link`) moves a flow into it to the template line that inserts the
    variable unescaped, or drops it when the template escapes it."""
    templates: tuple  # candidate names, first found wins (`render_template(["a.html", "b.html"])`)
    variable: str
    loc: tuple  # (path, line, col, end_line, end_col) of the value passed (or the call)
    call_text: str
