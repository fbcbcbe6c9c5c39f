"""The machine-readable report: a versioned JSON document, described in docs/json-report.md and
validated by docs/report.schema.json.

Rendering only: every value comes from the Review, a Finding, or the catalog.
"""
from __future__ import annotations

import json
from typing import Any, TextIO

from secreview import catalog
from secreview.findings import FileError, Finding, FlowStep, Location, Review, Severity
from secreview.reports import catalog_version, tool_version

SCHEMA_VERSION = "1.0"
TOOL_NAME = "secreview"


def _cwe(cwe_id: int | None) -> dict[str, Any] | None:
    if cwe_id is None:
        return None
    entry = catalog.get(cwe_id)
    return {"id": cwe_id, "name": entry.name if entry else None}


def _cwe_with_pillar(cwe_id: int) -> dict[str, Any]:
    entry = catalog.get(cwe_id)
    pillar = entry.pillar if entry else None
    return {
        "id": cwe_id,
        "name": entry.name if entry else None,
        "pillar": _cwe(pillar),
    }


def _location(loc: Location) -> dict[str, Any]:
    return {
        "path": loc.path,
        "line": loc.line,
        "column": loc.column,
        "end_line": loc.end_line,
        "end_column": loc.end_column,
    }


def _flow_step(step: FlowStep) -> dict[str, Any]:
    return {
        "kind": step.kind,
        "path": step.location.path,
        "line": step.location.line,
        "column": step.location.column,
        "description": step.description,
        "snippet": step.snippet,
    }


def finding_to_dict(f: Finding) -> dict[str, Any]:
    return {
        "rule_id": f.rule_id,
        "cwe": _cwe_with_pillar(f.cwe),
        "title": f.title,
        "location": _location(f.location),
        "snippet": f.snippet,
        "message": f.message,
        "fix": f.fix,
        "severity": str(f.severity),
        "confidence": str(f.confidence),
        "in_test_code": f.in_test_code,
        "fingerprint": f.fingerprint,
        "provenance": f.provenance or None,
        "flow": [_flow_step(step) for step in f.flow],
    }


def error_to_dict(e: FileError) -> dict[str, Any]:
    return {"path": e.path, "kind": e.kind, "message": e.message, "line": e.line}


def to_dict(review: Review) -> dict[str, Any]:
    by_severity = {str(s): 0 for s in sorted(Severity, reverse=True)}
    for f in review.findings:
        by_severity[str(f.severity)] += 1
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": TOOL_NAME, "version": tool_version()},
        "catalog_version": catalog_version(),
        "summary": {
            "files_reviewed": review.files_reviewed,
            "findings": len(review.findings),
            "suppressed": review.suppressed,
            "errors": len(review.errors),
            "by_severity": by_severity,
        },
        "findings": [finding_to_dict(f) for f in review.findings],
        "errors": [error_to_dict(e) for e in review.errors],
    }


def write(review: Review, stream: TextIO) -> None:
    json.dump(to_dict(review), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
