"""Benchmark secreview on a large real tree against its peers and the parse floor.

    python benchmarks/bench.py                  # Django's sdist (downloaded once into benchmarks/.work/)
    python benchmarks/bench.py --tree PATH      # any tree
    python benchmarks/bench.py --skip-peers     # secreview and the parse floor only

Runs, one after the other, each in its own process:
  parse floor          `ast.parse` of every .py file, one core: the least any AST-based reviewer must do
  secreview            `python -m secreview review TREE --format json -o ... --no-progress` (default jobs)
  secreview --jobs 1   the same on one core
  secreview --no-taint pattern rules only, to show the taint analysis's share
  secreview warm cache a second run over an unchanged tree with a per-file result cache
                       (every other secreview run passes --no-cache)
  secreview one file   the warm run again after a one-line change in one file (the median file by
     changed           path), on a copy of the tree in benchmarks/.work/out/tree
  secreview fleet      `secreview fleet` on a list naming the tree once: local Ray start-up + one task
                       (only when Ray is installed; CPU excludes Ray's own daemons)
  bandit               `bandit -r TREE -f json -q`
  ruff S               `ruff check --select S --no-cache --output-format json TREE`

Wall time, CPU time (user+sys of the process and its children) and peak RSS are measured per run:
"peak RSS (max)" is the largest single process (what `/usr/bin/time -v` reports, from `wait4`),
"peak RSS (sum)" the largest sum over the process tree, sampled every 100 ms (workers included).
Peers are installed into a throwaway venv, benchmarks/.work/peers. Not part of the test suite.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / ".work"
DJANGO_VERSION = "5.1.4"
PYTHON = sys.executable  # the interpreter secreview is installed in; the parse floor uses it too

PARSE_FLOOR = r"""
import ast, os, sys, warnings
warnings.simplefilter("ignore")
files = errors = lines = 0
for dirpath, dirnames, filenames in os.walk(sys.argv[1]):
    dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
    for name in filenames:
        if name.endswith(".py"):
            with open(os.path.join(dirpath, name), "rb") as handle:
                data = handle.read()
            files += 1
            lines += data.count(b"\n")
            try:
                ast.parse(data)
            except (SyntaxError, ValueError):
                errors += 1
print(f'{{"files": {files}, "errors": {errors}, "lines": {lines}}}')
"""


@dataclass
class Run:
    name: str
    wall: float = 0.0
    cpu: float = 0.0
    max_rss_mb: float = 0.0
    sum_rss_mb: float = 0.0
    findings: int | None = None
    errors: int | None = None
    detail: str = ""
    exit_code: int = 0
    notes: list[str] = field(default_factory=list)


# --- measuring ---------------------------------------------------------------------------------

def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    except (OSError, IndexError, ValueError):
        return 0


def _tree_rss_kb(root: int) -> int:
    children = _children_map()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _rss_kb(pid)
        stack.extend(children.get(pid, ()))
    return total


def measure(name: str, argv: list[str], cwd: Path | None = None, stdout_path: Path | None = None,
            env: dict[str, str] | None = None) -> Run:
    """Run argv to completion; wall time, rusage of the child (and its waited-for children), sampled tree RSS."""
    run = Run(name)
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    peak = [0]
    done = threading.Event()
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=subprocess.PIPE, env=env)

    def sample() -> None:
        if sys.platform.startswith("linux"):
            while not done.wait(0.1):
                peak[0] = max(peak[0], _tree_rss_kb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr_chunks = []
    reader = threading.Thread(target=lambda: stderr_chunks.append(proc.stderr.read()), daemon=True)
    reader.start()
    _, status, usage = os.wait4(proc.pid, 0)
    run.wall = time.perf_counter() - start
    done.set()
    sampler.join()
    reader.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if stdout_path:
        out.close()
    run.exit_code = proc.returncode
    run.cpu = usage.ru_utime + usage.ru_stime
    run.max_rss_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    run.sum_rss_mb = max(peak[0], usage.ru_maxrss) / 1024
    stderr = (stderr_chunks[0] if stderr_chunks else b"").decode("utf-8", "replace").strip()
    if stderr:
        run.notes.append(stderr.splitlines()[-1][:200])
    return run


# --- preparing ---------------------------------------------------------------------------------

def django_tree(version: str) -> Path:
    tree = WORK / f"Django-{version}"
    if tree.is_dir():
        return tree
    WORK.mkdir(parents=True, exist_ok=True)
    archive = WORK / f"Django-{version}.tar.gz"
    if not archive.exists():
        print(f"downloading Django {version} sdist ...", file=sys.stderr)
        subprocess.run([PYTHON, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps",
                        f"django=={version}", "-d", str(WORK)], check=True)
        candidates = sorted(WORK.glob(f"[Dd]jango-{version}.tar.gz"))
        if not candidates:
            raise SystemExit(f"pip did not leave a Django {version} sdist in {WORK}")
        archive = candidates[0]
    with tarfile.open(archive) as sdist:
        sdist.extractall(WORK, filter="data")
    extracted = next(p for p in WORK.iterdir() if p.is_dir() and p.name.lower() == f"django-{version}")
    if extracted != tree:
        extracted.rename(tree)
    return tree


def peers_venv() -> Path:
    venv = WORK / "peers"
    bindir = venv / "bin"
    if not (bindir / "bandit").exists() or not (bindir / "ruff").exists():
        print("installing bandit and ruff into benchmarks/.work/peers ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(bindir / "pip"), "install", "-q", "bandit", "ruff"], check=True)
    return bindir


def _version(argv: list[str]) -> str:
    try:
        return subprocess.run(argv, capture_output=True, text=True, check=False).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return "?"


# --- the runs ----------------------------------------------------------------------------------

def run_parse_floor(tree: Path, out_dir: Path) -> Run:
    out = out_dir / "parse_floor.json"
    run = measure("parse floor (ast.parse, 1 core)", [PYTHON, "-c", PARSE_FLOOR, str(tree)], stdout_path=out)
    data = json.loads(out.read_text())
    run.errors = data["errors"]
    run.detail = f"{data['files']} files, {data['lines']} lines"
    return run


def _secreview_env(src: Path | None) -> dict[str, str]:
    """With `--src`, the secreview package is imported from that folder (a snapshot or another checkout).
    Bytecode is read as an installed package's is (`_compile_bytecode`), even where the environment
    says not to write it: a run must not time the compilation of secreview itself."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), os.environ.get("PYTHONPATH")]))
    return env


def _compile_bytecode(src: Path | None) -> None:
    """Compile the secreview package the runs import, as `pip install` does for an installed one."""
    where = subprocess.run([PYTHON, "-c", "import os, secreview; print(os.path.dirname(secreview.__file__))"],
                           capture_output=True, text=True, env=_secreview_env(src)).stdout.strip()
    if where:
        subprocess.run([PYTHON, "-m", "compileall", "-q", where], env=_secreview_env(src), check=False)


def run_secreview(tree: Path, out_dir: Path, label: str, extra: list[str], src: Path | None = None) -> Run:
    out = out_dir / ("secreview-" + re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") + ".json")
    argv = [PYTHON, "-m", "secreview", "review", str(tree), "--format", "json", "-o", str(out), "--no-progress", *extra]
    if not any(arg.startswith("--cache-dir") for arg in extra):
        argv.append("--no-cache")  # every file analysed afresh, unless the run is about the cache
    run = measure(label, argv, env=_secreview_env(src))
    if run.exit_code not in (0, 1) or not out.exists():
        run.notes.append(f"exit code {run.exit_code}")
        return run
    report = json.loads(out.read_text())
    run.findings = report["summary"]["findings"]
    run.errors = report["summary"]["errors"]
    kinds: dict[str, int] = {}
    for error in report["errors"]:
        kinds[error["kind"]] = kinds.get(error["kind"], 0) + 1
    run.detail = f"{report['summary']['files_reviewed']} files"
    if kinds:
        run.detail += "; errors: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
    return run


def copy_tree(tree: Path, out_dir: Path) -> Path:
    """A private copy for the cache runs, so the one-line change never touches the original."""
    copy = out_dir / "tree"
    shutil.copytree(tree, copy, symlinks=True)
    return copy


def change_one_file(tree: Path) -> Path:
    """Append one statement to the median .py file by path: what an editor's save does."""
    files = sorted(p for p in tree.rglob("*.py") if p.is_file() and not p.is_symlink())
    target = files[len(files) // 2]
    with open(target, "a", encoding="utf-8") as handle:
        handle.write("\n_SECREVIEW_BENCH_EDIT = 1\n")
    return target


def run_fleet(tree: Path, out_dir: Path, src: Path | None = None) -> Run:
    """The tree as a one-repository fleet on a local Ray: what Ray adds around one review."""
    repos = out_dir / "fleet-repos.txt"
    repos.write_text(f"{tree}\n", encoding="utf-8")
    fleet_out = out_dir / "fleet"
    run = measure("secreview fleet (local Ray, 1 repo)",
                  [PYTHON, "-m", "secreview", "fleet", str(repos), "-o", str(fleet_out), "--force"],
                  env=_secreview_env(src))
    reports = [p for p in fleet_out.glob("*.json") if p.name not in ("summary.json", "fleet-state.json")]
    if run.exit_code not in (0, 1) or not reports:
        run.notes.append(f"exit code {run.exit_code}")
        return run
    report = json.loads(reports[0].read_text())
    run.findings = report["summary"]["findings"]
    run.errors = report["summary"]["errors"]
    run.detail = f"{report['summary']['files_reviewed']} files; CPU of Ray's daemons not counted (RSS sum includes them)"
    return run


def _has_ray() -> bool:
    return subprocess.run([PYTHON, "-c", "import ray"], capture_output=True).returncode == 0


def run_bandit(tree: Path, out_dir: Path, bindir: Path) -> Run:
    out = out_dir / "bandit.json"
    run = measure("bandit", [str(bindir / "bandit"), "-r", str(tree), "-f", "json", "-q", "-o", str(out)])
    if not out.exists():
        run.notes.append(f"exit code {run.exit_code}, no report")
        return run
    report = json.loads(out.read_text())
    run.findings = len(report.get("results", []))
    run.errors = len(report.get("errors", []))
    return run


def run_ruff(tree: Path, out_dir: Path, bindir: Path) -> Run:
    out = out_dir / "ruff.json"
    run = measure("ruff --select S", [str(bindir / "ruff"), "check", "--select", "S", "--no-cache",
                                      "--output-format", "json", "--exit-zero", str(tree)], stdout_path=out)
    try:
        diagnostics = json.loads(out.read_text() or "[]")
    except json.JSONDecodeError:
        run.notes.append("unreadable ruff output")
        return run
    run.findings = sum(1 for d in diagnostics if d.get("code"))
    run.errors = sum(1 for d in diagnostics if not d.get("code"))  # syntax errors carry no rule code
    return run


# --- the table ---------------------------------------------------------------------------------

def _ratio(value: float, base: float | None) -> str:
    if not base:
        return "-"
    return f"{value / base:.2f}x"


def table(runs: list[Run]) -> str:
    floor = next((r for r in runs if r.name.startswith("parse floor")), None)
    bandit = next((r for r in runs if r.name == "bandit"), None)
    header = ("tool", "wall s", "CPU s", "RSS max MB", "RSS sum MB", "findings", "errors",
              "wall / floor", "CPU / floor", "wall / bandit", "CPU / bandit")
    rows = [header]
    for r in runs:
        rows.append((r.name, f"{r.wall:.2f}", f"{r.cpu:.2f}", f"{r.max_rss_mb:.0f}", f"{r.sum_rss_mb:.0f}",
                     "-" if r.findings is None else str(r.findings), "-" if r.errors is None else str(r.errors),
                     _ratio(r.wall, floor and floor.wall), _ratio(r.cpu, floor and floor.cpu),
                     _ratio(r.wall, bandit and bandit.wall), _ratio(r.cpu, bandit and bandit.cpu)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["| " + " | ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
                               for i, cell in enumerate(row)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 1) + ":" if i else "-" * (w + 2) for i, w in enumerate(widths)) + "|")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", type=Path, help="benchmark this tree instead of Django's sdist")
    parser.add_argument("--django-version", default=DJANGO_VERSION)
    parser.add_argument("--skip-peers", action="store_true", help="do not run (or install) bandit and ruff")
    parser.add_argument("--skip-jobs1", action="store_true", help="skip the one-core secreview run")
    parser.add_argument("--skip-cache", action="store_true", help="skip the warm-cache and one-file-change runs")
    parser.add_argument("--skip-fleet", action="store_true", help="skip the fleet run (skipped anyway without Ray)")
    parser.add_argument("--json", type=Path, help="also write the measurements to this file")
    parser.add_argument("--src", type=Path, help="import secreview from this folder (e.g. a snapshot of src/)")
    parser.add_argument("--render", type=Path, help="only print the table of measurements saved with --json")
    args = parser.parse_args(argv)
    if args.render:
        print(table([Run(**r) for r in json.loads(args.render.read_text())]))
        return 0

    tree = args.tree.resolve() if args.tree else django_tree(args.django_version)
    if not tree.is_dir():
        print(f"bench: {tree} is not a directory", file=sys.stderr)
        return 2
    src = args.src.resolve() if args.src else None
    _compile_bytecode(src)
    bindir = None if args.skip_peers else peers_venv()
    out_dir = WORK / "out"
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)

    steps = [("parse floor", lambda: run_parse_floor(tree, out_dir)),
             ("secreview", lambda: run_secreview(tree, out_dir, f"secreview (jobs {os.cpu_count()})", [], src)),
             ("secreview --no-taint", lambda: run_secreview(tree, out_dir, "secreview --no-taint", ["--no-taint"], src))]
    if not args.skip_jobs1:
        steps.append(("secreview --jobs 1", lambda: run_secreview(tree, out_dir, "secreview --jobs 1", ["--jobs", "1"], src)))
    if not args.skip_cache:
        cache = out_dir / "cache"
        copy: list[Path] = []
        steps.append(("a copy of the tree", lambda: (copy.append(copy_tree(tree, out_dir)), Run("(copy)"))[1]))
        steps.append(("secreview, filling a cache", lambda: run_secreview(
            copy[0], out_dir, "(secreview filling the cache)", ["--cache-dir", str(cache)], src)))
        steps.append(("secreview, warm cache", lambda: run_secreview(
            copy[0], out_dir, "secreview (warm cache)", [f"--cache-dir={cache}"], src)))
        steps.append(("one-line change", lambda: Run("(changed " + str(change_one_file(copy[0])) + ")")))
        steps.append(("secreview, one file changed", lambda: run_secreview(
            copy[0], out_dir, "secreview (warm, 1 file changed)", [f"--cache-dir={cache}"], src)))
    if not args.skip_fleet and _has_ray():
        steps.append(("secreview fleet", lambda: run_fleet(tree, out_dir, src)))
    if bindir is not None:
        steps += [("bandit", lambda: run_bandit(tree, out_dir, bindir)),
                  ("ruff", lambda: run_ruff(tree, out_dir, bindir))]
    runs = []
    for label, step in steps:
        print(f"running {label} ...", file=sys.stderr, flush=True)
        run = step()
        if not run.name.startswith("("):  # a preparation step, not a measurement
            runs.append(run)

    version = subprocess.run([PYTHON, "-c", "import secreview; print(secreview.__version__, secreview.__file__)"],
                             capture_output=True, text=True, env=_secreview_env(src)).stdout.split()
    print(f"# {tree.name}: {runs[0].detail}")
    print(f"# {datetime.date.today()}, {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"secreview {' from '.join(version)}"
          + (f", {_version([str(bindir / 'bandit'), '--version'])}, {_version([str(bindir / 'ruff'), '--version'])}"
             if bindir else ""))
    print()
    print(table(runs))
    print()
    for r in runs:
        extra = "; ".join(filter(None, [r.detail if not r.name.startswith("parse floor") else "", *r.notes]))
        if extra:
            print(f"- {r.name}: {extra}")
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in runs], indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
