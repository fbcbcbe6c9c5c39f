"""Does a string built from pieces parse as SQL? A sink found by the value's shape, not the callee's name.

Real code sends queries through its own wrappers (`db.exec(sql)`, `self._run_query(q)`, a helper in
another package): no model names them. A string whose constant text, with each non-constant piece
replaced by a placeholder, parses as an SQL statement (by sqlglot, a real SQL parser: prose that
happens to contain "select" or "update" does not parse) is a query, and non-constant data spliced
into it is SQL injection whichever call receives it.
"""
from __future__ import annotations

import ast
import logging
import re
from functools import lru_cache

MARK = "\x00"
_PLACEHOLDER = "sr_piece"
# cheap filter before parsing: a statement keyword and a clause keyword somewhere in the text
_STATEMENT = re.compile(r"\b(select|insert|update|delete|replace|merge|with)\b", re.I)
_CLAUSE = re.compile(r"\b(from|into|set|where|values|join)\b", re.I)
# statements that change or describe the schema: no clause keyword, but their opening words are
# nothing prose starts with (`f"SHOW CREATE TABLE `{name}`"`, `"DROP TABLE " + name`)
_ADMIN = re.compile(r"^\s*(?:show\s+(?:create\s+table|(?:full\s+)?(?:columns|fields|tables)|index|indexes|keys|table\s+status)"
                    r"|describe|drop\s+(?:table|database|schema|view|index)|truncate\s+table|alter\s+table"
                    r"|create\s+(?:table|database|schema|index|view)|(?:optimize|analyze|check|repair)\s+table)\s", re.I)
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[sdifr]")
_BRACES = re.compile(r"\{[^{}]*\}")


def template(node: ast.AST, const_of, depth: int = 0) -> str:
    """The text `node` builds, with non-constant pieces as MARK. `const_of(node)` gives a known
    string constant for a leaf (a local name bound to one) or None."""
    if depth > 12:
        return MARK
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else MARK
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) and isinstance(part.value, str)
                       else template(part.value, const_of, depth + 1) if isinstance(part, ast.FormattedValue)
                       else MARK for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return template(node.left, const_of, depth + 1) + template(node.right, const_of, depth + 1)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        fmt = template(node.left, const_of, depth + 1)
        return _PERCENT.sub(MARK, fmt).replace("%%", "%")
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        fmt = template(node.func.value, const_of, depth + 1)
        return _BRACES.sub(MARK, fmt).replace("{{", "{").replace("}}", "}")
    known = const_of(node)
    return known if isinstance(known, str) else MARK


def splices_into_sql(text: str) -> bool:
    """True when `text` (with MARK pieces) is an SQL statement with at least one non-constant piece."""
    if MARK not in text:
        return False
    admin = _ADMIN.match(text) is not None
    if not admin and (not _STATEMENT.search(text) or not _CLAUSE.search(text)):
        return False
    return _parses(text.replace(MARK, _PLACEHOLDER), admin)


@lru_cache(maxsize=1)
def _sqlglot():
    """sqlglot and its expression types, loaded on the first candidate string (or None)."""
    try:
        import sqlglot
        from sqlglot import exp
    except ImportError:  # the parser is a dependency; without it no string is judged a query
        return None
    # sqlglot warns on its logger when it falls back to an opaque `Command` (which is no query here):
    # the reviewed code's strings are not the user's business, so only its errors are let through
    logging.getLogger("sqlglot").setLevel(logging.ERROR)
    admin = tuple(getattr(exp, name) for name in ("Show", "Describe", "Drop", "Alter", "AlterTable", "TruncateTable",
                                                  "Create") if hasattr(exp, name))
    return sqlglot, exp, (exp.Insert, exp.Update, exp.Delete, exp.Merge, exp.Union), admin


@lru_cache(maxsize=4096)
def _parses(text: str, admin: bool = False) -> bool:
    loaded = _sqlglot()
    if loaded is None:
        return False
    sqlglot, exp, statements, admin_statements = loaded
    tree = None
    # MySQL's backquoted names (`tabItem`) are no standard SQL; its SHOW statements are MySQL's
    for dialect in ("mysql",) if admin else (None, "mysql"):
        try:
            tree = sqlglot.parse_one(text, read=dialect, error_level=sqlglot.ErrorLevel.RAISE)
            break
        except Exception:  # sqlglot raises ParseError / TokenError, and others on odd input
            continue
    if tree is None:
        return False
    if admin:
        return isinstance(tree, admin_statements)
    if isinstance(tree, exp.Select):
        return tree.args.get("from") is not None or tree.args.get("from_") is not None
    return isinstance(tree, statements)
