"""JUnit XML for CI test-report views: one `<testsuite name="secreview">`, one `<testcase>` per
finding with a `<failure>` (type = the CWE), and one per file not reviewed with an `<error>`.
A clean run is an empty suite (`tests="0"`).
"""
from __future__ import annotations

from typing import TextIO
from xml.etree import ElementTree as ET

from secreview.findings import Review
from secreview.reports.review_common import cwe_title, flow_lines, host_path


def to_element(review: Review) -> ET.Element:
    suites = ET.Element("testsuites", name="secreview")
    total = len(review.findings) + len(review.errors)
    suite = ET.SubElement(suites, "testsuite", name="secreview", tests=str(total),
                          failures=str(len(review.findings)), errors=str(len(review.errors)), skipped="0")
    for f in review.findings:
        loc = f.location
        path = host_path(review, loc.path)
        case = ET.SubElement(suite, "testcase", classname=path,
                             name=f"{f.rule_id} {cwe_title(f.cwe)} at {path}:{loc.line}:{loc.column}",
                             file=path, line=str(loc.line))
        details = [f"{path}:{loc.line}:{loc.column}", f.snippet, f"Severity: {f.severity}   Confidence: {f.confidence}"]
        if f.flow:
            details += ["Flow:", *flow_lines(f)]
        if f.fix:
            details.append(f"Fix: {f.fix}")
        failure = ET.SubElement(case, "failure", type=f"CWE-{f.cwe}", message=f.message)
        failure.text = "\n".join(details)
    for e in review.errors:
        path = host_path(review, e.path)
        case = ET.SubElement(suite, "testcase", classname=path, name=f"review {path}", file=path)
        ET.SubElement(case, "error", type=e.kind, message=e.message)
    return suites


def write(review: Review, stream: TextIO) -> None:
    tree = ET.ElementTree(to_element(review))
    ET.indent(tree)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(tree.getroot(), encoding="unicode"))
    stream.write("\n")
