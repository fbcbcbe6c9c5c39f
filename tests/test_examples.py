"""The bundled example project (`secreview examples/`, the README's first command) is a specification.

`examples/vulnerable_app` carries a `# expect: CWE-N` on every line a correct review reports, most of
them flows from `flask.request` through helpers in other modules; `examples/clean_service` uses the
same libraries safely (`# safe: CWE-N` on the look-alikes) and must come back clean, its
OpenStack-style functional test included.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from secreview.cli import main
from secreview.config import Config
from secreview.corpus import format_score, score
from secreview.engine import review_paths
from secreview.findings import Severity
from secreview.reports.text import NO_DEFECTS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CLEAN = EXAMPLES / "clean_service"
SARIF_SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"  # shipped: runs from a fresh clone


@pytest.fixture(scope="module")
def examples_score():
    return score(EXAMPLES)


def test_examples_are_labelled(examples_score):
    expected_files = {path for path, _, _ in examples_score.expected}
    assert len(examples_score.expected) >= 20
    assert {"vulnerable_app/app.py", "vulnerable_app/db.py", "vulnerable_app/storage.py",
            "vulnerable_app/admin.py", "vulnerable_app/utils.py"} <= expected_files
    assert not any(path.startswith("clean_service/") for path in expected_files)


def test_no_misses(examples_score):
    assert not examples_score.misses, format_score(examples_score)


def test_no_false_alarms(examples_score):
    assert not examples_score.false_alarms, format_score(examples_score)


def test_no_file_errors(examples_score):
    assert not examples_score.errors, examples_score.errors


def test_clean_service_has_no_defects(capsys):
    code = main([str(CLEAN), "--no-progress", "--color", "never"])
    out = capsys.readouterr().out
    assert out == NO_DEFECTS + "\n", out
    assert out.strip() == "No security defects are detected in the code."
    assert code == 0


def test_functional_test_fixture_has_no_defects(capsys):
    """LLM reviewers invent defects in such test fixtures (start_service, api.get, ...); we must not."""
    test_file = CLEAN / "tests" / "functional" / "test_allocations.py"
    code = main([str(test_file), "--no-progress", "--color", "never", "--test-min-severity", "low"])
    assert capsys.readouterr().out == "No security defects are detected in the code.\n"
    assert code == 0


def test_sarif_of_examples_validates_against_the_official_schema(tmp_path):
    from secreview.reports import sarif
    import jsonschema

    review = review_paths([str(EXAMPLES)], Config(test_min_severity=Severity.LOW, jobs=1))
    out = tmp_path / "examples.sarif"
    with open(out, "w", encoding="utf-8") as stream:
        sarif.write(review, stream)
    document = json.loads(out.read_text(encoding="utf-8"))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:20])
    assert document["runs"][0]["results"], "the vulnerable example should produce results"
