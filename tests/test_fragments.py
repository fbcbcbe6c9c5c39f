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
