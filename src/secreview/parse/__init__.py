"""Bytes to one `ast.Module`, whatever Python runs secreview, without ever running the code.

The host's `ast.parse` is the fast path. When it rejects a file that newer grammar accepts (PEP 695,
PEP 701, PEP 750 on an older host), LibCST's native parser reads it and `lower` turns its tree into
the same stdlib `ast` classes, so every analysis sees one representation. Anything that still
fails becomes a `FileError`; nothing here raises.
"""
from __future__ import annotations

import ast
import io
import sys
import tokenize
from dataclasses import dataclass

from secreview.findings import FileError

MAX_FILE_BYTES = 10 * 1024 * 1024


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
    if b"\0" in data[:8192]:
        return FileError(path, "binary", "file contains NUL bytes; not Python source")
    try:
        text = decode_source(data)
    except (UnicodeDecodeError, SyntaxError, LookupError) as exc:
        return FileError(path, "decode", f"cannot decode source: {exc}")
    return parse_text(text, path)


def parse_text(text: str, path: str) -> ParsedFile | FileError:
    lines = text.splitlines()
    try:
        tree = ast.parse(text, filename=path, type_comments=False)
        return ParsedFile(path, text, tree, lines)
    except SyntaxError as exc:
        host_error = exc
    except (RecursionError, MemoryError):
        return FileError(path, "recursion", "expression nesting too deep to parse")
    except ValueError as exc:  # e.g. source with NUL bytes
        return FileError(path, "syntax", str(exc))
    tree = _fallback(text)
    if tree is not None:
        return ParsedFile(path, text, tree, lines, via_fallback=True)
    return FileError(path, "syntax", f"invalid syntax: {host_error.msg}", host_error.lineno)


def _fallback(text: str) -> ast.Module | None:
    """Parse with LibCST's grammar (3.0-3.14 on any host) and lower it to stdlib ast."""
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
