"""Code fragments without their imports (patch hunks, pasted functions) are still reviewed."""
from __future__ import annotations

from tests.helpers import findings_for, review_snippet


def test_unimported_subprocess_is_the_module_and_the_finding_says_so():
    review = review_snippet("""
        def ping(host):
            subprocess.call("ping " + host, shell=True)
    """)
    assert [(f.location.line, f.cwe) for f in review.findings] == [(3, 78)]
    assert "does not import `subprocess`" in review.findings[0].message


def test_unimported_pickle_and_yaml():
    assert [(line, cwe) for line, cwe, _ in findings_for("""
        def restore(blob):
            return pickle.loads(blob)

        def config(stream):
            return yaml.load(stream, Loader=yaml.Loader)
    """)] == [(3, 502), (6, 502)]


def test_a_bound_name_is_never_assumed_to_be_the_module():
    assert findings_for("""
        def run(subprocess, host):
            subprocess.call("ping " + host, shell=True)
    """) == []


def test_a_star_import_may_bind_the_name_so_nothing_is_assumed():
    assert findings_for("""
        from compat import *

        def restore(blob):
            return pickle.loads(blob)
    """) == []


def test_an_imported_module_gets_no_fragment_note():
    review = review_snippet("""
        import subprocess

        def ping(host):
            subprocess.call("ping " + host, shell=True)
    """)
    assert [f.location.line for f in review.findings] == [5]
    assert "does not import" not in review.findings[0].message


def test_a_django_view_without_imports_is_read_by_its_request_shapes():
    review = review_snippet("""
        import logging

        def ping(request):
            host = request.GET["host"]
            return os.popen("ping -c 1 " + host).read()
    """)
    assert [(f.location.line, f.cwe, f.rule_id) for f in review.findings] == [(6, 78, "SR901")]
    assert review.findings[0].provenance == "remote"
    assert "it is read as `django` code from its shapes" in review.findings[0].message


def test_unimported_framework_names_are_read_as_the_framework_and_say_so():
    review = review_snippet("""
        @app.route("/hello")
        def hello():
            return render_template_string("<p>" + request.args["name"])
    """)
    assert [(f.location.line, f.cwe) for f in review.findings] == [(4, 1336)]
    assert ("does not import `render_template_string`, `request`; they are read as "
            "`flask.render_template_string`, `flask.request`") in review.findings[0].message


def test_route_decorators_on_an_unknown_app_make_parameters_the_clients():
    assert [(line, cwe) for line, cwe, _ in findings_for("""
        @router.get("/static")
        async def static_file(name: str):
            return FileResponse(os.path.join("static", name))
    """)] == [(4, 22)]


def test_a_request_parameter_without_framework_shapes_is_no_request():
    # `request` here is any object: nothing says it came from a client
    assert findings_for("""
        def ping(request):
            return os.popen("ping -c 1 " + request.host).read()
    """) == [(3, 78, "SR110")]


def test_a_file_importing_one_framework_is_not_read_as_another():
    assert findings_for("""
        from flask import Flask

        def ping(request):
            return os.popen("ping -c 1 " + request.GET["host"]).read()
    """) == [(5, 78, "SR110")]


def test_a_pattern_and_a_flow_in_one_statement_are_one_finding():
    assert findings_for("""
        from lxml import etree
        from django.http import HttpResponse

        def view(request):
            tree = etree.fromstring(request.body, etree.XMLParser(resolve_entities=True))
            return HttpResponse(tree.text, content_type="text/plain")
    """) == [(6, 611, "SR909")]
