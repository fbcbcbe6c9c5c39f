"""Move flows into template context variables to the template lines that insert them unescaped.

The worker that summarises `views.py` records, for `render_template("page.html", name=q)`, a sink
"context variable `name` of `page.html`" (`taint.domain.TemplateContext`); the taint engine decides
whether request data reaches it. Here, in the parent, each such flow is looked up in the template
files: a finding for every line of `page.html` (and of the templates it includes or extends) that
inserts `name` without escaping, located in the template (`app/templates/page.html:4`, the SARIF
location too), with the flow request → context → template line. A template that escapes the
variable everywhere, or that cannot be found, drops the flow: autoescaping is the default.

Templates are found the way the frameworks look for them, approximately: `templates/` folders in the
folder of the rendering module and the folders above it, folders the code names (`template_folder=`,
`Jinja2Templates(directory=...)`, Django `TEMPLATES[...]["DIRS"]`), then the `templates/` folder
of every other reviewed package (Django's app directories).
"""
from __future__ import annotations

import dataclasses
import hashlib
import os

from secreview.findings import Finding, FlowStep, Location
from secreview.templating.scan import Include, Template, Use, scan

SUFFIXES = (".html", ".htm", ".jinja", ".jinja2", ".j2", ".xml", ".xhtml", ".svg", ".tpl", ".djhtml")
_MAX_INCLUDE_DEPTH = 6
_MAX_BYTES = 2_000_000


class _Templates:
    def __init__(self, facts: list, reads: dict | None = None) -> None:
        self.reads = {} if reads is None else reads  # every look at the disk: (kind, path) -> what it saw
        self.declared = [d for f in facts for d in getattr(f, "template_dirs", ())]
        self.package_dirs = sorted({os.path.join(os.path.dirname(f.path), "templates") for f in facts})
        try:  # the reviewed tree: folders above it are not searched (beyond a module's own parent)
            self.root = os.path.commonpath([os.path.abspath(os.path.dirname(f.path)) for f in facts])
        except ValueError:
            self.root = ""
        self._isdir: dict[str, bool] = {}
        self._parsed: dict[str, tuple[Template, list[str]] | None] = {}

    def _is_dir(self, path: str) -> bool:
        known = self._isdir.get(path)
        if known is None:
            known = self._isdir[path] = self.reads[("dir", path)] = os.path.isdir(path)
        return known

    def folders(self, module_path: str) -> list[str]:
        out, folder = [], os.path.dirname(module_path)
        for level in range(8):
            out.append(os.path.join(folder, "templates") if folder else "templates")
            if not folder or folder == os.path.dirname(folder):
                break
            if level >= 1 and not _inside(os.path.abspath(os.path.dirname(folder)), self.root):
                break
            folder = os.path.dirname(folder)
        out += self.declared + self.package_dirs
        seen, ordered = set(), []
        for d in out:
            d = os.path.normpath(d)
            if d not in seen and self._is_dir(d):
                seen.add(d)
                ordered.append(d)
        return ordered

    def find(self, names: tuple, folders: list[str]) -> tuple[str, str] | None:
        for name in names:
            if not name or os.path.isabs(name) or ".." in name.split("/"):
                continue
            for folder in folders:
                path = os.path.join(folder, *name.split("/"))
                is_file = self.reads[("file", path)] = os.path.isfile(path)
                if is_file:
                    return name, path
        return None

    def parsed(self, path: str) -> tuple[Template, list[str]] | None:
        if path not in self._parsed:
            try:
                with open(path, "rb") as handle:
                    data = handle.read(_MAX_BYTES + 1)
            except OSError:
                data = None
            self.reads[("bytes", path)] = _digest(data)
            if data is None or len(data) > _MAX_BYTES or b"\0" in data:
                self._parsed[path] = None
            else:
                text = data.decode("utf-8", errors="replace")
                self._parsed[path] = (scan(text), text.splitlines())
        return self._parsed[path]


def _digest(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def unchanged(reads: dict) -> bool:
    """Whether the disk still shows what `link` saw (`reads` it filled): a cached result of it still holds."""
    for (kind, path), seen in reads.items():
        if kind == "dir":
            now = os.path.isdir(path)
        elif kind == "file":
            now = os.path.isfile(path)
        else:
            try:
                with open(path, "rb") as handle:
                    now = _digest(handle.read(_MAX_BYTES + 1))
            except OSError:
                now = None
        if now != seen:
            return False
    return True


def _inside(path: str, root: str) -> bool:
    return bool(root) and (path == root or path.startswith(root.rstrip(os.sep) + os.sep))


def link(flows: list[Finding], facts: list, reads: dict | None = None) -> list[Finding]:
    """`flows` with every flow into a template context variable replaced by its template findings.
    `reads`, if given, receives what was looked at on disk (for `unchanged`)."""
    contexts = {}
    for f in facts:
        for index, ctx in getattr(f, "template_contexts", {}).items():
            sink = f.sinks[index]
            contexts[(sink.loc[0], sink.loc[1], sink.loc[2])] = ctx
    if not contexts:
        return flows
    templates = _Templates(facts, reads)
    out = []
    for flow in flows:
        ctx = contexts.get((flow.location.path, flow.location.line, flow.location.column))
        if ctx is None:
            out.append(flow)
        else:
            out.extend(_in_templates(flow, ctx, templates))
    return out


def _in_templates(flow: Finding, ctx, templates: _Templates) -> list[Finding]:
    folders = templates.folders(ctx.loc[0])
    found = templates.find(ctx.templates, folders)
    if found is None:
        return []
    name, path = found
    out = []
    for use, tpath, lines, hops in _uses(templates, folders, name, path, frozenset({ctx.variable}), (), 0, set()):
        out.append(_finding(flow, ctx, name, use, tpath, lines, hops))
    return out


def _uses(templates: _Templates, folders: list[str], name: str, path: str, names: frozenset, hops: tuple,
          depth: int, seen: set):
    """(use, template path, its lines, include hops) for each unescaped use of `names` in the template
    and in the templates it includes or extends."""
    if (path, names) in seen or depth > _MAX_INCLUDE_DEPTH:
        return
    seen.add((path, names))
    parsed = templates.parsed(path)
    if parsed is None:
        return
    template, lines = parsed
    for use in template.uses:
        if use.variables & names:
            yield use, path, lines, hops
    for inc in template.includes:
        inner = _names_inside(inc, names)
        found = templates.find((inc.name,), folders) if inner else None
        if found is not None:
            hop = (path, inc, found[0])
            yield from _uses(templates, folders, found[0], found[1], inner, (*hops, hop), depth + 1, seen)


def _names_inside(inc: Include, names: frozenset) -> frozenset:
    """Which names of the included template hold the context variables `names` of the includer."""
    aliases = dict(inc.aliases)
    inner = {alias for alias, sources in aliases.items() if sources & names}
    if not inc.only:
        inner |= {n for n in names if n not in aliases}
    return frozenset(inner)


def _finding(flow: Finding, ctx, name: str, use: Use, path: str, lines: list[str], hops: tuple) -> Finding:
    rendered = name
    steps = list(flow.flow[:-1]) if flow.flow and flow.flow[-1].kind == "sink" else list(flow.flow)
    steps.append(FlowStep(Location(*ctx.loc), "step",
                          f"passed to template `{name}` as `{ctx.variable}` by `{ctx.call_text}`"))
    for hpath, inc, inner in hops:
        steps.append(FlowStep(Location(hpath, inc.line, inc.column, inc.line, inc.column), "step",
                              f"`{name}` renders `{inner}` with this context"))
        name = inner
    where = Location(path, use.line, use.column, use.end_line, use.end_column)
    steps.append(FlowStep(where, "sink", f"`{use.text}` ({use.how}, CWE-79)"))
    origin = "Untrusted data"
    if steps and steps[0].kind == "source":
        desc, src = steps[0].description, steps[0].location
        origin = f"{desc[:-1]}, {src.path}:{src.line})" if desc.endswith(")") else f"{desc} ({src.path}:{src.line})"
    parameter = flow.provenance == "parameter"
    message = (f"{origin} is passed to template `{rendered}` as `{ctx.variable}` ({ctx.loc[0]}:{ctx.loc[1]}) and "
               f"inserted without HTML escaping by `{use.text}` ({use.how}): markup in it runs as script in the page.")
    if parameter:
        message += " This is a defect if a caller passes untrusted data (library threat model)."
    fix = ("Let the template escape the value: drop `|safe` (escape it first, `markupsafe.escape()` / "
           "`django.utils.html.escape()`, if only part of it is trusted markup)." if "safe" in use.how else
           "Escape the value (`{{ x|e }}` / `{{ x|escape }}`) or end the `{% autoescape %}` block before it.")
    snippet = "\n".join(lines[use.line - 1: use.end_line]).strip()
    finding = dataclasses.replace(flow, location=where, snippet=snippet, message=message, fix=fix, flow=tuple(steps),
                                  statement=(use.line, use.end_line))
    return finding.with_fingerprint(snippet)
