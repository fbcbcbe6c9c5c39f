"""SARIF 2.1.0 for code-scanning services (GitHub, Azure DevOps, IDE viewers).

One run. `tool.driver.rules` lists every registered rule (plus any rule id a finding carries that is
not registered, described from the finding), each related to its weakness in the CWE taxonomy that
`runs[0].taxonomies` carries with the catalog's names. Files we could not review are
`toolExecutionNotifications` of the one invocation, which still succeeded.

Rendering only: every value comes from the Review, a Finding, the rule registry or the catalog.
"""
from __future__ import annotations

import contextvars
import hashlib
import json
import os
import re
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any, Iterable, TextIO
from urllib.parse import quote

from secreview import catalog
from secreview.findings import Confidence, FileError, Finding, FlowStep, Location, Review, Severity
from secreview.reports import catalog_version, tool_version

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "secreview/v1"
SRCROOT = "%SRCROOT%"

# GitHub code scanning reads `security-severity` (0.0-10.0, as a string) on the rule: >= 9.0 critical,
# 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low.
SECURITY_SEVERITY = {Severity.CRITICAL: "9.5", Severity.HIGH: "8.0", Severity.MEDIUM: "5.5", Severity.LOW: "3.0"}
LEVEL = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning", Severity.LOW: "note"}
PRECISION = {Confidence.HIGH: "high", Confidence.MEDIUM: "medium", Confidence.LOW: "low"}

_CWE_COMPONENT = {"name": "CWE", "index": 0}


def _cwe_tag(cwe_id: int) -> str:
    return f"external/cwe/cwe-{cwe_id:03d}"


def _cwe_label(cwe_id: int) -> str:
    return f"CWE-{cwe_id}"


# the folder `%SRCROOT%` stands for in the run being rendered (Review.source_root)
_SOURCE_ROOT: contextvars.ContextVar[str | None] = contextvars.ContextVar("sarif_source_root", default=None)


def artifact_uri(path: str) -> dict[str, str]:
    """A path inside the source root is relative to it (`%SRCROOT%`, declared in the run's
    `originalUriBaseIds`), however it was typed; any other relative path stays relative; an absolute
    one outside the root becomes a file: URI."""
    root = _SOURCE_ROOT.get()
    if root:
        inside = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
        if not inside.startswith(".."):
            path = inside
    if PureWindowsPath(path).drive or "\\" in path:
        path = PureWindowsPath(path).as_posix()
    posix = PurePosixPath(path)
    if posix.is_absolute():
        return {"uri": "file://" + quote(str(posix))}
    if re.match(r"^[A-Za-z]:/", path):
        return {"uri": "file:///" + path[:2] + quote(path[2:])}
    return {"uri": quote(str(posix)), "uriBaseId": SRCROOT}


def _region(loc: Location, snippet: str | None = None) -> dict[str, Any]:
    region: dict[str, Any] = {
        "startLine": loc.line,
        "startColumn": loc.column,
        "endLine": loc.end_line,
        "endColumn": loc.end_column,
    }
    if snippet:
        region["snippet"] = {"text": snippet}
    return region


def _physical(loc: Location, snippet: str | None = None) -> dict[str, Any]:
    return {"physicalLocation": {"artifactLocation": artifact_uri(loc.path), "region": _region(loc, snippet)}}


# --------------------------------------------------------------------------- rules and taxonomy
class _RuleInfo:
    """What the driver says about one rule: from the registry, or from a finding of an unregistered id."""

    def __init__(self, id: str, title: str, cwe: int, severity: Severity, confidence: Confidence,
                 doc: str = "", fix: str = "", tags: Iterable[str] = (), summary: str = "",
                 cwes: Iterable[int] = ()) -> None:
        self.id, self.title, self.cwe = id, title, cwe
        self.cwes = tuple(cwes) or (cwe,)  # every CWE the rule reports (Rule.cwes), default first
        self.severity, self.confidence = severity, confidence
        self.doc, self.fix, self.tags, self.summary = doc, fix, tuple(tags), summary


def _rule_infos(findings: list[Finding]) -> list[_RuleInfo]:
    from secreview.rules import described_rules

    infos: dict[str, _RuleInfo] = {}
    for r in described_rules().values():
        infos[r.id] = _RuleInfo(r.id, r.title, r.cwe, r.severity, r.confidence, r.doc, r.fix, r.tags,
                                r.sections.get("What it does", ""), r.cwes)
    for f in findings:
        if f.rule_id not in infos:
            infos[f.rule_id] = _RuleInfo(f.rule_id, f.title, f.cwe, f.severity, f.confidence, fix=f.fix)
    return [infos[key] for key in sorted(infos)]


def _pascal_name(title: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", title)
    return "".join(w[:1].upper() + w[1:] for w in words) or "Rule"


def _plain_help(doc: str) -> str:
    """The rule documentation without Markdown markup: headings as lines, fences dropped."""
    out = []
    for line in doc.splitlines():
        if line.startswith("```"):
            continue
        out.append(re.sub(r"^#+\s*", "", line))
    return "\n".join(out).strip()


def _rule_descriptor(info: _RuleInfo, taxon_index: dict[int, int]) -> dict[str, Any]:
    entry = catalog.get(info.cwe)
    cwe_name = entry.name if entry else None
    cwe_link = f"[CWE-{info.cwe}{': ' + cwe_name if cwe_name else ''}](https://cwe.mitre.org/data/definitions/{info.cwe}.html)"
    doc = info.doc or info.title
    markdown = f"{doc}\n\n## Fix\n{info.fix}\n\n{cwe_link}" if info.fix else f"{doc}\n\n{cwe_link}"
    text = _plain_help(doc) + (f"\n\nFix: {info.fix}" if info.fix else "") + f"\n\nCWE-{info.cwe}" + (
        f" {cwe_name}" if cwe_name else "")
    return {
        "id": info.id,
        "name": _pascal_name(info.title),
        "shortDescription": {"text": info.title},
        "fullDescription": {"text": " ".join((info.summary or info.title).split())},
        "help": {"text": text, "markdown": markdown},
        "helpUri": f"https://cwe.mitre.org/data/definitions/{info.cwe}.html",
        "defaultConfiguration": {"level": LEVEL[info.severity]},
        "relationships": [{
            "target": {"id": str(info.cwe), "index": taxon_index[info.cwe], "toolComponent": dict(_CWE_COMPONENT)},
            "kinds": ["superset"],
        }],
        "properties": {
            "tags": ["security", *(_cwe_tag(c) for c in info.cwes), *info.tags],
            "precision": PRECISION[info.confidence],
            "security-severity": SECURITY_SEVERITY[info.severity],
            "cwe": [_cwe_label(c) for c in info.cwes],
        },
    }


def _taxon(cwe_id: int) -> dict[str, Any]:
    entry = catalog.get(cwe_id)
    name = entry.name if entry else None
    taxon: dict[str, Any] = {
        "id": str(cwe_id),
        "shortDescription": {"text": name or _cwe_label(cwe_id)},
        "helpUri": f"https://cwe.mitre.org/data/definitions/{cwe_id}.html",
    }
    if name:
        taxon["name"] = name
    return taxon


def _taxonomy(cwe_ids: list[int]) -> dict[str, Any]:
    component: dict[str, Any] = {
        "name": "CWE",
        "organization": "MITRE",
        "shortDescription": {"text": "The MITRE Common Weakness Enumeration"},
        "informationUri": "https://cwe.mitre.org/",
        "isComprehensive": False,
        "taxa": [_taxon(cwe_id) for cwe_id in cwe_ids],
    }
    version = catalog_version()
    if version:
        component["version"] = version
    return component


# --------------------------------------------------------------------------- results and errors
def _thread_flow_location(step: FlowStep, order: int) -> dict[str, Any]:
    location = _physical(step.location, step.snippet or None)
    location["message"] = {"text": step.description}
    return {"location": location, "kinds": [step.kind], "executionOrder": order}


def _line_hashes(findings: list[Finding]) -> dict[int, str]:
    """GitHub's `primaryLocationLineHash`: a hash of the first line's text (whitespace left out)
    and which repeat of that text in the file it is; it follows the line when lines above move."""
    seen: dict[tuple[str, str], int] = {}
    hashes = {}
    for f in findings:
        first = (f.snippet.splitlines() or [""])[0]
        digest = hashlib.sha256("".join(first.split()).encode()).hexdigest()[:16]
        path = artifact_uri(f.location.path)["uri"]
        occurrence = seen.get((path, digest), 0) + 1
        seen[(path, digest)] = occurrence
        hashes[id(f)] = f"{digest}:{occurrence}"
    return hashes


def _result(f: Finding, rule_index: dict[str, int], taxon_index: dict[int, int],
            baseline_state: str | None = None, line_hash: str | None = None,
            suppressed: bool = False) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": f.rule_id,
        "ruleIndex": rule_index[f.rule_id],
        "level": LEVEL[f.severity],
        "message": {"text": f.message},
        "locations": [_physical(f.location, f.snippet)],
        "taxa": [{"id": str(f.cwe), "index": taxon_index[f.cwe], "toolComponent": dict(_CWE_COMPONENT)}],
        "properties": {
            "cwe": [_cwe_label(f.cwe)],
            "severity": str(f.severity),
            "confidence": str(f.confidence),
            "in_test_code": f.in_test_code,
            "fix": f.fix,
        },
    }
    if f.fingerprint:
        result["partialFingerprints"] = {FINGERPRINT_KEY: f.fingerprint}
    if line_hash:
        result.setdefault("partialFingerprints", {})["primaryLocationLineHash"] = line_hash
    if suppressed:
        result["suppressions"] = [{"kind": "inSource", "justification": "a `# secreview: ignore` or `# nosec` comment"}]
    if baseline_state is not None:
        result["baselineState"] = baseline_state
    if f.flow:
        result["codeFlows"] = [{
            "threadFlows": [{"locations": [_thread_flow_location(step, n) for n, step in enumerate(f.flow, 1)]}],
        }]
    return result


def _notification(e: FileError) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": artifact_uri(e.path)}
    if e.line:
        location["region"] = {"startLine": e.line}
    return {
        "level": "error",
        "message": {"text": f"{e.kind}: {e.message}"},
        "locations": [{"physicalLocation": location}],
        "descriptor": {"id": e.kind},
        "properties": {"kind": e.kind},
    }


def _states(review: Review) -> list[tuple[Finding, str | None]]:
    """Each result with its `baselineState`: after a baseline comparison the run lists new, unchanged
    and absent (fixed since the baseline) results, so a viewer can show all three; otherwise none."""
    if review.baseline is None:
        return [(f, None) for f in review.findings]
    return [*((f, "new") for f in review.findings), *((f, "unchanged") for f in review.baseline.unchanged),
            *((f, "absent") for f in review.baseline.absent)]


def to_dict(review: Review) -> dict[str, Any]:
    token = _SOURCE_ROOT.set(review.source_root)
    try:
        return _to_dict(review)
    finally:
        _SOURCE_ROOT.reset(token)


def _to_dict(review: Review) -> dict[str, Any]:
    states = [*_states(review), *((f, None) for f in review.suppressed_findings)]
    silenced = {id(f) for f in review.suppressed_findings}
    listed = [f for f, _ in states]
    infos = _rule_infos(listed)
    cwe_ids = sorted({i.cwe for i in infos} | {f.cwe for f in listed})
    taxon_index = {cwe_id: n for n, cwe_id in enumerate(cwe_ids)}
    rule_index = {info.id: n for n, info in enumerate(infos)}
    version = tool_version()
    driver: dict[str, Any] = {
        "name": "secreview",
        "version": version,
        "semanticVersion": version,
        "rules": [_rule_descriptor(info, taxon_index) for info in infos],
        "supportedTaxonomies": [dict(_CWE_COMPONENT)],
    }
    hashes = _line_hashes(listed)
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "taxonomies": [_taxonomy(cwe_ids)],
        "invocations": [{
            "executionSuccessful": True,
            "toolExecutionNotifications": [_notification(e) for e in review.errors],
        }],
        "columnKind": "unicodeCodePoints",
        "automationDetails": {"id": "secreview/"},
        "results": [_result(f, rule_index, taxon_index, state, hashes[id(f)], id(f) in silenced)
                    for f, state in states],
        "properties": {"filesReviewed": review.files_reviewed, "suppressed": review.suppressed},
    }
    if review.source_root:
        root = PurePosixPath(os.path.abspath(review.source_root).replace("\\", "/")).as_posix().rstrip("/")
        run["originalUriBaseIds"] = {SRCROOT: {"uri": "file://" + ("" if root.startswith("/") else "/")
                                               + quote(root) + "/"}}
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def write(review: Review, stream: TextIO) -> None:
    json.dump(to_dict(review), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
