"""The semantic model, specified by what rules ask of it: names, values, origins, dead code."""
from __future__ import annotations

import ast
import textwrap

import pytest

from secreview.model import values as V
from secreview.model.checker import Checker, RuleIndex
from secreview.model.semantic import SemanticModel


def model_of(source: str) -> tuple[SemanticModel, ast.Module]:
    source = textwrap.dedent(source)
    tree = ast.parse(source)
    model = SemanticModel("app/mod.py", "app.mod", source.splitlines())
    Checker(model, RuleIndex([])).run(tree)
    return model, tree


def returned(source: str):
    """The model and the expression returned by the file's last function, in that function's scope."""
    model, _ = model_of(source)
    info = model.functions[-1]
    value = info.node.body[-1].value
    return model, value, info.scope


@pytest.mark.parametrize("source, expected", [
    ("from subprocess import Popen as P\ndef f():\n    return P\n", "subprocess.Popen"),
    ("import os.path\ndef f():\n    return os.path.join\n", "os.path.join"),
    ("import xml.etree.ElementTree as ET\ndef f():\n    return ET.fromstring\n", "xml.etree.ElementTree.fromstring"),
    ("import subprocess\nrun = subprocess.run\ndef f():\n    return run\n", "subprocess.run"),
    ("def f():\n    return eval\n", "eval"),
    ("from .helpers import run\ndef f():\n    return run\n", "app.helpers.run"),
    ("def f(eval):\n    return eval\n", None),
])
def test_qualified_names_follow_imports_and_aliases(source, expected):
    model, value, scope = returned(source)
    assert model.qualified_name(value, scope) == expected


@pytest.mark.parametrize("source, expected", [
    ("def f():\n    x = 'ls' + ' -l'\n    return x\n", "ls -l"),
    ("BASE = '/srv'\ndef f():\n    return f'{BASE}/data'\n", "/srv/data"),
    ("def f():\n    x = 'a'\n    x += 'b'\n    return x\n", "ab"),
    ("def f():\n    return 'SELECT %s' % ('id',)\n", "SELECT id"),
    ("def f():\n    return ' '.join(['tar', 'cf'])\n", "tar cf"),
    ("def f():\n    d = {'a': 'x', 'b': 'y'}\n    return d['b']\n", "y"),
    ("def f():\n    return 'safe' if 7 * 18 > 200 else input()\n", V.UNKNOWN),
    ("def f():\n    return 'safe' if 7 * 18 < 200 else input()\n", "safe"),
    ("def f(p):\n    x = p\n    x = 'constant'\n    return x\n", "constant"),
    ("def f(p):\n    x = 'a'\n    if p:\n        x = 'b'\n    return x\n", V.ANY_CONSTANT),
    ("def f(p):\n    x = 'a'\n    if p:\n        x = p\n    return x\n", V.UNKNOWN),
    ("def f():\n    for a, b in (('ls', 1), ('pwd', 2)):\n        pass\n    return a\n", V.ANY_CONSTANT),
    ("def f(v):\n    xs = ['a']\n    xs.append(v)\n    return xs\n", V.UNKNOWN),
    ("X = 'a'\nX = input()\ndef f():\n    return X\n", V.UNKNOWN),
])
def test_compile_time_values(source, expected):
    model, value, scope = returned(source)
    assert model.value(value, scope) == expected


def test_origins_are_the_non_constant_leaves():
    model, value, scope = returned("""
        def f(user):
            q = "SELECT * FROM t WHERE id = " + str(int(user)) + " AND name = '%s'" % user.strip()
            return q
        """)
    assert [ast.unparse(leaf) for leaf in model.origins(value, scope)] == ["int(user)", "user"]


def test_dead_branches_bind_nothing_and_are_not_visited():
    model, value, scope = returned("""
        def f(p):
            x = "safe"
            if 7 * 18 > 200:
                x = p
            return x
        """)
    assert model.value(value, scope) == "safe"


def test_a_loop_over_a_filled_list_is_not_dead_code():
    from tests.helpers import findings_for

    source = """
        def run_all(snippets):
            todo = []
            todo.append(snippets[0])
            for code in todo:
                exec(code)
        """
    assert [(line, cwe) for line, cwe, _ in findings_for(source)] == [(6, 94)]


def test_try_except_imports_dispatch_both_candidates():
    from tests.helpers import findings_for

    source = """
        try:
            from lxml.etree import fromstring
        except ImportError:
            from xml.etree.ElementTree import fromstring

        def parse(data):
            return fromstring(data)
        """
    assert {cwe for line, cwe, _ in findings_for(source) if line == 8} == {611, 776}
