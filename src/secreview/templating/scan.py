"""Read a Jinja2 or Django template and list where it inserts a context variable without escaping.

A small tokenizer, not the template engines: secreview never imports the reviewed project's
libraries, and a template is only text here. What counts as unescaped:

- `{{ expr|safe }}` (Jinja2 and Django; Django's `|safeseq` too), unless an escaping filter
  (`|e`, `|escape`, `|forceescape`, `|urlencode`, `|tojson`...) comes before it;
- any `{{ expr }}` inside `{% autoescape false %}` (Jinja2) / `{% autoescape off %}` (Django),
  unless the expression escapes itself (`|e`).

`{% raw %}`, `{% verbatim %}`, `{% comment %}` and `{# #}` hold no code. Names bound in the
template (`{% for row in rows %}`, `{% set x = rows[0] %}`, `{% with a=b %}`, Django's
`{% with b as a %}`, macro parameters) are followed back to the context variables they come from,
so `{{ row|safe }}` inside that loop is a use of `rows`. `{% include %}` and `{% extends %}`
with a constant name are listed, with the names bound at that point, for the linker to follow.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_TOKEN = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}|\{#.*?#\}", re.S)
_STRING = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*\"""")
_NAME = re.compile(r"(?<![\w.])([A-Za-z_]\w*)")
_NOT_VARIABLES = frozenset({
    "and", "or", "not", "in", "is", "if", "else", "true", "false", "none", "True", "False", "None",
    "loop", "forloop", "super", "self", "caller", "varargs", "kwargs", "range", "block", "joiner", "cycler",
    "namespace", "lipsum", "dict",
})
# filters whose output is escaped or cannot carry markup: `|safe` after them marks escaped text safe
_ESCAPING = frozenset({
    "e", "escape", "forceescape", "urlencode", "tojson", "json_script", "striptags", "int", "float", "length",
    "count", "wordcount", "filesizeformat", "escapejs", "slugify", "iriencode", "urlize", "urlizetrunc",
    "linebreaks_escaped", "yesno", "pluralize", "date", "time", "timesince", "timeuntil", "add_class",
})
_UNSAFE = frozenset({"safe", "safeseq"})
_OPENS = {"for": "endfor", "with": "endwith", "macro": "endmacro", "call": "endcall"}
_SKIP = {"raw": "endraw", "verbatim": "endverbatim", "comment": "endcomment"}


@dataclass(frozen=True)
class Use:
    """One place the template inserts context data unescaped."""
    line: int
    column: int  # 1-based
    end_line: int
    end_column: int  # 1-based, exclusive
    text: str  # the `{{ ... }}` as written
    variables: frozenset[str]  # context variables the inserted value is built from
    how: str  # "`|safe`" or "`{% autoescape off %}`"


@dataclass(frozen=True)
class Include:
    """`{% include "name" %}` / `{% extends "name" %}`: another template rendered with this context."""
    name: str
    line: int
    column: int
    aliases: tuple[tuple[str, frozenset[str]], ...]  # names bound here -> context variables they hold
    only: bool = False  # Django `{% include "x" with a=b only %}`: the context is just `with`'s names


@dataclass
class Template:
    uses: list[Use] = field(default_factory=list)
    includes: list[Include] = field(default_factory=list)


def _split_top(text: str, sep: str) -> list[str]:
    """`text` split on `sep` outside strings and brackets."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        ch = text[i]
        if ch in "'\"":
            end = _STRING.match(text, i)
            i = end.end() if end else len(text)
            continue
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    parts.append(text[start:])
    return parts


def _names(expr: str) -> set[str]:
    """Variables an expression reads: identifiers outside strings, not attributes, not keywords,
    not keyword-argument names."""
    bare = _STRING.sub('""', expr)
    out = set()
    for m in _NAME.finditer(bare):
        name = m.group(1)
        if name in _NOT_VARIABLES or bare[m.end():].lstrip().startswith("=") and not bare[m.end():].lstrip().startswith("=="):
            continue
        out.add(name)
    return out


def _filter_name(part: str) -> tuple[str, str]:
    """`default(x)` / `default:x` / `safe` -> (name, argument text)."""
    part = part.strip()
    m = re.match(r"([A-Za-z_]\w*)\s*(.*)", part, re.S)
    if not m:
        return "", part
    rest = m.group(2).strip()
    if rest.startswith(":"):
        rest = rest[1:]
    return m.group(1), rest


class _Scopes:
    """Names the template binds, innermost last: name -> context variables its value comes from."""

    def __init__(self) -> None:
        self.frames: list[tuple[str, dict[str, frozenset[str]]]] = [("", {})]

    def resolve(self, names: set[str]) -> frozenset[str]:
        out: set[str] = set()
        for name in names:
            for _tag, frame in reversed(self.frames):
                if name in frame:
                    out |= frame[name]
                    break
            else:
                out.add(name)
        return frozenset(out)

    def push(self, tag: str, bound: dict[str, frozenset[str]]) -> None:
        self.frames.append((tag, bound))

    def pop(self, tag: str) -> None:
        for i in range(len(self.frames) - 1, 0, -1):
            if self.frames[i][0] == tag:
                del self.frames[i:]
                return

    def bind(self, name: str, value: frozenset[str]) -> None:
        self.frames[-1][1][name] = value

    def flat(self) -> tuple[tuple[str, frozenset[str]], ...]:
        seen: dict[str, frozenset[str]] = {}
        for _tag, frame in self.frames:
            seen.update(frame)
        return tuple(sorted(seen.items()))


def _position(text: str, offset: int, line_starts: list[int]) -> tuple[int, int]:
    import bisect

    index = bisect.bisect_right(line_starts, offset) - 1
    return index + 1, offset - line_starts[index] + 1


def _constant_name(expr: str) -> str | None:
    m = _STRING.match(expr.strip())
    return m.group(0)[1:-1] if m else None


def scan(text: str) -> Template:
    """The unescaped uses and included templates of one template's text."""
    out = Template()
    line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
    scopes = _Scopes()
    autoescape: list[str] = []  # the open `{% autoescape X %}` blocks' X, innermost last; none: escaping on
    skip_until: str | None = None
    for m in _TOKEN.finditer(text):
        expr, tag = m.group(1), m.group(2)
        if tag is not None:
            words = tag.strip().strip("-+").strip()
            head, _, rest = words.partition(" ")
            rest = rest.strip()
            if skip_until is not None:
                if head == skip_until:
                    skip_until = None
                continue
            if head in _SKIP:
                skip_until = _SKIP[head]
            elif head == "autoescape":
                autoescape.append(rest.split()[0] if rest else "true")
            elif head == "endautoescape":
                if autoescape:
                    autoescape.pop()
            elif head == "for":
                fm = re.match(r"(.+?)\s+in\s+(.+?)(?:\s+(?:if\s.*|recursive|reversed))?\s*$", rest, re.S)
                if fm:
                    source = scopes.resolve(_names(fm.group(2)))
                    scopes.push("for", {n.strip(): source for n in fm.group(1).split(",") if n.strip()})
                else:
                    scopes.push("for", {})
            elif head == "with":
                scopes.push("with", _with_bindings(rest, scopes))
            elif head in ("macro", "call"):
                params = re.search(r"\((.*)\)", rest, re.S)
                bound = {}
                if params:
                    for p in _split_top(params.group(1), ","):
                        name = p.split("=", 1)[0].strip()
                        if name.isidentifier():
                            bound[name] = frozenset()
                scopes.push(head, bound)
            elif head in ("endfor", "endwith", "endmacro", "endcall"):
                scopes.pop(head[3:])
            elif head == "set":
                target, eq, value = rest.partition("=")
                for name in target.split(","):
                    if name.strip().isidentifier():
                        scopes.bind(name.strip(), scopes.resolve(_names(value)) if eq else frozenset())
            elif head in ("include", "extends"):
                _include(out, head, rest, scopes, _position(text, m.start(), line_starts))
            continue
        if expr is None or skip_until is not None:
            continue
        use = _unescaped(expr, autoescape[-1] if autoescape else "true")
        if use is None:
            continue
        names, how = use
        variables = scopes.resolve(names)
        if not variables:
            continue
        line, col = _position(text, m.start(), line_starts)
        end_line, end_col = _position(text, m.end(), line_starts)
        out.uses.append(Use(line, col, end_line, end_col, " ".join(m.group(0).split()), variables, how))
    return out


def _unescaped(expr: str, autoescape: str) -> tuple[set[str], str] | None:
    """The names an output expression inserts unescaped, and how; None if it is escaped."""
    expr = expr.strip().strip("-+").strip()
    parts = _split_top(expr, "|")
    names = _names(parts[0])
    for part in parts[1:]:
        name, argument = _filter_name(part)
        if name in _ESCAPING:
            return None
        if name in _UNSAFE:
            return (names, f"`|{name}`") if names else None
        names |= _names(argument)
    if autoescape.lower() in ("false", "off") and names:
        return names, f"inside `{{% autoescape {autoescape} %}}`"
    return None


def _with_bindings(rest: str, scopes: _Scopes) -> dict[str, frozenset[str]]:
    """`a=b c=d` (Django), `a = b, c = d` (Jinja2), `b as a` (old Django)."""
    old = re.match(r"(.+?)\s+as\s+(\w+)\s*$", rest, re.S)
    if old:
        return {old.group(2): scopes.resolve(_names(old.group(1)))}
    bound = {}
    pieces = re.split(r"(?:^|[\s,])([A-Za-z_]\w*)\s*=(?!=)", rest)
    for name, value in zip(pieces[1::2], pieces[2::2]):
        bound[name] = scopes.resolve(_names(value.strip().rstrip(",")))
    return bound


def _include(out: Template, head: str, rest: str, scopes: _Scopes, where: tuple[int, int]) -> None:
    first = _split_top(rest, " ")[0] if rest else ""
    name = _constant_name(first)
    if name is None:
        return
    aliases = dict(scopes.flat())
    only = False
    if head == "include":
        tail = rest[len(first):]
        with_part = re.search(r"\bwith\b(.*)", tail, re.S)
        if with_part:
            clause = with_part.group(1)
            only = bool(re.search(r"\bonly\s*$", clause))
            aliases.update(_with_bindings(re.sub(r"\bonly\s*$", "", clause).strip(), scopes))
        elif re.search(r"\bwithout\s+context\b", tail):
            only = True
    out.includes.append(Include(name, where[0], where[1], tuple(sorted(aliases.items())), only))
