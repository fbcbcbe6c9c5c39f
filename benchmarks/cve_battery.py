"""Recall of secreview on real CVEs: each vulnerable release and its fix, from PyPI sdists.

Data: `cve_battery.toml` beside this file (one `[[cve]]` table per vulnerability: package,
vulnerable and fixed version, the file inside the sdist, the function (or line range) holding the
vulnerable code, the expected CWE and the related CWEs that also count).

For each package version the script downloads the sdist once
(`pip download --no-binary :all: --no-deps PKG==VER`) into a cache folder outside the repository,
unpacks it, reviews the entry's package folder with the secreview of this checkout
(`python -m secreview DIR --format json --no-cache --no-progress --min-confidence low --jobs 1`,
`PYTHONPATH=<checkout>/src`), and prints one row per CVE:

- found: a finding of an accepted CWE whose location, or one of whose flow steps (the source, a call
  on the way, the sink), lies in the named file inside the named function (or line range) of the
  vulnerable version;
- fixed: the same test on the fixed version (a residual: still flagged after the fix).

    python benchmarks/cve_battery.py                         # every entry
    python benchmarks/cve_battery.py --only CVE-2022-22817   # some entries (repeatable)
    python benchmarks/cve_battery.py --package django        # one package's entries
    python benchmarks/cve_battery.py --json out.json         # also save the rows
    python benchmarks/cve_battery.py --src /tmp/old/src      # review with another secreview tree
    python benchmarks/cve_battery.py --verify                # only check the data: files and functions exist

The cache folder is `$SECREVIEW_CVE_CACHE`, else `~/.cache/secreview-cve-battery`
(`--cache DIR` overrides both); delete it to download again.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    import tomli as tomllib  # type: ignore[no-redef]

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATA = HERE / "cve_battery.toml"


def default_cache() -> Path:
    env = os.environ.get("SECREVIEW_CVE_CACHE")
    if env:
        return Path(env)
    return Path.home() / ".cache" / "secreview-cve-battery"


def load_entries(path: Path = DATA) -> list[dict]:
    with path.open("rb") as f:
        data = tomllib.load(f)
    entries = data["cve"]
    for e in entries:
        for key in ("id", "package", "vulnerable", "fixed", "file", "cwe", "package_dir"):
            if key not in e:
                raise SystemExit(f"{path}: entry {e.get('id', '?')} has no {key!r}")
        if "function" not in e and "lines" not in e:
            raise SystemExit(f"{path}: entry {e['id']} names neither a function nor lines")
        e.setdefault("accept", [])
    return entries


# --- sdists -----------------------------------------------------------------------------------

def _find_archive(folder: Path, package: str, version: str) -> Path | None:
    norm = package.lower().replace("-", "_").replace(".", "_")
    for p in sorted(folder.iterdir()):
        name = p.name.lower().replace("-", "_").replace(".", "_")
        if not name.startswith(norm + "_"):
            continue
        rest = p.name[len(norm) + 1:]
        if rest.startswith(version + ".tar") or rest.startswith(version + ".zip"):
            return p
    return None


def sdist_root(cache: Path, package: str, version: str) -> Path:
    """The unpacked sdist's top folder (downloaded and unpacked on first use)."""
    unpacked = cache / "src" / f"{package.lower()}-{version}"
    marker = unpacked / ".complete"
    if marker.exists():
        return Path(marker.read_text().strip())
    archives = cache / "sdists"
    archives.mkdir(parents=True, exist_ok=True)
    archive = _find_archive(archives, package, version)
    if archive is None:
        cmd = [sys.executable, "-m", "pip", "download", "-q", "--no-binary", ":all:", "--no-deps",
               f"{package}=={version}", "-d", str(archives)]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        archive = _find_archive(archives, package, version)
        if archive is None:
            raise RuntimeError(f"pip download {package}=={version} failed:\n{proc.stderr[-2000:]}")
    unpacked.mkdir(parents=True, exist_ok=True)
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive) as z:
            z.extractall(unpacked)
    else:
        with tarfile.open(archive) as t:
            try:
                t.extractall(unpacked, filter="data")
            except TypeError:  # Python without extraction filters
                t.extractall(unpacked)
    tops = [p for p in unpacked.iterdir() if p.is_dir()]
    top = tops[0] if len(tops) == 1 else unpacked
    marker.write_text(str(top))
    return top


# --- locating the vulnerable code ---------------------------------------------------------------

def function_span(source: str, dotted: str) -> tuple[int, int] | None:
    """Lines (first, last) of `Class.method` or `function` (decorators included); None if absent."""
    tree = ast.parse(source)
    parts = dotted.split(".")

    def search(body, parts):
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                if node.name == parts[0]:
                    if len(parts) == 1:
                        first = min([node.lineno] + [d.lineno for d in node.decorator_list])
                        return first, node.end_lineno
                    found = search(node.body, parts[1:])
                    if found:
                        return found
            elif isinstance(node, (ast.If, ast.Try)):
                # definitions under `if sys.version_info...:` / `try:` at module level
                for block in (node.body, getattr(node, "orelse", []), getattr(node, "finalbody", [])):
                    found = search(block, parts)
                    if found:
                        return found
                for handler in getattr(node, "handlers", []):
                    found = search(handler.body, parts)
                    if found:
                        return found
        return None

    return search(tree.body, parts)


def target(entry: dict, root: Path, which: str) -> list[tuple[Path, int, int]]:
    """(file, first line, last line) of the entry's vulnerable code in one version ('vulnerable'/'fixed').

    A function written `other/file.py::Class.method` lies in that file instead of `file`.
    """
    rel = entry.get(f"{which}_file", entry["file"])
    path = root / rel
    if not path.is_file():
        raise FileNotFoundError(f"{entry['id']}: {rel} not in {root.name}")
    spans: list[tuple[Path, int, int]] = []
    lines = entry.get(f"{which}_lines") or (entry.get("lines") if which == "vulnerable" else None)
    if lines:
        spans.append((path, lines[0], lines[1]))
    functions = entry.get(f"{which}_function", entry.get("function"))
    if functions and not lines:
        if isinstance(functions, str):
            functions = [functions]
        for fn in functions:
            fn_path, fn_rel = path, rel
            if "::" in fn:
                fn_rel, fn = fn.split("::", 1)
                fn_path = root / fn_rel
                if not fn_path.is_file():
                    if which == "fixed":
                        continue
                    raise FileNotFoundError(f"{entry['id']}: {fn_rel} not in {root.name}")
            span = function_span(fn_path.read_text(encoding="utf-8", errors="replace"), fn)
            if span is None:
                if which == "fixed":
                    continue  # the fix removed or renamed it: nothing left there to flag
                raise LookupError(f"{entry['id']}: no function {fn} in {fn_rel} ({root.name})")
            spans.append((fn_path, *span))
    return spans


# --- running secreview --------------------------------------------------------------------------

def review(folder: Path, src: Path, timeout: int) -> tuple[list[dict], float]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(src) + os.pathsep + env.get("PYTHONPATH", "")
    cmd = [sys.executable, "-m", "secreview", str(folder), "--format", "json", "--no-cache",
           "--no-progress", "--min-confidence", "low", "--jobs", "1"]
    start = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)
    elapsed = time.monotonic() - start
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"secreview failed on {folder} ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout)["findings"], elapsed


def matching(findings: list[dict], spans: list[tuple[Path, int, int]], cwes: set[int]) -> list[dict]:
    """Findings of an accepted CWE located inside one of the spans, or whose flow passes through one."""
    wanted = [(os.path.realpath(p), a, b) for p, a, b in spans]
    hits = []
    for f in findings:
        if f["cwe"]["id"] not in cwes:
            continue
        places = [f["location"]] + list(f.get("flow") or [])
        if any(os.path.realpath(place["path"]) == p and a <= place["line"] <= b
               for place in places for p, a, b in wanted):
            hits.append(f)
    return hits


def describe(hits: list[dict]) -> str:
    if not hits:
        return "-"
    seen = []
    for h in hits:
        tag = f"{h['rule_id']}:{h['location']['line']}"
        if tag not in seen:
            seen.append(tag)
    return ",".join(seen[:3]) + (f" +{len(seen) - 3}" if len(seen) > 3 else "")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--src", type=Path, default=REPO / "src", help="secreview source tree to import")
    ap.add_argument("--only", action="append", default=[], help="CVE id (repeatable)")
    ap.add_argument("--package", action="append", default=[], help="package name (repeatable)")
    ap.add_argument("--json", type=Path, help="write the rows as JSON")
    ap.add_argument("--verify", action="store_true", help="only check that every file/function exists")
    ap.add_argument("--timeout", type=int, default=1800)
    args = ap.parse_args(argv)

    cache = args.cache or default_cache()
    entries = load_entries(args.data)
    if args.only:
        entries = [e for e in entries if e["id"] in set(args.only)]
    if args.package:
        wanted = {p.lower() for p in args.package}
        entries = [e for e in entries if e["package"].lower() in wanted]
    if not entries:
        print("no entries selected", file=sys.stderr)
        return 2

    reports: dict[tuple[str, str, str], list[dict]] = {}
    rows = []
    problems = 0
    for e in entries:
        row = {"id": e["id"], "package": e["package"], "vulnerable": e["vulnerable"], "fixed": e["fixed"],
               "cwe": e["cwe"]}
        cwes = {e["cwe"], *e["accept"]}
        for which in ("vulnerable", "fixed"):
            version = e[which]
            try:
                root = sdist_root(cache, e["package"], version)
                spans = target(e, root, which)
            except (RuntimeError, FileNotFoundError, LookupError) as exc:
                print(f"error: {exc}", file=sys.stderr)
                row[f"{which}_result"] = "error"
                problems += 1
                continue
            if which == "vulnerable" and not spans:
                print(f"error: {e['id']}: no span in the vulnerable version", file=sys.stderr)
                problems += 1
            row[f"{which}_spans"] = [(str(p.relative_to(root)), a, b) for p, a, b in spans]
            if args.verify:
                row[f"{which}_result"] = "ok"
                continue
            folder = root / e.get("package_dir", ".")
            key = (e["package"].lower(), version, str(folder))
            if key not in reports:
                findings, elapsed = review(folder, args.src, args.timeout)
                reports[key] = findings
                print(f"  reviewed {e['package']} {version} ({e.get('package_dir', '.')}): "
                      f"{len(findings)} findings, {elapsed:.1f} s", file=sys.stderr)
            hits = matching(reports[key], spans, cwes) if spans else []
            row[f"{which}_result"] = describe(hits)
            row[f"{which}_hit"] = bool(hits)
        rows.append(row)

    if args.verify:
        for r in rows:
            print(f"{r['id']:<16} {r['package']:<16} {r['vulnerable']:<10} {r.get('vulnerable_spans')} "
                  f"{r['fixed']:<10} {r.get('fixed_spans')}")
        print(f"{len(rows)} entries, {problems} problems")
        return 1 if problems else 0

    header = (f"{'CVE':<16} {'package':<16} {'vulnerable':<10} {'fixed':<10} {'CWE':<5} "
              f"{'found in vulnerable':<32} still flagged in fixed")
    print(header)
    print("-" * len(header))
    for r in rows:
        print(f"{r['id']:<16} {r['package']:<16} {r['vulnerable']:<10} {r['fixed']:<10} {r['cwe']:<5} "
              f"{r.get('vulnerable_result', '-'):<32} {r.get('fixed_result', '-')}")
    found = sum(1 for r in rows if r.get("vulnerable_hit"))
    residual = sum(1 for r in rows if r.get("fixed_hit"))
    print("-" * len(header))
    print(f"found in the vulnerable version: {found}/{len(rows)}; "
          f"still flagged in the fixed version: {residual}/{len(rows)}"
          + (f"; {problems} errors" if problems else ""))
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "found": found, "residual": residual,
                                         "total": len(rows)}, indent=2))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
