"""Text shapes scanned over whole files, compiled so that a file without them costs a substring test.

Every file of a tree is searched for the `[evidence]` shapes of `fragment_modules.toml`. A pattern
that starts with `\\b` defeats the regex engine's literal-prefix search, so it is tried at every
offset of the text: on a 600k-line tree that was most of a second per framework. A `Shape` instead
knows the literals any match must contain (read off the parsed pattern) and skips a text without
them, and it checks a leading word boundary itself so the engine can search for the literal prefix.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

try:  # Python 3.11+
    import re._parser as _sre_parse  # type: ignore[import-not-found]
    import re._constants as _sre_constants  # type: ignore[import-not-found]
except ImportError:  # Python 3.8-3.10
    import sre_parse as _sre_parse  # type: ignore[no-redef]
    import sre_constants as _sre_constants  # type: ignore[no-redef]

# Literals shorter than this say too little to be worth a substring test.
_MIN_LITERAL = 3


@dataclass(frozen=True)
class Shape:
    """A compiled shape: `needs` holds literals of which every match contains at least one."""

    regex: re.Pattern[str]
    leading_boundary: bool
    needs: tuple[str, ...]

    def match_starts(self, text: str) -> Iterator[int]:
        """Offsets of matches, as the original pattern (with its leading `\\b`) would find them."""
        if self.needs and not any(literal in text for literal in self.needs):
            return
        position = 0
        while True:
            match = self.regex.search(text, position)
            if match is None:
                return
            start = match.start()
            if not self.leading_boundary or _word_boundary(text, start):
                yield start
                position = max(match.end(), start + 1)
            else:
                position = start + 1


def _word_boundary(text: str, index: int) -> bool:
    before = index > 0 and _is_word(text[index - 1])
    after = index < len(text) and _is_word(text[index])
    return before != after


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def compile_shape(pattern: str, flags: int = re.MULTILINE) -> Shape:
    leading_boundary = pattern.startswith(r"\b")
    body = pattern[2:] if leading_boundary else pattern
    needs: tuple[str, ...] = ()
    if not flags & re.IGNORECASE:
        needs = _required_literals(_sre_parse.parse(body, flags)) or ()
    return Shape(re.compile(body, flags), leading_boundary, needs)


def _required_literals(sequence) -> tuple[str, ...] | None:
    """Literals one of which every match of this parsed sequence contains, or None if none are known."""
    candidates: list[tuple[str, ...]] = []
    run: list[str] = []

    def end_run() -> None:
        if len(run) >= _MIN_LITERAL:
            candidates.append(("".join(run),))
        run.clear()

    for op, argument in sequence:
        if op is _sre_constants.LITERAL:
            run.append(chr(argument))
            continue
        end_run()
        if op is _sre_constants.SUBPATTERN:
            inner = _required_literals(argument[-1])
        elif op is _sre_constants.BRANCH:
            alternatives = [_required_literals(branch) for branch in argument[1]]
            inner = None if any(a is None for a in alternatives) else tuple(x for a in alternatives for x in a)
        elif op in (_sre_constants.MAX_REPEAT, _sre_constants.MIN_REPEAT) and argument[0] >= 1:
            inner = _required_literals(argument[2])
        else:
            inner = None
        if inner:
            candidates.append(inner)
    end_run()
    if not candidates:
        return None
    # The most selective test: the shortest of its literals is the longest, then the fewest literals.
    return max(candidates, key=lambda literals: (min(map(len, literals)), -len(literals)))
