"""Recall on code fragments: each labelled snippet reviewed whole, as its function alone, and as a method-body hunk.

    python benchmarks/fragments.py DIR [--min-confidence low|medium|high] [--show-misses] [--json OUT]

DIR holds Python files labelled like tests/corpus: `# expect: CWE-N` on the line where the finding
must start. Each file is reviewed in three forms, each on its own (no other file in the review):

- `file`: the file as it is;
- `function`: the innermost function around each label, with its decorators, dedented to column 0,
  without the file's imports or anything else (what a pasted function looks like);
- `body`: that function's body without its `def` line, one indentation unit deeper than it was (a
  method body cut out of its class), in the file's own unit (tabs stay tabs): a hunk whose parameters are
  now names bound nowhere.

A label counts as found in a form when a finding with its CWE starts on its line (the line moved with
the fragment). Per form and CWE the script prints found/expected; `--show-misses` lists every miss with
what was reported on that line instead (a wrong CWE) or elsewhere in the fragment. Labels outside any
function count for the `file` form only. Not part of the test suite; the measurement set is not shipped
(real projects' code), see README "What it measures".
"""
from __future__ import annotations

import argparse
import ast
import collections
import json
import re
import sys
import textwrap
from pathlib import Path

from secreview.config import Config
from secreview.engine import finish, review_source
from secreview.findings import Confidence

_LABEL = re.compile(r"#\s*expect:\s*((?:CWE-\d+\s*,?\s*)+)", re.I)
FORMS = ("file", "function", "body")


def labels(text: str) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        for codes in _LABEL.findall(line):
            out.setdefault(number, set()).update(int(c) for c in re.findall(r"\d+", codes))
    return out


def _innermost_function(tree: ast.AST, line: int):
    best = None
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.lineno <= line <= node.end_lineno:
            if best is None or node.lineno >= best.lineno:
                best = node
    return best


def fragments(text: str) -> list[tuple[str, str, dict[int, set[int]]]]:
    """(form, source, {line in source: CWEs}) for every form of one snippet file."""
    found = labels(text)
    out = [("file", text, found)]
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return out
    lines = text.splitlines()
    by_function: dict[ast.AST, dict[int, set[int]]] = {}
    for line, cwes in found.items():
        function = _innermost_function(tree, line)
        if function is not None:
            by_function.setdefault(function, {})[line] = cwes
    for function, wanted in sorted(by_function.items(), key=lambda item: item[0].lineno):
        first = min([function.lineno] + [d.lineno for d in function.decorator_list])
        chunk = lines[first - 1:function.end_lineno]
        source = textwrap.dedent("\n".join(chunk)) + "\n"
        out.append(("function", source, {line - first + 1: cwes for line, cwes in wanted.items()}))
        body_first = function.body[0].lineno
        if isinstance(function.body[0], ast.Expr) and isinstance(function.body[0].value, ast.Constant) \
                and len(function.body) > 1:
            body_first = function.body[1].lineno  # a hunk rarely starts with the docstring
        chunk = lines[body_first - 1:function.end_lineno]
        # one more indentation unit than the body has (a method's body cut out of its class), in the
        # file's own unit so tabs stay tabs
        unit = "\t" if chunk and chunk[0].startswith("\t") else "    "
        source = "\n".join(unit + line if line.strip() else line for line in chunk) + "\n"
        out.append(("body", source, {line - body_first + 1: cwes for line, cwes in wanted.items()
                                     if line >= body_first}))
    return out


def review(source: str, name: str, config: Config):
    return finish([review_source(source, name)], [], config).findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir")
    parser.add_argument("--min-confidence", default="medium", choices=[str(c) for c in Confidence])
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--json", help="write per-label results here")
    args = parser.parse_args(argv)
    config = Config(min_confidence=Confidence.parse(args.min_confidence))
    totals = {form: collections.Counter() for form in FORMS}  # form -> Counter of (cwe, found?)
    misses, rows = [], []
    for path in sorted(Path(args.dir).rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(args.dir).as_posix()
        for index, (form, source, wanted) in enumerate(fragments(text)):
            name = f"snippets/{path.stem}.py" if form == "file" else f"snippets/{path.stem}_{form}{index}.py"
            findings = review(source, name, config)
            at = collections.defaultdict(list)
            for f in findings:
                at[f.location.line].append(f)
            for line, cwes in sorted(wanted.items()):
                for cwe in sorted(cwes):
                    hit = any(f.cwe == cwe for f in at.get(line, ()))
                    totals[form][(cwe, hit)] += 1
                    rows.append({"file": rel, "form": form, "line": line, "cwe": cwe, "found": hit})
                    if not hit:
                        other = [f"{f.cwe}/{f.rule_id}" for f in at.get(line, ())]
                        elsewhere = [f"{f.location.line}:{f.cwe}/{f.rule_id}" for f in findings
                                     if f.location.line != line]
                        misses.append(f"MISS {form:8} {rel}:{line} CWE-{cwe}"
                                      + (f"  on the line: {', '.join(other)}" if other else "")
                                      + (f"  elsewhere: {', '.join(elsewhere)}" if elsewhere else ""))
    cwes = sorted({cwe for form in FORMS for cwe, _ in totals[form]})
    print(f"{'CWE':9}" + "".join(f"{form:>12}" for form in FORMS))
    for cwe in cwes:
        cells = []
        for form in FORMS:
            hit, total = totals[form][(cwe, True)], totals[form][(cwe, True)] + totals[form][(cwe, False)]
            cells.append(f"{hit}/{total}".rjust(12) if total else " " * 12)
        print(f"CWE-{cwe:<5}" + "".join(cells))
    line = f"{'total':9}"
    for form in FORMS:
        hit = sum(n for (_, h), n in totals[form].items() if h)
        total = sum(totals[form].values())
        line += f"{hit}/{total} {hit / total:4.0%}".rjust(12) if total else " " * 12
    print(line)
    if args.show_misses:
        print("\n".join(misses))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
