"""Compile-time values: what an expression is known to be before the program runs.

Three levels are enough for security decisions:
- a concrete Python value (`"ls -l"`, `("ls", "-l")`, `4096`),
- `ANY_CONSTANT`: fixed by the source text but not tracked exactly (e.g. one of two literals),
- `UNKNOWN`: may depend on run-time input.
"""
from __future__ import annotations

import ast
import operator


class _Marker:
    def __init__(self, name: str) -> None:
        self._name = name

    def __repr__(self) -> str:
        return self._name

    def __reduce__(self):
        return (_marker, (self._name,))


def _marker(name: str) -> "_Marker":
    return UNKNOWN if name == "UNKNOWN" else ANY_CONSTANT


UNKNOWN = _Marker("UNKNOWN")
ANY_CONSTANT = _Marker("ANY_CONSTANT")


def is_known(value: object) -> bool:
    """A concrete value (not a marker)."""
    return value is not UNKNOWN and value is not ANY_CONSTANT


def is_constant(value: object) -> bool:
    """Fixed by the source text, exactly known or not."""
    return value is not UNKNOWN


_BINOPS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
    ast.BitOr: operator.or_,
    ast.BitAnd: operator.and_,
    ast.BitXor: operator.xor,
    ast.LShift: operator.lshift,
    ast.RShift: operator.rshift,
}
_CMPOPS = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
    ast.Is: operator.is_,
    ast.IsNot: operator.is_not,
}
_UNARY = {ast.Not: operator.not_, ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Invert: operator.invert}
_MAX_LEN = 100_000  # refuse to build huge constants ("a" * 10**9)


def _small(value: object) -> bool:
    return not isinstance(value, (str, bytes, tuple, list)) or len(value) <= _MAX_LEN


def fold_binop(op: ast.operator, left: object, right: object) -> object:
    if not (is_constant(left) and is_constant(right)):
        return UNKNOWN
    if not (is_known(left) and is_known(right)):
        return ANY_CONSTANT
    fn = _BINOPS.get(type(op))
    if fn is None:
        return ANY_CONSTANT
    if isinstance(op, ast.Pow) and isinstance(right, (int, float)) and abs(right) > 64:
        return ANY_CONSTANT
    if isinstance(op, ast.Mult) and (
        (isinstance(left, int) and abs(left) > _MAX_LEN) or (isinstance(right, int) and abs(right) > _MAX_LEN)
    ):
        return ANY_CONSTANT
    try:
        result = fn(left, right)
    except Exception:
        return ANY_CONSTANT
    return result if _small(result) else ANY_CONSTANT


def fold_compare(ops: list[ast.cmpop], values: list[object]) -> object:
    if not all(is_constant(v) for v in values):
        return UNKNOWN
    if not all(is_known(v) for v in values):
        return ANY_CONSTANT
    try:
        for op, left, right in zip(ops, values, values[1:]):
            if not _CMPOPS[type(op)](left, right):
                return False
        return True
    except Exception:
        return ANY_CONSTANT


def fold_unary(op: ast.unaryop, operand: object) -> object:
    if not is_constant(operand):
        return UNKNOWN
    if not is_known(operand):
        return ANY_CONSTANT
    try:
        return _UNARY[type(op)](operand)
    except Exception:
        return ANY_CONSTANT


def merge(values: list[object]) -> object:
    """The value of a name reached by several assignments."""
    if not values or any(v is UNKNOWN for v in values):
        return UNKNOWN
    first = values[0]
    if all(is_known(v) and type(v) is type(first) and v == first for v in values):
        return first
    return ANY_CONSTANT


def truthiness(value: object) -> bool | None:
    """True/False when a condition is decided at compile time, else None."""
    if not is_known(value):
        return None
    try:
        return bool(value)
    except Exception:
        return None
