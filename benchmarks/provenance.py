"""Findings per provenance level on real trees, with samples to read.

    python benchmarks/provenance.py TREE [TREE...] [--samples 3] [--min-confidence low]

For each tree: how many findings each level of the provenance lattice produced (remote source,
parameter of a public function, local source, pattern rule with no traced source), split by
confidence, and a few samples per level (path:line, rule, message) so a reader can judge them.
Real trees come from the registry, e.g. `pip download --no-binary :all: --no-deps django`.
Not part of the test suite.
"""
from __future__ import annotations

import argparse
import collections
import random
import sys
import time

from secreview.config import Config
from secreview.engine import review_paths
from secreview.findings import Confidence

LEVELS = ("remote", "parameter", "local", "pattern")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="+")
    parser.add_argument("--samples", type=int, default=3)
    parser.add_argument("--min-confidence", default="low", choices=[str(c) for c in Confidence])
    parser.add_argument("--threat-model", default="library", choices=("remote", "library", "local"))
    args = parser.parse_args(argv)
    rng = random.Random(0)  # the same samples on every run
    config = Config(min_confidence=Confidence.parse(args.min_confidence), threat_model=args.threat_model)
    totals: collections.Counter = collections.Counter()
    print(f"{'tree':40} {'files':>6} {'secs':>6} " + " ".join(f"{lvl:>16}" for lvl in LEVELS))
    samples: dict[str, list] = collections.defaultdict(list)
    for tree in args.trees:
        start = time.perf_counter()
        review = review_paths([tree], config)
        elapsed = time.perf_counter() - start
        counts: dict[str, collections.Counter] = {lvl: collections.Counter() for lvl in LEVELS}
        for f in review.findings:
            level = f.provenance or "pattern"
            counts[level][str(f.confidence)] += 1
            totals[level] += 1
            samples[level].append((tree, f))
        cells = []
        for lvl in LEVELS:
            c = counts[lvl]
            cells.append(f"{sum(c.values()):5} (h{c['high']}/m{c['medium']}/l{c['low']})")
        print(f"{tree[-40:]:40} {review.files_reviewed:6} {elapsed:6.1f} " + " ".join(f"{x:>16}" for x in cells))
    print("total: " + ", ".join(f"{lvl} {totals[lvl]}" for lvl in LEVELS))
    for lvl in LEVELS:
        chosen = rng.sample(samples[lvl], min(args.samples, len(samples[lvl])))
        if chosen:
            print(f"\n== samples: {lvl}")
        for _tree, f in chosen:
            print(f"- {f.location.path}:{f.location.line} {f.rule_id} CWE-{f.cwe} {f.severity}/{f.confidence}")
            print(f"  {f.message[:240]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
