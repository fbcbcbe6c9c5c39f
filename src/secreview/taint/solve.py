"""Link the per-file facts of all modules and report source -> sink flows (parent side).

Summaries are solved together by a worklist fixpoint over the call graph:
- `ret[f]`: what `f` returns, over sources, `f`'s parameters and opaque values;
- `reach[f]`: which sinks (in `f` or in functions it calls) sources / `f`'s parameters reach;
- `stores[f]` / `fields`: what `self.attr = ...` writes, read back as `self.attr` in other methods.
Call labels are resolved against the callee's `ret` with the call's arguments put in place of
the callee's parameters; the traces are concatenated, so every finding shows its path.

The result is the least fixpoint whatever order functions are evaluated in: every evaluation
records what state it read (`_readers`), a change re-queues exactly those readers, and among
equally short traces the smaller one wins (`_better`). That is what lets a re-review re-solve only
the functions a change can reach and still print what a cold run prints.
"""
from __future__ import annotations

import heapq
from collections import defaultdict

from secreview.findings import Confidence, Finding, FlowStep, Location, Severity
from secreview.parse import HUNK_FUNCTION
from secreview.taint import models
from secreview.taint.domain import MAX_TRACE, CallSite, FileFacts, FuncSummary, Labels, merge_into
from secreview.taint.incremental import SolveState, interface, to_resolve
from secreview.taint.provenance import DEFAULT_THREAT_MODEL, Provenance
from secreview.taint.provenance import policy as provenance_policy

# evaluations per function before the solve gives up on a fixpoint (never reached on real trees)
MAX_EVALUATIONS_PER_FUNCTION = 64

# rule id, title, severity, fix -- one rule per sink CWE
RULES: dict[int, tuple[str, str, Severity, str]] = {
    78: ("SR901", "Untrusted data reaches an OS command", Severity.HIGH,
         "Pass the command as a list without `shell=True`, with a constant program; validate the argument against an "
         "allow-list, or quote it with `shlex.quote()` if a shell is unavoidable."),
    89: ("SR902", "Untrusted data reaches an SQL query", Severity.HIGH,
         "Use a parameterized query: keep the SQL text constant and pass the value separately, e.g. "
         "`cursor.execute(\"SELECT ... WHERE name = %s\", (name,))` or SQLAlchemy `text(...)` with bound parameters."),
    95: ("SR903", "Untrusted data is evaluated as Python code", Severity.HIGH,
         "Never evaluate request data: parse it with `ast.literal_eval`/`json.loads`, or map it to a fixed set of "
         "allowed operations."),
    94: ("SR918", "Untrusted data is executed as Python code", Severity.HIGH,
         "Never execute request data: dispatch to existing functions through a dictionary of allowed operations, "
         "or parse data with `json.loads`/`ast.literal_eval` instead of running it."),
    470: ("SR904", "Untrusted data selects the module to import", Severity.HIGH,
         "Map the value to a constant allow-list of modules (`MODULES = {\"csv\": csv_exporter}`) instead of "
         "importing by name."),
    22: ("SR905", "Untrusted data reaches a file path", Severity.HIGH,
         "Reduce the name with `werkzeug.utils.secure_filename()`/`os.path.basename()`, or resolve the path with "
         "`os.path.realpath()` and reject it unless it starts with the allowed base directory; Flask's "
         "`send_from_directory` does this for you."),
    79: ("SR906", "Untrusted data reaches an HTML response", Severity.MEDIUM,
         "Render through a template with autoescaping, or escape the value with `html.escape()`/`markupsafe.escape()` "
         "before putting it into HTML; never wrap request data in `Markup`/`mark_safe`."),
    918: ("SR907", "Untrusted data selects the URL of a server-side request", Severity.HIGH,
          "Do not let the request choose the host: build the URL from a constant base and check the parsed host "
          "against an allow-list (`urlparse(url).hostname in ALLOWED_HOSTS`) before fetching."),
    601: ("SR908", "Untrusted data selects a redirect target", Severity.MEDIUM,
          "Redirect only to relative paths or allow-listed hosts: check `urlparse(target).netloc` against an "
          "allow-list (Django: `url_has_allowed_host_and_scheme`), else redirect to a default page."),
    611: ("SR909", "Untrusted XML parsed with entity resolution enabled", Severity.HIGH,
          "Parse untrusted XML with `defusedxml`, or pass `parser=etree.XMLParser(resolve_entities=False, "
          "no_network=True)` to lxml."),
    502: ("SR910", "Untrusted data is deserialized", Severity.HIGH,
          "Deserialize untrusted data only with data-only formats: `json.loads`, `yaml.safe_load`; never `pickle`, "
          "`marshal` or `jsonpickle` on request data."),
    90: ("SR911", "Untrusted data reaches an LDAP filter", Severity.HIGH,
         "Escape values with `ldap.filter.escape_filter_chars()` (ldap3: `escape_filter_chars`) before building the "
         "filter."),
    643: ("SR912", "Untrusted data reaches an XPath expression", Severity.MEDIUM,
          "Keep the XPath expression constant and pass values as XPath variables (`tree.xpath(\"//user[@name=$n]\", "
          "n=name)`), or validate them against an allow-list."),
    1336: ("SR913", "Untrusted data is compiled as a template", Severity.HIGH,
           "Never build a template from request data: keep template text constant and pass the data as context "
           "variables (`render_template(\"page.html\", name=name)`)."),
    943: ("SR914", "Untrusted data reaches a NoSQL query operator", Severity.HIGH,
          "Do not use `$where` with request data; build the filter from constant operators and cast values to the "
          "expected type (`str(...)`) so a request cannot inject `{\"$ne\": ...}`."),
    338: ("SR919", "Predictable random value becomes a cookie or session secret", Severity.MEDIUM,
          "Make secrets with the `secrets` module (`secrets.token_urlsafe(32)`) or `random.SystemRandom()`; "
          "`random` is a Mersenne Twister whose next values follow from a few observed ones."),
    117: ("SR915", "Untrusted data is written to a log", Severity.LOW,
          "Strip or encode line breaks before logging request data (`value.replace(\"\\n\", \"\\\\n\")`), or log it "
          "with `%r`/`repr()` so forged log lines are impossible."),
    501: ("SR916", "Untrusted data is stored in the session", Severity.LOW,
          "Validate the value (type, allow-list, length) before storing it in the session: other code trusts what it "
          "finds there."),
    915: ("SR920", "Untrusted data chooses which object attributes are set", Severity.MEDIUM,
          "Copy only the fields the user may change (`for name in (\"title\", \"body\"): setattr(obj, name, "
          "data[name])`, a form or serializer with explicit `fields`) instead of every key the request sends."),
    # not a sink: the summarizer reports `set_cookie` without `secure=True` itself (a pattern), from this entry
    614: ("SR917", "Cookie set without the Secure flag", Severity.LOW,
          "Pass `secure=True` (and `httponly=True`, `samesite='Lax'`) to `set_cookie`, or set "
          "`SESSION_COOKIE_SECURE`-style settings for the framework."),
}


_UNSEEN = object()


class _Solver:
    def __init__(self, facts: list[FileFacts], threat_model: str = DEFAULT_THREAT_MODEL,
                 pattern_sinks: frozenset = frozenset()) -> None:
        self.threat_model = threat_model
        self.pattern_sinks = pattern_sinks  # (path, line, column, cwe) where a pattern rule found the call dangerous
        self.policy = provenance_policy()
        self._by_last_name: dict[str, set[str]] | None = None  # last component -> full names
        self._suffix_answers: dict[str, str | None] = {}
        self.files = {f.path: f for f in facts}
        self.functions: dict[str, tuple[FileFacts, FuncSummary]] = {}
        self.classes: dict[str, tuple] = {}
        self.aliases: dict[str, str] = {}
        self.exports: dict[str, Labels] = {}
        self._export_file: dict[str, str] = {}
        self.calls: dict[tuple, CallSite] = {}
        for f in facts:
            for qn, summary in f.functions.items():
                self.functions.setdefault(qn, (f, summary))
            self.classes.update(f.classes)
            self.aliases.update(f.aliases)
            self.exports.update(f.exports)
            self._export_file.update(dict.fromkeys(f.exports, f.path))
            for k, site in f.calls.items():
                self.calls[(f.path, k)] = site
        self.subclasses: dict[str, set[str]] = defaultdict(set)
        for cls, bases in self.classes.items():
            for b in bases:
                for name in self._expand(b):
                    self.subclasses[name].add(cls)
        self.ret: dict[str, Labels] = defaultdict(dict)
        self.reach: dict[str, dict] = defaultdict(dict)  # (sink path, sink index, origin, sanitized) -> (trace, text)
        self.stores: dict[str, dict] = defaultdict(dict)  # (cls, attr, origin, sanitized) -> trace
        self.fields: dict[tuple, Labels] = defaultdict(dict)
        self._callee_cache: dict[tuple, tuple] = {}
        self._memo: dict[tuple, Labels] = {}
        self._busy: set = set()
        # who read what: ("ret", f), ("out", f) (reach and stores), ("field", cls, attr), ("file", path)
        self._readers: dict[tuple, set[str]] = defaultdict(set)
        self._reader: tuple[str, str] | None = None  # (function, its file) being evaluated
        self.complete = True  # False when the evaluation budget ran out before the fixpoint
        self.order: list[str] | None = None  # evaluation priority, callees first
        self.method_args = models.load().method_args
        self.sink_kinds = models.load().sink_kinds
        self._related: dict[str, set] = {}
        self._call_at: dict | None = None

    # ----------------------------------------------------------------- names
    def _expand(self, qualname: str):
        """The name itself and what it stands for through imports (`pkg.run` -> `pkg.helpers.run`)."""
        seen = set()
        name = qualname
        for _ in range(6):
            if name in seen:
                return
            seen.add(name)
            yield name
            if name in self.aliases:
                name = self.aliases[name]
                continue
            parts = name.split(".")
            for i in range(len(parts) - 1, 0, -1):
                prefix = ".".join(parts[:i])
                if prefix in self.aliases:
                    name = ".".join([self.aliases[prefix], *parts[i:]])
                    break
            else:
                alt = self._by_suffix(name) if name not in self.functions and name not in self.classes else None
                if alt is None:
                    return
                name = alt

    def _unknown_callee_result(self, site: CallSite) -> Labels:
        """What a call outside the tree and the models returns: a method carries its receiver's data
        (and the arguments of propagators listed in the models); any other callable's result is not
        its arguments."""
        passed: Labels = dict(site.receiver or {})
        method = site.candidates[0][0].rsplit(".", 1)[-1] if site.candidates else ""
        spec = self.method_args.get(method)
        if spec == "all":
            for labels in (*site.args, *site.kwargs.values(), site.star):
                merge_into(passed, labels)
        elif spec:
            for i in spec:
                if i < len(site.args):
                    merge_into(passed, site.args[i])
            merge_into(passed, site.star)
        return passed

    def _by_suffix(self, name: str) -> str | None:
        """`helpers.utils.run` -> `app.helpers.utils.run` when the tree was scanned from above the
        project's own root, so its absolute imports carry fewer components than our module names.
        Only a unique match of at least module.name counts. Looked up through the last component
        (a dict of every suffix of every name was 160k entries on a large tree, most never asked for)."""
        if "." not in name:
            return None
        found = self._suffix_answers.get(name, _UNSEEN)
        if found is _UNSEEN:
            if self._by_last_name is None:
                self._by_last_name = defaultdict(set)
                for full in (*self.functions, *self.classes):
                    self._by_last_name[full.rpartition(".")[2]].add(full)
            ending = "." + name
            matches = [full for full in self._by_last_name.get(name.rpartition(".")[2], ()) if full.endswith(ending)]
            found = self._suffix_answers[name] = matches[0] if len(matches) == 1 else None
        return found

    def _method(self, cls: str, name: str) -> str | None:
        todo, seen = [cls], set()
        while todo:
            c = todo.pop(0)
            if c in seen:
                continue
            seen.add(c)
            if f"{c}.{name}" in self.functions:
                return f"{c}.{name}"
            for b in self.classes.get(c, ()):
                todo.extend(self._expand(b))
        return None

    def callee(self, site: CallSite) -> tuple[str | None, bool, bool, bool]:
        """(function qualname, bound, constructor, found anything in the tree)."""
        key = site.candidates
        cached = self._callee_cache.get(key)
        if cached is not None:
            return cached
        result: tuple = (None, False, False, False)
        for qualname, bound in site.candidates:
            for name in self._expand(qualname):
                if name in self.functions:
                    result = (name, bound, False, True)
                    break
                if name in self.classes:
                    result = (self._method(name, "__init__"), True, True, True)
                    break
                cls, _, method = name.rpartition(".")
                if cls in self.classes:
                    found = self._method(cls, method)
                    if found:
                        result = (found, bound, False, True)
                        break
                if cls in self.functions:  # `client = make_client(); client.run(x)`: the factory's class
                    found = next((m for c in sorted(self._returned_classes(cls)) if (m := self._method(c, method))), None)
                    if found:
                        result = (found, bound, False, True)
                        break
            if result[3]:
                break
        self._callee_cache[key] = result
        return result

    def _returned_classes(self, factory: str) -> set[str]:
        """Classes of the tree a function returns new instances of (`return Client(...)`)."""
        _facts, summary = self.functions[factory]
        out = set()
        for (origin, _san) in summary.ret:
            if origin[0] != "call":
                continue
            site = self.calls.get((origin[1], origin[2]))
            for candidate, _bound in site.candidates if site is not None else ():
                out.update(name for name in self._expand(candidate) if name in self.classes)
        return out

    # ----------------------------------------------------------------- labels
    def actuals(self, site: CallSite, summary: FuncSummary, bound: bool) -> list[Labels]:
        params = summary.params
        out: list[Labels] = [{} for _ in params]
        matched = [False] * len(params)
        offset = 0
        if bound and not summary.static and params:
            out[0] = site.receiver or {}
            matched[0] = True
            offset = 1
        vararg = params.index(summary.vararg) if summary.vararg else None
        kwarg = params.index(summary.kwarg) if summary.kwarg else None
        for i, labels in enumerate(site.args):
            j = i + offset
            if j < summary.n_positional:
                out[j] = labels
                matched[j] = True
            elif vararg is not None:
                merge_into(out[vararg], labels)
                matched[vararg] = True
        for name, labels in site.kwargs.items():
            if name in params and params.index(name) != vararg:
                out[params.index(name)] = labels
                matched[params.index(name)] = True
            elif kwarg is not None:
                merge_into(out[kwarg], labels)
        if site.star:
            for j in range(len(params)):
                if not matched[j]:
                    out[j] = dict(out[j])
                    merge_into(out[j], site.star)
        return out

    def resolve(self, labels: Labels) -> Labels:
        out: Labels = {}
        for (origin, san), trace in labels.items():
            kind = origin[0]
            if kind in ("src", "param", "opaque"):
                _put(out, (origin, san), trace)
                continue
            if kind == "call":
                value = self.call_value(origin[1], origin[2])
            elif kind == "field":
                value = {}
                for key, t2 in self.field_value(origin[1], origin[2]).items():
                    where = t2[-1][:5] if t2 else None
                    if where:
                        note = (*where, "step", f"`self.{origin[2]}` read in another method of `{origin[1].rsplit('.', 1)[-1]}`")
                        t2 = _cat(t2, (note,))
                    value[key] = t2
            elif kind == "global":
                value = self.global_value(origin[1])
            else:
                value = {}
            for (o2, s2), t2 in value.items():
                _put(out, (o2, s2 | san), _cat(t2, trace))
        return out

    def global_value(self, qualname: str) -> Labels:
        for name in self._expand(qualname):
            if name in self.exports:
                self._read(("file", self._export_file[name]))
                key = ("global", name)
                if key in self._busy:
                    return {}
                self._busy.add(key)
                try:  # a module global is computed at import time: the environment there is configuration
                    return {k: t for k, t in self.resolve(self.exports[name]).items()
                            if k[0][0] == "src" and not self._config(k[0])}
                finally:
                    self._busy.discard(key)
        return {}

    def field_value(self, cls: str, attr: str) -> Labels:
        out: Labels = {}
        related = self._related.get(cls)
        if related is None:
            related = self._related[cls] = self._related_classes(cls)
        for c in related:
            self._read(("field", c, attr))
            for key, trace in self.fields.get((c, attr), {}).items():
                _put(out, key, trace)
        return out

    def _related_classes(self, cls: str) -> set:
        related = {cls}
        todo = [cls]
        while todo:  # ancestors
            c = todo.pop()
            for b in self.classes.get(c, ()):
                for name in self._expand(b):
                    if name not in related:
                        related.add(name)
                        todo.append(name)
        todo = [cls]
        while todo:  # descendants
            c = todo.pop()
            for sub in self.subclasses.get(c, ()):
                if sub not in related:
                    related.add(sub)
                    todo.append(sub)
        return related

    def call_value(self, path: str, k: int) -> Labels:
        key = (path, k)
        if key in self._memo:
            return self._memo[key]
        if key in self._busy:
            return {}
        site = self.calls.get(key)
        if site is None:
            return {}
        if self._reader is not None and path != self._reader[1]:
            self._read(("file", path))
        self._busy.add(key)
        try:
            name, bound, ctor, found = self.callee(site)
            if found and name is not None:
                self._read(("ret", name))
            if not found:
                value = self.resolve(self._unknown_callee_result(site))
            elif ctor or name is None:
                value = {}
            else:
                _, summary = self.functions[name]
                actuals = self.actuals(site, summary, bound)
                value = {}
                step = (*site.step, "call", f"passed to `{site.text}()`")
                for (origin, san), trace in self.ret.get(name, {}).items():
                    if origin[0] == "param":
                        j = origin[1]
                        param = summary.params[j] if j < len(summary.params) else "?"
                        step = (*site.step, "call", f"passed to `{site.text}()` as `{param}`")
                        for (o2, s2), t2 in self.resolve(actuals[j]).items():
                            _put(value, (o2, s2 | san), _cat(_cat(t2, (step,)), trace))
                    elif origin[0] == "src":
                        _put(value, (origin, san), trace)
                    else:
                        _put(value, (origin, san), trace)
        finally:
            self._busy.discard(key)
        self._memo[key] = value
        return value

    def _source(self, origin: tuple):
        facts = self.files.get(origin[1])
        return facts.sources[origin[2]] if facts is not None and origin[2] < len(facts.sources) else None

    def _config(self, origin: tuple) -> bool:
        """A source read while the module is imported (a settings module calling a config helper)."""
        if origin[0] != "src":
            return False
        src = self._source(origin)
        return src is not None and src.config

    # ----------------------------------------------------------------- fixpoint
    def _read(self, key: tuple) -> None:
        if self._reader is not None:
            self._readers[key].add(self._reader[0])

    def _callees_first(self) -> list[str]:
        """Every function, callees before their callers (a post-order of the call graph), so most are
        evaluated once their callees are solved. Only speed depends on this order, not the result."""
        edges: dict[str, list[str]] = {}
        for qn, (facts, summary) in self.functions.items():
            out = []
            for k in summary.calls:
                site = self.calls.get((facts.path, k))
                name = self.callee(site)[0] if site is not None else None
                if name is not None and name != qn:
                    out.append(name)
            edges[qn] = out
        order: list[str] = []
        done: set[str] = set()
        for root in self.functions:
            if root in done:
                continue
            done.add(root)
            stack = [(root, iter(edges[root]))]
            while stack:
                node, children = stack[-1]
                child = next(children, None)
                if child is None:
                    stack.pop()
                    order.append(node)
                elif child not in done:
                    done.add(child)
                    stack.append((child, iter(edges.get(child, ()))))
        return order

    def run(self, todo: set[str] | None = None) -> None:
        """Evaluate functions until nothing they read changes. `todo`: the functions to start from (all)."""
        if self.order is None:
            self.order = self._callees_first()
        rank = {qn: i for i, qn in enumerate(self.order)}
        start = self.order if todo is None else sorted(todo, key=rank.__getitem__)
        heap = [(rank[qn], qn) for qn in start]
        heapq.heapify(heap)
        queued = set(start)
        budget = MAX_EVALUATIONS_PER_FUNCTION * max(len(self.functions), 1)
        while heap:
            _, qn = heapq.heappop(heap)
            queued.discard(qn)
            budget -= 1
            if budget < 0:
                self.complete = False
                break
            facts, summary = self.functions[qn]
            for key in self._function(qn, facts, summary):
                for reader in self._readers.get(key, ()):
                    if reader not in queued:
                        queued.add(reader)
                        heapq.heappush(heap, (rank[reader], reader))

    def resume(self, state: SolveState, todo: set[str]) -> None:
        """Take the old fixpoint of every function outside `todo` (see `incremental.to_resolve`), then
        solve `todo` from scratch against it."""
        self.order = state.order
        for mine, old in ((self.ret, state.ret), (self.reach, state.reach), (self.stores, state.stores)):
            mine.update((qn, value) for qn, value in old.items() if qn not in todo)
        for key, functions in state.readers.items():
            kept = functions - todo
            if kept:
                self._readers[key] = kept
        for stores in self.stores.values():
            for (cls, attr, origin, san), trace in stores.items():
                if origin[0] == "src":
                    _put(self.fields[(cls, attr)], (origin, san), trace)
        self.run(todo)

    def snapshot(self, versions: dict[str, str], interfaces: dict[str, str]) -> SolveState:
        functions_of: dict[str, list[str]] = defaultdict(list)
        for qn, (facts, _summary) in self.functions.items():
            functions_of[facts.path].append(qn)
        return SolveState(versions, interfaces, self.order or [], {qn: v for qn, v in self.ret.items() if v},
                          {qn: v for qn, v in self.reach.items() if v}, {qn: v for qn, v in self.stores.items() if v},
                          dict(self._readers), dict(functions_of))

    def _function(self, qn: str, facts: FileFacts, summary: FuncSummary) -> list[tuple]:
        """Evaluate one function against the current state; the state keys whose values improved."""
        self._reader, self._memo = (qn, facts.path), {}
        try:
            return self._evaluate(qn, facts, summary)
        finally:
            self._reader = None

    def _evaluate(self, qn: str, facts: FileFacts, summary: FuncSummary) -> list[tuple]:
        improved: list[tuple] = []
        ret_changed = False
        if summary.ret:
            for key, trace in self.resolve(summary.ret).items():
                ret_changed |= _put(self.ret[qn], key, trace)
        if ret_changed:
            improved.append(("ret", qn))
        changed = False
        reach = self.reach[qn]
        import_time = summary.qualname.endswith(".<module>")
        for index, text, labels in summary.hits:
            cwe = facts.sinks[index].cwe
            for (origin, san), trace in self.resolve(labels).items():
                if origin[0] in ("src", "param") and cwe not in san and not (import_time and self._config(origin)):
                    changed |= _put_reach(reach, (facts.path, index, origin, san), (trace, text))
        stores = self.stores[qn]
        for cls, attr, labels in summary.stores:
            for (origin, san), trace in self.resolve(labels).items():
                if origin[0] in ("src", "param"):
                    changed |= _put(stores, (cls, attr, origin, san), trace)
        for k in summary.calls:
            site = self.calls.get((facts.path, k))
            if site is None:
                continue
            name, bound, ctor, found = self.callee(site)
            if name is None:
                continue
            callee_facts, callee = self.functions[name]
            self._read(("out", name))
            callee_reach = self.reach.get(name)
            callee_stores = self.stores.get(name)
            if not callee_reach and not callee_stores:
                continue
            actuals = self.actuals(site, callee, bound)
            resolved: dict[int, Labels] = {}

            def actual(j: int) -> Labels:
                if j not in resolved:
                    resolved[j] = self.resolve(actuals[j]) if j < len(actuals) else {}
                return resolved[j]

            for (spath, sindex, origin, san), (trace, text) in list((callee_reach or {}).items()):
                if origin[0] != "param":
                    continue
                j = origin[1]
                cwe = self.files[spath].sinks[sindex].cwe
                param = callee.params[j] if j < len(callee.params) else "?"
                step = (*site.step, "call", f"passed to `{site.text}()` as `{param}`")
                for (o2, s2), t2 in actual(j).items():
                    if o2[0] in ("src", "param") and cwe not in (s2 | san):
                        changed |= _put_reach(reach, (spath, sindex, o2, s2 | san),
                                              (_cat(_cat(t2, (step,)), trace), text))
            for (cls, attr, origin, san), trace in list((callee_stores or {}).items()):
                if origin[0] != "param":
                    continue
                j = origin[1]
                param = callee.params[j] if j < len(callee.params) else "?"
                step = (*site.step, "call", f"passed to `{site.text}()` as `{param}`")
                for (o2, s2), t2 in actual(j).items():
                    if o2[0] in ("src", "param"):
                        changed |= _put(stores, (cls, attr, o2, s2 | san), _cat(_cat(t2, (step,)), trace))
        if changed:
            improved.append(("out", qn))
            for (cls, attr, origin, san), trace in stores.items():
                if origin[0] == "src" and _put(self.fields[(cls, attr)], (origin, san), trace):
                    improved.append(("field", cls, attr))
        return improved

    # ----------------------------------------------------------------- findings
    def findings(self) -> list[Finding]:
        """One verdict per sink: the most untrusted provenance any path reaches it with, then the
        most direct and shortest path."""
        best: dict[tuple, tuple] = {}
        for qn, reach in self.reach.items():
            for (spath, sindex, origin, san), (trace, text) in reach.items():
                trace = _clip(trace)
                level = self._provenance(qn, spath, sindex, origin, san, trace)
                if level is None or self._judged_inside(spath, sindex, level):
                    continue
                key = (spath, sindex)
                # a parameter path with the mark its CWE asks for (a confined splice) is the stronger claim;
                # among parameters, the last one spliced in (`join(base, name)`: `name`) is the caller's value;
                # the rest only makes the choice total, so it does not depend on the order of `reach`
                weak = level is Provenance.PARAMETER and not self.policy.marks_met(self.files[spath].sinks[sindex].cwe, san)
                rank = (-level, weak, _indirect(trace), len(trace), -origin[1] if origin[0] == "param" else 0,
                        trace, text, qn, origin, tuple(sorted(san)))
                if key not in best or rank < best[key][0]:
                    best[key] = (rank, level, qn, origin, trace, text, san)
        out = []
        for (spath, sindex), (_rank, level, qn, origin, trace, text, san) in sorted(best.items(), key=lambda kv: kv[0]):
            if level is Provenance.PARAMETER:
                out.append(self._parameter_finding(spath, sindex, qn, origin, trace, text, san))
            else:
                out.append(self._finding(spath, sindex, origin, trace, text))
        return out

    def _judged_inside(self, spath: str, sindex: int, level: Provenance) -> bool:
        """A query or command line passed to a function of the reviewed tree that runs it itself: the
        dataflow through that function judges it where it is executed, not at the call."""
        sink = self.files[spath].sinks[sindex]
        if not (sink.shape or sink.unless_in_tree):
            return False
        if self._call_at is None:
            self._call_at = {site.step[:3]: site for site in self.calls.values()}
        site = self._call_at.get(sink.loc[:3])
        name = self.callee(site)[0] if site is not None else None
        if name is None:
            return False
        if sink.unless_in_tree:
            return True  # the tree's own function, followed like any other call
        for (p, i, _o, _s) in self.reach.get(name, {}):
            inner = self.files[p].sinks[i]
            if inner.cwe == sink.cwe and (level is not Provenance.PARAMETER or inner.shape
                                          or sink.cwe not in self.policy.confirmed_by_pattern
                                          or (inner.loc[0], inner.loc[1], inner.loc[2], inner.cwe) in self.pattern_sinks):
                return True  # the wrapper's own sink will carry the verdict (a parameter's needs the pattern rule)
        return False

    def _provenance(self, qn: str, spath: str, sindex: int, origin: tuple, san: frozenset,
                    trace: tuple = ()) -> Provenance | None:
        """The lattice level of one path into a sink, or None when the threat model does not report it."""
        if origin[0] == "src":
            src = self._source(origin)
            kinds = self.sink_kinds.get(self.files[spath].sinks[sindex].cwe)
            if kinds is not None and (src is None or src.kind not in kinds):
                return None  # request data as a cookie value is no predictable secret
            if src is not None and src.local and self.files[spath].sinks[sindex].remote_only:
                return None  # a sink for request data only (an existence check, a wrapper given a whole command)
            return Provenance.LOCAL if src is not None and src.local else Provenance.REMOTE
        if origin[0] != "param" or not self.policy.reports_parameters(self.threat_model):
            return None
        if self.files[spath].sinks[sindex].remote_only:
            return None  # a weak sink (an existence check): reported for remote data only
        entry = self.functions.get(qn)
        if entry is None:
            return None
        _facts, summary = entry
        j = origin[1]
        sink = self.files[spath].sinks[sindex]
        if not summary.public or sink.in_test or j >= len(summary.params) or (j == 0 and not summary.static):
            return None  # private helpers, test fixtures, `self` / `cls`
        if not self.policy.parameter_reaches(sink.cwe, san, _hops(trace) == 0):
            return None
        if sink.cwe in self.policy.confirmed_by_pattern and not sink.shape \
                and (sink.loc[0], sink.loc[1], sink.loc[2], sink.cwe) not in self.pattern_sinks:
            return None  # the pattern rule for this call knows it is safe (a safe loader, quoted pieces)
        return Provenance.PARAMETER

    def _parameter_finding(self, spath: str, sindex: int, qn: str, origin: tuple, trace: tuple, text: str,
                           san: frozenset = frozenset()) -> Finding:
        sink = self.files[spath].sinks[sindex]
        _facts, summary = self.functions[qn]
        param, loc = summary.params[origin[1]], summary.param_locs[origin[1]]
        rule_id, title, severity, fix = self._rule(sink.cwe)
        func_name = ".".join(qn.rsplit(".", 2)[-2:] if summary.class_qualname else [qn.rsplit(".", 1)[-1]])
        source = FlowStep(Location(*loc), "source", f"parameter `{param}` of public `{func_name}()`")
        where = f"line {loc[1]}" if loc[0] == spath else f"{loc[0]}:{loc[1]}"
        how = "is built into" if sink.cwe not in self.policy.parameter_as_is else "reaches"
        who = f"Parameter `{param}` of public `{func_name}()` ({where})"
        if qn.endswith("." + HUNK_FUNCTION) and loc[1] == 1 and not summary.class_qualname:
            # an indented hunk of statements, read as a function body (`secreview.parse`)
            source = FlowStep(Location(*loc), "source", f"`{param}`, read but never set in this hunk")
            who = f"`{param}`, which this hunk reads but never sets (a parameter of the code it was cut from),"
        message = (f"{who} {how} {_sink_phrase(sink, text, trace)}, "
                   f"with no sanitizer for CWE-{sink.cwe} on the way. This is a defect if a caller passes untrusted "
                   f"data (library threat model; `--threat-model remote` trusts parameters).")
        weak = _hops(trace) > 1 or not self.policy.marks_met(sink.cwe, san) or sink.weak
        finding = Finding(
            rule_id=rule_id, cwe=sink.cwe, title=title.replace("Untrusted data", "A parameter", 1),
            location=Location(*sink.loc), snippet=sink.snippet, message=message, fix=fix,
            severity=min(severity, Severity.MEDIUM), confidence=Confidence.LOW if weak else Confidence.MEDIUM,
            flow=_flow(source, trace, sink), in_test_code=sink.in_test, statement=sink.statement,
            provenance=str(Provenance.PARAMETER),
        )
        return finding.with_fingerprint(sink.context)

    @staticmethod
    def _rule(cwe: int) -> tuple[str, str, Severity, str]:
        return RULES.get(cwe, ("SR999", "Untrusted data reaches a sensitive call", Severity.MEDIUM,
                               "Validate or sanitize the value."))

    def _finding(self, spath: str, sindex: int, origin: tuple, trace: tuple, text: str) -> Finding:
        sink = self.files[spath].sinks[sindex]
        src = self._source(origin)
        rule_id, title, severity, fix = self._rule(sink.cwe)
        source = None
        where = ""
        if src is not None:
            source = FlowStep(Location(*src.loc), "source", f"`{src.text}` ({src.kind})")
            src_where = f"line {src.loc[1]}" if src.loc[0] == spath else f"{src.loc[0]}:{src.loc[1]}"
            where = f"`{src.text}` ({src.kind}, {src_where})"
        message = f"{where} reaches {_sink_phrase(sink, text, trace)}, with no sanitizer for CWE-{sink.cwe} on the way."
        confidence = Confidence.MEDIUM if _indirect(trace) or sink.shape else Confidence.HIGH
        if sink.weak:
            # a sink known by a wrapper's name: request data reaching it is worth a look, argv less so
            confidence = Confidence.MEDIUM if src is not None and not src.local else Confidence.LOW
        if src is not None and src.local and self.policy.local_is_low(sink.cwe, self.threat_model):
            # the user running the program chose this path / module / URL: no privilege is crossed
            # unless the program runs with more rights than its caller (setuid, sudo rule, service)
            severity, confidence = Severity.LOW, Confidence.LOW
            message += (" The value comes from whoever runs the program; this matters only if the program runs "
                        "with more privileges than its caller.")
        level = Provenance.LOCAL if src is not None and src.local else Provenance.REMOTE
        finding = Finding(
            rule_id=rule_id, cwe=sink.cwe, title=title, location=Location(*sink.loc), snippet=sink.snippet,
            message=message, fix=fix, severity=severity, confidence=confidence, flow=_flow(source, trace, sink),
            in_test_code=sink.in_test, statement=sink.statement, provenance=str(level),
        )
        return finding.with_fingerprint(sink.context)

    def cleared(self) -> set[tuple]:
        out = set()
        dirty: set[tuple] = set()
        for qn, (facts, summary) in self.functions.items():
            for index, _text, labels in summary.hits:
                key = (facts.path, index)
                if key not in dirty and self._may_carry(labels, facts.sinks[index].cwe, 0):
                    dirty.add(key)
        for f in self.files.values():
            for i, sink in enumerate(f.sinks):
                if not sink.dirty or (f.path, i) not in dirty:
                    out.add((sink.loc[0], sink.loc[1], sink.loc[2], sink.cwe))
        return out

    def _overridden(self, cls: str, method: str) -> bool:
        todo, seen = [cls], set()
        while todo:
            c = todo.pop()
            for sub in self.subclasses.get(c, ()):
                if sub not in seen:
                    seen.add(sub)
                    if f"{sub}.{method}" in self.functions:
                        return True
                    todo.append(sub)
        return False

    def _may_carry(self, labels: Labels, cwe: int, depth: int) -> bool:
        """Whether a value may hold data that is neither constant nor sanitized for `cwe`, once calls into the
        reviewed tree are replaced by what the callee returns (its own worker-side labels, so anything not
        proved constant there still counts)."""
        if depth > 6:
            return bool(labels)
        for (origin, san), _trace in labels.items():
            if cwe in san:
                continue
            if origin[0] != "call":
                return True
            site = self.calls.get((origin[1], origin[2]))
            if site is None:
                return True
            name, bound, ctor, found = self.callee(site)
            if not found:
                passed = self._unknown_callee_result(site)
                if self._may_carry({k: t for k, t in passed.items() if cwe not in (k[1] | san)}, cwe, depth + 1):
                    return True
                continue
            if ctor or name is None:
                return True
            _, summary = self.functions[name]
            if summary.class_qualname and self._overridden(summary.class_qualname, name.rsplit(".", 1)[-1]):
                return True  # a subclass may run another body
            actuals = None
            for (o2, s2), _t2 in summary.ret.items():
                if cwe in (s2 | san):
                    continue
                if o2[0] == "param":
                    if actuals is None:
                        actuals = self.actuals(site, summary, bound)
                    j = o2[1]
                    arg = actuals[j] if j < len(actuals) else {}
                    if self._may_carry({k: t for k, t in arg.items() if cwe not in (k[1] | s2 | san)}, cwe, depth + 1):
                        return True
                elif self._may_carry({(o2, s2 | san): ()}, cwe, depth + 1):
                    return True
        return False


def _flow(source: FlowStep | None, trace: tuple, sink) -> tuple[FlowStep, ...]:
    """Source, the trace's steps, sink: the path every flow finding shows."""
    steps = [source] if source is not None else []
    steps.extend(FlowStep(Location(*step[:5]), step[5], step[6]) for step in trace)
    steps.append(FlowStep(Location(*sink.loc), "sink", f"`{sink.call_text}` (CWE-{sink.cwe})"))
    return tuple(steps)


def _sink_phrase(sink, text: str, trace: tuple) -> str:
    """"`call` argument `x` (shape) at line N through `helper`": what a flow reaches, for the message."""
    arg = f" argument `{text}`" if text and text != sink.call_text else ""
    shape = f" ({sink.shape})" if sink.shape else ""
    return f"`{sink.call_text}`{arg}{shape} at line {sink.loc[1]}{_through(trace)}"


def _through(trace: tuple) -> str:
    """` through `helper()`, `run()`` for the calls a path passes through; empty for a direct one."""
    helpers = []
    for step in trace:
        if step[5] == "call":
            name = step[6].split("`")[1] if "`" in step[6] else step[6]
            if name not in helpers:
                helpers.append(name)
    return f" through {', '.join(f'`{h}`' for h in helpers)}" if helpers else ""


def _hops(trace: tuple) -> int:
    """How many calls a path passes through: a parameter followed through several helpers is a
    weaker claim about what the public function's caller controls."""
    return sum(1 for step in trace if step[5] == "call")


def _indirect(trace: tuple) -> bool:
    """Established through summaries, method resolution or fields: medium confidence."""
    return any(step[5] in ("call", "return") or "read in another method" in step[6] for step in trace)


def _cat(trace: tuple, more: tuple) -> tuple:
    """Concatenation, never clipped while solving: clipping (`_clip`) would make a shorter path look
    no better than a longer one, and the fixpoint would depend on evaluation order."""
    return trace + more if more else trace


def _clip(trace: tuple) -> tuple:
    """The steps a finding shows of a long path: its beginning and its end."""
    return trace if len(trace) <= MAX_TRACE else trace[: MAX_TRACE // 2] + trace[-(MAX_TRACE // 2):]


def _better(new: tuple, old: tuple | None) -> bool:
    """Shorter wins; among equally short traces the smaller, so the choice is the same in every order."""
    return old is None or (len(new), new) < (len(old), old)


def _put(dst: dict, key, trace) -> bool:
    if _better(trace, dst.get(key)):
        dst[key] = trace
        return True
    return False


def _put_reach(dst: dict, key, value: tuple) -> bool:
    """`value` is (trace, argument text): the trace decides, the text breaks a tie."""
    old = dst.get(key)
    if old is None or (len(value[0]), value) < (len(old[0]), old):
        dst[key] = value
        return True
    return False


def solve(facts: list, threat_model: str = DEFAULT_THREAT_MODEL, pattern_sinks: frozenset = frozenset(),
          versions: dict[str, str] | None = None, previous: SolveState | None = None,
          ) -> tuple[list[Finding], set[tuple], SolveState | None]:
    """Flows of the whole tree, the sinks proved constant or sanitized, and the state to start the
    next solve from. `pattern_sinks`: where pattern rules found a call dangerous, which a parameter
    verdict at such calls must agree with. `versions` (path -> cache key of its facts) and `previous`
    (the state a solve of an earlier version of the tree returned) let only what changed be re-solved;
    the answer is the same either way."""
    facts = sorted((f for f in facts if isinstance(f, FileFacts)), key=lambda f: f.path)  # same tree, same answer
    solver = _Solver(facts, threat_model, pattern_sinks)
    interfaces: dict[str, str] = {}
    if versions is not None:
        old = previous.versions if previous is not None else {}
        for f in facts:
            same = previous is not None and old.get(f.path) == versions.get(f.path)
            interfaces[f.path] = previous.interfaces[f.path] if same else interface(f)
    todo = to_resolve(previous, versions, interfaces) if previous is not None and versions is not None \
        and set(versions) == set(interfaces) else None
    if todo is None:
        solver.run()
    else:
        solver.resume(previous, todo)
    findings = solver.findings()
    for f in facts:
        findings.extend(f.findings)
    state = solver.snapshot(versions, interfaces) if versions is not None and solver.complete \
        and set(versions) == set(interfaces) else None
    return findings, solver.cleared(), state
