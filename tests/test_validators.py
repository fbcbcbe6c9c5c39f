"""Validation helpers: the checks a function makes on entry and raises on apply to its caller's argument."""
from __future__ import annotations

import ast
import textwrap

from secreview.taint.validators import bind_arguments, raise_guards, substitute
from tests.helpers import findings_for


def _guards(source: str) -> list[tuple[str, bool]]:
    fn = ast.parse(textwrap.dedent(source)).body[0]
    return [(ast.unparse(test), truth) for test, truth in raise_guards(fn)]


def test_checks_that_raise_are_guards_with_the_truth_they_leave():
    assert _guards("""
        def check(name, size):
            '''Doc.'''
            if not NAME.match(name):
                log.warning("bad")
                raise ValueError(name)
            assert size < 10
            if name.isidentifier():
                pass
            else:
                raise ValueError(name)
    """) == [("not NAME.match(name)", False), ("size < 10", True), ("name.isidentifier()", True)]


def test_checks_after_an_early_return_or_a_rebinding_do_not_count():
    assert _guards("""
        def check(name, strict=False):
            if not strict:
                return
            if not NAME.match(name):
                raise ValueError(name)
    """) == []
    assert _guards("""
        def check(name):
            name = name.strip()
            if not NAME.match(name):
                raise ValueError(name)
    """) == []


def test_a_check_on_the_functions_own_locals_means_nothing_to_the_caller():
    assert _guards("""
        def check(name):
            allowed = load_allowed()
            if name not in allowed:
                raise ValueError(name)
    """) == []


def test_the_callers_arguments_replace_the_parameters():
    fn = ast.parse("def check(name, *, kind='x'):\n    pass").body[0]
    call = ast.parse("check(request.args['n'], kind=k)").body[0].value
    bound = bind_arguments(fn, call, skip_first=False)
    assert ast.unparse(substitute(ast.parse("not NAME.match(name)").body[0].value, bound)) == \
        "not NAME.match(request.args['n'])"
    assert substitute(ast.parse("other > 1").body[0].value, bound) is None


def test_a_file_validator_sanitizes_the_argument_for_the_caller():
    assert findings_for("""
        import os, re
        from flask import Flask, request, send_file
        app = Flask(__name__)
        NAME = re.compile(r"^[a-z0-9_.-]+$")

        def _validate(name):
            if not NAME.match(name):
                raise ValueError(name)

        @app.route("/a")
        def a():
            name = request.args["n"]
            _validate(name)
            return send_file(os.path.join("/srv", name))

        @app.route("/b")
        def b():
            name = request.args["n"]
            return send_file(os.path.join("/srv", name))
    """) == [(20, 22, "SR905")]
