"""A syntax highlighter's lexers and header parsers: patterns matched against text a visitor pasted."""
import re

from pygments.lexer import RegexLexer, bygroups, include
from pygments.token import Comment, Name, Number, Punctuation, String, Text

# a header value: a quoted string or a token; `re.escape` of the separators is spliced into the classes
SEPARATORS = re.escape(b'()<>@,;:\\"/[]?={} \t')
QUOTED = br'"(?:\\.|[^"])*"'
QUOTED_FIXED = br'"(?:\\.|[^"\\])*"'
OPTION = re.compile(br'(?:;|^)\s*([^' + SEPARATORS + br']+)\s*=\s*(' + QUOTED + br')')  # expect: CWE-1333
OPTION_FIXED = re.compile(br'(?:;|^)\s*([^' + SEPARATORS + br']+)\s*=\s*(' + QUOTED_FIXED + br')')  # safe: CWE-1333
# a counted repetition reads n copies one way only: an IPv6 group list is linear
IPV6 = re.compile(r"([0-9a-fA-F]{1,4}:){1,7}:")  # safe: CWE-1333


class RecipeLexer(RegexLexer):
    """A small configuration language: strings, numbers, sections."""
    name = "Recipe"
    flags = re.MULTILINE
    tokens = {
        "root": [
            include("whitespace"),
            (r'"(\\\\|\\"|[^"])*"', String.Double),  # expect: CWE-1333
            (r"'(\\\\|\\[^\\]|[^'\\])*'", String.Single),  # safe: CWE-1333
            (r'[+-]?(\d+)*\.\d+', Number.Float),  # expect: CWE-1333
            (r'[+-]?\d*\.\d+', Number.Float),  # safe: CWE-1333
            (r'(\[)([^\]]+)(\])', bygroups(Punctuation, Name.Namespace, Punctuation)),  # safe: CWE-1333
        ],
        "whitespace": [
            (r"\s+", Text),  # safe: CWE-1333
            (r"#.*?$", Comment.Single),  # safe: CWE-1333
        ],
    }


class Notes:
    """Not a lexer: a table of strings that nobody compiles."""
    tokens = {"root": [(r'"(\\\\|\\"|[^"])*"', "quoted")]}  # safe: CWE-1333


def _keyword(value):
    return value.upper()


# a tokenizer table compiled in a comprehension: each row's pattern is what `re.compile` gets
SQL_TABLE = {
    "root": [
        (r"(--|# ).*?(\r\n|\r|\n|$)", "comment"),
        (r'"(""|\\\\|\\"|[^"])*"', "symbol"),  # expect: CWE-1333
        (r"[_$#\w]+", _keyword),
    ]}
SQL_RULES = [(re.compile(rx, re.IGNORECASE).match, tt) for rx, tt in SQL_TABLE["root"]]
SQL_TABLE_FIXED = {"root": [(r'"(""|\\"|[^"])*"', "symbol"), (r"[_$#\w]+", _keyword)]}  # safe: CWE-1333
SQL_RULES_FIXED = [(re.compile(rx).match, tt) for rx, tt in SQL_TABLE_FIXED["root"]]

# sqlparse 0.4.3 (CVE-2023-30608): the compiled list takes the table's own name, so the comprehension
# reads the dict bound before it
STRING_RULES = {"root": [(r"'(''|\\\\|\\'|[^'])*'", "single"), (r"[_$#\w]+", _keyword)]}  # expect: CWE-1333
STRING_RULES = [(re.compile(rx).match, tt) for rx, tt in STRING_RULES["root"]]
STRING_RULES_FIXED = {"root": [(r"'(''|\\'|[^'])*'", "single"), (r"[_$#\w]+", _keyword)]}  # safe: CWE-1333
STRING_RULES_FIXED = [(re.compile(rx).match, tt) for rx, tt in STRING_RULES_FIXED["root"]]
