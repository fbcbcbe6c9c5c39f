"""Bytes to one `ast.Module`, whatever Python runs secreview, without ever running the code.

The host's `ast.parse` is the fast path. When it rejects a file that newer grammar accepts (PEP 695,
PEP 701, PEP 750 on an older host), LibCST's native parser reads it and `lower` turns its tree into
the same stdlib `ast` classes, so every analysis sees one representation. Anything that still
fails becomes a `FileError`; nothing here raises.
"""
from __future__ import annotations

import ast
import io
import re
import sys
import tokenize
import warnings
from dataclasses import dataclass

from secreview.findings import FileError

MAX_FILE_BYTES = 10 * 1024 * 1024
# LibCST's parser recurses on the native stack (a segfault, not an exception, when it overflows)
# and is quadratic in nesting depth, so the fallback refuses what even CPython could not nest:
# more than 200 open brackets (CPython's tokenizer limit in every version) or a chain of more than
# _MAX_CHAIN tokens between separators (`-` * 5000 + `1`, `a+` * 100000).
_MAX_BRACKETS = 200
_MAX_CHAIN = 2000
_TOKEN = re.compile("|".join((
    r"(?P<str>[rRbBuUfFtT]{0,3}(?:'{3}[\s\S]*?(?:'{3}|$)|\"{3}[\s\S]*?(?:\"{3}|$)"
    r"|'(?:\\[\s\S]|[^'\\\n])*'?|\"(?:\\[\s\S]|[^\"\\\n])*\"?))",
    r"(?P<comment>#[^\n]*)",
    r"(?P<open>[(\[{])",
    r"(?P<close>[)\]}])",
    r"(?P<sep>[,;\n]|=(?!=))",
    r"(?P<word>\w+)",
    r"(?P<other>[^\s\\])",
)))


@dataclass
class ParsedFile:
    path: str
    text: str
    tree: ast.Module
    lines: list[str]
    via_fallback: bool = False


def decode_source(data: bytes) -> str:
    """Decode as Python does: BOM, PEP 263 cookie, else UTF-8. Raises UnicodeDecodeError/SyntaxError."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    if encoding == "utf-8-sig":
        encoding = "utf-8"
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
    return data.decode(encoding)


def parse_bytes(data: bytes, path: str) -> ParsedFile | FileError:
    if len(data) > MAX_FILE_BYTES:
        return FileError(path, "too-large", f"file is {len(data)} bytes; the limit is {MAX_FILE_BYTES}")
    if b"\0" in data:
        return FileError(path, "binary", "file contains NUL bytes; not Python source")
    try:
        text = decode_source(data)
    except (UnicodeDecodeError, SyntaxError, LookupError) as exc:
        return FileError(path, "decode", f"cannot decode source: {exc}")
    return parse_text(text, path)


def parse_text(text: str, path: str) -> ParsedFile | FileError:
    lines = split_lines(text)
    try:
        with warnings.catch_warnings():  # the reviewed code's SyntaxWarnings are not ours to print
            warnings.simplefilter("ignore")
            tree = ast.parse(text, filename=path, type_comments=False)
        return ParsedFile(path, text, tree, lines)
    except SyntaxError as exc:
        host_error = exc
    except (RecursionError, MemoryError):
        return FileError(path, "recursion", "expression nesting too deep to parse")
    except UnicodeError as exc:  # a str with lone surrogates
        return FileError(path, "decode", f"cannot encode source: {exc}")
    except ValueError as exc:  # e.g. source with NUL bytes
        return FileError(path, "syntax", str(exc))
    if isinstance(host_error, IndentationError):
        tree = _indented_fragment(text, lines)
        if tree is not None:
            return ParsedFile(path, text, tree, lines)
    tree = _fallback(text)
    if tree is not None:
        return ParsedFile(path, text, tree, lines, via_fallback=True)
    return FileError(path, "syntax", host_error.msg, host_error.lineno)  # the kind already says "syntax"


_INDENT = re.compile(r"[ \t]*")


# the function an indented hunk of statements is read as (its findings say "this hunk reads but never sets")
HUNK_FUNCTION = "hunk"


def _indented_fragment(text: str, lines: list[str]) -> ast.Module | None:
    """A hunk cut out of a method body starts indented (`        q = request.GET["q"]`): parse it
    under synthetic `if True:` headers, one per indentation level the fragment steps back to, then
    move every line number back so positions are the file's own."""
    code = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not code:
        return None
    indents = [_INDENT.match(line).group() for line in code]
    first = len(indents[0])
    if first == 0:
        return None
    if len(set("".join(indents))) > 1:
        return None  # mixed tabs and spaces: no header indentation is right for both
    levels = sorted({0} | {len(indent) for indent in indents if len(indent) < first})
    unit = indents[0][0]
    headers = "".join(unit * level + "if True:\n" for level in levels)
    tree = _parse_quietly(headers + text)
    if tree is None:
        return None
    params = _free_names(tree.body[0])
    if params is not None:
        # a hunk of statements (no `def` or `class` of its own) is the body of a function whose
        # parameters are the names it reads and never binds: `cursor.execute(sql % name)` cut out of a
        # method splices the method's `name`, as a pasted function's parameter would
        def_headers = f"def {HUNK_FUNCTION}(" + ", ".join(params) + "):\n" + headers[len("if True:\n"):]
        as_function = _parse_quietly(def_headers + text)
        if as_function is not None:
            tree = as_function
    ast.increment_lineno(tree, -len(levels))
    header = tree
    for _ in levels:  # the synthetic headers (and their `True`): on the first line, not before it
        header = header.body[0]
        header.lineno = header.end_lineno = 1
        if isinstance(header, ast.FunctionDef):
            for arg in header.args.args:
                arg.lineno = arg.end_lineno = 1
        else:
            header.test.lineno = header.test.end_lineno = 1
    return tree


def _parse_quietly(text: str) -> ast.Module | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(text, type_comments=False)
    except (SyntaxError, ValueError, RecursionError, MemoryError, UnicodeError):
        return None


_MAX_HUNK_PARAMS = 40


def _free_names(header: ast.If) -> list[str] | None:
    """The names a hunk of statements reads without binding them (its enclosing function's parameters and
    locals), `self` first; None when the hunk defines functions or classes itself (then it is kept as
    module code) or binds nothing it could be read as. Builtins, names of well-known modules a fragment
    uses without importing them, UPPER_CASE constants and names only called are no parameters."""
    from secreview.model.semantic import BUILTIN_NAMES, fragment_modules  # (the model imports this module)

    if any(isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) for stmt in header.body):
        return None
    bound: set[str] = set()
    read: dict[str, None] = {}
    called: set[int] = set()
    for node in ast.walk(header):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            called.add(id(node.func))
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load):
                read.setdefault(node.id)
            else:
                bound.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            return None
    only_called = {n.id for n in ast.walk(header) if isinstance(n, ast.Name) and id(n) in called}
    only_called -= {n.id for n in ast.walk(header) if isinstance(n, ast.Name) and id(n) not in called}
    modules = fragment_modules()
    free = [name for name in read if name not in bound and name not in BUILTIN_NAMES and name not in modules
            and name not in only_called and not (name.isupper() or name.strip("_").isupper())]
    if not free or len(free) > _MAX_HUNK_PARAMS:
        return None
    return sorted(free, key=lambda name: name != "self")


def split_lines(text: str) -> list[str]:
    """Lines as CPython numbers them: only \\n, \\r\\n and \\r end a line (`str.splitlines` also
    splits on form feeds and U+2028, which would shift every line number after them)."""
    lines = re.split(r"\r\n|\r|\n", text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def too_deep(text: str) -> bool:
    """A cheap over-estimate of how deeply `text` nests, token by token, without parsing it.

    Tokens chained without a separator (`,` `;` `=` or a newline outside brackets) may nest one
    inside the other; a separator starts a sibling. Brackets open a new level."""
    runs = [0]
    total = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind in ("comment", "str"):  # LibCST bounds runs of adjacent strings itself
            continue
        if kind == "open":
            runs[-1] += 1
            total += 1
            runs.append(0)
            if len(runs) > _MAX_BRACKETS + 1:
                return True
        elif kind == "close":
            if len(runs) > 1:
                total -= runs.pop()
        elif kind == "sep":
            if match.group() == "\n" and len(runs) > 1:
                continue
            total -= runs[-1]
            runs[-1] = 0
        else:
            runs[-1] += 1
            total += 1
            if total > _MAX_CHAIN:
                return True
    return False


def _fallback(text: str) -> ast.Module | None:
    """Parse with LibCST's grammar (3.0-3.14 on any host) and lower it to stdlib ast."""
    if too_deep(text):
        return None
    try:
        from secreview.parse.lower import lower_source
    except ImportError:  # pragma: no cover - lowering not available
        return None
    old_limit = sys.getrecursionlimit()
    try:
        sys.setrecursionlimit(max(old_limit, 20000))
        return lower_source(text)
    except Exception:  # any failure of the fallback means "not parseable"
        return None
    finally:
        sys.setrecursionlimit(old_limit)
