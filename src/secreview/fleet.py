"""Fleet mode: review many repositories as Ray tasks, one SARIF and one JSON report each.

    secreview fleet REPOS.txt -o OUTDIR [--address ray://host:10001] [--force]

REPOS.txt names one repository a line: a local path or a git URL (`https://...`, `ssh://...`,
`git@host:org/repo.git`, `file:///...`); blank lines and `#` comments are skipped. Each repository
is one Ray task (a task clones a URL itself, into a temporary folder, so the driver never holds a
checkout). Tasks return the rendered reports; the driver writes them, so OUTDIR need not be shared
with the cluster's machines.

Resumable: OUTDIR/fleet-state.json records, per repository, the HEAD commit reviewed and the
secreview version that reviewed it. A later run asks each repository for its HEAD first (`git
rev-parse` for a path, `git ls-remote` for a URL, no clone) and skips those whose HEAD and version
are both unchanged and whose reports are still there. A folder that is not a git repository has
no HEAD and is reviewed every time. Uncommitted changes in a local checkout do not move HEAD.

Ray is optional (`pip install 'secreview[fleet]'`); only this module imports it. A local Ray is
started unless one is running in this process already or `--address` names a cluster to join;
on a cluster, secreview must be installed on the workers and local paths must exist there.
"""
from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import json
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

STATE_FILE = "fleet-state.json"
SUMMARY_MD = "summary.md"
SUMMARY_JSON = "summary.json"
STATE_VERSION = 1
_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|[\w.-]+@[\w.-]+:)", re.IGNORECASE)
_COMMENT = re.compile(r"(?:^|\s)#.*$")  # `#` starts a comment at a line start or after a space
SEVERITIES = ("critical", "high", "medium", "low")


class FleetError(Exception):
    """A problem with the fleet's inputs (list file, output folder, Ray missing): exit status 2."""


@dataclass(frozen=True)
class Repo:
    entry: str  # as written in REPOS.txt (a path is made absolute)
    is_url: bool

    @property
    def slug(self) -> str:
        """File-name stem for this repository's reports: readable name + hash of the entry."""
        name = self.entry.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1].removesuffix(".git")
        name = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "repo"
        digest = hashlib.sha256(self.entry.encode()).hexdigest()[:8]
        return f"{name}-{digest}"


@dataclass
class RepoResult:
    """What one task sends back: the rendered reports and the counts the summary needs."""

    entry: str
    slug: str
    head: str | None = None
    version: str = ""
    sarif: str = ""
    json: str = ""
    files: int = 0
    errors: int = 0
    # "CWE-89" -> severity -> count
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    failure: str | None = None  # the clone or the review failed; nothing written, retried next run


def read_repos(path: str | os.PathLike, base: str | os.PathLike | None = None) -> list[Repo]:
    """The list file's repositories, in order, without duplicates. Relative paths are relative to
    the list file's folder (so the list can live beside the checkouts)."""
    list_path = Path(path)
    try:
        lines = list_path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise FleetError(f"cannot read {path}: {exc.strerror or exc}") from exc
    folder = Path(base) if base is not None else list_path.resolve().parent
    repos: list[Repo] = []
    seen = set()
    for raw in lines:
        text = _COMMENT.sub("", raw).strip()
        if not text:
            continue
        if _URL.match(text):
            repo = Repo(text, True)
        else:
            repo = Repo(str((folder / os.path.expanduser(text)).resolve()), False)
        if repo.entry not in seen:
            seen.add(repo.entry)
            repos.append(repo)
    return repos


def _git(*args: str, cwd: str | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "GIT_TERMINAL_PROMPT": "0"})
    if done.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {done.stderr.strip() or done.returncode}")
    return done.stdout.strip()


def current_head(repo: Repo) -> str | None:
    """HEAD's commit id without cloning, or None (not a git repository, unreachable)."""
    try:
        if repo.is_url:
            out = _git("ls-remote", repo.entry, "HEAD")
            return out.split()[0] if out else None
        if not Path(repo.entry).is_dir():
            return None
        return _git("rev-parse", "HEAD", cwd=repo.entry)
    except (RuntimeError, OSError, subprocess.TimeoutExpired):
        return None


def review_repo(entry: str, is_url: bool, slug: str, threat_model: str | None = None) -> RepoResult:
    """One repository's review (the body of a Ray task). Never raises: failures are reported."""
    from secreview import __version__

    result = RepoResult(entry, slug, version=__version__)
    try:
        if is_url:
            with tempfile.TemporaryDirectory(prefix="secreview-fleet-") as tmp:
                checkout = os.path.join(tmp, "repo")
                _git("clone", "--quiet", "--depth", "1", entry, checkout)
                _review_checkout(result, checkout, threat_model)
        else:
            if not Path(entry).exists():
                raise RuntimeError(f"no such file or directory: {entry}")
            _review_checkout(result, entry, threat_model)
    except Exception as exc:  # a task must report, not die: the other repositories go on
        return RepoResult(entry, slug, version=__version__, failure=f"{type(exc).__name__}: {exc}")
    return result


def _review_checkout(result: RepoResult, checkout: str, threat_model: str | None) -> None:
    from secreview import config as config_mod
    from secreview.engine import review_paths
    from secreview.reports import json_report, sarif

    try:
        result.head = _git("rev-parse", "HEAD", cwd=checkout)
    except RuntimeError:
        result.head = None
    config = config_mod.load([checkout], None)  # the repository's own [tool.secreview]
    # one process per task: Ray runs the repositories in parallel; no shared per-user cache
    overrides = {"jobs": 1, "cache_dir": None}
    if threat_model:
        overrides["threat_model"] = threat_model
    config = dataclasses.replace(config, **overrides)
    review = _relative(review_paths([checkout], config), checkout)
    for stream_name, writer in (("sarif", sarif.write), ("json", json_report.write)):
        buffer = io.StringIO()
        writer(review, buffer)
        setattr(result, stream_name, buffer.getvalue())
    result.files = review.files_reviewed
    result.errors = len(review.errors)
    for f in review.findings:
        by_severity = result.counts.setdefault(f"CWE-{f.cwe}", {})
        by_severity[str(f.severity)] = by_severity.get(str(f.severity), 0) + 1


def _relative(review, checkout: str):
    """Paths relative to the repository's root: a clone's temporary folder means nothing later."""
    root = os.path.abspath(checkout)

    def rel(path: str) -> str:
        absolute = os.path.abspath(path)
        return os.path.relpath(absolute, root) if absolute.startswith(root + os.sep) else path

    def move(loc):
        return dataclasses.replace(loc, path=rel(loc.path))

    findings = []
    for f in review.findings:
        changes: dict[str, Any] = {"location": move(f.location),
                                   "flow": tuple(dataclasses.replace(s, location=move(s.location)) for s in f.flow)}
        findings.append(dataclasses.replace(f, **changes))
    review.findings = findings
    review.errors = [dataclasses.replace(e, path=rel(e.path)) for e in review.errors]
    return review


# --- state and outputs -------------------------------------------------------------------------

def load_state(outdir: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads((outdir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("state_version") != STATE_VERSION:
        return {}
    repos = data.get("repos")
    return repos if isinstance(repos, dict) else {}


def save_state(outdir: Path, repos: dict[str, dict[str, Any]]) -> None:
    tmp = outdir / (STATE_FILE + ".tmp")
    tmp.write_text(json.dumps({"state_version": STATE_VERSION, "repos": repos}, indent=2, sort_keys=True) + "\n",
                   encoding="utf-8")
    os.replace(tmp, outdir / STATE_FILE)  # a run killed midway keeps the previous state whole


def is_current(record: dict[str, Any] | None, head: str | None, version: str, outdir: Path) -> bool:
    """Already reviewed at this HEAD by this secreview, and its reports are still in OUTDIR."""
    if not record or head is None or record.get("failure"):
        return False
    slug = record.get("slug", "")
    return (record.get("head") == head and record.get("version") == version
            and (outdir / f"{slug}.sarif").is_file() and (outdir / f"{slug}.json").is_file())


def write_result(outdir: Path, result: RepoResult) -> dict[str, Any]:
    """Write one repository's reports; return its state record."""
    record = {"slug": result.slug, "head": result.head, "version": result.version,
              "files": result.files, "errors": result.errors, "counts": result.counts, "failure": result.failure}
    if result.failure is None:
        (outdir / f"{result.slug}.sarif").write_text(result.sarif, encoding="utf-8")
        (outdir / f"{result.slug}.json").write_text(result.json, encoding="utf-8")
    return record


def summary_rows(repos: list[Repo], state: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per repository and CWE (a repository without findings gets one row, CWE "-")."""
    rows = []
    for repo in repos:
        record = state.get(repo.entry, {})
        base = {"repo": repo.entry, "report": record.get("slug", repo.slug),
                "head": (record.get("head") or "")[:12], "files": record.get("files", 0),
                "errors": record.get("errors", 0), "failure": record.get("failure")}
        counts = record.get("counts") or {}
        if not counts:
            rows.append({**base, "cwe": "-", **{s: 0 for s in SEVERITIES}, "total": 0})
        for cwe in sorted(counts, key=lambda c: int(c.split("-")[1])):
            by = counts[cwe]
            rows.append({**base, "cwe": cwe, **{s: by.get(s, 0) for s in SEVERITIES},
                         "total": sum(by.values())})
    return rows


def summary_markdown(rows: list[dict[str, Any]]) -> str:
    from secreview import catalog

    head = ["repository", "head", "files", "errors", "CWE", "name", *SEVERITIES, "total"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        if r["failure"]:
            name = f"failed: {r['failure']}"
        elif r["cwe"] == "-":
            name = "no findings"
        else:
            name = catalog.name(int(r["cwe"].split("-")[1]))
        cells = [r["repo"], r["head"], r["files"], r["errors"], r["cwe"], name.replace("|", "\\|"),
                 *(r[s] for s in SEVERITIES), r["total"]]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


# --- the run -----------------------------------------------------------------------------------

@dataclass
class FleetRun:
    reviewed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    findings: int = 0


def run(repos_file: str, outdir: str, address: str | None = None, force: bool = False,
        threat_model: str | None = None, num_cpus: int | None = None,
        log: Callable[[str], None] = lambda message: None) -> FleetRun:
    from secreview import __version__

    repos = read_repos(repos_file)
    out = Path(outdir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FleetError(f"cannot create {outdir}: {exc.strerror or exc}") from exc
    state = load_state(out)
    todo: list[Repo] = []
    outcome = FleetRun()
    for repo in repos:
        head = current_head(repo)
        if not force and is_current(state.get(repo.entry), head, __version__, out):
            outcome.skipped.append(repo.entry)
            log(f"unchanged: {repo.entry} at {head[:12]}")
        else:
            todo.append(repo)
    if todo:
        for result in _run_tasks(todo, address, threat_model, num_cpus):
            state[result.entry] = write_result(out, result)
            save_state(out, state)  # resumable after every repository, not only at the end
            if result.failure:
                outcome.failed.append(result.entry)
                log(f"failed: {result.entry}: {result.failure}")
            else:
                outcome.reviewed.append(result.entry)
                log(f"reviewed: {result.entry} ({result.files} files, "
                    f"{sum(sum(c.values()) for c in result.counts.values())} findings)")
    outcome.rows = summary_rows(repos, state)
    outcome.findings = sum(r["total"] for r in outcome.rows)
    (out / SUMMARY_MD).write_text(summary_markdown(outcome.rows), encoding="utf-8")
    (out / SUMMARY_JSON).write_text(json.dumps(outcome.rows, indent=2) + "\n", encoding="utf-8")
    return outcome


def _run_tasks(todo: list[Repo], address: str | None, threat_model: str | None, num_cpus: int | None):
    """Submit one Ray task per repository; yield results as they finish."""
    with _local_auth(address):
        yield from _submit(todo, address, threat_model, num_cpus)


@contextlib.contextmanager
def _local_auth(address: str | None):
    """Token authentication, stated, for a Ray started by this run (unless the user set `RAY_AUTH_MODE`).

    Ray's default is the same (it creates ~/.ray/auth_token) but warns on every start, asking to opt out
    with `RAY_AUTH_MODE=disabled`; a local Ray listens on every interface, so opting out would let anyone
    who can reach this machine run code in it while the fleet runs. A cluster joined with --address is
    left to the user's settings.
    """
    if address or "RAY_AUTH_MODE" in os.environ:
        yield
        return
    os.environ["RAY_AUTH_MODE"] = "token"
    try:
        yield
    finally:
        os.environ.pop("RAY_AUTH_MODE", None)


def _submit(todo: list[Repo], address: str | None, threat_model: str | None, num_cpus: int | None):
    try:
        import ray
    except ImportError as exc:
        raise FleetError("fleet mode needs Ray: pip install 'secreview[fleet]'") from exc
    started = False
    if not ray.is_initialized():
        # without --address a new local Ray, never one found running on this machine (`ray start`)
        kwargs: dict[str, Any] = {"include_dashboard": False, "logging_level": "warning", "address": address or "local"}
        if not address and num_cpus:
            kwargs["num_cpus"] = num_cpus
        ray.init(**kwargs)
        started = True
    try:
        task = ray.remote(num_cpus=1, max_retries=1)(review_repo)
        pending = {task.remote(r.entry, r.is_url, r.slug, threat_model): r for r in todo}
        while pending:
            done, _ = ray.wait(list(pending), num_returns=1)
            repo = pending.pop(done[0])
            try:
                yield ray.get(done[0])
            except Exception as exc:  # the worker died (out of memory, killed): report and go on
                yield RepoResult(repo.entry, repo.slug, failure=f"Ray task failed: {type(exc).__name__}: {exc}")
    finally:
        if started:
            ray.shutdown()
