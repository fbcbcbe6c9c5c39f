"""Safe, mechanical fixes (`--fix`, `--diff-fix`), made with LibCST so the rest of the file keeps
its formatting, and each one proven by a re-review.

A fixer edits the one node a finding points at. The fixed file is reviewed again (pattern rules and
the file's own dataflow, every severity and confidence): the fix is kept only if the finding is gone
and no finding appears that was not there before. Otherwise the file is left as it was for that
finding. Fixers exist only where the edit cannot change what correct code does; each one is a small
function registered in `FIXERS` under the rule whose finding it removes:

- SR302 `yaml.load(s)` / `yaml.load(s, Loader=yaml.Loader)` / `yaml.unsafe_load(s)` (and the
  `_all` forms) called through the module -> `yaml.safe_load(s)`; `from yaml import load` is not
  rewritten (the import would have to change too).
- SR504 `tar.extractall(...)` / `tar.extract(...)` / `shutil.unpack_archive(...)` -> the same call
  with `filter="data"` (an unsafe `filter=` value is replaced).
- SR401 `requests.get(url, verify=False)` (any call with a literal `verify=False`) -> the keyword is
  removed, so the library default (verify) applies. Other spellings (`ssl=False`, `cert_reqs=`) are
  not touched.
- SR402 `session.verify = False` as a statement of its own line, with a statement after it in the
  same block and no comment above it (a comment there explains the line to a person) -> the line
  is removed. `check_hostname`/`verify_mode` assignments are not touched.
- SR406 a `requests` call without `timeout=` -> `timeout=30` (the `fix-timeout-seconds` setting).
  Calls passing `**kwargs` are left alone (the timeout may be in there).
- SR201 `hashlib.md5(...)`/`hashlib.sha1(...)`/`hashlib.new("md5", ...)` -> `usedforsecurity=False`
  added, only with evidence of a non-security use (`_non_security_use`) and only when the project
  may run it: the keyword exists from Python 3.9, so a `requires-python` in the nearest
  pyproject.toml that admits 3.8 or older means no fix (no pyproject, or no `requires-python`: fixed).
- SR210 `random.choice(seq)` -> `secrets.choice(seq)`, `random.getrandbits(k)` -> `secrets.randbits(k)`,
  `random.randrange(n)` (one argument) -> `secrets.randbelow(n)`, with `import secrets` added.
  Other functions (`randint`, `sample`, `choices`...) have no same-meaning `secrets` call: no fix.
"""
from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor
from libcst.metadata import MetadataWrapper, PositionProvider

from secreview.config import Config
from secreview.findings import Confidence, Finding, Severity
from secreview.rules.crypto import _NON_SECURITY_DIGEST as NON_SECURITY_WORDS
from secreview.rules.randomness import identifier_words, is_security_name


@dataclass(frozen=True)
class Site:
    """What a fixer may look at besides the node: its enclosing nodes (innermost last, as parsed,
    with `positions`), the finding, the file's lines, and the run's settings."""

    parents: tuple[cst.CSTNode, ...]
    finding: Finding
    lines: tuple[str, ...]
    config: Config
    positions: Callable[[cst.CSTNode], object]


class _Remove:
    """A fixer's answer meaning: delete the statement the finding points at."""


REMOVE = _Remove()
Edit = Callable[[cst.CSTNode, Site], "cst.CSTNode | _Remove | None"]


@dataclass(frozen=True)
class Fixer:
    edit: Edit
    node: type = cst.Call  # the kind of node the finding's location spans
    imports: tuple[str, ...] = ()  # modules the fixed code uses (added with `import x` if missing)


# --------------------------------------------------------------------------- argument helpers

def _no_space() -> cst.AssignEqual:
    return cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))


def _keyword(call: cst.Call, name: str) -> cst.Arg | None:
    return next((a for a in call.args if a.keyword is not None and a.keyword.value == name), None)


def _without(call: cst.Call, drop: Callable[[int, cst.Arg], bool]) -> cst.Call:
    """`call` without the arguments `drop` selects; the new last argument keeps the old last comma."""
    args = [a for n, a in enumerate(call.args) if not drop(n, a)]
    if args and args[-1] is not call.args[-1]:
        args[-1] = args[-1].with_changes(comma=call.args[-1].comma)
    return call.with_changes(args=args)


def _with_keyword(call: cst.Call, name: str, value: cst.BaseExpression) -> cst.Call:
    """`call` with `name=value` appended, in the layout the call already has (one argument per line
    with a trailing comma stays so)."""
    args = list(call.args)
    keyword = cst.Arg(value=value, keyword=cst.Name(name), equal=_no_space())
    if args:
        last = args[-1]
        if isinstance(last.comma, cst.Comma):
            between = args[-2].comma if len(args) > 1 and isinstance(args[-2].comma, cst.Comma) else cst.Comma(
                whitespace_after=call.whitespace_before_args)
            args[-1] = last.with_changes(comma=between)
            keyword = keyword.with_changes(comma=last.comma)
        else:
            args[-1] = last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    return call.with_changes(args=[*args, keyword])


def _dotted(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr.value}" if base else None
    return None


def _is_false(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "False"


# --------------------------------------------------------------------------- fixers

_YAML_SAFE = {"load": "safe_load", "load_all": "safe_load_all", "unsafe_load": "safe_load",
              "unsafe_load_all": "safe_load_all"}


def _fix_yaml(call: cst.Call, site: Site) -> cst.Call | None:
    func = call.func
    if not isinstance(func, cst.Attribute) or func.attr.value not in _YAML_SAFE:
        return None
    fixed = _without(call, lambda n, a: (a.keyword is not None and a.keyword.value == "Loader")
                     or (n == 1 and a.keyword is None))
    if any(a.star for a in fixed.args):
        return None
    return fixed.with_changes(func=func.with_changes(attr=cst.Name(_YAML_SAFE[func.attr.value])))


def _fix_tar_filter(call: cst.Call, site: Site) -> cst.Call | None:
    data = cst.SimpleString('"data"')
    existing = _keyword(call, "filter")
    if existing is not None:
        return call.with_changes(args=[a.with_changes(value=data) if a is existing else a for a in call.args])
    if any(a.star == "**" for a in call.args):
        return None
    return _with_keyword(call, "filter", data)


def _drop_verify_false(call: cst.Call, site: Site) -> cst.Call | None:
    verify = _keyword(call, "verify")
    if verify is None or not _is_false(verify.value):
        return None
    return _without(call, lambda n, a: a is verify)


def _drop_session_verify(assign: cst.Assign, site: Site) -> _Remove | None:
    """Only `<name or attribute>.verify = False`, alone on its line: see `_Rewrite` for the rest."""
    if len(assign.targets) != 1 or not _is_false(assign.value):
        return None
    target = assign.targets[0].target
    if not isinstance(target, cst.Attribute) or target.attr.value != "verify" or _dotted(target.value) is None:
        return None
    return REMOVE


def _timeout_literal(seconds: float) -> cst.BaseExpression:
    return cst.Integer(str(int(seconds))) if float(seconds).is_integer() else cst.Float(repr(float(seconds)))


def _add_timeout(call: cst.Call, site: Site) -> cst.Call | None:
    if _keyword(call, "timeout") is not None or any(a.star for a in call.args):
        return None  # `timeout=None` is someone's explicit choice; `**kwargs` may carry a timeout
    return _with_keyword(call, "timeout", _timeout_literal(site.config.fix_timeout_seconds))


_SECRETS = {"choice": ("choice", 1), "getrandbits": ("randbits", 1), "randrange": ("randbelow", 1)}


def _random_to_secrets(call: cst.Call, site: Site) -> cst.Call | None:
    func = call.func
    if not isinstance(func, cst.Attribute) or not isinstance(func.value, cst.Name) or func.attr.value not in _SECRETS:
        return None  # `from random import choice` would need the import changed too
    name, arity = _SECRETS[func.attr.value]
    if len(call.args) != arity or any(a.keyword is not None or a.star for a in call.args):
        return None  # `randrange(a, b)`, `choice(seq=...)`: no same-meaning `secrets` call
    if _binds_secrets(site.parents[0]):
        return None
    return call.with_changes(func=cst.Attribute(value=cst.Name("secrets"), attr=cst.Name(name)))


def _binds_secrets(module: cst.CSTNode) -> bool:
    """True when the name `secrets` means something other than the module somewhere in the file
    (a variable, a parameter, `from x import secrets`): `import secrets` would then be wrong."""

    class Uses(cst.CSTVisitor):
        def __init__(self) -> None:
            self.allowed: set[int] = set()
            self.other = False

        def visit_Attribute(self, node: cst.Attribute) -> None:
            if isinstance(node.value, cst.Name):
                self.allowed.add(id(node.value))

        def visit_Import(self, node: cst.Import) -> None:
            for alias in node.names:
                if alias.asname is None:
                    self.allowed.add(id(alias.name))

        def visit_Name(self, node: cst.Name) -> None:
            if node.value == "secrets" and id(node) not in self.allowed:
                self.other = True

    uses = Uses()
    module.visit(uses)
    return uses.other


# SR201: the rule's bookkeeping words (NON_SECURITY_WORDS) make a digest's use a non-security one;
# these veto the fix even then.
_SECURITY_USE_WORDS = frozenset({"sign", "signed", "signing", "signature", "mac", "hmac", "integrity", "verify",
                                 "verification", "authenticate", "authentication", "password", "token", "secret"})
_HASHLIB_WEAK = frozenset({"hashlib.md5", "hashlib.sha1", "hashlib.new"})
_THROUGH = (cst.Attribute, cst.Subscript, cst.BinaryOperation, cst.FormattedStringExpression, cst.FormattedString,
            cst.ConcatenatedString, cst.Call)


def _destination(call: cst.Call, site: Site) -> str | None:
    """The name the digest of `call` is stored, returned or passed under, following it through
    `.hexdigest()`, slicing, formatting and concatenation: an assignment target, a keyword, the
    function it is returned from, or the function it is passed to."""
    child: cst.CSTNode = call
    for parent in reversed(site.parents):
        if isinstance(parent, cst.Call) and child is not parent.func:
            return _dotted(parent.func)  # a positional argument (the Arg was passed through below)
        if isinstance(parent, _THROUGH):
            child = parent
            continue
        if isinstance(parent, cst.Arg):
            if parent.keyword is not None:
                return parent.keyword.value
            child = parent
            continue
        if isinstance(parent, (cst.Assign, cst.AnnAssign)):
            targets = [t.target for t in parent.targets] if isinstance(parent, cst.Assign) else [parent.target]
            return _dotted(targets[0]) if len(targets) == 1 else None
        if isinstance(parent, cst.Return):
            func = next((p for p in reversed(site.parents) if isinstance(p, cst.FunctionDef)), None)
            return func.name.value if func else None
        return None
    return None


def _security_words_near(name: str, call: cst.Call, site: Site) -> bool:
    """True when a line of the enclosing function (or module) that mentions `name`'s last part, or
    the hashing line itself, also mentions a password, token, key, signature... name: the digest may
    reach a security decision there."""
    scope = next((p for p in reversed(site.parents) if isinstance(p, cst.FunctionDef)), site.parents[0])
    where = site.positions(scope)
    first, last = (where.start.line, where.end.line) if scope is not site.parents[0] else (1, len(site.lines))
    own = site.finding.location.line
    word = re.compile(rf"\b{re.escape(name.rsplit('.', 1)[-1])}\b")
    for number in range(first, last + 1):
        line = site.lines[number - 1].split("#", 1)[0]
        if number != own and not word.search(line):
            continue
        for identifier in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", line):
            if is_security_name(identifier) or _SECURITY_USE_WORDS & set(identifier_words(identifier)):
                return True
    return False


def _non_security_use(call: cst.Call, site: Site) -> bool:
    """The evidence rule for `usedforsecurity=False`: the digest's destination (`_destination`) is
    named with a bookkeeping word (cache, etag, checksum, crc, dedup, shard, partition, bucket,
    fingerprint, lockfile, uid...), is not a security name itself, and no line using it, nor the
    hashing line, mentions a password, token, key, signature or MAC name."""
    name = _destination(call, site)
    if not name or not NON_SECURITY_WORDS & set(identifier_words(name)):
        return False
    if _SECURITY_USE_WORDS & set(identifier_words(name)) or any(is_security_name(part) for part in name.split(".")):
        return False
    return not _security_words_near(name, call, site)


def _python_floor(path: str) -> tuple[int, int] | None:
    """The oldest Python the project of `path` admits, from `requires-python` in the nearest
    pyproject.toml (None when that is not known)."""
    from secreview.config import find_pyproject

    pyproject = find_pyproject(Path(path))
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8")) if pyproject else {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    spec = data.get("project", {}).get("requires-python") if isinstance(data.get("project"), dict) else None
    if not isinstance(spec, str):
        return None
    bounds = [(int(major), int(minor)) for op, major, minor in re.findall(r"(>=|~=|==|>)\s*(\d+)\.(\d+)", spec)]
    return max(bounds) if bounds else (0, 0)  # a requires-python with no lower bound admits anything


def _not_for_security(call: cst.Call, site: Site) -> cst.Call | None:
    if _dotted(call.func) not in _HASHLIB_WEAK or _keyword(call, "usedforsecurity") is not None:
        return None
    if any(a.star == "**" for a in call.args) or not _non_security_use(call, site):
        return None
    floor = _python_floor(site.finding.location.path)
    if floor is not None and floor < (3, 9):
        return None  # `usedforsecurity=` is a TypeError before Python 3.9
    return _with_keyword(call, "usedforsecurity", cst.Name("False"))


FIXERS: dict[str, Fixer] = {
    "SR302": Fixer(_fix_yaml),
    "SR504": Fixer(_fix_tar_filter),
    "SR401": Fixer(_drop_verify_false),
    "SR402": Fixer(_drop_session_verify, node=cst.Assign),
    "SR406": Fixer(_add_timeout),
    "SR201": Fixer(_not_for_security),
    "SR210": Fixer(_random_to_secrets, imports=("secrets",)),
}


def _starts(text: str) -> dict[tuple[type, int, int], list[tuple[int, int]]]:
    """For each kind of node and start position, the ends of the nodes starting there, outermost
    first (`a(x).b()`: both calls start at `a`)."""

    class Collect(cst.CSTVisitor):
        METADATA_DEPENDENCIES = (PositionProvider,)

        def __init__(self) -> None:
            super().__init__()
            self.found: dict[tuple[type, int, int], list[tuple[int, int]]] = {}

        def on_visit(self, node: cst.CSTNode) -> bool:
            if isinstance(node, (cst.Call, cst.Assign)):
                where = self.get_metadata(PositionProvider, node)
                self.found.setdefault((type(node), where.start.line, where.start.column), []).append(
                    (where.end.line, where.end.column))
            return True

    collect = Collect()
    MetadataWrapper(cst.parse_module(text)).visit(collect)
    return collect.found


def _target(finding: Finding, fixer: Fixer, starts: dict) -> tuple[int, int, int] | None:
    """(line, column, k): the finding's node is the k-th node of the fixer's kind starting at
    (line, column) in the original text. Fixes go bottom-up, so the start is the same in the text
    being fixed, and so is k (an edit changes where a node ends, not how nodes nest)."""
    loc = finding.location
    ends = starts.get((fixer.node, loc.line, loc.column - 1), [])
    end = (loc.end_line, loc.end_column - 1)
    return (loc.line, loc.column - 1, ends.index(end)) if end in ends else None


class _Rewrite(cst.CSTTransformer):
    """Replace the node `_target` names. A statement the fixer removes goes with its line: only
    when it is the line's only statement, has no comment above it and a statement follows in the
    same block, which is given its leading blank lines (so the layout around it stays)."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, finding: Finding, fixer: Fixer, target: tuple[int, int, int], lines: tuple[str, ...],
                 config: Config) -> None:
        super().__init__()
        self.start, self.rank = target[:2], target[2]
        self.fixer, self.finding, self.lines, self.config = fixer, finding, lines, config
        self.parents: list[cst.CSTNode] = []
        self.seen = 0  # nodes of the fixer's kind met so far at the start position
        self.node: cst.CSTNode | None = None  # the original node to fix
        self.remove: cst.CSTNode | None = None  # the original statement to delete
        self.done = False

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self.node is None and isinstance(node, self.fixer.node):
            where = self.get_metadata(PositionProvider, node)
            if (where.start.line, where.start.column) == self.start:
                if self.seen == self.rank:
                    self.node = node
                self.seen += 1
        self.parents.append(node)
        return super().on_visit(node)

    def on_leave(self, original: cst.CSTNode, updated: cst.CSTNode):
        self.parents.pop()
        if not self.done and original is self.node:
            site = Site(tuple(self.parents), self.finding, self.lines, self.config,
                        lambda n: self.get_metadata(PositionProvider, n))
            fixed = self.fixer.edit(updated, site)
            if fixed is REMOVE:
                self.remove = self.parents[-1] if self.parents else None
            elif fixed is not None:
                self.done = True
                return fixed
        if self.remove is not None and not self.done and isinstance(updated, (cst.Module, cst.IndentedBlock)):
            return self._without_statement(original, updated)
        return super().on_leave(original, updated)

    def _without_statement(self, original, updated):
        index = next((n for n, s in enumerate(original.body) if s is self.remove), None)
        if index is None:
            return updated
        line = updated.body[index]
        self.remove, self.done = None, True
        if (not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1 or index + 1 >= len(updated.body)
                or any(e.comment for e in line.leading_lines)):
            self.done = False
            return updated
        after = updated.body[index + 1]
        body = list(updated.body)
        body[index + 1] = after.with_changes(leading_lines=[*line.leading_lines, *after.leading_lines])
        del body[index]
        return updated.with_changes(body=body)


def _edit(text: str, finding: Finding, starts: dict, config: Config) -> tuple[str, str] | None:
    """The text with `finding` fixed, and the code of the node it fixed as it read before the edit
    (earlier fixes on the same node may have changed it since the review)."""
    fixer = FIXERS.get(finding.rule_id)
    target = _target(finding, fixer, starts) if fixer else None
    if target is None:
        return None
    rewrite = _Rewrite(finding, fixer, target, tuple(text.splitlines()), config)
    module = cst.parse_module(text)
    new = MetadataWrapper(module, unsafe_skip_copy=True).visit(rewrite)
    if not rewrite.done or new.code == text:
        return None
    return new.code, " ".join(module.code_for_node(rewrite.node).split())


def _with_imports(text: str, modules: Iterable[str]) -> str:
    modules = sorted(set(modules))
    if not modules:
        return text
    context = CodemodContext()
    for module in modules:
        AddImportsVisitor.add_needed_import(context, module)
    return AddImportsVisitor(context).transform_module(cst.parse_module(text)).code


_STRICT = Config(min_severity=Severity.LOW, min_confidence=Confidence.LOW, test_min_severity=Severity.LOW)


def _verdicts(text: str, path: str, config: Config) -> Counter:
    """Every finding of one file's text, keyed by rule, CWE and the exact code it flags (not line
    numbers), so findings below a fix that adds a line, or beside it on the same line, still match."""
    from secreview.engine import finish, review_source

    review = finish([review_source(text, path, with_taint=config.taint)], [], config)
    lines = text.splitlines()
    return Counter(_key(f, lines) for f in review.findings)


def _key(f: Finding, lines: list[str]) -> tuple[str, int, str]:
    loc = f.location
    span = lines[loc.line - 1:loc.end_line]
    if span:
        if len(span) == 1:
            span = [span[0][loc.column - 1:loc.end_column - 1]]
        else:
            span[0], span[-1] = span[0][loc.column - 1:], span[-1][:loc.end_column - 1]
    return (f.rule_id, f.cwe, " ".join(" ".join(span).split()))


def _only_rewritten(new: Counter, gone: Counter, edited: str) -> bool:
    """True when every finding of the re-review not seen before is one that was there, by the same
    rule, on code around the edited node, whose text the edit changed (`requests.get(u, verify=False)`
    reported twice: once the timeout is added, the verify finding's code reads differently)."""
    gone = gone.copy()
    for key, count in new.items():
        for _ in range(count):
            old = next((g for g, n in gone.items() if n > 0 and g[:2] == key[:2] and edited in g[2]), None)
            if old is None:
                return False
            gone[old] -= 1
    return True


@dataclass
class FileFix:
    path: str
    original: str
    fixed: str
    findings: list[Finding] = field(default_factory=list)  # the findings the fix removed

    def diff(self) -> str:
        """A unified diff `git apply` takes from the working directory: paths relative to it when
        the file is inside it (`secreview /abs/repo --diff-fix` run in the repository too)."""
        inside = os.path.relpath(os.path.abspath(self.path))
        name = Path(inside if not inside.startswith("..") else self.path).as_posix()
        return "".join(difflib.unified_diff(self.original.splitlines(keepends=True), self.fixed.splitlines(keepends=True),
                                            f"a/{name}", f"b/{name}"))


def plan(findings: Iterable[Finding], config: Config | None = None) -> list[FileFix]:
    """The proven fixes for `findings`, one `FileFix` per file that changes."""
    config = config or _STRICT
    # The re-review sees everything (every rule, severity and confidence): a fix must not add a
    # finding that `--select` or `--min-severity` would hide.
    config = Config(**{**config.__dict__, "min_severity": Severity.LOW, "min_confidence": Confidence.LOW,
                       "test_min_severity": Severity.LOW, "select": (), "ignore": ()})
    by_path: dict[str, list[Finding]] = {}
    for f in findings:
        if f.rule_id in FIXERS:
            by_path.setdefault(f.location.path, []).append(f)
    out = []
    for path, items in sorted(by_path.items()):
        try:
            original = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        try:
            starts = _starts(original)
        except cst.ParserSyntaxError:
            continue
        text, before, fixed, imports = original, _verdicts(original, path, config), [], set()
        # Bottom-up, so a fix never moves the position of a finding still to be fixed. Imports a fix
        # needs are added to the candidate that is re-reviewed, but kept out of `text` until the end
        # (an import line at the top would move every finding above the ones already fixed).
        for f in sorted(items, key=lambda f: (f.location.line, f.location.column, f.location.end_line,
                                             f.location.end_column), reverse=True):
            edit = _edit(text, f, starts, config)
            if edit is None:
                continue
            edited, code = edit
            needed = imports | set(FIXERS[f.rule_id].imports)
            candidate = _with_imports(edited, needed)
            after = _verdicts(candidate, path, config)
            key = (f.rule_id, f.cwe, code)
            expected = before.copy()
            expected[key] -= 1
            if after[key] < before[key] and _only_rewritten(after - expected, expected - after, code):
                text, before, imports = edited, after, needed
                fixed.append(f)
        if fixed:
            out.append(FileFix(path, original, _with_imports(text, imports), sorted(fixed, key=lambda f: f.sort_key)))
    return out
