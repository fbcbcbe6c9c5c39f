"""printf-style format strings: which conversions can only print a number.

`"... LIMIT %d" % n` raises `TypeError` unless `n` is a number, so whatever `n` came from it cannot put
text (a quote, a keyword) into the result; `%s` and `%r` print anything. Rules and the taint engine ask
here which operands of `fmt % args` reach the text as text.
"""
from __future__ import annotations

import ast
import re

_CONVERSION = re.compile(r"%(\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgG%]|.?)", re.S)
_NUMERIC = frozenset("diouxXeEfFgG")


def _operands(fmt: str | bytes) -> list[tuple[tuple[int, int], str]] | None:
    """Each operand's conversion in `fmt % args`, in order: (its span in the text, its kind letter);
    None when the format takes a mapping or `*` widths (operands cannot be matched to conversions)."""
    text = fmt.decode("latin-1") if isinstance(fmt, bytes) else fmt
    out: list[tuple[tuple[int, int], str]] = []
    for m in _CONVERSION.finditer(text):
        key, width, precision, kind = m.groups()
        if kind == "%":
            continue
        if key is not None or width == "*" or precision == "*":
            return None
        out.append((m.span(), kind))
    return out


def numeric_conversions(fmt: str | bytes) -> list[bool] | None:
    """For each operand of `fmt % args`, in order, whether its conversion prints only a number."""
    operands = _operands(fmt)
    return None if operands is None else [kind in _NUMERIC for _span, kind in operands]


def operand_spans(fmt: str | bytes) -> list[tuple[int, int]] | None:
    """Where each operand of `fmt % args` is printed, in order (start and end of its conversion)."""
    operands = _operands(fmt)
    return None if operands is None else [span for span, _kind in operands]


def text_operands(fmt: object, right: ast.AST) -> list[ast.AST] | None:
    """The operands of `fmt % right` printed as text (`%s`, `%r`), when every operand can be matched to
    its conversion; None when that cannot be told (the whole right side counts)."""
    if not isinstance(fmt, (str, bytes)):
        return None
    conversions = numeric_conversions(fmt)
    if not conversions or not any(conversions):
        return None
    if isinstance(right, ast.Tuple):
        if len(right.elts) != len(conversions) or any(isinstance(e, ast.Starred) for e in right.elts):
            return None
        return [e for e, numeric in zip(right.elts, conversions) if not numeric]
    if isinstance(right, (ast.Dict, ast.List, ast.ListComp, ast.DictComp)) or len(conversions) != 1:
        return None
    return []  # `"%d" % n`: the one operand is a number


_NUMERIC_SPEC = re.compile(r"^[^{}]*[bdoxXneEfFgG%]$")


def numeric_spec(value: ast.FormattedValue) -> bool:
    """`f"{n:d}"`, `f"{x:.2f}"`, `"{:05d}".format(n)`: a format spec that only a number accepts."""
    spec = value.format_spec
    return (isinstance(spec, ast.JoinedStr) and len(spec.values) == 1 and isinstance(spec.values[0], ast.Constant)
            and isinstance(spec.values[0].value, str) and bool(_NUMERIC_SPEC.match(spec.values[0].value))
            and value.conversion in (-1, None))
