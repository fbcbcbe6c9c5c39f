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
    position, keyword = _REGEX_CALLS[ctx.call_qualname]
    pattern_node = ctx.argument(call, position, keyword)
    pattern = ctx.value(pattern_node)
    if not isinstance(pattern, (str, bytes)) or len(pattern) > 5000:
        return None
    reason = exponential_backtracking(pattern, ctx.call_qualname.endswith("fullmatch"))
    if reason is None:
        return None
    shown = pattern if isinstance(pattern, str) else pattern.decode("latin-1")
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return Report(call, f"The pattern `{shown}` can backtrack exponentially: {reason}, so a crafted input of a few "
                        "dozen characters makes the match run for minutes.")


