"""One verdict per sink, by provenance: constant < sanitized < internal < local < parameter < remote.

Under the default `library` threat model a parameter of a public function that reaches a sink
spliced into the dangerous value is a finding "if a caller passes untrusted data"; `remote` trusts
parameters. These specs pin which parameters count and how the finding reads.
"""
from __future__ import annotations

import pytest

from secreview.config import Config, ConfigError, from_mapping
from secreview.findings import Confidence, Severity
from tests.helpers import findings_for, review_snippet

LOW = Confidence.LOW


def flows(source: str, threat_model: str = "library") -> list[tuple[int, int, str]]:
    return findings_for(source, config=Config(min_confidence=LOW, threat_model=threat_model))


PATH_HELPER = """
    import os

    def read_asset(base_dir, relative_name):
        with open(os.path.join(base_dir, relative_name), "rb") as fh:
            return fh.read()
"""


CONFINED_HELPER = """
    import os

    MEDIA_ROOT = "/srv/media"

    def read_media(relative_name):
        with open(os.path.join(MEDIA_ROOT, relative_name), "rb") as fh:
            return fh.read()
"""


def test_a_parameter_spliced_under_a_fixed_base_is_reported_at_medium():
    review = review_snippet(CONFINED_HELPER)
    (f,) = review.findings
    assert (f.location.line, f.cwe, f.rule_id) == (7, 22, "SR905")
    assert (f.severity, f.confidence, f.provenance) == (Severity.MEDIUM, Confidence.MEDIUM, "parameter")
    assert f.message.startswith("Parameter `relative_name` of public `read_media()` (line 6) is built into")
    assert "a defect if a caller passes untrusted data" in f.message
    assert [s.kind for s in f.flow] == ["source", "sink"] and f.flow[0].location.line == 6


def test_a_base_chosen_by_the_caller_too_is_a_low_confidence_finding():
    (f,) = review_snippet(PATH_HELPER).findings
    assert (f.location.line, f.cwe, f.confidence) == (5, 22, Confidence.LOW)
    assert f.message.startswith("Parameter `relative_name` of public `read_asset()` (line 4)")
    assert review_snippet(PATH_HELPER, config=Config()).findings == []  # hidden at the default threshold


def test_of_two_parameters_in_one_path_the_one_under_the_fixed_base_is_the_verdict():
    # `tag` is spliced after a value the caller chose (low); `name` right after the constant root (medium):
    # the verdict is the strongest claim, not whichever path the solver met first
    (f,) = review_snippet("""
        import os

        ROOT = "/var/lib/app"

        def store(name, tag):
            path = os.path.join(ROOT, name) + tag
            return open(path, "w")
    """).findings
    assert (f.location.line, f.cwe, f.confidence) == (8, 22, Confidence.MEDIUM)
    assert f.message.startswith("Parameter `name` of public `store()` (line 6) is built into")


def test_a_management_command_handle_is_not_library_api():
    assert flows("""
        import os
        from django.core.management.base import BaseCommand

        class Command(BaseCommand):
            def handle(self, *args, **options):
                os.makedirs(os.path.join("/srv/projects", options["name"]))
    """) == []


def test_the_remote_threat_model_trusts_parameters():
    assert flows(CONFINED_HELPER, "remote") == []


def test_threat_model_is_a_setting():
    assert from_mapping({"threat-model": "remote"}).threat_model == "remote"
    with pytest.raises(ConfigError):
        from_mapping({"threat-model": "everything"})


def test_the_base_directory_itself_is_the_callers_choice_not_a_traversal():
    assert flows("""
        import os

        def write_member(data_dir, payload):
            with open(os.path.join(data_dir, "state.json"), "w") as fh:
                fh.write(payload)
    """) == []


def test_a_parameter_passed_as_is_to_a_path_is_the_functions_purpose():
    assert flows("""
        def read_text(path):
            with open(path) as fh:
                return fh.read()
    """) == []



def test_a_printf_operand_is_spliced_after_what_the_format_prints_before_it():
    # `"%s.part" % path` starts with the caller's path: nothing confines it, as with f"{path}.part"
    assert flows("""
        import os

        def fetch_to_raw(path):
            path_tmp = "%s.part" % path
            os.unlink(path_tmp)
            os.rename(f"{path}.tmp", path_tmp)
    """) == []
    # after a fixed base the operand is confined (medium); after a caller-chosen base it is not (low)
    assert flows("""
        import os

        def remove_upload(name):
            os.unlink("/srv/uploads/%s" % name)

        def remove_member(base, name):
            os.unlink("%s/%s" % (base, name))
    """) == [(5, 22, "SR905"), (8, 22, "SR905")]
    (confined, chosen) = review_snippet("""
        import os

        def remove_upload(name):
            os.unlink("/srv/uploads/%s" % name)

        def remove_member(base, name):
            os.unlink("%s/%s" % (base, name))
    """, config=Config(min_confidence=LOW)).findings
    assert (confined.confidence, chosen.confidence) == (Confidence.MEDIUM, LOW)
    assert chosen.message.startswith("Parameter `name` of public `remove_member()`")

def test_private_helpers_nested_functions_and_self_are_not_the_api():
    assert flows("""
        import os

        def _read(base, name):
            return open(os.path.join(base, name)).read()

        def outer(base):
            def inner(name):
                return open(os.path.join(base, name)).read()
            return inner

        class _Store:
            def load(self, base, name):
                return open(os.path.join(base, name)).read()
    """) == []


def test_a_public_method_counts_and_the_finding_names_the_class():
    review = review_snippet("""
        import os

        class Store:
            def load(self, name):
                return open(os.path.join("/srv/data", name)).read()
    """)
    (f,) = review.findings
    assert (f.location.line, f.cwe) == (6, 22)
    assert "Parameter `name` of public `Store.load()`" in f.message


def test_a_parameter_through_a_private_wrapper_is_reported_at_the_sink():
    review = review_snippet("""
        import subprocess

        def _run(cmd):
            return subprocess.check_output(cmd, shell=True)

        def snapshot(volume):
            return _run("lvcreate -s " + volume)
    """)
    (f,) = review.findings
    assert (f.location.line, f.cwe, f.rule_id) == (5, 78, "SR110")  # the pattern rule's diagnosis ...
    assert [s.kind for s in f.flow] == ["source", "call", "sink"]  # ... with the parameter's path
    assert f.flow[0].location.line == 7 and f.provenance == "parameter"


def test_url_with_a_pinned_host_is_no_server_side_request_forgery():
    assert flows("""
        from urllib.request import urlopen

        PARTNER = "https://partner.example.com"

        def fetch(path):
            return urlopen(f"https://partner.example.com/{path}", timeout=10).read()

        def fetch_item(item_id):
            return urlopen(PARTNER + "/items/" + item_id, timeout=10).read()

        def fetch_any(host):
            return urlopen("https://" + host + "/status", timeout=10).read()
    """) == [(13, 918, "SR907")]


def test_commonpath_guard_keeps_the_path_inside_the_base():
    assert flows("""
        import os

        def read_asset_checked(base_dir, relative_name):
            base = os.path.realpath(base_dir)
            path = os.path.realpath(os.path.join(base, relative_name))
            if os.path.commonpath([base, path]) != base:
                raise PermissionError(relative_name)
            with open(path, "rb") as fh:
                return fh.read()
    """) == []


def test_deserializing_a_parameter_is_reported_even_as_is():
    review = review_snippet("""
        import pickle

        def restore(blob):
            return pickle.loads(blob)
    """)
    (f,) = review.findings
    assert (f.location.line, f.cwe, f.rule_id, f.provenance) == (5, 502, "SR301", "parameter")


def test_where_the_pattern_rule_knows_the_call_is_safe_the_parameter_verdict_is_dropped():
    assert flows("""
        import yaml

        def read_config(text):
            return yaml.load(text, Loader=yaml.SafeLoader)
    """) == []


def test_logging_a_parameter_is_never_a_finding():
    assert flows("""
        import logging
        log = logging.getLogger(__name__)

        def note(user):
            log.info("login by " + user)
    """) == []


def test_a_view_parameter_is_not_a_library_parameter():
    assert flows("""
        from django.http import HttpResponseRedirect

        def add_slash(request):
            return HttpResponseRedirect(request.path + "/")
    """, ) == []


def test_a_remote_source_outranks_a_parameter_at_the_same_sink():
    review = review_snippet("""
        import os
        from flask import Flask, request

        app = Flask(__name__)

        def read(name):
            return open(os.path.join("/srv", name)).read()

        @app.route("/file")
        def file():
            return read(request.args["name"])
    """)
    (f,) = review.findings
    assert (f.location.line, f.cwe, f.provenance, f.severity) == (8, 22, "remote", Severity.HIGH)


def test_explain_provenance_documents_the_lattice_and_the_threat_models(capsys):
    from secreview.cli import main

    assert main(["explain", "provenance"]) == 0
    out = capsys.readouterr().out
    assert "constant < sanitized (for this CWE) < internal < local < parameter < remote" in out
    for model in ("remote", "library", "local"):
        assert f"\n  {model} " in out


FLOW_OVER_PATTERN = """
    import os
    from flask import Flask, request

    app = Flask(__name__)

    @app.route("/ls")
    def ls():
        os.system("ls " + request.args["dir"])  {comment}
"""


def test_suppressing_the_flow_finding_does_not_bring_back_the_pattern_finding():
    assert [f.rule_id for f in review_snippet(FLOW_OVER_PATTERN.format(comment="")).findings] == ["SR901"]
    review = review_snippet(FLOW_OVER_PATTERN.format(comment="# secreview: ignore[SR901] reviewed"))
    assert review.findings == [] and review.suppressed == 1


def test_ignoring_the_flow_rule_does_not_bring_back_the_pattern_finding():
    config = Config(min_confidence=LOW, ignore=("SR901",))
    assert findings_for(FLOW_OVER_PATTERN.format(comment=""), config=config) == []


def test_a_command_runner_known_only_by_its_name_is_a_low_confidence_sink():
    review = review_snippet("""
        class ArrayClient:
            def remove_volume(self, volume_name):
                self._cli_run("rmvdisk -force " + volume_name)

            def label(self, name):
                self.set_command_name("Volume " + name)
    """)
    (f,) = review.findings
    assert (f.location.line, f.cwe, f.confidence) == (4, 78, Confidence.LOW)
    assert "`_cli_run()` is named like a command runner" in f.message


def test_a_query_built_from_a_parameter_and_run_by_a_project_wrapper_is_reported_where_it_is_built():
    # `execute(sql)` with a whole-query parameter is the wrapper's purpose; the query's shape at the call is the defect
    review = review_snippet("""
        import sqlite3

        def _run(sql):
            return sqlite3.connect("app.db").execute(sql)

        def by_owner(owner):
            return _run("SELECT id FROM reports WHERE owner = '" + owner + "'")
    """)
    assert [(f.location.line, f.cwe) for f in review.findings] == [(8, 89)]
    assert "the string parses as SQL" in review.findings[0].message


def test_sqlglot_fallback_warnings_never_reach_the_user(capfd):
    review_snippet("""
        def note(log, remote, machine):
            log.write_note("Set update lock for remote '" + remote + "' on machine '" + machine + "'")
    """)
    assert "unsupported syntax" not in capfd.readouterr().err


def test_werkzeug_response_is_text_plain_unless_html_is_asked_for():
    source = """
        from werkzeug.wrappers import Request, Response

        @Request.application
        def app(request):
            return Response("Hello " + request.args.get("name", ""){mimetype})
    """
    assert findings_for(source.format(mimetype="")) == []
    assert [(line, cwe) for line, cwe, _ in findings_for(source.format(mimetype=', mimetype="text/html"'))] == [(6, 79)]


def test_an_object_from_a_factory_dispatches_to_its_class_methods():
    review = review_snippet("""
        import subprocess
        from flask import Flask, request

        app = Flask(__name__)

        class Shell:
            def run(self, cmd):
                return subprocess.check_output(cmd, shell=True)

        def make_shell():
            return Shell()

        @app.route("/ping")
        def ping():
            shell = make_shell()
            return shell.run("ping -c 1 " + request.args["host"])
    """)
    (f,) = review.findings
    assert (f.location.line, f.cwe, f.provenance) == (9, 78, "remote")
    assert [s.location.line for s in f.flow] == [17, 17, 9]
