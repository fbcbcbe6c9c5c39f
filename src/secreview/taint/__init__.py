"""Interprocedural taint analysis: untrusted data from sources to sinks, across functions and modules.

`summarize_file(model, tree)` runs in the worker after the one traversal built the semantic model:
one abstract interpretation pass per function gives a picklable `FileFacts` (function summaries,
call sites, sources, sinks). `solve(facts)` runs once in the parent: it links the summaries of all
files by qualified name, solves them to a fixpoint and returns `(findings, cleared, state)`, where
`cleared` holds `(path, line, column, cwe)` of sink calls whose dangerous argument was proved to
hold only constant or sanitized data (pattern findings there are dropped by the engine), and
`state` (a `SolveState`) lets the next solve of an edited tree re-solve only what the edit reaches.

Sources, sinks, sanitizers and guards come from the model files in `secreview/data/models/`.
"""
from __future__ import annotations

from secreview.taint.domain import FileFacts
from secreview.taint.incremental import SolveState
from secreview.taint.solve import RULES, solve
from secreview.taint.summarize import summarize


def summarize_file(model, tree) -> FileFacts | None:
    return summarize(model, tree)


__all__ = ["FileFacts", "RULES", "SolveState", "solve", "summarize_file"]
