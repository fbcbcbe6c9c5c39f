"""Injection, code execution, deserialization, XML, template and framework rules: tricky cases as specs.

Each case is labelled source in, exact `(line, cwe, rule)` findings out (for our rule families).
"""
from __future__ import annotations

import pytest

from tests.helpers import findings_for

OURS = ("SR1", "SR3", "SR7")


def ours(source: str, path: str = "app/module.py") -> list[tuple[int, int, str]]:
    return sorted(f for f in findings_for(source, path) if f[2].startswith(OURS))


# --- shell commands ------------------------------------------------------------------------------------

def test_alias_of_popen_with_shell_resolves():
    assert ours("""
        from subprocess import Popen as P
        def du(path):
            cmd = "/usr/bin/du -sh " + path
            return P(cmd, shell=True)
    """) == [(5, 78, "SR110")]


def test_constant_command_with_shell_is_not_injection():
    assert ours("""
        import subprocess
        LS = "/bin/ls"
        subprocess.run(LS + " -l /tmp", shell=True)
        subprocess.run(["/bin/ls", "-l"])
    """) == []


def test_constant_argv_with_bare_program_is_not_reported():
    assert ours("""
        import subprocess
        subprocess.run(["git", "status"], check=True)
    """) == []


def test_relative_program_path_is_untrusted_search_path():
    assert ours("""
        import subprocess
        subprocess.run(["./tools/lint.sh"], check=True)
    """) == [(3, 426, "SR112")]


def test_shlex_quote_sanitizes_every_piece():
    assert ours("""
        import os, shlex
        def archive(dest, src):
            os.system("/bin/tar czf %s %s" % (shlex.quote(dest), shlex.quote(src)))
            os.system("/bin/tar czf %s %s" % (shlex.quote(dest), src))
    """) == [(5, 78, "SR110")]


def test_multi_line_call_is_reported_on_its_first_line():
    assert ours("""
        import subprocess
        def sync(src, dst):
            subprocess.call(
                "/usr/bin/rsync -a " + src + " " + dst,
                shell=True,
            )
    """) == [(4, 78, "SR110")]


def test_shell_flag_hidden_in_kwargs_is_the_default():
    assert ours("""
        import subprocess
        def run(cmd, **options):
            subprocess.run(["/bin/echo", cmd], **options)
    """) == []


def test_non_constant_shell_flag_is_reported():
    assert ours("""
        import subprocess
        def run(cmd, use_shell):
            subprocess.run("/bin/echo " + cmd, shell=use_shell)
    """) == [(4, 78, "SR110")]


def test_shell_false_string_building_is_not_shell_injection():
    assert ours("""
        import subprocess
        def run(args, extra):
            subprocess.run(args, check=True)
            subprocess.run(args + ["--verbose"], check=True)
            subprocess.run(["/bin/echo", extra], check=True)
    """) == []


def test_non_constant_program_in_argv():
    assert ours("""
        import subprocess, sys, shutil
        def run(tool, package):
            subprocess.run([tool, "--version"])
            subprocess.run([sys.executable, "-m", "pip", "install", package])
            subprocess.run([shutil.which("git"), "pull"])
    """) == [(4, 78, "SR111")]


def test_dead_branch_is_not_reported():
    assert ours("""
        import os
        def run(cmd):
            if False:
                os.system(cmd)
    """) == []


def test_paramiko_exec_command_only_in_paramiko_modules():
    assert ours("""
        import paramiko
        def remote(client, path):
            client.exec_command("ls " + path)
    """) == [(4, 78, "SR113")]
    assert ours("""
        def remote(runner, path):
            runner.exec_command("ls " + path)
    """) == []


# --- SQL -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", [
    '"SELECT * FROM t WHERE a = \'%s\'" % name',
    '"SELECT * FROM t WHERE a = \'" + name + "\'"',
    'f"SELECT * FROM t WHERE a = \'{name}\'"',
    '"SELECT * FROM t WHERE a = \'{}\'".format(name)',
    '" ".join(["SELECT * FROM t WHERE a =", name])',
])
def test_sql_built_from_strings(query):
    assert ours(f"""
        def find(cur, name):
            cur.execute({query})
    """) == [(3, 89, "SR120")]


def test_parameterized_and_numeric_queries_are_safe():
    assert ours("""
        def find(cur, name, ident, ids):
            cur.execute("SELECT * FROM t WHERE a = %s", (name,))
            cur.execute("SELECT * FROM t WHERE a = :a", {"a": name})
            cur.execute(f"SELECT * FROM t WHERE id = {int(ident)}")
            marks = ", ".join("?" for _ in ids)
            cur.execute(f"SELECT * FROM t WHERE id IN ({marks})", ids)
    """) == []


def test_query_built_only_from_constants_is_safe():
    assert ours("""
        TABLE = "users"
        COLUMNS = ", ".join(["id", "name"])
        def all_users(cur):
            cur.execute(f"SELECT {COLUMNS} FROM {TABLE}")
    """) == []


def test_query_through_augmented_assignment():
    assert ours("""
        def search(cur, email):
            q = "SELECT id FROM users"
            q += " WHERE email = '" + email + "'"
            cur.execute(q)
    """) == [(5, 89, "SR120")]


def test_allow_listed_column_is_safe():
    assert ours("""
        SORT = {"name": "name", "date": "created_at"}
        def listing(cur, sort):
            column = SORT.get(sort, "name")
            cur.execute(f"SELECT * FROM t ORDER BY {column}")
    """) == []


def test_non_sql_execute_is_not_reported():
    assert ours("""
        def run(engine, command):
            engine.execute("run " + command)
    """) == []


def test_psycopg2_sql_composition_is_safe():
    assert ours("""
        from psycopg2 import sql
        def count(cur, table):
            cur.execute(sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(table)))
    """) == []


def test_sqlalchemy_text_reported_once_at_text():
    assert ours("""
        from sqlalchemy import text
        def by_status(session, status):
            return session.execute(
                text(f"SELECT * FROM orders WHERE status = '{status}'")
            )
    """) == [(5, 89, "SR121")]


# --- code execution ------------------------------------------------------------------------------------

def test_exec_of_compile_reported_once():
    assert ours("""
        def run(source):
            exec(compile(source, "<x>", "exec"))
    """) == [(3, 94, "SR103")]


def test_compiled_code_is_judged_by_its_source():
    assert ours("""
        def run(source):
            check = compile(source, "<x>", "eval")
            fixed = compile("x = 1", "<x>", "exec")
            exec(fixed)
            return eval(check)
    """) == [(6, 95, "SR101")]


def test_eval_of_folded_constant_is_safe():
    assert ours("""
        EXPR = "1 + " + "2"
        value = eval(EXPR)
    """) == []


def test_dynamic_import():
    assert ours("""
        import importlib
        def load(name):
            importlib.import_module("json")
            return importlib.import_module(f"plugins.{name}")
    """) == [(5, 470, "SR104")]


# --- deserialization -----------------------------------------------------------------------------------

def test_pickle_of_constant_bytes_is_safe():
    assert ours("""
        import pickle
        SENTINEL = pickle.loads(b"\\x80\\x04N.")
    """) == []


@pytest.mark.parametrize("loader,expected", [
    ("yaml.SafeLoader", []), ("yaml.CSafeLoader", []), ("yaml.BaseLoader", []),
    ("yaml.Loader", [(4, 502, "SR302")]), ("yaml.UnsafeLoader", [(4, 502, "SR302")]),
])
def test_yaml_loader_keyword(loader, expected):
    assert ours(f"""
        import yaml
        def read(text):
            return yaml.load(text, Loader={loader})
    """) == expected


def test_yaml_loader_positional_and_alias():
    assert ours("""
        import yaml
        from yaml import Loader as L
        def read(text):
            return yaml.load(text, L)
    """) == [(5, 502, "SR302")]


@pytest.mark.parametrize("kwargs,expected", [
    ("", [(4, 502, "SR303")]), (", weights_only=False", [(4, 502, "SR303")]), (", weights_only=True", []),
])
def test_torch_load(kwargs, expected):
    assert ours(f"""
        import torch
        def load(path):
            return torch.load(path{kwargs})
    """) == expected


# --- XML -----------------------------------------------------------------------------------------------

def test_defusedxml_is_safe_and_stdlib_expands_entities():
    assert ours("""
        import xml.etree.ElementTree as ET
        import defusedxml.ElementTree as DET
        def read(payload):
            DET.fromstring(payload)
            return ET.fromstring(payload)
    """) == [(6, 776, "SR310")]


def test_lxml_with_hardened_parser_is_safe():
    assert ours("""
        from lxml import etree
        PARSER = etree.XMLParser(resolve_entities=False)
        def read(payload):
            return etree.fromstring(payload, parser=PARSER)
    """) == []


# --- templates and frameworks --------------------------------------------------------------------------

def test_jinja_environment_autoescape():
    assert ours("""
        from jinja2 import Environment, select_autoescape
        a = Environment()
        b = Environment(autoescape=select_autoescape(["html"]))
        c = Environment(autoescape=False)
    """) == [(3, 79, "SR140"), (5, 79, "SR140")]


def test_mark_safe_of_escaped_pieces_is_safe():
    assert ours("""
        from django.utils.html import escape, format_html
        from django.utils.safestring import mark_safe
        def cells(items, title):
            mark_safe("".join(format_html("<td>{}</td>", i) for i in items))
            mark_safe("<h1>" + escape(title) + "</h1>")
            return mark_safe("<h1>" + title + "</h1>")
    """) == [(7, 79, "SR142")]


def test_render_template_string_with_context_is_safe():
    assert ours("""
        from flask import render_template_string
        def page(title):
            render_template_string("<h1>{{ t }}</h1>", t=title)
            return render_template_string(f"<h1>{title}</h1>")
    """) == [(5, 1336, "SR130")]


def test_django_debug_only_in_settings_modules():
    assert ours("DEBUG = True\n", "shop/settings.py") == [(1, 489, "SR702")]
    assert ours("DEBUG = True\n", "shop/settings/production.py") == [(1, 489, "SR702")]
    assert ours("DEBUG = True\n", "shop/settings/dev.py") == []
    assert ours("DEBUG = True\n", "shop/feature_flags.py") == []


def test_csrf_exempt_forms():
    assert ours("""
        from django.views.decorators.csrf import csrf_exempt as no_csrf
        @no_csrf
        def hook(request):
            request.user.profile.delete()
        view = no_csrf(hook)
        elsewhere = no_csrf(imported_view)
    """) == [(3, 352, "SR703"), (6, 352, "SR703"), (7, 352, "SR703")]


def test_csrf_exempt_only_where_state_changes_for_a_signed_in_user():
    assert ours("""
        from django.views.decorators.csrf import csrf_exempt
        @csrf_exempt
        def status(request):
            return {"user": request.user.username}
        @csrf_exempt
        def webhook(request):
            Event.objects.create(body=request.body)
        @csrf_exempt
        def vote(request):
            if request.method == "POST":
                Vote.objects.create(user=request.user)
    """) == [(9, 352, "SR703")]


def test_flask_debug_from_constant():
    assert ours("""
        from flask import Flask
        app = Flask(__name__)
        ON = True
        app.run(debug=ON)
    """) == [(5, 489, "SR701")]


# --- real-code false-positive patterns (measured on framework code) --------------------------------------

def test_sql_identifiers_quoted_by_the_dialect_are_safe_but_raw_ones_are_not():
    assert ours("""
        def drop(connection, schema_editor, table, name):
            qn = connection.ops.quote_name
            with connection.cursor() as cursor:
                cursor.execute("DROP TABLE %s" % qn(table))
                schema_editor.execute("DROP INDEX %s" % schema_editor.quote_name(name))
                cursor.execute("DROP TABLE %s" % table)
    """) == [(7, 89, "SR120")]


def test_markup_created_only_when_autoescaping_or_input_already_safe():
    assert ours("""
        from markupsafe import Markup
        def finish(rv, autoescape, unsafe):
            if autoescape:
                rv = Markup(rv)
            if not autoescape:
                rv = Markup(rv)
            if unsafe:
                rv = Markup(rv)
            return rv
    """) == [(7, 79, "SR142"), (9, 79, "SR142")]


def test_code_generated_from_numbers_only_is_not_eval_injection():
    assert ours("""
        def make(n, names):
            exec("(%s) = cells" % ", ".join("c%d" % i for i in range(n)), {})
            exec("(%s) = cells" % ", ".join("c%s" % x for x in names), {})
    """) == [(4, 94, "SR102")]


def test_csrf_exempt_view_that_checks_the_token_itself():
    assert ours("""
        from django.utils.decorators import method_decorator
        from django.views.decorators.csrf import csrf_exempt
        @method_decorator(csrf_exempt, name="dispatch")
        class Logout(View):
            def post(self, request):
                response = _enforce_csrf(request)
                if response:
                    return response
                request.user.sessions.delete()
    """) == []
