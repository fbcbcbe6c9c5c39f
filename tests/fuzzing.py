"""Shared pieces of the fuzz suite: profiles, the real files it mutates, and the one property.

Profiles (hypothesis settings) are chosen by the environment variable `SECREVIEW_FUZZ`:

- `ci` (default): a fixed budget (about two minutes for the whole suite on two cores) and
  derandomized, so a CI run is reproducible and never flaky; no example database is written.
- `long`: thousands of random examples per test with the example database on, for local runs
  (`SECREVIEW_FUZZ=long .venv/bin/pytest tests/test_fuzz.py -n auto`).

The property: a review never raises, never records an `internal` error, and its SARIF validates
against the official 2.1.0 schema (tests/data/sarif-schema-2.1.0.json). A syntax error, an
undecodable file or code nested too deeply are fine: they are the reviewer's documented answers.
"""
from __future__ import annotations

import functools
import io
import json
import os
from pathlib import Path

import jsonschema
from hypothesis import HealthCheck, settings

from secreview.config import Config
from secreview.engine import FileResult, finish, review_source
from secreview.findings import Confidence, Severity
from secreview.reports import json_report, sarif, text

ROOT = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"
PROFILE_VARIABLE = "SECREVIEW_FUZZ"

_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True, database=None,
                          suppress_health_check=_SLOW, print_blob=True)
settings.register_profile("long", max_examples=5000, deadline=None, suppress_health_check=_SLOW,
                          print_blob=True)
PROFILE = os.environ.get(PROFILE_VARIABLE, "ci")

# Everything a fuzzed review reports: every rule, every confidence, test code at full severity.
EVERYTHING = Config(min_confidence=Confidence.LOW, test_min_severity=Severity.LOW, jobs=1)


def budget(ci_examples: int):
    """This test's settings: `ci_examples` examples in the CI profile, the profile's own otherwise."""
    if PROFILE == "ci":
        return settings(settings.get_profile("ci"), max_examples=ci_examples)
    return settings(settings.get_profile(PROFILE))


@functools.cache
def real_files() -> tuple[tuple[str, bytes], ...]:
    """The repository's own Python files (src/, examples/ and the labelled corpus tests/corpus/, whose
    sources, sinks and look-alikes found the only crash so far), as (relative path, bytes)."""
    paths = sorted([*ROOT.joinpath("src").rglob("*.py"), *ROOT.joinpath("examples").rglob("*.py"),
                    *ROOT.joinpath("tests", "corpus").rglob("*.py")])
    return tuple((p.relative_to(ROOT).as_posix(), p.read_bytes()) for p in paths)


@functools.cache
def _validator():
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


def check_results(results: list[FileResult]) -> None:
    """The property, over files reviewed together (so the cross-file taint solve runs on them)."""
    internal = [r.error for r in results if r.error is not None and r.error.kind == "internal"]
    assert not internal, internal
    review = finish(results, [], EVERYTHING)
    stream = io.StringIO()
    sarif.write(review, stream)
    document = json.loads(stream.getvalue())
    errors = sorted(_validator().iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    assert len(document["runs"][0]["results"]) == len(review.findings)
    json_report.write(review, io.StringIO())
    text.write(review, io.StringIO(), False)


def check_source(data: bytes | str, path: str = "app/fuzzed.py") -> None:
    check_results([review_source(data, path)])
