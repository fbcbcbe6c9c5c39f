"""Crashes the fuzz suite (tests/test_fuzz.py) found, pinned with the exact input, then a minimal spec.

The exact inputs live in tests/data/fuzz_crashes/ (`.py.txt`, so no tool reviews or imports them).
"""
from __future__ import annotations

from pathlib import Path

from secreview.engine import review_source
from tests.fuzzing import check_source
from tests.helpers import findings_for

CRASHES = Path(__file__).resolve().parent / "data" / "fuzz_crashes"


def test_spliced_status_server_with_a_list_as_the_bound_host():
    """spliced_source() on tests/corpus/taint/status_server.py: `HTTPServer(([], 8080), ...)` made
    SR404 look a list up in a set (TypeError: unhashable type: 'list')."""
    source = (CRASHES / "sr404_list_as_host.py.txt").read_text(encoding="utf-8")
    assert "HTTPServer(([], 8080), StatusHandler)" in source
    assert review_source(source, "tests/corpus/taint/status_server.py").error is None
    check_source(source, "tests/corpus/taint/status_server.py")


def test_a_constant_list_or_dict_host_is_no_interface_and_no_crash():
    assert findings_for(
        "from http.server import HTTPServer\n"
        "HTTPServer(([], 8080), None).serve_forever()\n"
        "HTTPServer(({}, 8081), None).serve_forever()\n"
        "HTTPServer((['0.0.0.0'], 8082), None).serve_forever()\n"
        "HTTPServer(('0.0.0.0', 8083), None).serve_forever()\n"
    ) == [(5, 1327, "SR404")]
