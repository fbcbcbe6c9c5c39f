"""Rules about the source text itself rather than what it does."""
from __future__ import annotations

import ast
import re

from secreview.findings import Confidence, Severity
from secreview.rules.api import Report, rule

# Unicode bidirectional controls that reorder how code is displayed (CVE-2021-42574, "Trojan Source").
_BIDI = {
    "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO", "\u202e": "RLO",
    "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI",
}
_BIDI_CHARS = frozenset(_BIDI)
_ANY_BIDI = re.compile("[" + "".join(_BIDI) + "]")


@rule(
    "SR810",
    title="Bidirectional control character in source (Trojan Source)",
    cwe=451,
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    nodes=(ast.Module,),
    fix="Remove the bidirectional control characters; if right-to-left text is needed in a string, "
        "write it with `\\u` escapes so reviewers see what the code does.",
)
def trojan_source(ctx, module: ast.Module):
    """## What it does
    Flags Unicode bidirectional override and isolate characters (U+202A–U+202E, U+2066–U+2069)
    anywhere in a file: in code, strings or comments.

    ## Why is this bad?
    These characters change the order in which editors and code-review tools display text, so the
    code a reviewer reads differs from the code Python runs (CVE-2021-42574): a comment can appear
    to close before a `return`, or an access check can appear to compare different strings.

    ## Example
    ```python
    access_level = "user"
    if access_level != "none\u202e\u2066":  # check if admin\u2069\u2066
        grant()
    ```

    ## Use instead
    ```python
    access_level = "user"
    if access_level != "none":  # check if admin
        grant()
    ```
    """
    lines = ctx.model.lines
    if not any(_ANY_BIDI.search(line) for line in lines if not line.isascii()):
        return None
    reports = []
    for number, text in enumerate(lines, 1):
        found = [f"U+{ord(ch):04X} ({_BIDI[ch]})" for ch in dict.fromkeys(text) if ch in _BIDI_CHARS]
        if found:
            column = min(text.index(ch) for ch in _BIDI_CHARS if ch in text)
            anchor = ast.Pass(lineno=number, col_offset=len(text[:column].encode()), end_lineno=number,
                              end_col_offset=len(text.encode()))
            reports.append(Report(anchor, f"Line {number} contains {', '.join(found)}: the text shown to a reviewer "
                                          "is reordered and differs from what Python executes."))
    return reports
