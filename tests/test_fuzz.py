"""Fuzzing as a test: generated Python and mutated real files never break a review.

Three generators, one property (tests/fuzzing.py: no exception, no internal error, SARIF valid
against the official schema, JSON and text render):

- valid Python from the grammar (hypothesmith), reviewed as application code;
- the repository's own files (src/, examples/) with bytes mutated: deletions, insertions of
  bytes that matter to decoders and tokenizers, duplications, splices, truncation;
- the real files' syntax trees with expressions and statements swapped for ones from other real
  files, unparsed: valid code that mixes real sources, sinks and helpers;
- the same files with whole lines mutated (deleted, duplicated, swapped, re-indented), which
  mostly keeps them parseable and so reaches the rules and the taint engine, reviewed together
  with the rest of their project so the cross-file solve sees the damaged module.

A crash these find is fixed and pinned as a plain test with the exact input in
tests/test_fuzz_regressions.py.
"""
from __future__ import annotations

import ast
import copy
import functools

import hypothesmith
import pytest
from hypothesis import given, strategies as st

from secreview.engine import review_source
from tests.fuzzing import budget, check_results, check_source, real_files

# Bytes that decoders, the tokenizer and the parser care about.
INTERESTING = [
    b"\x00", b"\xff", b"\xef\xbb\xbf", b"\r", b"\r\n", b"\t", b"\x0c", b"\\\n", b"\n", b" ",
    b"# -*- coding: latin-1 -*-\n", b"# coding: utf-16\n", b"# coding: nonsense\n",
    b"(", b")", b"[", b"{", b"'", b'"""', b"f'{", b"}", b":", b"=", b"lambda", b"async ", b"await ",
    b"yield", b"return", b"global x\n", b"nonlocal x\n", b"del ", b"*", b"**", b"@", b"->", b":=",
    b"match x:\n    case _:\n        pass\n", b"type X = int\n", b"def f[T](x: T): ...\n",
    b"import os\n", b"from . import *\n", b"from flask import request\n",
    b"os.system(request.args['q'])\n", b"eval(", b"subprocess.run(x, shell=True)\n",
    b"(" * 120, b"[" * 60, b"-" * 200 + b"1", b"x." * 300 + b"y", "\u00e9\u4e2d\U0001f600".encode(),
    b"\xed\xa0\x80",  # an encoded surrogate: not UTF-8
]

# hypothesmith compiles what it generates; CPython warns about `1()` and the like
pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")

FILES = st.sampled_from(real_files())


@st.composite
def mutated_bytes(draw) -> tuple[str, bytes]:
    path, data = draw(FILES)
    buf = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        size = len(buf)
        at = draw(st.integers(0, size))
        kind = draw(st.sampled_from(["delete", "insert", "random", "flip", "duplicate", "splice", "truncate"]))
        if kind == "delete" and size:
            end = min(size, at + draw(st.integers(1, 64)))
            del buf[at:end]
        elif kind == "insert":
            buf[at:at] = draw(st.sampled_from(INTERESTING))
        elif kind == "random":
            buf[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "flip" and at < size:
            buf[at] = draw(st.integers(0, 255))
        elif kind == "duplicate" and size:
            end = min(size, at + draw(st.integers(1, 256)))
            buf[at:at] = buf[at:end]
        elif kind == "splice":
            _, other = draw(FILES)
            start = draw(st.integers(0, len(other)))
            buf[at:at] = other[start:start + draw(st.integers(1, 512))]
        elif kind == "truncate":
            del buf[at:]
    return path, bytes(buf)


def mutate_lines(draw, data: bytes) -> bytes:
    lines = data.splitlines(keepends=True) or [b"\n"]
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "dedent", "move"]))
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(j, lines[i])
        elif kind == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "indent":
            lines[i] = b"    " + lines[i]
        elif kind == "dedent":
            lines[i] = lines[i][4:] if lines[i].startswith(b"    ") else lines[i].lstrip()
        elif kind == "move":
            lines.insert(j, lines.pop(i))
    return b"".join(lines)


@st.composite
def mutated_project(draw) -> list[tuple[str, bytes]]:
    """One example project with one or two of its modules line-mutated."""
    project = draw(st.sampled_from(["examples/vulnerable_app/", "examples/clean_service/"]))
    files = [(p, d) for p, d in real_files() if p.startswith(project)]
    for _ in range(draw(st.integers(1, 2))):
        k = draw(st.integers(0, len(files) - 1))
        files[k] = (files[k][0], mutate_lines(draw, files[k][1]))
    return files


@functools.cache
def _real_trees() -> tuple[tuple[str, ast.Module], ...]:
    trees = []
    for path, data in real_files():
        try:
            trees.append((path, ast.parse(data)))
        except SyntaxError:
            continue
    return tuple(trees)


@functools.cache
def _pieces() -> tuple[tuple[ast.expr, ...], tuple[ast.stmt, ...]]:
    """Every loaded expression and every statement of the real files: the spare parts."""
    exprs, stmts = [], []
    for _, tree in _real_trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.expr) and not isinstance(getattr(node, "ctx", None), (ast.Store, ast.Del)):
                exprs.append(node)
            elif isinstance(node, ast.stmt):
                stmts.append(node)
    return tuple(exprs), tuple(stmts)


def _slots(tree: ast.AST):
    """(parent, field, index) of every loaded expression and every statement in a body."""
    for parent in ast.walk(tree):
        for name, value in ast.iter_fields(parent):
            items = value if isinstance(value, list) else [value]
            for i, child in enumerate(items):
                if isinstance(child, ast.stmt) or (
                        isinstance(child, ast.expr) and not isinstance(getattr(child, "ctx", None), (ast.Store, ast.Del))):
                    yield parent, name, (i if isinstance(value, list) else None), child


@st.composite
def spliced_source(draw) -> tuple[str, str]:
    """A real file with expressions and statements swapped for ones from other real files, unparsed.

    The result parses (ast.parse does not check `return` outside a function and the like, so those
    reach the analysis) and mixes real sources, sinks and helpers in combinations no file has.
    """
    path, tree = draw(st.sampled_from(_real_trees()))
    tree = copy.deepcopy(tree)
    exprs, stmts = _pieces()
    for _ in range(draw(st.integers(1, 12))):
        slots = list(_slots(tree))
        if not slots:  # an empty __init__.py
            break
        parent, name, index, child = slots[draw(st.integers(0, len(slots) - 1))]
        pool = stmts if isinstance(child, ast.stmt) else exprs
        new = copy.deepcopy(pool[draw(st.integers(0, len(pool) - 1))])
        if index is None:
            setattr(parent, name, new)
        else:
            getattr(parent, name)[index] = new
    ast.fix_missing_locations(tree)
    try:
        return path, ast.unparse(tree)
    except Exception:  # an impossible tree (a starred expression where none can be); try another
        return path, ""


def _module(path: str) -> str:
    parts = path.removeprefix("examples/").removesuffix(".py").split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@budget(ci_examples=300)
@given(hypothesmith.from_grammar())
def test_generated_python_is_reviewed_without_internal_errors(source):
    check_source(source)


@budget(ci_examples=600)
@given(hypothesmith.from_grammar(auto_target=False).map(lambda s: "from flask import request\nimport os, subprocess\n" + s))
def test_generated_python_with_sources_and_sinks_in_scope(source):
    check_source(source, "app/views.py")


@budget(ci_examples=700)
@given(mutated_bytes())
def test_mutated_bytes_of_real_files(case):
    path, data = case
    check_source(data, path)


@budget(ci_examples=400)
@given(mutated_project())
def test_line_mutated_projects_reviewed_together(files):
    check_results([review_source(data, path, _module(path)) for path, data in files])


@budget(ci_examples=300)
@given(spliced_source())
def test_real_files_with_spliced_expressions_and_statements(case):
    path, source = case
    check_source(source, path.replace("src/", "app/", 1))
