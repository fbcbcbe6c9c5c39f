"""Speed shortcuts must not change answers: these pin the invariants they rely on."""
from __future__ import annotations

import ast
import gc
from pathlib import Path

from secreview.engine import review_source
from secreview.parse import parse_text
from secreview.rules import secrets

CORPUS = Path(__file__).parent / "corpus"


def _string_constants():
    for path in sorted(CORPUS.rglob("*.py")):
        parsed = parse_text(path.read_text(encoding="utf-8"), str(path))  # corpus fragments may start indented
        for node in ast.walk(parsed.tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                yield node.value


def test_required_literals_never_skip_a_token_pattern_that_matches():
    texts = list(_string_constants())
    assert len(texts) > 500
    for pattern, literals in zip(secrets._FREE_PATTERNS, secrets._FREE_LITERALS):
        if literals is None:
            continue
        for text in texts:
            if pattern.regex.search(text):
                assert any(literal in text.lower() for literal in literals), (pattern.name, text)


def test_a_reviewed_file_leaves_almost_no_cyclic_garbage():
    source = (CORPUS / "taint" / "flask_app.py").read_bytes()
    gc.collect()
    review_source(source, "app/flask_app.py")
    # Scopes, bindings and taint state are released explicitly; only a handful of cycles remain.
    assert gc.collect() < 2000
