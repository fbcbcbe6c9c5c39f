"""Regular expressions with exponential backtracking (ReDoS), decided from the parsed pattern.

A backtracking engine takes exponential time when one unbounded repetition sits inside another
and the inner one can match what separates iterations of the outer one: `(\\w+\\s?)*`, `(a+)+`,
`(\\d|\\w)+`. We parse constant patterns with the stdlib's own regex parser and look for exactly
that ambiguity; a mandatory delimiter that the inner repetition cannot match (`(\\w+,)*`) makes
the pattern safe, as do possessive quantifiers and atomic groups.
"""
from __future__ import annotations

import ast
import warnings
from functools import lru_cache

try:  # Python 3.11+
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older hosts
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

from secreview.findings import Confidence, Severity
from secreview.model.scopes import ASSIGN, LOOP
from secreview.rules._sinks import resolve
from secreview.rules.api import Report, rule

# Character sets are approximated over ASCII plus three stand-ins for the rest of Unicode, so that
# `\w` and `\s` stay disjoint as they really are.
_OTHER_WORD, _OTHER_SPACE, _OTHER_MISC = 256, 257, 258
_ALL = frozenset(range(259))
_DIGIT = frozenset([*range(48, 58), _OTHER_WORD])
_WORD = frozenset([*range(48, 58), *range(65, 91), *range(97, 123), 95, _OTHER_WORD])
_SPACE = frozenset([*map(ord, " \t\n\r\f\v\x1c\x1d\x1e\x1f\x85"), _OTHER_SPACE])
_CATEGORIES = {
    C.CATEGORY_DIGIT: _DIGIT, C.CATEGORY_NOT_DIGIT: _ALL - frozenset(range(48, 58)),
    C.CATEGORY_WORD: _WORD, C.CATEGORY_NOT_WORD: _ALL - _WORD,
    C.CATEGORY_SPACE: _SPACE, C.CATEGORY_NOT_SPACE: _ALL - _SPACE,
}
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT)
_MAXREPEAT = C.MAXREPEAT
_REGEX_CALLS = {  # qualified name -> (position, keyword) of the pattern
    **{f"re.{name}": (0, "pattern") for name in
       ("compile", "match", "search", "fullmatch", "findall", "finditer", "sub", "subn", "split")},
    **{f"regex.{name}": (0, "pattern") for name in
       ("compile", "match", "search", "fullmatch", "findall", "finditer", "sub", "subn", "split")},
}


def _char(code: int) -> int:
    if code < 256:
        return code
    ch = chr(code)
    return _OTHER_WORD if ch.isalnum() or ch == "_" else _OTHER_SPACE if ch.isspace() else _OTHER_MISC


def _first(items) -> tuple[frozenset[int], bool]:
    """Characters a sequence can start with, and whether it can match the empty string."""
    chars: set[int] = set()
    for op, av in items:
        item_chars, nullable = _first_of(op, av)
        chars |= item_chars
        if not nullable:
            return frozenset(chars), False
    return frozenset(chars), True


def _first_of(op, av) -> tuple[frozenset[int], bool]:
    if op == C.LITERAL:
        return frozenset({_char(av)}), False
    if op == C.NOT_LITERAL:
        return _ALL - {_char(av)} if av < 256 else _ALL, False
    if op == C.ANY:
        return _ALL - {10}, False
    if op == C.IN:
        return _class(av), False
    if op in _REPEATS or op == getattr(C, "POSSESSIVE_REPEAT", None):
        low, _high, body = av
        chars, nullable = _first(body)
        return chars, nullable or low == 0
    if op == C.SUBPATTERN:
        return _first(av[-1])
    if op == getattr(C, "ATOMIC_GROUP", None):
        return _first(av)
    if op == C.BRANCH:
        chars: set[int] = set()
        nullable = False
        for branch in av[1]:
            branch_chars, branch_nullable = _first(branch)
            chars |= branch_chars
            nullable |= branch_nullable
        return frozenset(chars), nullable
    if op == C.GROUPREF:
        return _ALL, True
    return frozenset(), True  # anchors and lookarounds consume nothing


def _class(items) -> frozenset[int]:
    chars: set[int] = set()
    negate = False
    for op, av in items:
        if op == C.NEGATE:
            negate = True
        elif op == C.LITERAL:
            chars.add(_char(av))
        elif op == C.RANGE:
            low, high = av
            chars.update(range(low, min(high, 255) + 1))
            if high > 255:
                chars.update((_OTHER_WORD, _OTHER_SPACE, _OTHER_MISC))
        elif op == C.CATEGORY:
            chars |= _CATEGORIES.get(av, _ALL)
    return _ALL - chars if negate else frozenset(chars)


def _single_char_set(body) -> frozenset[int] | None:
    """The character set of a repetition body that matches exactly one character, else None."""
    if len(body) == 1:
        op, av = body[0]
        if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
            return _first_of(op, av)[0]
        if op == C.SUBPATTERN:
            return _single_char_set(av[-1])
    return None


def _inner_repeats(items):
    """Unbounded repetitions of single characters reachable inside `items` (through groups)."""
    for op, av in items:
        if op in _REPEATS and av[1] == _MAXREPEAT:
            chars = _single_char_set(av[2])
            if chars is not None:
                yield chars
            yield from _inner_repeats(av[2])
        elif op == C.SUBPATTERN:
            yield from _inner_repeats(av[-1])
        elif op == C.BRANCH:
            for branch in av[1]:
                yield from _inner_repeats(branch)


def _ambiguous(body) -> str | None:
    """Why iterations of an unbounded repetition over `body` can be split in many ways, or None."""
    # A lone group around the body: look inside it.
    while len(body) == 1 and body[0][0] == C.SUBPATTERN:
        body = body[0][1][-1]
    if len(body) == 1 and body[0][0] == C.BRANCH:
        branches = body[0][1][1]
        # Each alternative is one way to make an iteration: judge each on its own...
        for branch in branches:
            if _nested_without_separator(list(branch)):
                return "nested"
        # ...and two single-character alternatives that overlap double the ways per character.
        singles = [s for s in (_single_char_set(branch) for branch in branches) if s is not None]
        for i, first in enumerate(singles):
            if any(first & other for other in singles[i + 1:]):
                return "alternation"
        return None
    return "nested" if _nested_without_separator(body) else None


def _nested_without_separator(body) -> bool:
    for inner in _inner_repeats(body):
        separated = False
        for op, av in body:
            if op in _REPEATS and av[1] == _MAXREPEAT and _single_char_set(av[2]) == inner:
                continue
            chars, nullable = _first_of(op, av)
            if not nullable and not (chars & inner):
                separated = True
                break
        if not separated:
            return True
    return False


def _dangerous(items, followed: bool) -> tuple[str, str] | None:
    for index, (op, av) in enumerate(items):
        tail_follows = followed or index < len(items) - 1
        if op in _REPEATS and av[1] == _MAXREPEAT:
            reason = _ambiguous(av[2])
            if reason and tail_follows:
                return reason, str(av[2])
            found = _dangerous(av[2], tail_follows)
            if found:
                return found
        elif op == C.SUBPATTERN:
            found = _dangerous(av[-1], tail_follows)
            if found:
                return found
        elif op == C.BRANCH:
            for branch in av[1]:
                found = _dangerous(branch, tail_follows)
                if found:
                    return found
    return None


# ----------------------------------------------------------------- exponential ambiguity
# The patterns above are the well-known shapes. The general test: a backtracking matcher is
# exponential on a failing input exactly when its automaton can read one word from a state back to
# the same state along two different paths (each repetition of the word doubles the ways to try).
# On the Glushkov automaton (one state per character-consuming atom) that is a strongly connected
# component of the automaton's square (pairs of states reading a common character) holding both a
# pair (q, q) and a pair of two different states. `(''|\\\\|\\'|[^'])*'` is caught this way: two
# backslashes are one `\\\\` or two `[^']`.

_MAX_POSITIONS = 200
_MAX_COPIES = 8  # `x{2,7}` is unrolled; longer bounded repetitions are read as unbounded


class _Unsupported(Exception):
    """Backreferences, atomic groups, possessive repetitions: outside the automaton model."""


class _Glushkov:
    def __init__(self) -> None:
        self.chars: list[frozenset[int]] = []
        self.follow: list[set[int]] = []

    def position(self, chars: frozenset[int]) -> int:
        if len(self.chars) >= _MAX_POSITIONS:
            raise _Unsupported
        self.chars.append(chars)
        self.follow.append(set())
        return len(self.chars) - 1

    def sequence(self, items) -> tuple[bool, set[int], set[int]]:
        """(nullable, first positions, last positions) of a sequence, adding its follow edges."""
        nullable, first, last = True, set(), set()
        for op, av in items:
            n, f, l = self.item(op, av)
            for p in last:
                self.follow[p] |= f
            if nullable:
                first |= f
            last = l | last if n else l
            nullable = nullable and n
        return nullable, first, last

    def item(self, op, av) -> tuple[bool, set[int], set[int]]:
        if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
            p = self.position(_first_of(op, av)[0])
            return False, {p}, {p}
        if op == C.SUBPATTERN:
            return self.sequence(av[-1])
        if op == C.BRANCH:
            nullable, first, last = False, set(), set()
            for branch in av[1]:
                n, f, l = self.sequence(branch)
                nullable, first, last = nullable or n, first | f, last | l
            return nullable, first, last
        if op in _REPEATS:
            low, high, body = av
            if high == 0:
                return True, set(), set()
            if high == _MAXREPEAT or high > _MAX_COPIES:
                n, f, l = self.sequence(body)
                for p in l:
                    self.follow[p] |= f
                return n or low == 0, f, l
            if high == 1:
                n, f, l = self.sequence(body)
                return n or low == 0, f, l
            # `x{1,3}` is `x(x(x)?)?`, not `xx?x?`: a counted loop reads n copies one way only, so
            # the optional copies nest (a flat `x?x?` would let two copies take turns at one place)
            group = (C.SUBPATTERN, (None, 0, 0, body))
            tail: list = []
            for _ in range(high - low):
                tail = [(C.MAX_REPEAT, (0, 1, [*body, *tail]))]
            return self.sequence([group] * low + tail)
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            return True, set(), set()  # anchors and lookarounds consume nothing (read as always passing)
        raise _Unsupported  # backreferences, conditionals, atomic groups, possessive repetitions


def _exponentially_ambiguous(parsed, must_match_whole: bool) -> bool:
    """True when some state reads a word back to itself along two paths and a failing match can
    be made to try them all (something after the loop can still fail)."""
    automaton = _Glushkov()
    try:
        _nullable, _first_positions, last = automaton.sequence(list(parsed))
    except (_Unsupported, RecursionError):
        return False
    must_end = must_match_whole or _has_end_anchor(parsed)
    chars, follow = automaton.chars, automaton.follow
    edges: dict[tuple[int, int], list[tuple[int, int]]] = {}
    budget = 200_000
    for a in range(len(chars)):
        for b in range(a, len(chars)):
            if not chars[a] & chars[b]:
                continue
            out = [(x, y) if x <= y else (y, x) for x in follow[a] for y in follow[b] if chars[x] & chars[y]]
            budget -= len(out)
            if budget < 0:
                return False
            edges[(a, b)] = out
    for component in _components(edges):
        diagonal = [a for a, b in component if a == b]
        # a loop that may end the match lets a greedy match succeed at once: only a loop that must be
        # followed by something (or an anchored end) makes a failing input try every split
        if diagonal and len(diagonal) < len(component) and (
                must_end or not any(a in last or b in last for a, b in component)):
            return True
    return False


def _has_end_anchor(items) -> bool:
    for op, av in items:
        if op == C.AT and av in (C.AT_END, C.AT_END_STRING):
            return True
        if op == C.SUBPATTERN and _has_end_anchor(av[-1]):
            return True
        if op == C.BRANCH and any(_has_end_anchor(b) for b in av[1]):
            return True
        if op in _REPEATS and _has_end_anchor(av[2]):
            return True
    return False


def _components(edges: dict) -> list[list]:
    """Strongly connected components with at least one edge inside (iterative Tarjan); pairs are
    unordered, so the square is read as the symmetric pairs (a <= b)."""
    index: dict = {}
    low: dict = {}
    on_stack: set = set()
    stack: list = []
    result: list[list] = []
    counter = 0
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(edges.get(root, ())))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges.get(child, ()))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in edges.get(node, ()):
                    result.append(component)
    return result


@lru_cache(maxsize=4096)
def exponential_backtracking(pattern: str | bytes, must_match_whole: bool = False) -> str | None:
    """A short reason when `pattern` can backtrack exponentially, else None."""
    if isinstance(pattern, bytes):
        pattern = pattern.decode("latin-1")
    try:
        with warnings.catch_warnings():  # the parser warns about patterns, e.g. FutureWarning on "[[": not ours to print
            warnings.simplefilter("ignore")
            parsed = sre_parse.parse(pattern)
    except Exception:  # not a valid pattern, or one this host's parser does not know
        return None
    found = _dangerous(list(parsed), must_match_whole)
    if found is None:
        if _exponentially_ambiguous(parsed, must_match_whole):
            return "the repeated part can match the same text in more than one way"
        return None
    reason, _ = found
    return ("a repetition nested in another repetition can match the same characters"
            if reason == "nested" else "alternatives inside a repetition can match the same character")


@rule(
    "SR820",
    title="Regular expression with exponential backtracking (ReDoS)",
    cwe=1333,
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    calls=tuple(_REGEX_CALLS),
    nodes=(ast.Assign,),
    fix="Remove the ambiguity: make the repeated parts unable to match the same text (a mandatory delimiter the "
        "inner repetition cannot match), use a possessive quantifier or atomic group (Python 3.11+), "
        "or bound the input length before matching.",
)
def catastrophic_regex(ctx, call: ast.Call):
    """## What it does
    Flags constant regular expressions in which an unbounded repetition sits inside another one
    and both can match the same characters, such as `(\\w+\\s?)*$` or `^(a+)+$`, or in which
    alternatives inside a repetition overlap, such as `(\\d|\\w)+`.

    ## Why is this bad?
    Python's `re` engine backtracks. On an input that almost matches, it tries every way of
    splitting the text between the repetitions: 2^n attempts for n characters. A request field of
    a few dozen characters can keep a worker busy for minutes (Regular Expression Denial of Service).

    ## Example
    ```python
    import re

    EMAIL = re.compile(r"^([a-zA-Z0-9]+\\.?)+@example\\.com$")
    ```

    ## Use instead
    ```python
    import re

    EMAIL = re.compile(r"^[a-zA-Z0-9]+(\\.[a-zA-Z0-9]+)*@example\\.com$")
    ```
    """
    if isinstance(call, ast.Assign):
        return _lexer_table(ctx, call)
    position, keyword = _REGEX_CALLS[ctx.call_qualname]
    pattern_node = ctx.argument(call, position, keyword)
    whole = ctx.call_qualname.endswith("fullmatch")
    pattern = ctx.value(pattern_node)
    if isinstance(pattern_node, ast.Name) and not isinstance(pattern, (str, bytes)):
        # `[re.compile(rx, FLAGS) for rx, tt in SQL_REGEX["root"]]`: each pattern of a constant table
        # (sqlparse's lexer, CVE-2021-32839 and CVE-2023-30608)
        # reported on the table row itself: that is the pattern to fix
        for cell, candidate in _table_patterns(ctx, pattern_node.id):
            report = _report(cell, candidate, whole)
            if report is not None:
                return report
        return None
    return _report(call, pattern, whole)


def _table_patterns(ctx, name: str) -> list:
    """(cell, string) for each value a loop variable takes over a constant list (of tuples: the element
    at its position), for a `for` statement or a comprehension around the call."""
    iterable, index = None, None
    bindings = ctx.lookup(name)
    if len(bindings) == 1 and bindings[0].kind == LOOP and bindings[0].value is not None:
        iterable, index = bindings[0].value, bindings[0].index
    else:
        for parent in reversed(ctx.parents):
            if isinstance(parent, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
                for gen in parent.generators:
                    target = gen.target
                    if isinstance(target, ast.Name) and target.id == name:
                        iterable = gen.iter
                    elif isinstance(target, ast.Tuple):
                        for i, elt in enumerate(target.elts):
                            if isinstance(elt, ast.Name) and elt.id == name:
                                iterable, index = gen.iter, i
                if iterable is not None:
                    break
    rows = _table_rows(ctx, iterable) if iterable is not None else None
    if not rows or len(rows) > 2000:
        return []
    out = []
    for row in rows:
        cell = row if index is None else (
            row.elts[index] if isinstance(row, (ast.Tuple, ast.List)) and len(row.elts) > index else None)
        value = ctx.value(cell) if cell is not None else None
        if isinstance(value, (str, bytes)):
            out.append((cell, value))
    return out


def _resolve_table(ctx, expr: ast.AST) -> ast.AST:
    """`resolve()`, except that a name rebound by the very comprehension being read is its value before:
    `SQL_REGEX = [(re.compile(rx, FLAGS).match, tt) for rx, tt in SQL_REGEX["root"]]` (sqlparse 0.4.3,
    CVE-2023-30608) iterates the dict bound earlier, not the list it builds."""
    if isinstance(expr, ast.Name):
        bindings = ctx.lookup(expr.id)
        if len(bindings) == 1 and bindings[0].kind == ASSIGN and any(p is bindings[0].value for p in ctx.parents):
            b = bindings[0]
            earlier = ctx.model.lookup(expr.id, scope=b.scope, branch=b.branch, before_seq=b.seq)
            if len(earlier) == 1 and earlier[0].kind == ASSIGN and earlier[0].value is not None:
                return resolve(ctx, earlier[0].value)
    return resolve(ctx, expr)


def _table_rows(ctx, expr: ast.AST, depth: int = 0) -> list | None:
    """The element expressions of a literal list, through names and constant keys (`SQL_REGEX["root"]`):
    rows holding non-constant cells (token types, callbacks) keep their constant patterns."""
    expr = _resolve_table(ctx, expr)
    if isinstance(expr, (ast.List, ast.Tuple)):
        return list(expr.elts)
    if isinstance(expr, ast.Subscript) and depth < 3:
        container = _resolve_table(ctx, expr.value)
        key = ctx.value(expr.slice)
        if isinstance(container, ast.Dict):
            for k, v in zip(container.keys, container.values):
                if k is not None and ctx.value(k) == key:
                    return _table_rows(ctx, v, depth + 1)
    return None


def _report(node: ast.AST, pattern: object, whole: bool, where: str = "") -> Report | None:
    if not isinstance(pattern, (str, bytes)) or len(pattern) > 5000:
        return None
    reason = exponential_backtracking(pattern, whole)
    if reason is None:
        return None
    shown = pattern if isinstance(pattern, str) else pattern.decode("latin-1")
    shown = shown.removeprefix("(?x)") if where else shown
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return Report(node, f"The pattern `{shown}`{where} can backtrack exponentially: {reason}, so a crafted input of "
                        "a few dozen characters makes the match run for minutes.")


# Pygments' regex lexers compile the first item of every rule in their `tokens` table and match it at
# each position of the text being highlighted (often the text a user pasted): CVE-2021-27291 was a dozen
# such rules, `"(\\\\|\\"|[^"])*"` among them.
_LEXER_BASES = ("pygments.lexer.RegexLexer", "pygments.lexer.ExtendedRegexLexer")
_VERBOSE = frozenset({"re.X", "re.VERBOSE"})


def _regex_lexer(ctx, cls: ast.ClassDef) -> bool:
    """A class whose base is a Pygments regex lexer, or any `...Lexer` class imported from pygments."""
    for base in cls.bases:
        name = ctx.qualified_name(base) or ""
        if name in _LEXER_BASES or name.startswith("pygments.lexers.") and name.endswith("Lexer"):
            return True
    return False


def _verbose(ctx, cls: ast.ClassDef) -> bool:
    """`flags = re.MULTILINE | re.VERBOSE` in the class body: the lexer compiles its rules verbose."""
    for stmt in cls.body:
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "flags" for t in stmt.targets):
            return any(ctx.qualified_name(n) in _VERBOSE for n in ast.walk(stmt.value)
                       if isinstance(n, (ast.Name, ast.Attribute)))
    return False


def _lexer_table(ctx, assign: ast.Assign):
    """`tokens = {"root": [(r'"(\\\\|\\"|[^"])*"', String), include("x"), ...]}` in a regex lexer."""
    cls = ctx.parent()
    if not (isinstance(cls, ast.ClassDef) and isinstance(assign.value, ast.Dict)
            and any(isinstance(t, ast.Name) and t.id == "tokens" for t in assign.targets) and _regex_lexer(ctx, cls)):
        return None
    prefix = "(?x)" if _verbose(ctx, cls) else ""
    found = []
    for state, rules in zip(assign.value.keys, assign.value.values):
        if not isinstance(rules, ast.List):
            continue
        for item in rules.elts:
            if not (isinstance(item, ast.Tuple) and item.elts):
                continue
            pattern = ctx.value(item.elts[0])
            if isinstance(pattern, str):
                state_name = state.value if isinstance(state, ast.Constant) else "?"
                report = _report(item.elts[0], prefix + pattern, False, f" (lexer state `{state_name}`)")
                if report is not None:
                    found.append(report)
    return found


