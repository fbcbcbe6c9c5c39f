"""ReDoS: which patterns backtrack exponentially, decided from the parsed pattern."""
from __future__ import annotations

import pytest

from secreview.rules.redos import exponential_backtracking


@pytest.mark.parametrize("pattern", [
    r"^(a+)+$",
    r"(\w+\s?)*$",
    r"^([a-z]+-?)*$",
    r"^(.*,)*x",
    r"(.|\s)*x",
    r"^([a-zA-Z0-9]+\.?)+@example\.com$",
    r"^(\w+)*$",
    r"(a*)*b",
    r"(x+x+)+y",
    r"(\w+é?)*$",
    r"(a+|b)*c",
    # found by the automaton test: one text, two ways through the repeated part
    r"'(''|\\\\|\\'|[^'])*'",   # sqlparse CVE-2021-32839: two backslashes are one `\\\\` or two `[^']`
    r"^(\s*,\s*)*$",               # the spaces between commas split between two `\s*`
    r"(a|aa)*b",
    r"^(ab|a|b)*$",
    r"(a{1,2})*b",                 # a counted repetition inside an unbounded one still splits n ways
    r'"(\\\\|\\"|[^"])*"',            # Pygments lexers before 2.7.4 (CVE-2021-27291)
    r'"(?:\\.|[^"])*"',               # python-multipart's QUOTED_STR (CVE-2024-24762)
])
def test_exponential(pattern):
    assert exponential_backtracking(pattern) is not None


@pytest.mark.parametrize("pattern", [
    r"(\w+\s)*$",                    # every iteration needs a space the inner \w+ cannot match
    r"^(\d+\.)*\d+$",
    r"(\s*,\s*\w+)*$",
    r"(\d|\w)+x",                    # the parser merges single characters into one class
    r"(a|b)*c",
    r"(.|\n)*x",                     # '.' never matches a newline
    r"^[a-zA-Z0-9]+(\.[a-zA-Z0-9]+)*@example\.com$",
    r"\d+",
    r"(a+)+",                        # nothing after it can fail: the first try succeeds
    r"^(a++)+$",                     # possessive: no backtracking into the inner repetition
    r"([^,]+,)*x",
    r"(\s+\w)*$",
    r"^(\d+|\w+)(\.\w+|\[[^]]+\])*$",  # each alternative ends with a delimiter its repetition cannot match
    r"[",                            # invalid patterns are not ours to judge
    r"'(''|\\'|[^'])*'",             # sqlparse's fix
    r"(?:\r\n|\r|\n){2,}",           # ambiguous, but the match may end after any iteration
    r'"(\\.|[^"\\])*"',
    r"^\d{1,3}(\.\d{1,3}){3}$",
    r"([0-9a-fA-F]{1,4}:){1,7}:",    # counted loops read n copies one way only (nested, not `x?x?`)
    r"(a|aa){1,7}b",                 # bounded: at most a constant number of splits
    r'"(\\\\|\\[^\\]|[^"\\])*"',      # Pygments' fix
])
def test_linear(pattern):
    assert exponential_backtracking(pattern) is None
