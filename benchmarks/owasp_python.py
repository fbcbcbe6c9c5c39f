"""Score secreview on the OWASP Benchmark for Python (TPR, FPR and TPR - FPR per category).

    python benchmarks/owasp_python.py BENCH_DIR TRUTH.csv [--verbose] [--json OUT]

BENCH_DIR is the benchmark's checkout (``testcode/BenchmarkTestNNNNN.py`` and ``helpers/``) or its
``testcode`` folder alone; the whole folder is reviewed, so helper modules take part in the
cross-module dataflow. TRUTH.csv is in the official expected-results format::

    # test name, category, real vulnerability, cwe
    BenchmarkTest00001,pathtraver,true,22

(extra columns, e.g. a reason, are ignored). The review runs the checkout's secreview in a fresh
process, exactly as a user would::

    python -m secreview BENCH_DIR --format json --no-cache --no-progress --jobs 1 --min-confidence low

A case is *flagged* when a finding in its file has the case's CWE, or a CWE the catalog shipped with
secreview lists below it (CWE-23 *Relative Path Traversal* counts for a CWE-22 case), or the case
CWE's nearest parent when the case CWE is a Base or Variant (a CWE-22 finding counts for a CWE-23
case). Findings of other CWEs in the file do not count either way, as in OWASP's own scorecards.
Then TP/FN over the real vulnerabilities and FP/TN over the safe cases, per category:
TPR = TP / (TP + FN), FPR = FP / (FP + TN), score = TPR - FPR (the Benchmark's "Youden index").
Not part of the test suite; the benchmark's code is GPL and is never copied into this repository.
"""
from __future__ import annotations

import argparse
import collections
import csv
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from secreview import catalog  # noqa: E402  (the checkout's catalog, not an installed one)


@dataclass(frozen=True)
class Case:
    name: str
    category: str
    vulnerable: bool
    cwe: int


def read_truth(path: str | os.PathLike) -> list[Case]:
    cases = []
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.reader(handle):
            if not row or row[0].lstrip().startswith("#"):
                continue
            name, category, real, cwe = (cell.strip() for cell in row[:4])
            cases.append(Case(name, category, real.lower() == "true", int(cwe)))
    return cases


def matching_cwes(cwe: int) -> set[int]:
    """CWEs whose finding answers a case of ``cwe``: itself, its catalog descendants, a Base's parent."""
    wanted = {cwe}
    entry = catalog.get(cwe)
    if entry is not None and entry.abstraction in ("Base", "Variant") and entry.chain:
        wanted.add(entry.chain[0])
    return wanted


def answers(finding_cwe: int, case_cwe: int) -> bool:
    if finding_cwe in matching_cwes(case_cwe):
        return True
    entry = catalog.get(finding_cwe)
    return entry is not None and case_cwe in entry.chain  # a more specific child of the case's CWE


def run_secreview(bench_dir: str) -> dict:
    cmd = [sys.executable, "-m", "secreview", bench_dir, "--format", "json", "--no-cache", "--no-progress",
           "--jobs", "1", "--min-confidence", "low"]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode not in (0, 1):
        sys.exit(f"secreview failed ({proc.returncode}):\n{proc.stderr}")
    return json.loads(proc.stdout)


def score(cases: list[Case], report: dict) -> tuple[dict, dict[str, list[dict]]]:
    by_file: dict[str, list[dict]] = collections.defaultdict(list)
    for f in report["findings"]:
        by_file[Path(f["location"]["path"]).stem].append(f)
    table: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    hits: dict[str, list[dict]] = {}
    for case in cases:
        relevant = [f for f in by_file.get(case.name, []) if answers(f["cwe"]["id"], case.cwe)]
        hits[case.name] = relevant
        flagged = bool(relevant)
        outcome = ("TP" if flagged else "FN") if case.vulnerable else ("FP" if flagged else "TN")
        table[case.category][outcome] += 1
        table["overall"][outcome] += 1
    return table, hits


def rates(c: collections.Counter) -> tuple[float, float]:
    tpr = c["TP"] / (c["TP"] + c["FN"]) if c["TP"] + c["FN"] else 0.0
    fpr = c["FP"] / (c["FP"] + c["TN"]) if c["FP"] + c["TN"] else 0.0
    return tpr, fpr


def render(table: dict, cwe_of: dict[str, int]) -> str:
    lines = [f"{'category':18} {'CWE':>5} {'cases':>5} {'TP':>4} {'FN':>4} {'FP':>4} {'TN':>4} "
             f"{'TPR':>6} {'FPR':>6} {'score':>6}"]
    for category in sorted(k for k in table if k != "overall") + ["overall"]:
        c = table[category]
        tpr, fpr = rates(c)
        cwe = str(cwe_of.get(category, "")) if category != "overall" else ""
        lines.append(f"{category:18} {cwe:>5} {sum(c.values()):5} {c['TP']:4} {c['FN']:4} {c['FP']:4} "
                     f"{c['TN']:4} {tpr:6.1%} {fpr:6.1%} {tpr - fpr:6.1%}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bench_dir")
    parser.add_argument("truth")
    parser.add_argument("--verbose", action="store_true", help="list every FN and FP with the findings seen")
    parser.add_argument("--json", help="write the counts per category to this file")
    args = parser.parse_args(argv)
    cases = read_truth(args.truth)
    present = {p.stem for p in Path(args.bench_dir).rglob("BenchmarkTest*.py")}
    missing = [c.name for c in cases if c.name not in present]
    cases = [c for c in cases if c.name in present]
    report = run_secreview(args.bench_dir)
    table, hits = score(cases, report)
    print(render(table, {c.category: c.cwe for c in cases}))
    if missing:
        print(f"({len(missing)} cases of the truth file have no test file and are left out)")
    if args.verbose:
        by_file: dict[str, list[dict]] = collections.defaultdict(list)
        for f in report["findings"]:
            by_file[Path(f["location"]["path"]).stem].append(f)
        for case in cases:
            flagged = bool(hits[case.name])
            if flagged == case.vulnerable:
                continue
            kind = "FP" if flagged else "FN"
            seen = hits[case.name] or by_file.get(case.name, [])
            print(f"{kind} {case.name} {case.category} CWE-{case.cwe}: "
                  + ("; ".join(f"{f['rule_id']} CWE-{f['cwe']['id']} line {f['location']['line']}" for f in seen)
                     or "no finding"))
    if args.json:
        Path(args.json).write_text(json.dumps({k: dict(v) for k, v in table.items()}, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
