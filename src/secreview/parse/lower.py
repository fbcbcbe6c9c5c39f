"""Lower a LibCST tree to stdlib `ast` nodes, so code the host parser rejects is still analysed.

Why: secreview runs on Python 3.11+, but the code it reviews may use grammar from any later
version (PEP 695 generics and `type` aliases, PEP 701 f-strings, PEP 750 t-strings). LibCST's
native parser accepts all of it on any host. Every analysis speaks `ast`, so we translate LibCST's
tree into the very node classes, fields and positions the host's `ast.parse` would produce for
the same code (verified against the stdlib by `tests/test_parse.py`).

Positions: `lineno`/`end_lineno` are 1-based, `col_offset`/`end_col_offset` are UTF-8 byte
offsets, as in CPython. LibCST's `PositionProvider` gives spans in characters without the
surrounding parentheses, which is what CPython reports for almost every node; the exceptions
(parenthesised tuples and generator expressions, f-string parts) are handled where they occur.

Node classes the host lacks (`TypeAlias`, `TypeVar`, `ParamSpec`, `TypeVarTuple`, `TemplateStr`,
`Interpolation`) are created here as subclasses of `ast.stmt`/`ast.expr`/`ast.AST` with CPython
3.14's field names, so `type(node).__name__`, `ast.iter_child_nodes` and `ast.dump` work. On a
host without PEP 695, `type_params` of a def/class is set as a plain attribute, not added to
`_fields`: the host's `ast.unparse` and our traversal ignore it instead of tripping over it.
"""
from __future__ import annotations

import ast
import re
import sys
import unicodedata
import warnings
from typing import Any

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

_POS = ("lineno", "col_offset", "end_lineno", "end_col_offset")
_HOST = sys.version_info[:2]
_NEW_FSTRINGS = _HOST >= (3, 12)  # PEP 701: f-string parts carry their own positions


def _node_class(name: str, base: type, fields: tuple[str, ...]) -> type:
    """The host's class for `name`, or a look-alike with CPython's fields when the host has none."""
    existing = getattr(ast, name, None)
    if existing is not None:
        return existing
    return type(name, (base,), {"_fields": fields, "__module__": "ast"})


if hasattr(ast, "type_param"):
    type_param = ast.type_param
else:
    type_param = type("type_param", (ast.AST,), {"_fields": (), "_attributes": _POS, "__module__": "ast"})
TypeAlias = _node_class("TypeAlias", ast.stmt, ("name", "type_params", "value"))
TypeVar = _node_class("TypeVar", type_param, ("name", "bound", "default_value"))
ParamSpec = _node_class("ParamSpec", type_param, ("name", "default_value"))
TypeVarTuple = _node_class("TypeVarTuple", type_param, ("name", "default_value"))
TemplateStr = _node_class("TemplateStr", ast.expr, ("values",))
Interpolation = _node_class("Interpolation", ast.expr, ("value", "str", "conversion", "format_spec"))

_HAS_TYPE_PARAMS = "type_params" in ast.FunctionDef._fields
_HAS_TYPE_DEFAULTS = "default_value" in getattr(ast, "TypeVar", TypeVar)._fields

_BINOPS = {
    "Add": ast.Add, "Subtract": ast.Sub, "Multiply": ast.Mult, "MatrixMultiply": ast.MatMult,
    "Divide": ast.Div, "Modulo": ast.Mod, "Power": ast.Pow, "LeftShift": ast.LShift,
    "RightShift": ast.RShift, "BitOr": ast.BitOr, "BitXor": ast.BitXor, "BitAnd": ast.BitAnd,
    "FloorDivide": ast.FloorDiv,
}
_AUGOPS = {k + "Assign": v for k, v in _BINOPS.items()}
_UNARY = {"Plus": ast.UAdd, "Minus": ast.USub, "BitInvert": ast.Invert, "Not": ast.Not}
_COMPARE = {
    "Equal": ast.Eq, "NotEqual": ast.NotEq, "LessThan": ast.Lt, "LessThanEqual": ast.LtE,
    "GreaterThan": ast.Gt, "GreaterThanEqual": ast.GtE, "Is": ast.Is, "IsNot": ast.IsNot,
    "In": ast.In, "NotIn": ast.NotIn,
}
_CONSTANT_NAMES = {"True": True, "False": False, "None": None}
_ESCAPE = re.compile(r"\\(N\{[^}]*\}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|\r\n|[\s\S])")


def lower_source(text: str) -> ast.Module:
    """Parse `text` with LibCST and return the equivalent `ast.Module`. Raises on invalid code."""
    module = cst.parse_module(text)
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)
    return _Lowerer(module, positions).module()


def _ident(name: str) -> str:
    """Identifiers are NFKC-normalised by the tokenizer (PEP 3131): `ｗｉｄｔｈ` is `width`."""
    return name if name.isascii() else unicodedata.normalize("NFKC", name)


def _literal(token: str) -> Any:
    """Value of one number or (non-f) string token, without running anything."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.literal_eval(token)


def _unescape(text: str, raw: bool) -> str:
    """Decode the escapes of a literal piece of an f-/t-string, as the tokenizer would."""
    if raw:
        return text

    def one(match: re.Match) -> str:
        try:
            return _literal('"\\' + match.group(1) + '"')
        except (SyntaxError, ValueError):
            return match.group(0)

    return _ESCAPE.sub(one, text)


class _Lowerer:
    def __init__(self, module: cst.Module, positions: Any) -> None:
        self.cst_module = module
        self.positions = positions
        self.lines = re.split(r"\r\n|\r|\n", module.code)
        self.ends: dict[int, tuple[int, int]] = {}  # id(stmt) -> end of its line when a ';' follows

    # ------------------------------------------------------------------ positions
    def _byte(self, line: int, column: int) -> int:
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return column if text.isascii() else len(text[:column].encode("utf-8"))

    def span(self, node: cst.CSTNode) -> tuple[int, int, int, int]:
        r = self.positions[node]
        return (r.start.line, self._byte(r.start.line, r.start.column),
                r.end.line, self._byte(r.end.line, r.end.column))

    def at(self, node: ast.AST, where: Any) -> Any:
        """Give `node` the span of `where`: a CST node, an ast node or a 4-tuple."""
        if isinstance(where, cst.CSTNode):
            where = self.span(where)
        elif isinstance(where, ast.AST):
            where = tuple(getattr(where, a) for a in _POS)
        node.lineno, node.col_offset, node.end_lineno, node.end_col_offset = where
        return node

    @staticmethod
    def join(first: Any, last: Any) -> tuple[int, int, int, int]:
        return (first[0], first[1], last[2], last[3])

    def pos(self, where: Any) -> tuple[int, int, int, int]:
        """Span of an ast node, or of a CST node with all its parentheses (as the end of a larger node)."""
        if isinstance(where, ast.AST):
            return tuple(getattr(where, a) for a in _POS)  # type: ignore[return-value]
        if getattr(where, "lpar", None):
            return self.between(where.lpar[0], where.rpar[-1])
        return self.span(where)

    def between(self, first: Any, last: Any) -> tuple[int, int, int, int]:
        return self.join(self.pos(first), self.pos(last))

    def paren_span(self, node: cst.CSTNode) -> tuple[int, int, int, int]:
        """The innermost parentheses around `node` included, as CPython does for tuples and genexps."""
        if getattr(node, "lpar", None):
            return self.between(node.lpar[-1], node.rpar[0])
        return self.span(node)

    # ------------------------------------------------------------------ module and statements
    def module(self) -> ast.Module:
        return ast.Module(body=self.block(self.cst_module.body), type_ignores=[])

    def block(self, body: Any) -> list[ast.stmt]:
        if isinstance(body, (cst.IndentedBlock, cst.SimpleStatementSuite)):
            body = body.body
        out: list[ast.stmt] = []
        if isinstance(body, (list, tuple)) and body and isinstance(body[0], cst.BaseSmallStatement):
            body = [cst.SimpleStatementLine(body=body)]  # the small statements of `if x: a; b`
        for stmt in body:
            if isinstance(stmt, cst.SimpleStatementLine):
                out.extend(self.stmt(s) for s in stmt.body)
                last = stmt.body[-1]
                if isinstance(last.semicolon, cst.Semicolon):
                    # `x = 1;` ends a block at the ';' (CPython's compound statement ends there too)
                    end = self.positions[last].end
                    line, col = self.find_char(end.line, end.column, ";")
                    self.ends[id(out[-1])] = (line, self._byte(line, col + 1))
            else:
                out.append(self.stmt(stmt))
        return out

    def stmt(self, node: cst.CSTNode) -> ast.stmt:
        method = getattr(self, "s_" + type(node).__name__)
        result = method(node)
        if getattr(result, "lineno", None) is None:
            self.at(result, node)
        return result

    def last_end(self, node: ast.stmt, stmts: list[ast.stmt]) -> ast.stmt:
        """Compound statements end where their last nested statement ends."""
        last = stmts[-1]
        node.end_lineno, node.end_col_offset = self.ends.get(id(last), (last.end_lineno, last.end_col_offset))
        return node

    def s_Expr(self, n):
        return ast.Expr(value=self.expr(n.value))

    def s_Pass(self, n):
        return ast.Pass()

    def s_Break(self, n):
        return ast.Break()

    def s_Continue(self, n):
        return ast.Continue()

    def s_Return(self, n):
        return ast.Return(value=self.opt(n.value))

    def s_Raise(self, n):
        return ast.Raise(exc=self.opt(n.exc), cause=self.opt(n.cause.item) if n.cause else None)

    def s_Assert(self, n):
        return ast.Assert(test=self.expr(n.test), msg=self.opt(n.msg))

    def s_Del(self, n):
        t = n.target
        if isinstance(t, cst.Tuple) and not t.lpar:
            return ast.Delete(targets=[self.expr(e.value, ast.Del()) for e in t.elements])
        return ast.Delete(targets=[self.expr(t, ast.Del())])

    def s_Assign(self, n):
        return ast.Assign(targets=[self.expr(t.target, ast.Store()) for t in n.targets],
                          value=self.expr(n.value), type_comment=None)

    def s_AugAssign(self, n):
        return ast.AugAssign(target=self.expr(n.target, ast.Store()),
                             op=_AUGOPS[type(n.operator).__name__](), value=self.expr(n.value))

    def s_AnnAssign(self, n):
        simple = int(isinstance(n.target, cst.Name) and not n.target.lpar)
        return ast.AnnAssign(target=self.expr(n.target, ast.Store()), annotation=self.expr(n.annotation.annotation),
                             value=self.opt(n.value), simple=simple)

    def s_Global(self, n):
        return ast.Global(names=[_ident(i.name.value) for i in n.names])

    def s_Nonlocal(self, n):
        return ast.Nonlocal(names=[_ident(i.name.value) for i in n.names])

    def dotted(self, node: cst.CSTNode) -> str:
        if isinstance(node, cst.Attribute):
            return self.dotted(node.value) + "." + _ident(node.attr.value)
        return _ident(node.value)

    def alias(self, a: cst.ImportAlias) -> ast.alias:
        node = ast.alias(name=self.dotted(a.name), asname=_ident(a.asname.name.value) if a.asname else None)
        return self.at(node, self.between(a.name, a.asname.name if a.asname else a.name))

    def s_Import(self, n):
        return ast.Import(names=[self.alias(a) for a in n.names])

    def s_ImportFrom(self, n):
        if isinstance(n.names, cst.ImportStar):
            names = [self.at(ast.alias(name="*", asname=None), n.names)]
        else:
            names = [self.alias(a) for a in n.names]
        module = self.dotted(n.module) if n.module is not None else None
        return ast.ImportFrom(module=module, names=names, level=len(n.relative))

    def s_TypeAlias(self, n):
        return TypeAlias(name=self.expr(n.name, ast.Store()), type_params=self.type_params(n.type_parameters),
                         value=self.expr(n.value))

    def s_If(self, n):
        node = self.at(ast.If(test=self.expr(n.test), body=self.block(n.body), orelse=[]), n)
        if isinstance(n.orelse, cst.If):
            node.orelse = [self.stmt(n.orelse)]
        elif n.orelse is not None:
            node.orelse = self.block(n.orelse.body)
        return self.last_end(node, node.orelse or node.body)

    def s_While(self, n):
        node = ast.While(test=self.expr(n.test), body=self.block(n.body),
                         orelse=self.block(n.orelse.body) if n.orelse else [])
        return self.last_end(self.at(node, n), node.orelse or node.body)

    def s_For(self, n):
        cls = ast.AsyncFor if n.asynchronous else ast.For
        node = cls(target=self.expr(n.target, ast.Store()), iter=self.expr(n.iter), body=self.block(n.body),
                   orelse=self.block(n.orelse.body) if n.orelse else [], type_comment=None)
        return self.last_end(self.at(node, n), node.orelse or node.body)

    def s_With(self, n):
        cls = ast.AsyncWith if n.asynchronous else ast.With
        items = [ast.withitem(context_expr=self.expr(i.item),
                              optional_vars=self.expr(i.asname.name, ast.Store()) if i.asname else None)
                 for i in n.items]
        node = cls(items=items, body=self.block(n.body), type_comment=None)
        return self.last_end(self.at(node, n), node.body)

    def handler(self, h: cst.CSTNode) -> ast.ExceptHandler:
        node = ast.ExceptHandler(type=self.opt(h.type), name=_ident(h.name.name.value) if h.name else None,
                                 body=self.block(h.body))
        return self.last_end(self.at(node, h), node.body)

    def s_Try(self, n, cls=ast.Try):
        node = cls(body=self.block(n.body), handlers=[self.handler(h) for h in n.handlers],
                   orelse=self.block(n.orelse.body) if n.orelse else [],
                   finalbody=self.block(n.finalbody.body) if n.finalbody else [])
        last = node.finalbody or node.orelse or node.handlers or node.body
        return self.last_end(self.at(node, n), last)

    def s_TryStar(self, n):
        return self.s_Try(n, getattr(ast, "TryStar", ast.Try))

    def decorators(self, n) -> list[ast.expr]:
        return [self.expr(d.decorator) for d in n.decorators]

    def with_type_params(self, node: ast.stmt, tp: Any) -> ast.stmt:
        params = self.type_params(tp)
        if _HAS_TYPE_PARAMS or params:
            node.type_params = params
        return node

    def s_FunctionDef(self, n):
        cls = ast.AsyncFunctionDef if n.asynchronous else ast.FunctionDef
        node = cls(name=_ident(n.name.value), args=self.arguments(n.params), body=self.block(n.body),
                   decorator_list=self.decorators(n),
                   returns=self.expr(n.returns.annotation) if n.returns else None, type_comment=None)
        self.with_type_params(node, n.type_parameters)
        return self.last_end(self.at(node, n), node.body)

    def s_ClassDef(self, n):
        bases, keywords = self.call_args([*n.bases, *n.keywords])
        node = ast.ClassDef(name=_ident(n.name.value), bases=bases, keywords=keywords, body=self.block(n.body),
                            decorator_list=self.decorators(n))
        self.with_type_params(node, n.type_parameters)
        return self.last_end(self.at(node, n), node.body)

    def s_Match(self, n):
        cases = []
        for c in n.cases:
            cases.append(ast.match_case(pattern=self.pattern(c.pattern), guard=self.opt(c.guard),
                                        body=self.block(c.body)))
        node = self.at(ast.Match(subject=self.expr(n.subject), cases=cases), n)
        return self.last_end(node, cases[-1].body)

    # ------------------------------------------------------------------ type parameters
    def type_params(self, tp: Any) -> list[ast.AST]:
        if tp is None:
            return []
        out = []
        for p in tp.params:
            param = p.param
            default = self.opt(p.default)
            if isinstance(param, cst.TypeVar):
                node = TypeVar(name=_ident(param.name.value), bound=self.opt(param.bound))
                start = param.name
            elif isinstance(param, cst.TypeVarTuple):
                node, start = TypeVarTuple(name=_ident(param.name.value)), param
            else:
                node, start = ParamSpec(name=_ident(param.name.value)), param
            if _HAS_TYPE_DEFAULTS or default is not None:
                node.default_value = default
            end = p.default or getattr(param, "bound", None) or param.name
            out.append(self.at(node, self.between(start, end)))
        return out

    # ------------------------------------------------------------------ parameters and arguments
    def arg(self, p: cst.Param) -> ast.arg:
        ann = self.expr(p.annotation.annotation) if p.annotation else None
        node = ast.arg(arg=_ident(p.name.value), annotation=ann, type_comment=None)
        return self.at(node, self.between(p.name, p.annotation.annotation if ann else p.name))

    def arguments(self, ps: cst.Parameters) -> ast.arguments:
        positional = [*ps.posonly_params, *ps.params]
        star = ps.star_arg if isinstance(ps.star_arg, cst.Param) else None
        return ast.arguments(
            posonlyargs=[self.arg(p) for p in ps.posonly_params],
            args=[self.arg(p) for p in ps.params],
            vararg=self.arg(star) if star else None,
            kwonlyargs=[self.arg(p) for p in ps.kwonly_params],
            kw_defaults=[self.opt(p.default) for p in ps.kwonly_params],
            kwarg=self.arg(ps.star_kwarg) if ps.star_kwarg else None,
            defaults=[self.expr(p.default) for p in positional if p.default is not None],
        )

    def call_args(self, args) -> tuple[list[ast.expr], list[ast.keyword]]:
        positional, keywords = [], []
        for a in args:
            value = self.expr(a.value)
            if a.keyword is not None:
                keywords.append(self.at(ast.keyword(arg=_ident(a.keyword.value), value=value), a))
            elif a.star == "**":
                keywords.append(self.at(ast.keyword(arg=None, value=value), a))
            elif a.star == "*":
                positional.append(self.at(ast.Starred(value=value, ctx=ast.Load()), a))
            else:
                positional.append(value)
        return positional, keywords

    # ------------------------------------------------------------------ expressions
    def opt(self, node: Any, ctx: ast.expr_context | None = None) -> ast.expr | None:
        return None if node is None else self.expr(node, ctx)

    def expr(self, node: cst.CSTNode, ctx: ast.expr_context | None = None) -> ast.expr:
        method = getattr(self, "e_" + type(node).__name__)
        result = method(node, ctx or ast.Load())
        if getattr(result, "lineno", None) is None:
            self.at(result, node)
        return result

    def e_Name(self, n, ctx):
        if n.value in _CONSTANT_NAMES and isinstance(ctx, ast.Load):
            return ast.Constant(value=_CONSTANT_NAMES[n.value], kind=None)
        return ast.Name(id=_ident(n.value), ctx=ctx)

    def e_Attribute(self, n, ctx):
        return ast.Attribute(value=self.expr(n.value), attr=_ident(n.attr.value), ctx=ctx)

    def e_Integer(self, n, ctx):
        return ast.Constant(value=_literal(n.value), kind=None)

    e_Float = e_Imaginary = e_Integer

    def e_Ellipsis(self, n, ctx):
        return ast.Constant(value=..., kind=None)

    def e_SimpleString(self, n, ctx):
        return ast.Constant(value=_literal(n.value), kind="u" if "u" in n.prefix.lower() else None)

    def e_Tuple(self, n, ctx):
        node = ast.Tuple(elts=[self.element(e, ctx) for e in n.elements], ctx=ctx)
        return self.at(node, self.paren_span(n))

    def e_List(self, n, ctx):
        return ast.List(elts=[self.element(e, ctx) for e in n.elements], ctx=ctx)

    def e_Set(self, n, ctx):
        return ast.Set(elts=[self.element(e, ctx) for e in n.elements])

    def element(self, e: cst.CSTNode, ctx: ast.expr_context) -> ast.expr:
        if isinstance(e, cst.StarredElement):
            return self.e_StarredElement(e, ctx)
        return self.expr(e.value, ctx)

    def e_StarredElement(self, n, ctx):
        value = self.expr(n.value, ctx)
        return self.at(ast.Starred(value=value, ctx=ctx), n)

    def e_Dict(self, n, ctx):
        keys, values = [], []
        for e in n.elements:
            if isinstance(e, cst.StarredDictElement):
                keys.append(None)
            else:
                keys.append(self.expr(e.key))
            values.append(self.expr(e.value))
        return ast.Dict(keys=keys, values=values)

    def comprehension(self, f: cst.CompFor) -> list[ast.comprehension]:
        out = []
        while f is not None:
            out.append(ast.comprehension(target=self.expr(f.target, ast.Store()), iter=self.expr(f.iter),
                                         ifs=[self.expr(i.test) for i in f.ifs], is_async=int(bool(f.asynchronous))))
            f = f.inner_for_in
        return out

    def e_ListComp(self, n, ctx):
        return ast.ListComp(elt=self.expr(n.elt), generators=self.comprehension(n.for_in))

    def e_SetComp(self, n, ctx):
        return ast.SetComp(elt=self.expr(n.elt), generators=self.comprehension(n.for_in))

    def e_GeneratorExp(self, n, ctx):
        node = ast.GeneratorExp(elt=self.expr(n.elt), generators=self.comprehension(n.for_in))
        return self.at(node, self.paren_span(n))

    def e_DictComp(self, n, ctx):
        return ast.DictComp(key=self.expr(n.key), value=self.expr(n.value), generators=self.comprehension(n.for_in))

    def e_Call(self, n, ctx):
        args, keywords = self.call_args(n.args)
        if len(n.args) == 1 and isinstance(n.args[0].value, cst.GeneratorExp) and not n.args[0].value.lpar:
            # f(x for x in y): CPython's generator expression owns the call's parentheses.
            func_end = self.positions[n.func].end
            line, col = self.find_char(func_end.line, func_end.column, "(")
            gen = args[0]
            gen.lineno, gen.col_offset = line, self._byte(line, col)
            gen.end_lineno, gen.end_col_offset = self.span(n)[2:]
        return ast.Call(func=self.expr(n.func), args=args, keywords=keywords)

    def e_Subscript(self, n, ctx):
        elems = n.slice
        if len(elems) == 1 and not (isinstance(elems[0].slice, cst.Index) and elems[0].slice.star) \
                and elems[0].comma is cst.MaybeSentinel.DEFAULT:
            index = self.subscript_element(elems[0])
        else:
            parts = [self.subscript_element(e) for e in elems]
            end = self.comma_end(elems[-1], self.pos(parts[-1]))
            index = self.at(ast.Tuple(elts=parts, ctx=ast.Load()), self.join(self.pos(parts[0]), end))
        return ast.Subscript(value=self.expr(n.value), slice=index, ctx=ctx)

    def find_char(self, line: int, col: int, char: str) -> tuple[int, int]:
        """Line and character column of the next `char` at or after (line, col)."""
        while line <= len(self.lines):
            found = self.lines[line - 1].find(char, col)
            if found >= 0:
                return line, found
            line, col = line + 1, 0
        raise ValueError(f"no {char!r} found")

    def comma_end(self, elem: cst.SubscriptElement, end: tuple) -> tuple:
        """End just after a trailing ',' (the Comma node itself also owns the whitespace around it)."""
        if not isinstance(elem.comma, cst.Comma):
            return end
        after = self.positions[elem.slice].end
        line, col = self.find_char(after.line, after.column, ",")
        return (0, 0, line, self._byte(line, col + 1))

    def subscript_element(self, e: cst.SubscriptElement) -> ast.expr:
        s = e.slice
        if isinstance(s, cst.Index):
            value = self.expr(s.value)
            if s.star:
                return self.at(ast.Starred(value=value, ctx=ast.Load()), self.join(self.span(s), self.pos(value)))
            return value
        node = ast.Slice(lower=self.opt(s.lower), upper=self.opt(s.upper), step=self.opt(s.step))
        return self.at(node, self.span(s))

    def e_BinaryOperation(self, n, ctx):
        return ast.BinOp(left=self.expr(n.left), op=_BINOPS[type(n.operator).__name__](), right=self.expr(n.right))

    def e_UnaryOperation(self, n, ctx):
        return ast.UnaryOp(op=_UNARY[type(n.operator).__name__](), operand=self.expr(n.expression))

    def e_BooleanOperation(self, n, ctx):
        op = type(n.operator)
        values: list[ast.expr] = []

        def flatten(side):
            if isinstance(side, cst.BooleanOperation) and type(side.operator) is op and not side.lpar:
                flatten(side.left)
                flatten(side.right)
            else:
                values.append(self.expr(side))

        flatten(n.left)
        flatten(n.right)
        return ast.BoolOp(op=ast.And() if op is cst.And else ast.Or(), values=values)

    def e_Comparison(self, n, ctx):
        return ast.Compare(left=self.expr(n.left), ops=[_COMPARE[type(c.operator).__name__]() for c in n.comparisons],
                           comparators=[self.expr(c.comparator) for c in n.comparisons])

    def e_IfExp(self, n, ctx):
        return ast.IfExp(test=self.expr(n.test), body=self.expr(n.body), orelse=self.expr(n.orelse))

    def e_Lambda(self, n, ctx):
        return ast.Lambda(args=self.arguments(n.params), body=self.expr(n.body))

    def e_NamedExpr(self, n, ctx):
        return ast.NamedExpr(target=self.expr(n.target, ast.Store()), value=self.expr(n.value))

    def e_Await(self, n, ctx):
        return ast.Await(value=self.expr(n.expression))

    def e_Yield(self, n, ctx):
        if isinstance(n.value, cst.From):
            return ast.YieldFrom(value=self.expr(n.value.item))
        return ast.Yield(value=self.opt(n.value))

    # ------------------------------------------------------------------ strings
    def e_ConcatenatedString(self, n, ctx):
        parts: list[cst.CSTNode] = []
        node: Any = n
        while isinstance(node, cst.ConcatenatedString):
            parts.append(node.left)
            node = node.right
        parts.append(node)
        return self.strings(parts, n)

    def e_FormattedString(self, n, ctx):
        return self.strings([n], n)

    e_TemplatedString = e_FormattedString

    def strings(self, parts: list[cst.CSTNode], whole: cst.CSTNode) -> ast.expr:
        if all(isinstance(p, cst.SimpleString) for p in parts):
            values = [_literal(p.value) for p in parts]
            value = values[0][:0].join(values)
            return ast.Constant(value=value, kind="u" if "u" in parts[0].prefix.lower() else None)
        outer = self.span(whole)
        template = any(isinstance(p, cst.TemplatedString) for p in parts)
        values = []
        for p in parts:
            if isinstance(p, cst.SimpleString):
                self.add_text(values, _literal(p.value), self.span(p), outer)
            else:
                values.extend(self.fstring_parts(p.parts, "r" in p.prefix.lower(), outer, self.span(p), template))
        return (TemplateStr if template else ast.JoinedStr)(values=self.merged(values, outer))

    def add_text(self, values: list, text: str, where: tuple, outer: tuple) -> None:
        values.append(self.at(ast.Constant(value=text, kind=None), where if _NEW_FSTRINGS else outer))

    def merged(self, values: list, outer: tuple) -> list:
        """Adjacent literal pieces become one Constant; empty ones vanish (as in CPython)."""
        out: list = []
        for v in values:
            if isinstance(v, ast.Constant):
                if out and isinstance(out[-1], ast.Constant):
                    prev = out[-1]
                    prev.value += v.value
                    prev.end_lineno, prev.end_col_offset = v.end_lineno, v.end_col_offset
                    continue
            out.append(v)
        return [v for v in out if not (isinstance(v, ast.Constant) and v.value == "")]

    def fstring_parts(self, parts, raw: bool, outer: tuple, token: tuple, template: bool) -> list:
        values: list = []
        for part in parts:
            if isinstance(part, (cst.FormattedStringText, cst.TemplatedStringText)):
                text = _unescape(part.value.replace("{{", "{").replace("}}", "}"), raw)
                self.add_text(values, text, self.span(part), outer)
                continue
            expr = self.expr(part.expression)
            span = self.span(part)
            if not _NEW_FSTRINGS and isinstance(part.expression, cst.Tuple) and not part.expression.lpar:
                # 3.11 parses `{a, b}` as `(a, b)`: the tuple spans the braces' positions
                tail = len(self.cst_module.code_for_node(part.whitespace_after_expression)) + 1
                self.at(expr, (span[0], span[1], expr.end_lineno, expr.end_col_offset + tail))
            conversion = ord(part.conversion) if part.conversion else -1
            if part.equal is not None:
                debug = self.debug_text(part)
                start = (span[0], span[1] + 1)
                self.add_text(values, debug, (start[0], start[1], *self.debug_end(part, start)), outer)
                if conversion == -1 and part.format_spec is None:
                    conversion = ord("r")
            spec = None
            if part.format_spec is not None:
                spec_values = self.fstring_parts(part.format_spec, raw, outer, token, template)
                spec_span = self.format_spec_span(part, span) if _NEW_FSTRINGS else token
                spec = self.at(ast.JoinedStr(values=self.merged(spec_values, outer)), spec_span)
                if not _NEW_FSTRINGS and spec.values and isinstance(spec.values[-1], ast.Constant):
                    self.at(spec.values[-1], token)  # 3.11 quirk: the spec's last literal has the token's span
            if template:
                src = self.cst_module.code_for_node(part.expression)
                node = Interpolation(value=expr, str=src, conversion=conversion, format_spec=spec)
            else:
                node = ast.FormattedValue(value=expr, conversion=conversion, format_spec=spec)
            values.append(self.at(node, span if _NEW_FSTRINGS else outer))
        return values

    def debug_text(self, part) -> str:
        """`{ x = }` keeps its source text before the value: ' x = '."""
        code = self.cst_module.code_for_node
        return (code(part.whitespace_before_expression) + code(part.expression)
                + code(part.whitespace_after_expression) + code(part.equal))

    def debug_end(self, part, start: tuple[int, int]) -> tuple[int, int]:
        text = self.debug_text(part)
        lines = re.split(r"\r\n|\r|\n", text)
        if len(lines) == 1:
            line = start[0]
            return line, start[1] + len(lines[0].encode("utf-8"))
        return start[0] + len(lines) - 1, len(lines[-1].encode("utf-8"))

    def format_spec_span(self, part, span: tuple) -> tuple:
        """From the ':' to the end of the spec (3.12+)."""
        spec = part.format_spec
        if spec:
            last = self.pos(spec[-1])
            first = self.pos(spec[0])
            return (first[0], first[1] - 1, last[2], last[3])
        return (span[2], span[3] - 2, span[2], span[3] - 1)

    # ------------------------------------------------------------------ match patterns
    def pattern(self, p: cst.CSTNode) -> ast.pattern:
        node = getattr(self, "p_" + type(p).__name__)(p)
        if getattr(node, "lineno", None) is None:
            self.at(node, p)
        return node

    def p_MatchValue(self, p):
        value = self.expr(p.value)
        return self.at(ast.MatchValue(value=value), value)

    def p_MatchSingleton(self, p):
        return ast.MatchSingleton(value=_CONSTANT_NAMES[p.value.value])

    def seq_item(self, e) -> ast.pattern:
        if isinstance(e, cst.MatchStar):
            return self.p_MatchStar(e)
        return self.pattern(e.value)

    def p_MatchStar(self, p):
        if p.name is None:
            start = self.positions[p].start
            line, col = self.find_char(start.line, start.column, "_")
            return self.at(ast.MatchStar(name=None), (*self.span(p)[:2], line, self._byte(line, col + 1)))
        return self.at(ast.MatchStar(name=_ident(p.name.value)), self.between(p, p.name))

    def p_MatchList(self, p):
        return self.at(ast.MatchSequence(patterns=[self.seq_item(e) for e in p.patterns]), self.paren_span(p)
                       if not getattr(p, "lbracket", None) else self.span(p))

    def p_MatchTuple(self, p):
        return self.at(ast.MatchSequence(patterns=[self.seq_item(e) for e in p.patterns]), self.paren_span(p))

    def p_MatchMapping(self, p):
        keys = [self.expr(e.key) for e in p.elements]
        patterns = [self.pattern(e.pattern) for e in p.elements]
        rest = _ident(p.rest.value) if p.rest is not None else None
        return ast.MatchMapping(keys=keys, patterns=patterns, rest=rest)

    def p_MatchClass(self, p):
        return ast.MatchClass(cls=self.expr(p.cls), patterns=[self.pattern(e.value) for e in p.patterns],
                              kwd_attrs=[_ident(k.key.value) for k in p.kwds], kwd_patterns=[self.pattern(k.pattern) for k in p.kwds])

    def p_MatchAs(self, p):
        name = _ident(p.name.value) if p.name is not None else None
        return ast.MatchAs(pattern=self.pattern(p.pattern) if p.pattern is not None else None, name=name)

    def p_MatchOr(self, p):
        return ast.MatchOr(patterns=[self.pattern(e.pattern) for e in p.patterns])
