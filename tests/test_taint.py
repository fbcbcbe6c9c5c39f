"""Taint flows: untrusted data from sources to sinks, across functions and modules, shown as a path."""
from __future__ import annotations

import pickle
import textwrap

from secreview.config import Config
from secreview.engine import finish, review_source
from secreview.findings import Confidence
from secreview.taint import models
from tests.helpers import findings_for, review_snippet

FLASK = """
    import subprocess
    from flask import Flask, request
    app = Flask(__name__)
"""


def flows(source: str, path: str = "app/module.py"):
    return [(line, cwe, rule) for line, cwe, rule in findings_for(source, path) if rule.startswith("SR9")]


def test_direct_flow_is_reported_with_path_and_high_confidence():
    review = review_snippet(FLASK + """
    @app.route("/ping")
    def ping():
        host = request.args["host"]
        cmd = "ping -c 1 " + host
        subprocess.run(cmd, shell=True)
    """)
    [finding] = [f for f in review.findings if f.rule_id == "SR901"]
    assert finding.cwe == 78 and finding.location.line == 10
    assert [step.kind for step in finding.flow] == ["source", "step", "step", "sink"]
    assert finding.flow[0].description == "`request.args` (flask.request.args)"
    assert finding.confidence == Confidence.HIGH
    assert "request.args" in finding.message and "cmd" in finding.message
    assert finding.fingerprint


def test_constant_command_is_not_a_flow():
    assert flows(FLASK + """
    @app.route("/ping")
    def ping():
        subprocess.run("ping -c 1 localhost", shell=True)
    """) == []


def test_container_index_precision_clears_the_pattern_finding():
    source = FLASK + """
    @app.route("/x")
    def x():
        parts = ["uptime"]
        parts.append(request.args["extra"])
        first = parts.pop(0)
        subprocess.run(first, shell=True)
        subprocess.run(parts[0], shell=True)
    """
    found = findings_for(source)
    assert not [f for f in found if f[0] == 11]  # no flow, and the pattern rule's finding is cleared too
    assert (12, 78, "SR901") in found


def test_sanitizer_is_per_cwe():
    assert flows(FLASK + """
    import html
    @app.route("/x")
    def x():
        name = html.escape(request.args["name"])
        request.environ["db"].cursor().execute("SELECT * FROM t WHERE n = '" + name + "'")
        return "<p>" + name + "</p>"
    """) == [(10, 89, "SR902")]


def test_guards_that_leave_the_function():
    assert flows(FLASK + """
    import re
    ALLOWED = ("a", "b")
    @app.route("/x")
    def x():
        user = request.args["user"]
        if not re.fullmatch(r"[a-z]+", user):
            return "bad", 400
        subprocess.run("id " + user, shell=True)
        mode = request.args["mode"]
        if mode not in ALLOWED:
            return "bad", 400
        subprocess.run("run " + mode, shell=True)
    """) == []


def test_dead_branch_and_constant_ternary():
    assert flows(FLASK + """
    import sys
    @app.route("/x")
    def x():
        value = sys.argv[1] if 7 * 18 > 200 else "safe"
        subprocess.run("echo " + value, shell=True)
        if 7 * 18 > 200:
            subprocess.run(request.args["c"], shell=True)
    """) == []


def test_flow_through_helpers_in_other_modules():
    views = textwrap.dedent("""
        from flask import Flask, request
        from .helpers import run
        from shop.db import query
        app = Flask(__name__)

        @app.route("/x")
        def x():
            run("ping " + request.args["host"])
            return query(request.args["q"])
    """)
    helpers = textwrap.dedent("""
        import subprocess
        def run(command):
            return subprocess.run(command, shell=True)
    """)
    db = textwrap.dedent("""
        import sqlite3
        def query(term):
            return sqlite3.connect("x").execute("SELECT * FROM t WHERE a = '%s'" % term).fetchall()
    """)
    results = [
        review_source(views, "shop/views.py", "shop.views"),
        review_source(helpers, "shop/helpers.py", "shop.helpers"),
        review_source(db, "shop/db.py", "shop.db"),
    ]
    results = [pickle.loads(pickle.dumps(r)) for r in results]  # summaries cross process boundaries
    review = finish(results, [], Config())
    taint = sorted((f.location.path, f.location.line, f.cwe) for f in review.findings if f.rule_id.startswith("SR9"))
    assert taint == [("shop/db.py", 4, 89), ("shop/helpers.py", 4, 78)]
    finding = next(f for f in review.findings if f.rule_id == "SR901")
    assert finding.confidence == Confidence.MEDIUM
    assert finding.flow[0].location.path == "shop/views.py"
    assert any(step.kind == "call" for step in finding.flow)


def test_a_module_function_named_like_a_method_sink_is_followed_not_taken_for_the_sink():
    # `helpers.execute(...)` is the tree's own function, not a database cursor's `.execute`
    views = textwrap.dedent("""
        from flask import Flask, request
        from shop import helpers
        app = Flask(__name__)

        @app.route("/x")
        def x():
            return helpers.execute(request.args["cmd"])
    """)
    helpers = textwrap.dedent("""
        import subprocess
        def execute(command):
            return subprocess.run(command, shell=True)
    """)
    results = [review_source(views, "shop/views.py", "shop.views"),
               review_source(helpers, "shop/helpers.py", "shop.helpers")]
    review = finish(results, [], Config())
    assert sorted((f.location.path, f.location.line, f.cwe) for f in review.findings) == [("shop/helpers.py", 4, 78)]


def test_an_imported_object_calling_a_method_sink_is_still_the_sink():
    # `db` is an object the tree creates, not a function: its `.execute` runs the SQL
    views = textwrap.dedent("""
        from flask import Flask, request
        from shop.database import db
        app = Flask(__name__)

        @app.route("/x")
        def x():
            return str(db.execute("SELECT * FROM t WHERE name = '%s'" % request.args["n"]))
    """)
    database = textwrap.dedent("""
        import sqlite3
        db = sqlite3.connect("shop.db")
    """)
    results = [review_source(views, "shop/views.py", "shop.views"),
               review_source(database, "shop/database.py", "shop.database")]
    review = finish(results, [], Config())
    assert sorted((f.location.path, f.location.line, f.cwe, f.rule_id) for f in review.findings) == [
        ("shop/views.py", 8, 89, "SR902")]


def test_attribute_flows_between_methods():
    assert flows(FLASK + """
    class Job:
        def __init__(self, target):
            self.target = target
        def start(self):
            subprocess.run("tar czf out.tgz " + self.target, shell=True)

    @app.route("/x")
    def x():
        Job(request.args["dir"]).start()
    """) == [(10, 78, "SR901")]


def test_django_view_parameters_and_request():
    source = """
    import subprocess
    from django.http import HttpResponse

    def archive(request, folder):
        subprocess.call("tar czf a.tgz " + folder, shell=True)
        return HttpResponse("<p>" + request.GET["q"] + "</p>")
    """
    assert flows(source, "shop/views.py") == [(6, 78, "SR901"), (7, 79, "SR906")]


def test_cli_sources():
    assert flows("""
    import os, sys
    os.system("echo " + sys.argv[1])
    os.system("echo " + input())
    def main():
        os.system(os.environ["HOOK"])
    """) == [(3, 78, "SR901"), (4, 78, "SR901"), (6, 78, "SR901")]


def test_environment_read_at_import_time_is_configuration():
    assert flows("""
    import os, requests
    WEBHOOK_URL = os.environ["WEBHOOK_URL"]
    def notify(body):
        return requests.post(WEBHOOK_URL, json=body, timeout=5)
    """) == []


def test_cookie_without_secure():
    assert flows(FLASK + """
    from flask import make_response
    @app.route("/x")
    def x():
        r = make_response("ok")
        r.set_cookie("a", "b")
        r.set_cookie("a", "b", secure=True)
        return r
    """) == [(10, 614, "SR917")]


def test_clearing_a_cookie_needs_no_secure_flag():
    # max_age=0, expires=0 or a date in the past remove the cookie (what delete_cookie does)
    assert flows(FLASK + """
    from flask import make_response
    @app.route("/logout")
    def logout():
        r = make_response("bye")
        r.set_cookie("session", "", max_age=0)
        r.set_cookie("session", "", expires=0)
        r.set_cookie("session", "", None, "Thu, 01 Jan 1970 00:00:00 GMT")
        r.set_cookie("remember", "", 0)
        r.delete_cookie("theme")
        r.set_cookie("session", "", max_age=3600)
        r.set_cookie("session", "x", expires="Fri, 01 Jan 2038 00:00:00 GMT")
        return r
    """) == [(15, 614, "SR917"), (16, 614, "SR917")]


def test_mass_assignment_request_chooses_the_attributes():
    # CWE-915: the request's keys pick the attributes; constant keys (whatever the values) do not
    assert flows(FLASK + """
    from shop.models import Order
    class Profile:
        pass
    @app.route("/p", methods=["POST"])
    def update_profile():
        profile = Profile()
        for key, value in request.json.items():
            setattr(profile, key, value)
        profile.__dict__.update(request.form)
        vars(profile).update(request.json)
        Order.objects.create(**request.form.to_dict())
        Order.objects.filter(pk=1).update(**request.json)
        for key in ("name", "bio"):
            setattr(profile, key, request.form[key])
        profile.__dict__.update({"name": request.form["name"]})
        fields = {"name": request.form["name"]}
        Order.objects.create(**fields)
        Order.objects.create(name=request.form["name"])
        options = {}
        options.update(request.form)
        return "ok"
    """) == [(13, 915, "SR920"), (14, 915, "SR920"), (15, 915, "SR920"), (16, 915, "SR920"), (17, 915, "SR920")]


def test_drf_validated_data_is_no_mass_assignment():
    # only the serializer's declared fields survive validation (ModelSerializer.create does exactly this)
    assert flows("""
    from rest_framework import serializers
    from shop.models import Order
    class OrderSerializer(serializers.Serializer):
        def create(self, validated_data):
            data = validated_data.copy()
            return Order.objects.create(**data)

        def update(self, instance, validated_data):
            for attr, value in validated_data.items():
                setattr(instance, attr, value)
            return instance
    """) == []


def test_models_are_data_files():
    m = models.load()
    assert m.source_names["flask.request.args"] == "flask.request.args"
    assert "django.http.HttpRequest.GET" in m.source_names
    assert any(spec.cwe == 78 for spec in m.sinks_by_call["os.system"])


def test_unknown_callables_do_not_pass_their_arguments_on():
    # `lookup` is neither in the reviewed tree nor modelled: its result is some other value.
    # A method of an unknown object carries its receiver, and known propagators their arguments.
    assert flows(FLASK + """
    from orders import lookup
    @app.route("/x")
    def x():
        order = lookup(request.args["id"])
        subprocess.run("echo " + order.reference, shell=True)
        subprocess.run("echo {}".format(request.args["name"]), shell=True)
        subprocess.run(" ".join(["echo", request.args["name"]]), shell=True)
    """) == [(11, 78, "SR901"), (12, 78, "SR901")]


def test_database_reads_are_not_request_data():
    assert flows("""
    from django.http import HttpResponseRedirect
    from django.shortcuts import get_object_or_404
    from .models import Page

    def page(request, slug):
        if request.GET.get("first"):
            return HttpResponseRedirect(Page.objects.filter(slug=slug).first().target)
        return HttpResponseRedirect(get_object_or_404(Page, slug=slug).target)
    """, "cms/views.py") == []


def test_format_html_escapes_its_arguments():
    assert flows("""
    from django.http import HttpResponse
    from django.utils.html import format_html

    def greet(request):
        name = request.GET["name"]
        options = {"name": name}
        return HttpResponse(format_html("<b>{}</b>", name) + format_html("<b>{name}</b>", **options))
    """, "cms/views.py") == []


def test_local_sources_to_paths_are_low_severity_and_confidence():
    review = review_snippet("""
    import os, sys
    def main():
        open(sys.argv[1]).read()
        os.system("cat " + sys.argv[1])
    """)
    by_rule = {f.rule_id: f for f in review.findings if f.rule_id.startswith("SR9")}
    assert by_rule["SR905"].confidence == Confidence.LOW and by_rule["SR905"].severity.name == "LOW"
    assert by_rule["SR901"].confidence == Confidence.HIGH


def test_environment_read_through_a_helper_at_import_time_is_configuration():
    config = textwrap.dedent("""
        import os
        def setting(name):
            return os.environ["APP_" + name]
    """)
    settings = textwrap.dedent("""
        import os
        from app.config import setting
        DATA_DIR = setting("DATA_DIR")
        os.makedirs(DATA_DIR, exist_ok=True)
    """)
    results = [review_source(config, "app/config.py", "app.config"), review_source(settings, "app/settings.py", "app.settings")]
    review = finish(results, [], Config())
    assert [f for f in review.findings if f.rule_id.startswith("SR9")] == []


# ------------------------------------------------------------------ constant reasoning in benchmark-style views
def _sr9(body: str) -> list[int]:
    source = FLASK + "    import os, configparser\n    @app.route('/t')\n    def view():\n" + textwrap.indent(
        textwrap.dedent(body), "        ") + "        return 'ok'\n"
    return [cwe for _line, cwe, rule in findings_for(source) if cwe == 78]


def test_del_item_and_extend_keep_list_positions():
    assert _sr9("""
        lst = ["a", "b"]
        lst.extend([request.args["p"], "c"])
        del lst[0]
        os.system(lst[1])
    """) == [78]
    assert _sr9("""
        lst = ["a", "b"]
        lst.extend([request.args["p"], "c"])
        del lst[2]
        os.system(lst[2])
    """) == []


def test_match_on_a_constant_takes_only_the_matching_case():
    body = """
        guess = "ABC"[{i}]
        match guess:
            case "A":
                bar = request.args["p"]
            case "B":
                bar = "bob"
            case _:
                bar = request.args["p"]
        os.system(bar)
    """
    assert _sr9(body.format(i=1)) == []
    assert _sr9(body.format(i=0)) == [78]


def test_configparser_is_a_keyed_store():
    body = """
        conf = configparser.ConfigParser()
        conf.add_section("s")
        conf.set("s", "keyA", "a_Value")
        conf.set("s", "keyB", request.args["p"])
        os.system(conf.get("s", "{key}"))
    """
    assert _sr9(body.format(key="keyB")) == [78]
    assert _sr9(body.format(key="keyA")) == []


def test_shell_program_in_an_argument_list_runs_the_next_element():
    assert _sr9("""
        args = []
        if os.name == "nt":
            args.extend(["cmd.exe", "/c"])
        else:
            args.extend(["sh", "-c"])
        args.append("echo " + request.args["p"])
        subprocess.run(args)
    """) == [78]
    assert _sr9("""
        subprocess.run(["echo", request.args["p"]])
    """) == []


def test_loop_over_a_constant_list_runs_every_element():
    assert _sr9("""
        bar = request.args["p"]
        for word in ["x", "y"]:
            bar = word
        os.system(bar)
    """) == []


def test_condition_over_folded_builtins_is_decided():
    assert _sr9("""
        bar = "safe" if len("ABC") > 1 else request.args["p"]
        os.system(bar)
    """) == []


def test_helper_returning_a_constant_clears_the_pattern_finding():
    assert _sr9("""
        def constant():
            return "ls"
        os.system(constant())
    """) == []


def test_returned_html_string_built_by_concatenation_is_xss():
    source = FLASK + """
    @app.route("/t")
    def view():
        page = "<html><body>"
        page += request.args["p"]
        return page
    """
    assert (10, 79, "SR906") in findings_for(source)


def test_lxml_parser_passed_by_position_is_honoured():
    source = FLASK + """
    from lxml import etree
    @app.route("/t", methods=["POST"])
    def view():
        parser = etree.XMLParser(resolve_entities=False)
        return etree.fromstring(request.get_data(), parser).text
    """
    assert [f for f in findings_for(source) if f[1] == 611] == []


def test_absolute_imports_resolve_when_the_tree_is_scanned_from_above_its_root(tmp_path):
    """`import helpers.utils` inside proj/ still reaches proj/helpers/utils.py when we scan proj's parent."""
    from secreview.config import Config
    from secreview.engine import review_paths

    project = tmp_path / "outer" / "proj"
    (project / "helpers").mkdir(parents=True)
    (project / "helpers" / "__init__.py").write_text("")
    (project / "helpers" / "utils.py").write_text("def passthrough(value):\n    return value\n")
    (project / "app.py").write_text(
        "import os\n"
        "from flask import Flask, request\n"
        "import helpers.utils\n"
        "app = Flask(__name__)\n"
        "@app.route('/run')\n"
        "def run():\n"
        "    cmd = helpers.utils.passthrough(request.args.get('cmd'))\n"
        "    os.system(cmd)\n"
        "    return 'ok'\n")
    review = review_paths([str(tmp_path / "outer")], Config(jobs=1))
    flows = [(f.location.line, f.cwe, f.rule_id) for f in review.findings if f.flow]
    assert flows == [(8, 78, "SR901")]
    assert any("passthrough" in step.description for step in review.findings[0].flow)
