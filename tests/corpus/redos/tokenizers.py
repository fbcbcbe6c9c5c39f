"""Tokenizer patterns of the kind ReDoS advisories are filed against."""
import re

# sqlparse before 0.4.2: two backslashes match as one `\\\\` or as two `[^']`
STRING_OLD = re.compile(r"'(''|\\\\|\\'|[^'])*'")  # expect: CWE-1333
STRING_FIXED = re.compile(r"'(''|\\'|[^'])*'")  # safe: CWE-1333
# the spaces around each comma split between the two `\s*` in every way
COMMA_LIST = re.compile(r"^(\s*,\s*)*$")  # expect: CWE-1333
COMMA_LIST_FIXED = re.compile(r"^(,\s*)*$")  # safe: CWE-1333
TOKENS = re.compile(r"^(ab|a|b)*$")  # expect: CWE-1333
TOKENS_FIXED = re.compile(r"^[ab]*$")  # safe: CWE-1333
# ambiguous (`\r\n` or `\r` then `\n`), but the match may stop after any iteration: a greedy match succeeds at once
BLANK_LINES = re.compile(r"(?:\r\n|\r|\n){2,}")  # safe: CWE-1333
