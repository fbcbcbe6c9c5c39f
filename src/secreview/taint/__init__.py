"""Interprocedural taint analysis (see issue 3). Placeholder until the engine lands."""
from __future__ import annotations


def summarize_file(model, tree):
    return None


def solve(facts):
    return [], set()
