"""Command line: a thin layer over `secreview.engine` and the renderers.

    secreview [review] PATH...      review files and trees
    secreview rules                 list the rules
    secreview explain RULE          one rule's documentation
    secreview cwe ID                one CWE catalog entry
    secreview check-review REVIEW CODE   check a free-text (LLM) review's claims against the code
                                    (exit 1 when a claim is contradicted; --format json)
    secreview baseline create [PATH...] -o FILE   accept today's findings (then: --baseline FILE)
    secreview fleet REPOS.txt -o OUTDIR   review many repositories as Ray tasks (secreview[fleet])

Exit codes: 0 no findings at or above the thresholds, 1 findings or files that could not be
reviewed (syntax errors, undecodable bytes; `--no-fail-on-unreviewed` to only list them), 2 usage or
internal error (bad arguments or settings, a path that does not exist, an unwritable -o file, a crash).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from secreview import config as config_mod
from secreview.findings import Confidence, Severity
from secreview.reports import FORMATS

SUBCOMMANDS = ("review", "rules", "explain", "cwe", "check-review", "baseline", "fleet")


def _split_codes(values: list[str] | None) -> tuple[str, ...] | None:
    if not values:
        return None
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="secreview", description="Security code review for Python.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command")

    review = sub.add_parser("review", help="review files and directories (the default command)")
    review.add_argument("paths", nargs="+", help="files or directories to review ('-' for code on standard input)")
    review.add_argument("--stdin-filename", metavar="NAME",
                        help="with '-': the path to report the code from standard input as (default <stdin>); it "
                             "also decides test code and which pyproject.toml is read")
    review.add_argument("--format", "-f", choices=FORMATS, default="text")
    review.add_argument("--output", "-o", help="write the report to this file instead of standard output")
    review.add_argument("--exit-zero", action="store_true",
                        help="exit 0 even with findings or files not reviewed (usage errors still exit 2)")
    review.add_argument("--fail-on", choices=[str(s) for s in Severity],
                        help="exit 1 only for findings of this severity or higher; the report still shows "
                             "everything --min-severity lets through")
    review.add_argument("--baseline", metavar="FILE",
                        help="report only findings not accepted in this baseline (`secreview baseline create`)")
    review.add_argument("--fix", action="store_true",
                        help="apply the safe mechanical fixes (yaml.safe_load, tar filter=\"data\", verify=False removed, "
                             "requests timeout=, usedforsecurity=False, random -> secrets), each kept only if a "
                             "re-review shows the finding gone and nothing new; report what remains")
    review.add_argument("--diff-fix", action="store_true",
                        help="print the fixes --fix would make as a unified diff instead of the report; change nothing")
    _add_analysis_options(review)

    baseline = sub.add_parser("baseline", help="accept today's findings: later runs with --baseline show only new ones")
    baseline_sub = baseline.add_subparsers(dest="baseline_command", required=True)
    create = baseline_sub.add_parser("create", help="write a baseline of every current finding")
    create.add_argument("paths", nargs="*", default=["."], help="files or directories to review (default: .)")
    create.add_argument("--output", "-o", required=True, help="the baseline file, e.g. .secreview-baseline.json")
    _add_analysis_options(create)
    sub.add_parser("rules", help="list every rule with its CWE")
    explain = sub.add_parser("explain", help="show one rule's documentation")
    explain.add_argument("rule")
    cwe = sub.add_parser("cwe", help="show a CWE catalog entry")
    cwe.add_argument("id")
    check = sub.add_parser("check-review", help="check every claim of a free-text security review (e.g. an LLM's) "
                                                "against the code and the CWE catalog")
    check.add_argument("review_file", help="the review text ('-' for standard input)")
    check.add_argument("code_file", help="the Python file it reviews")
    check.add_argument("--format", "-f", choices=("text", "json"), default="text",
                       help="json: one object per claim with its verdict and reasons (exit status as for text)")
    fleet = sub.add_parser("fleet", help="review many repositories (paths or git URLs, one a line) as Ray tasks; "
                                         "resumable. Needs: pip install 'secreview[fleet]'")
    fleet.add_argument("repos_file", help="the list of repositories, one path or git URL a line (# comments)")
    fleet.add_argument("--output", "-o", required=True, help="folder for the reports, the summary and the state")
    fleet.add_argument("--address", help="join this Ray cluster (default: start a local one)")
    fleet.add_argument("--num-cpus", type=int, help="CPUs of the local Ray (default: all)")
    fleet.add_argument("--force", action="store_true", help="review every repository, changed or not")
    fleet.add_argument("--threat-model", choices=("remote", "library", "local"),
                       help="overrides each repository's own setting")
    return parser


def _add_analysis_options(parser: argparse.ArgumentParser) -> None:
    """What to analyse and what to report: shared by `review` and `baseline create`."""
    parser.add_argument("--select", action="append", help="only these rule ids, prefixes or CWE-N (comma-separated)")
    parser.add_argument("--ignore", action="append", help="skip these rule ids, prefixes or CWE-N (comma-separated)")
    parser.add_argument("--min-severity", choices=[str(s) for s in Severity])
    parser.add_argument("--min-confidence", choices=[str(c) for c in Confidence])
    parser.add_argument("--test-min-severity", choices=[str(s) for s in Severity],
                        help="report findings in test code only from this severity (default: high)")
    parser.add_argument("--fail-on-unreviewed", action=argparse.BooleanOptionalAction, default=None,
                        help="exit 1 when a file could not be reviewed (syntax error, undecodable, ...); "
                             "the default (setting fail-on-unreviewed)")
    parser.add_argument("--exclude", action="append", help="extra glob patterns of files or folders to skip")
    parser.add_argument("--gitignore", "--respect-gitignore", dest="respect_gitignore",
                        action=argparse.BooleanOptionalAction, default=None,
                        help="skip files git ignores when walking folders (the default; setting respect-gitignore); "
                             "files named on the command line are always reviewed")
    parser.add_argument("--jobs", "-j", type=int, help="worker processes (default: one per core)")
    parser.add_argument("--no-taint", action="store_true", help="pattern rules only, no dataflow analysis")
    parser.add_argument("--threat-model", choices=("remote", "library", "local"),
                        help="which data is untrusted: remote (request data only), library (also parameters of "
                             "public functions; the default), local (also argv, environment, files at full severity)")
    parser.add_argument("--config", type=Path, help="pyproject.toml to read [tool.secreview] from")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    parser.add_argument("--no-progress", action="store_true")
    parser.add_argument("--diff", metavar="BASE",
                        help="code review: report only findings the change since git revision BASE introduced "
                             "(working tree, or --diff-head), and credentials in the commit messages of BASE..HEAD")
    parser.add_argument("--diff-head", metavar="HEAD", help="with --diff: compare BASE..HEAD instead of the working tree")
    parser.add_argument("--patch", metavar="FILE",
                        help="code review: report only findings on lines a unified diff adds ('-' for stdin)")
    parser.add_argument("--cache-dir", help="per-file result cache (default: $XDG_CACHE_HOME/secreview)")
    parser.add_argument("--no-cache", action="store_true", help="analyse every file afresh")
    parser.add_argument("--llm", action="store_true",
                        help="also ask an OpenAI-compatible model (SECREVIEW_LLM_BASE_URL, SECREVIEW_LLM_MODEL, "
                             "OPENAI_API_KEY); only claims verified against the code, the CWE catalog and "
                             "static analysis are reported (rule LLM). Needs: pip install 'secreview[llm]'")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] not in SUBCOMMANDS and argv[0] not in ("-h", "--help", "--version"):
        argv.insert(0, "review")  # `secreview PATH...` is `secreview review PATH...`
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return 0 if exc.code in (0, None) else 2
    if args.version:
        from secreview import __version__

        print(f"secreview {__version__}")
        return 0
    try:
        if args.command == "rules":
            return _cmd_rules()
        if args.command == "explain":
            return _cmd_explain(args.rule)
        if args.command == "cwe":
            return _cmd_cwe(args.id)
        if args.command == "review":
            return _cmd_review(args)
        if args.command == "baseline":
            return _cmd_baseline_create(args)
        if args.command == "check-review":
            return _cmd_check_review(args.review_file, args.code_file, args.format)
        if args.command == "fleet":
            return _cmd_fleet(args)
    except KeyboardInterrupt:
        print("secreview: interrupted", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `secreview ... | head`: the reader is gone; so is the rest of the output
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return 0
    except Exception as exc:  # a bug in secreview: say so, never pretend the code is clean
        import traceback

        traceback.print_exc(file=sys.stderr)
        print(f"secreview: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    parser.print_help(sys.stderr)
    return 2


def _error(message: str) -> int:
    print(f"secreview: {message}", file=sys.stderr)
    return 2


def _cmd_review(args: argparse.Namespace) -> int:
    from secreview.reports import render_to_string

    accepted = None
    if args.baseline:
        from secreview import baseline

        try:
            accepted = baseline.load(args.baseline)
        except baseline.BaselineError as exc:
            return _error(str(exc))
    review = _run_review(args)
    if isinstance(review, int):
        return review
    if accepted is not None:
        baseline.compare(review, accepted)
    if args.fix or args.diff_fix:
        status = _fix(args, review)
        if status is not None:
            return status
    color = args.color == "always" or (
        args.color == "auto" and not args.output and _is_terminal(sys.stdout) and not os.environ.get("NO_COLOR")
    )
    report = render_to_string(review, args.format, color=color and args.format == "text")
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as handle:
                handle.write(report)
        except OSError as exc:
            return _error(f"cannot write {args.output}: {exc.strerror or exc}")
    else:
        sys.stdout.write(report)
        sys.stdout.flush()
    if args.exit_zero:
        return 0
    floor = Severity.parse(args.fail_on) if args.fail_on else Severity.LOW
    failing = any(f.severity >= floor for f in review.findings)
    return 1 if failing or (review.errors and args.resolved_config.fail_on_unreviewed) else 0


def _cmd_fleet(args: argparse.Namespace) -> int:
    """Exit status: 2 if a repository could not be reviewed, else 1 if any has findings, else 0."""
    from secreview import fleet

    if args.num_cpus is not None and args.num_cpus < 1:
        return _error("--num-cpus must be 1 or more")
    try:
        outcome = fleet.run(args.repos_file, args.output, address=args.address, force=args.force,
                            threat_model=args.threat_model, num_cpus=args.num_cpus,
                            log=lambda m: print(f"secreview: {m}", file=sys.stderr))
    except fleet.FleetError as exc:
        return _error(str(exc))
    sys.stdout.write(fleet.summary_markdown(outcome.rows))
    print(f"secreview: {len(outcome.reviewed)} reviewed, {len(outcome.skipped)} unchanged, "
          f"{len(outcome.failed)} failed; reports in {args.output}", file=sys.stderr)
    if outcome.failed:
        return 2
    return 1 if outcome.findings else 0


def _fix(args: argparse.Namespace, review) -> int | None:
    """Apply (--fix) or print (--diff-fix) the proven fixes; the review keeps the findings that remain.
    Returns the exit status when the patch replaces the report."""
    from secreview import autofix

    fixes = autofix.plan(review.findings, args.resolved_config)
    fixed = {id(f) for fix in fixes for f in fix.findings}
    count = len(fixed)
    review.findings = [f for f in review.findings if id(f) not in fixed]
    if args.diff_fix:
        patch = "".join(fix.diff() for fix in fixes)
        if args.output:
            try:
                Path(args.output).write_text(patch, encoding="utf-8")
            except OSError as exc:
                return _error(f"cannot write {args.output}: {exc.strerror or exc}")
        else:
            sys.stdout.write(patch)
        print(f"secreview: {count} finding(s) fixable in {len(fixes)} file(s); {len(review.findings)} would remain",
              file=sys.stderr)
        return 1 if review.findings else 0
    for fix in fixes:
        try:
            Path(fix.path).write_text(fix.fixed, encoding="utf-8")
        except OSError as exc:
            return _error(f"cannot write {fix.path}: {exc.strerror or exc}")
    print(f"secreview: fixed {count} finding(s) in {len(fixes)} file(s)", file=sys.stderr)
    return None


def _cmd_baseline_create(args: argparse.Namespace) -> int:
    from secreview import baseline

    review = _run_review(args)
    if isinstance(review, int):
        return review
    try:
        count = baseline.write(review, args.output)
    except OSError as exc:
        return _error(f"cannot write {args.output}: {exc.strerror or exc}")
    print(f"secreview: baseline {args.output}: {count} finding(s) accepted", file=sys.stderr)
    return 0


def _run_review(args: argparse.Namespace):
    """The review the options ask for (thresholds, --diff, --llm applied), or an exit status on a usage error."""
    from secreview.engine import review_paths
    from secreview.reports.progress import progress_factory

    if args.diff_head and not args.diff:
        return _error("--diff-head needs --diff BASE (it names the other end of BASE..HEAD)")
    if args.diff and args.patch:
        return _error("--diff and --patch both name the change under review: give one of them")
    stdin = "-" in args.paths
    problem = _stdin_problem(args) if stdin or getattr(args, "stdin_filename", None) else None
    if problem:
        return _error(problem)
    missing = [p for p in args.paths if p != "-" and not Path(p).exists()]
    if missing:
        return _error("no such file or directory: " + ", ".join(missing))
    if args.config is not None and not args.config.is_file():
        return _error(f"no such configuration file: {args.config}")
    if args.jobs is not None and args.jobs < 0:
        return _error("--jobs must be 0 (one per core) or more")
    stdin_filename = getattr(args, "stdin_filename", None)  # `baseline create` has no such option
    shown = (stdin_filename or STDIN_NAME) if stdin else None
    try:
        base = config_mod.load([stdin_filename or "."] if stdin else args.paths, args.config)
    except config_mod.ConfigError as exc:
        return _error(str(exc))
    overrides = config_mod.Overrides({
        "select": _split_codes(args.select),
        # the command line adds to the configuration's ignore list (as Ruff's --extend-ignore would)
        "ignore": (*base.ignore, *_split_codes(args.ignore)) if args.ignore else None,
        "min_severity": Severity.parse(args.min_severity) if args.min_severity else None,
        "min_confidence": Confidence.parse(args.min_confidence) if args.min_confidence else None,
        "test_min_severity": Severity.parse(args.test_min_severity) if args.test_min_severity else None,
        "extend_exclude": (*base.extend_exclude, *args.exclude) if args.exclude else None,
        "jobs": args.jobs,
        "taint": False if args.no_taint else None,
        "threat_model": args.threat_model,
        "fail_on_unreviewed": args.fail_on_unreviewed,
        "respect_gitignore": args.respect_gitignore,
    })
    overrides.values["cache_dir"] = None if args.no_cache else (args.cache_dir or base.cache_dir or _default_cache())
    config = overrides.apply(base)
    args.resolved_config = config  # the exit status depends on settings too (fail-on-unreviewed)
    problem = _check_selectors(config, base)
    if problem:
        return _error(problem)
    llm_client = None
    if getattr(args, "llm", False):
        from secreview.grounding.llm import LLMUnavailable, client_from_env

        try:
            llm_client = client_from_env()
        except LLMUnavailable as exc:
            return _error(str(exc))
    from secreview import diff

    if stdin:
        from secreview.engine import review_stdin

        review = review_stdin(sys.stdin.buffer.read(), shown, config)
        review.source_root = os.getcwd()
        return review
    with tempfile.TemporaryDirectory(prefix="secreview-head-") as snapshot:
        try:
            changed, root, paths = _changed_lines(args, snapshot)
        except diff.PatchError as exc:
            return _error(f"--patch {args.patch}: {exc}")
        except (OSError, ValueError, subprocess.CalledProcessError) as exc:
            detail = getattr(exc, "stderr", None) or exc
            if isinstance(detail, bytes):
                detail = detail.decode("utf-8", "replace")
            return _error(f"cannot read the change under review: {str(detail).strip()}")
        review = review_paths(paths, config, progress_factory=None if args.no_progress else progress_factory)
        start = args.paths[0] if Path(args.paths[0]).is_dir() else str(Path(args.paths[0]).parent)
        review.source_root = root or diff.repo_root(start) or os.getcwd()
        if paths is not args.paths:  # reviewed a snapshot of --diff-head: report the repository's paths
            _relocate(review, snapshot, root)
    if llm_client is not None:
        from secreview import filters
        from secreview.grounding.llm import llm_review

        extra = llm_review(args.paths, config, llm_client, warn=lambda m: print(f"secreview: {m}", file=sys.stderr))
        review.findings = filters.deduplicate([*review.findings, *extra])
    if changed is not None:
        from secreview.diff import introduced_by

        review.findings = introduced_by(review.findings, changed)
        # suppressed findings count (summary line, JSON, SARIF) for the change under review too: a
        # `# nosec` in untouched code is not news in a code review, and a clean change stays the sentence
        review.suppressed_findings = introduced_by(review.suppressed_findings, changed)
        review.suppressed = len(review.suppressed_findings)
        review.changed_lines, review.root = changed, root
    if args.diff:
        from secreview import commit_messages, filters

        try:
            messages = commit_messages.review_range(root, args.diff, args.diff_head)
        except (OSError, subprocess.CalledProcessError) as exc:
            detail = getattr(exc, "stderr", None) or exc
            return _error(f"cannot read the commit messages of the change: {str(detail).strip()}")
        review.findings = [*review.findings, *filters.select(messages, config)]
    return review


STDIN_NAME = "<stdin>"


def _stdin_problem(args: argparse.Namespace) -> str | None:
    """Why code on standard input (`-`) cannot be reviewed with these options, or None."""
    if "-" not in args.paths:
        return "--stdin-filename names the code read from standard input: give '-' as the path"
    if len(args.paths) > 1:
        return "'-' (code on standard input) cannot be combined with other paths"
    for option, given in (("--diff", args.diff), ("--patch", args.patch), ("--llm", getattr(args, "llm", False)),
                          ("--fix", getattr(args, "fix", False)), ("--diff-fix", getattr(args, "diff_fix", False))):
        if given:
            return f"{option} works on files in a folder, not on code read from standard input ('-')"
    return None


def _check_selectors(config, base) -> str | None:
    """Why the --select/--ignore codes (or the configuration's) cannot be used, or None."""
    from secreview.filters import unknown_selectors

    for option in ("select", "ignore"):
        unknown = unknown_selectors(getattr(config, option))
        if unknown:
            origin = "in [tool.secreview]" if set(unknown) <= set(getattr(base, option)) else f"for --{option}"
            return (f"unknown rule selector{'s' if len(unknown) > 1 else ''} {origin}: {', '.join(unknown)} "
                    f"(a rule id or prefix from `secreview rules`, or CWE-N from the catalog)")
    return None


def _default_cache() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "secreview")


def _changed_lines(args: argparse.Namespace, snapshot: str):
    """Lines added by the change under review, the root its paths count from, and the paths to
    review: `args.paths`, or their copies in `snapshot` when --diff-head names a commit.
    (None, None, args.paths) when reviewing everything."""
    from secreview import diff

    start = args.paths[0] if Path(args.paths[0]).is_dir() else str(Path(args.paths[0]).parent)
    if args.patch:
        text = sys.stdin.read() if args.patch == "-" else Path(args.patch).read_text(encoding="utf-8")
        patch = diff.parse_patch(text)
        # `git diff` names files from the top of the repository, wherever it was run
        root = diff.repo_root(start) or os.getcwd()
        return diff.changed_lines_from_patch(patch, root), root, args.paths
    if not args.diff:
        return None, None, args.paths
    text, root = diff.git_diff(args.diff, args.diff_head, cwd=start)
    changed = diff.changed_lines_from_patch(text, root)
    if not args.diff_head:
        for path, lines in diff.untracked_lines(root).items():
            changed.setdefault(path, set()).update(lines)
        return changed, root, args.paths
    diff.export_revision(root, args.diff_head, snapshot)
    paths = []
    for path in args.paths:
        inside = os.path.relpath(Path(path).resolve(), Path(root).resolve())
        if inside.startswith(".."):
            raise ValueError(f"{path} is outside the repository {root}")
        copy = os.path.normpath(os.path.join(snapshot, inside))
        if not os.path.exists(copy):
            raise ValueError(f"{path} does not exist in {args.diff_head}")
        paths.append(copy)
    # the snapshot's files stand for the repository's: changed lines count on the repository paths
    return changed, root, paths


def _relocate(review, snapshot: str, root: str) -> None:
    """Paths under `snapshot` (a copy of --diff-head) become the repository's, as typed relative
    to the current folder."""
    import dataclasses

    def moved(path: str) -> str:
        inside = os.path.relpath(path, snapshot)
        if inside.startswith(".."):
            return path
        return os.path.relpath(os.path.join(root, inside))

    def location(loc):
        return dataclasses.replace(loc, path=moved(loc.path))

    review.findings = [
        dataclasses.replace(f, location=location(f.location),
                            flow=tuple(dataclasses.replace(s, location=location(s.location)) for s in f.flow))
        for f in review.findings
    ]
    review.errors = [dataclasses.replace(e, path=moved(e.path)) for e in review.errors]


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _cmd_rules() -> int:
    from secreview import catalog
    from secreview.rules import described_rules

    for rule in sorted(described_rules().values(), key=lambda r: r.id):
        entry = catalog.get(rule.cwe)
        name = entry.name if entry else ""
        also = f" (also {', '.join(f'CWE-{c}' for c in rule.cwes[1:])})" if rule.cwes[1:] else ""
        print(f"{rule.id:7} CWE-{rule.cwe:<5} {str(rule.severity):8} {rule.title}{also}  [{name}]")
    return 0


def _cmd_explain(rule_id: str) -> int:
    from secreview import catalog
    from secreview.rules import described_rules

    if rule_id.lower() in ("provenance", "threat-model", "threat-models"):
        from secreview.taint.provenance import describe

        print(describe())
        return 0
    rule = described_rules().get(rule_id.upper())
    if rule is None:
        print(f"secreview: no rule {rule_id!r}; see `secreview rules` (or `secreview explain provenance`)",
              file=sys.stderr)
        return 2
    entry = catalog.get(rule.cwe)
    print(f"{rule.id}: {rule.title}")
    for cwe in rule.cwes:
        other = catalog.get(cwe)
        print(f"CWE-{cwe} {other.name if other else ''}")
    print(f"Severity: {rule.severity}   Confidence: {rule.confidence}")
    print()
    print(rule.doc)
    if rule.fix:
        print()
        print(f"Fix: {rule.fix}")
    return 0


def _cmd_cwe(raw: str) -> int:
    from secreview import catalog

    text = raw.upper().removeprefix("CWE-")
    if not text.isdigit():
        print(f"secreview: {raw!r} is not a CWE id", file=sys.stderr)
        return 2
    entry = catalog.get(int(text))
    if entry is None:
        print(f"secreview: CWE-{text} is not in the catalog", file=sys.stderr)
        return 2
    print(catalog.describe(entry))
    return 0


def _cmd_check_review(review_file: str, code_file: str, fmt: str = "text") -> int:
    """Exit status 1 when the code or the catalog contradicts a claim (a CI gate on a review), else 0."""
    from secreview.grounding.claims import parse_review
    from secreview.grounding.render import check_to_dict, render_check
    from secreview.grounding.verify import CodeFile, Verdict, verify_claims
    from secreview.parse import decode_source

    try:
        if review_file == "-":
            review_text = sys.stdin.read()
        else:
            review_text = Path(review_file).read_text(encoding="utf-8", errors="replace")
        data = Path(code_file).read_bytes()
    except OSError as exc:
        return _error(f"cannot read {exc.filename or ''}: {exc.strerror or exc}")
    try:
        code_text = decode_source(data)
    except (UnicodeDecodeError, SyntaxError, LookupError):
        code_text = data.decode("utf-8", errors="replace")
    code = CodeFile.analysed(code_text, code_file)
    checked = verify_claims(parse_review(review_text), code)
    name = "the review" if review_file == "-" else review_file
    if fmt == "json":
        import json

        sys.stdout.write(json.dumps(check_to_dict(checked, code, name), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_check(checked, code, name))
    sys.stdout.flush()
    return 1 if any(c.verdict is Verdict.CONTRADICTED for c in checked) else 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
