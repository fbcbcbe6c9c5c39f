"""Real vulnerable code as it reaches a reviewer: a whole app file, one pasted function, or a hunk cut out
of a method, with untrusted data arriving through the project's own wrappers and framework entry points.

Each spec is labelled code in, exact findings (line, CWE, rule) out, with a safe look-alike that stays quiet.
"""
from __future__ import annotations

from secreview.config import Config
from secreview.engine import finish, review_source
from secreview.findings import Confidence
from tests.helpers import findings_for, review_snippet


def review_hunk(text: str):
    """Review `text` exactly as given: an indented hunk stays indented (`review_snippet` dedents)."""
    return finish([review_source(text.lstrip("\n"), "app/module.py")], [], Config(min_confidence=Confidence.LOW))


def test_a_list_rebuilt_from_itself_by_a_comprehension_does_not_stop_the_review():
    # `basis_change = [re.sub(...) for string in basis_change]` (pymatgen, CVE-2024-23346) sent the
    # sanitizer check round the comprehension forever: the whole file came back "nested too deeply"
    review = review_snippet("""
        import re

        def parse(transformation_string):
            basis_change = transformation_string.split(",")
            basis_change = [re.sub(r"(?<=\\w)(?=\\()", r"*", string) for string in basis_change]
            return [eval(x, {"__builtins__": None}, {}) for x in basis_change]
    """)
    assert review.errors == []
    assert [(f.location.line, f.cwe, f.rule_id) for f in review.findings] == [(7, 95, "SR101")]


def test_mysql_backquoted_names_and_schema_statements_parse_as_sql():
    assert findings_for("""
        def get_item_names(db, txt):
            return db.run("select name from `tabItem` where name like '%{0}%'".format(txt))

        def describe_table(self, db_name, tb_name):
            sql = f"show create table `{tb_name}`;"
            return self.query(db_name=db_name, sql=sql)

        def drop(self, name):
            self.run_statement("DROP TABLE " + name)
    """) == [(3, 89, "SR902"), (7, 89, "SR902"), (10, 89, "SR902")]


def test_prose_that_starts_like_a_schema_statement_is_no_query():
    assert findings_for("""
        def note(ui, name):
            ui.show("describe the " + name + " here")
            ui.show("Drop table now please " + name)
    """) == []


def test_frappe_whitelisted_methods_take_their_arguments_from_the_request():
    assert findings_for("""
        import frappe

        @frappe.whitelist()
        def get_item_names(txt):
            return frappe.db.sql("select name from `tabItem` where name like '%{0}%'".format(txt))

        @frappe.whitelist()
        def get_items(txt):
            return frappe.db.sql("select name from `tabItem` where name like %s", ("%" + txt + "%",))

        def get_names(searchfield, txt):
            return frappe.db.sql("select name from tabItem where `%s` like %%s" % searchfield, txt)
    """) == [(6, 89, "SR902"), (13, 89, "SR120")]


def test_frappe_code_without_its_import_is_still_frappe():
    assert findings_for("""
        @frappe.whitelist()
        def get_item_names(txt):
            return frappe.db.sql("select name from `tabItem` where name like '%{0}%'".format(txt))
    """) == [(4, 89, "SR902")]


def test_attributes_a_framework_handler_keeps_on_self_are_the_apps_own_objects():
    # `self.db` of a Tornado handler is the application's database wrapper, not Tornado's
    assert findings_for("""
        import tornado.web

        class SearchHandler(tornado.web.RequestHandler):
            def get(self):
                q = self.get_argument("q")
                rows = self.db.query("SELECT title FROM posts WHERE title LIKE '%%%s%%'" % q)
                self.db.query("SELECT title FROM posts WHERE title LIKE %s", "%" + q + "%")
                self.render("results.html", rows=rows)
    """) == [(7, 89, "SR902")]


def test_request_data_spliced_into_a_command_runner_by_name_is_medium_confidence():
    review = review_snippet("""
        from django.http import JsonResponse
        from .utils import run_command

        def ping(request):
            host = request.GET.get("host", "127.0.0.1")
            return JsonResponse({"out": run_command("ping -c 3 " + host)})
    """, config=Config())
    assert [(f.location.line, f.cwe, f.rule_id, f.confidence) for f in review.findings] == [
        (7, 78, "SR901", Confidence.MEDIUM)]


def test_a_command_runner_given_a_whole_request_value_is_reported_but_not_a_local_one():
    assert findings_for("""
        import os
        from flask import Flask, request
        from .shell import execute_command

        app = Flask(__name__)

        @app.route("/run", methods=["POST"])
        def run():
            return execute_command(request.form["cmd"])

        def from_environment():
            return execute_command(os.environ["BUILD_CMD"])

        def library(cmd):
            return execute_command(cmd)
    """) == [(10, 78, "SR901")]


def test_a_query_runner_given_a_whole_request_value_is_sql_injection():
    assert findings_for("""
        from flask import Blueprint, request
        from app import db

        bp = Blueprint("reports", __name__)

        @bp.route("/reports/custom")
        def custom():
            return db.execute_sql(request.args["query"])

        @bp.route("/reports/fixed")
        def fixed():
            return db.execute_sql("SELECT id FROM orders WHERE status = %s", [request.args["status"]])

        def helper(q):
            return db.execute_sql(q)
    """) == [(9, 89, "SR902")]


def test_an_empty_list_handed_to_a_function_comes_back_filled():
    # django-tellme's `pretty_items(r, json.loads(feedback.browser))` then `mark_safe("".join(r))`
    assert findings_for("""
        import json
        from django.utils.safestring import mark_safe

        def pretty_items(r, d):
            for k, v in d.items():
                r.append("<li>%s: %s</li>" % (k, v))

        def browser_html(feedback):
            r = []
            pretty_items(r, json.loads(feedback.browser))
            return mark_safe("".join(r))

        def fixed_html():
            r = ["<ul>"]
            print(r)
            return mark_safe("".join(r))
    """) == [(12, 79, "SR142")]


def test_a_table_handed_to_a_function_keeps_its_values():
    # Django's `cursor.execute("DROP DATABASE %(dbname)s" % params)` after passing `params` around
    assert findings_for("""
        def clone(self, cursor, target):
            params = {"dbname": self.connection.ops.quote_name(target)}
            self._log(cursor, params)
            cursor.execute("DROP DATABASE %(dbname)s" % params)
    """) == []


def test_a_django_hunk_reads_request_as_the_views_request():
    review = review_hunk("""
                if 'next' in request.POST:
                    return HttpResponseRedirect(request.POST.get('next'))
                return HttpResponseRedirect(reverse('dashboard'))
    """)
    assert [(f.location.line, f.cwe, f.rule_id, f.provenance) for f in review.findings] == [
        (2, 601, "SR908", "remote")]


def test_an_unimported_environment_is_jinja2s():
    assert findings_for("""
        def process_notification(n_object, params):
            env = Environment(loader=BaseLoader)
            return env.from_string(n_object.get("notification_body", "")).render(**params)

        def fixed(params):
            env = Environment(loader=BaseLoader, autoescape=True)
            return env.from_string("{{ body }}").render(**params)
    """) == [(3, 79, "SR140"), (4, 1336, "SR130")]


def test_a_hunk_of_statements_reads_its_free_names_as_parameters():
    review = review_hunk("""
            sql = f"show create table `{tb_name}`;"
            result = self.query(db_name=db_name, sql=sql)
            file_path = os.path.join(FILE_PARSE_PATH, file_name)
            return FileResponse(file_path)
    """)
    assert [(f.location.line, f.cwe, f.rule_id) for f in review.findings] == [(2, 89, "SR902"), (4, 22, "SR905")]
    assert review.findings[0].message.startswith(
        "`tb_name`, which this hunk reads but never sets (a parameter of the code it was cut from), is built into")


def test_a_hunk_of_statements_with_constants_only_stays_quiet():
    assert review_hunk("""
            path = os.path.join(FILE_PARSE_PATH, "index.html")
            cursor.execute("SELECT id FROM items WHERE name = %s", (name,))
            return FileResponse(path)
    """).findings == []


def test_a_hunk_holding_methods_is_still_read_as_methods():
    # (tests/corpus/fragments/method_hunk.py: a class body cut out of its class)
    review = review_hunk("""
        def get(self, request, *args, **kwargs):
            q = request.GET.get("q")
            cursor = connection.cursor()
            cursor.execute("SELECT * FROM items WHERE name = '%s'" % q)
    """)
    assert [(f.location.line, f.cwe, f.rule_id) for f in review.findings] == [(4, 89, "SR902")]


def test_mcp_tool_arguments_are_the_clients():
    assert findings_for("""
        import subprocess
        from pathlib import Path
        from mcp.server.fastmcp import FastMCP, Context

        mcp = FastMCP("code")
        ROOT = Path.cwd()

        @mcp.tool()
        def git_operation(ctx: Context, operation: str) -> str:
            return subprocess.run(f"git {operation}", shell=True, capture_output=True).stdout

        @mcp.tool()
        def read_file(ctx: Context, file_path: str) -> str:
            path = ROOT / Path(file_path)
            return path.read_text()

        @mcp.tool()
        def status(ctx: Context) -> str:
            return subprocess.run(["git", "status"], capture_output=True).stdout
    """) == [(11, 78, "SR901"), (16, 22, "SR905")]


def test_existence_checks_on_paths_the_operator_configured_are_no_findings():
    assert findings_for("""
        import os

        def config_file():
            path = os.environ.get("APP_CONFIG", "/etc/app.conf")
            return path if os.path.isfile(path) else None
    """) == []


def test_a_projects_own_identifier_quoting_function_sanitizes_sql():
    # salt's `quote_identifier(name)` backquotes the name and doubles any backquote in it
    assert findings_for("""
        def quote_identifier(identifier):
            return "`" + identifier.replace("`", "``") + "`"

        def db_tables(cur, name):
            qry = f"SHOW TABLES IN {quote_identifier(name)}"
            _execute(cur, qry)

        def db_tables_unquoted(cur, name):
            _execute(cur, f"SHOW TABLES IN {name}")
    """) == [(10, 89, "SR902")]


def test_an_aws_lambda_handlers_event_is_the_request():
    assert findings_for("""
        import subprocess

        def lambda_handler(event, context):
            host = event["queryStringParameters"]["host"]
            out = subprocess.check_output("nslookup " + host, shell=True)
            return {"statusCode": 200, "body": out.decode(), "request": context.aws_request_id}

        def on_event(event):
            return subprocess.check_output(["nslookup", event["host"]])
    """) == [(6, 78, "SR901")]


def test_quart_reads_like_flask():
    assert findings_for("""
        from quart import Quart, request, redirect, url_for

        app = Quart(__name__)

        @app.route("/go")
        async def go():
            return redirect(request.args["next"])

        @app.route("/home")
        async def home():
            return redirect(url_for("index"))
    """) == [(8, 601, "SR908")]


def test_sanic_handlers_take_the_request_and_path_parameters():
    assert findings_for("""
        import os
        from sanic import Sanic, response

        app = Sanic("files")

        @app.route("/files/<name>")
        async def files(request, name):
            return await response.file(os.path.join("/srv/files", name))

        @app.get("/run")
        async def run(request):
            os.system("ping -c 1 " + request.args.get("host"))
            return response.text("ok")

        @app.get("/logo")
        async def logo(request):
            return await response.file("/srv/static/logo.png")
    """) == [(9, 22, "SR905"), (13, 78, "SR901")]


def test_falcon_responders_read_the_request_from_req():
    assert findings_for("""
        import subprocess
        import falcon

        class Ping:
            def on_get(self, req, resp):
                host = req.get_param("host")
                resp.text = subprocess.check_output("ping -c 1 " + host, shell=True).decode()

            def on_post(self, req, resp):
                resp.text = subprocess.check_output(["uptime"]).decode()
    """) == [(8, 78, "SR901")]


def test_class_based_views_read_the_request_from_self():
    assert findings_for("""
        from django.views.generic import ListView
        from .models import Item

        class ItemSearch(ListView):
            model = Item

            def get_queryset(self):
                q = self.request.GET.get("q", "")
                return Item.objects.raw("SELECT * FROM items WHERE name LIKE '%%%s%%'" % q)

        class ItemDetail(ListView):
            def get_queryset(self):
                return Item.objects.raw("SELECT * FROM items WHERE id = %s", [self.kwargs["pk"]])
    """) == [(10, 89, "SR902")]


def test_safe_join_keeps_a_path_inside_its_directory():
    assert findings_for("""
        from pathlib import Path
        from django.utils._os import safe_join
        from django.views.generic import TemplateView

        class TemplateDetail(TemplateView):
            def get_context_data(self, **kwargs):
                template_file = Path(safe_join("/srv/templates", self.kwargs["template"]))
                raw_file = Path("/srv/templates", self.kwargs["template"])
                return {"contents": template_file.read_text(), "raw": raw_file.read_text()}
    """) == [(10, 22, "SR905")]


def test_request_data_given_to_a_function_named_like_a_code_evaluator_is_eval_injection():
    # pyLoad's Click'n'Load (CVE-2023-0297): `jk = eval_js(f"{jk} f()")` with `jk` from the form
    assert findings_for("""
        import flask
        from pyload.core.utils.misc import eval_js

        @bp.route("/flash/addcrypted2", methods=["POST"])
        def addcrypted2():
            jk = flask.request.form["jk"]
            jk = eval_js(f"{jk} f()")
            total = safe_eval(flask.request.form["expr"])
            return str(total)

        def library(code):
            return eval_js(code)
    """) == [(8, 95, "SR903")]


def test_js2py_runs_javascript_on_the_server():
    assert findings_for("""
        import js2py
        from flask import Flask, request

        app = Flask(__name__)

        @app.route("/calc")
        def calc():
            return str(js2py.eval_js(request.args["expr"]))

        @app.route("/version")
        def version():
            return str(js2py.eval_js("1 + 1"))
    """) == [(9, 95, "SR903")]


def test_a_signing_secret_written_as_a_phrase_is_a_hard_coded_key():
    assert findings_for("""
        from flask import Flask

        app = Flask(__name__)
        app.secret_key = "super secret key"
        app.config["SECRET_KEY"] = "Set SECRET_KEY in the environment!"
        SECRET_KEY = "your secret key here"
    """) == [(5, 321, "SR603")]


def test_a_helper_named_like_a_decoder_returns_its_input():
    # cksgf/ServerManagement: every file route decodes the client's path with its own `b64decode_()`
    assert findings_for("""
        import os
        from flask import request, send_from_directory, make_response
        from index import app
        from .util import b64decode_, b64decode_and_validate

        @app.route('/DownFile')
        def DownFile():
            fileName = b64decode_(request.values.get('filename'))
            return make_response(send_from_directory(os.path.split(fileName)[0], os.path.split(fileName)[1]))

        @app.route('/saveEditCode', methods=['POST'])
        def saveEditCode():
            fileName = b64decode_(request.form['fileName'])
            with open(fileName, 'w', encoding='utf-8') as f:
                f.write(request.form['editValues'])
            return 'ok'

        @app.route('/checked')
        def checked():
            return open(b64decode_and_validate(request.values.get('filename'))).read()
    """) == [(10, 22, "SR905"), (15, 22, "SR905")]


def test_send_from_directory_keeps_the_file_inside_a_directory_the_app_chose():
    assert findings_for("""
        import os
        from flask import Flask, request, send_from_directory

        app = Flask(__name__)

        @app.route("/files")
        def files():
            return send_from_directory("/srv/files", request.args["name"])

        @app.route("/any")
        def any_dir():
            return send_from_directory(request.args["dir"], "index.html")

        def cover(book_dir):
            return send_from_directory(os.path.join("/srv/books", book_dir), "cover.jpg")
    """) == [(13, 22, "SR905")]


def test_a_pasted_async_coroutine_reads_asyncio_as_the_module():
    # ray's `cpu_profile` (CVE-2023-6019) pasted without its imports
    assert findings_for("""
        async def cpu_profile(self, pid, format="flamegraph", duration=5):
            cmd = f"$(which py-spy) record -o {self.out} -p {pid} -d {duration} -f {format}"
            process = await asyncio.create_subprocess_shell(cmd)
            return await process.communicate()
    """) == [(4, 78, "SR110")]


def test_a_fragments_unbound_directory_constant_divided_by_a_name_is_a_path():
    # soliplex (issue #832): `room_dir = UPLOAD_ROOT / room_id; (room_dir / upload_file.filename).write_bytes(...)`
    assert findings_for("""
        @router.post("/v1/uploads/{room_id}")
        async def post_uploads_room(room_id: str, upload_file: UploadFile = File(...)):
            room_dir = UPLOAD_ROOT / room_id
            upload_target = room_dir / upload_file.filename
            upload_target.write_bytes(await upload_file.read())
            return {"size": MAX_SIZE / 2}
    """) == [(6, 22, "SR905")]


def test_flask_restful_resources_take_url_variables_and_parsed_arguments_from_the_request():
    assert findings_for("""
        import os, subprocess
        from flask_restful import Resource, reqparse

        parser = reqparse.RequestParser()
        parser.add_argument("host")

        class Ping(Resource):
            def get(self):
                args = parser.parse_args()
                return {"out": subprocess.check_output("ping -c 1 " + args["host"], shell=True).decode()}

        class Files(Resource):
            def get(self, name):
                return open(os.path.join("/srv/files", name)).read()

            def delete(self):
                return {"ok": subprocess.check_output(["uptime"]).decode()}
    """) == [(11, 78, "SR901"), (15, 22, "SR905")]


def test_a_pyramid_view_without_its_imports_is_read_by_its_shapes():
    review = review_hunk("""
    name = request.matchdict["name"]
    return FileResponse(os.path.join("/srv/files", name), request=request)
""")
    assert [(f.location.line, f.cwe, f.rule_id, f.provenance) for f in review.findings] == [
        (2, 22, "SR905", "remote")]
    assert "it is read as `pyramid` code from its shapes" in review.findings[0].message


def test_a_cgi_scripts_form_is_the_request():
    # Roxy-WI's CGI scripts: `form.getvalue("serv")` spliced into `funct.subprocess_execute(cmd)`
    assert findings_for("""
        import cgi
        import funct

        form = cgi.FieldStorage()
        serv = form.getvalue('serv')

        cmd = 'echo "show servers state" | nc %s 7777' % serv
        output, stderr = funct.subprocess_execute(cmd)

        cert_id = form.getvalue('getcert')
        funct.ssh_command("localhost", ["cat /etc/haproxy/certs/" + cert_id])
        funct.ssh_command("localhost", ["cat /etc/haproxy/haproxy.cfg"])
    """) == [(9, 78, "SR901"), (12, 78, "SR901")]


def test_a_pasted_function_reads_common_library_names_as_those_libraries():
    assert findings_for("""
        def load_checkpoint(path):
            return torch.load(path, map_location="cpu")

        def load_weights(path):
            return torch.load(path, map_location="cpu", weights_only=True)

        def legacy_des(key, data):
            return DES.new(key, DES.MODE_ECB).encrypt(data)

        def claims(token):
            return jwt.decode(token, options={"verify_signature": False})
    """) == [(3, 502, "SR303"), (9, 327, "SR203"), (12, 347, "SR220")]
