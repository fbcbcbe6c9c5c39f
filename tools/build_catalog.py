#!/usr/bin/env python3
"""Regenerate src/secreview/data/cwe_catalog.json from MITRE's official CWE XML.

    python tools/build_catalog.py                 # the cwec_v*.xml shipped by the cwe2 package
    python tools/build_catalog.py --xml cwec_v4.14.xml
    python tools/build_catalog.py --check         # exit 1 if the JSON is out of date

The parsing lives in `secreview.catalog.build` so the tests can rebuild the catalog and compare.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from secreview.catalog.build import build, cwe2_xml_path, dumps  # noqa: E402

OUTPUT = ROOT / "src" / "secreview" / "data" / "cwe_catalog.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--xml", type=Path, help="cwec_vX.Y.xml (default: the one inside the cwe2 package)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 if the output differs")
    args = parser.parse_args(argv)
    xml = args.xml
    if xml is None:
        try:
            xml = cwe2_xml_path()
        except ImportError:
            parser.error("the cwe2 package is not installed (pip install -e '.[test]') and --xml was not given")
    catalog = build(xml)
    text = dumps(catalog)
    counts: dict[str, int] = {}
    for row in catalog["entries"].values():
        counts[row[1]] = counts.get(row[1], 0) + 1
    summary = (f"CWE {catalog['source']['version']} ({catalog['source']['date']}) from {xml}: "
               + ", ".join(f"{counts.get(k, 0)} {label}" for k, label in
                           (("weakness", "weaknesses"), ("category", "categories"), ("view", "views"))))
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date; run tools/build_catalog.py", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date: {summary}")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output} ({len(text.encode()):,} bytes): {summary}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
