"""Runs a review: discover files, review each in a worker process, join, filter.

Per file (in a worker): read, parse, one traversal of the semantic model with every rule, taint
facts for the file. Across files (in the parent): the taint engine links function summaries of all
modules and reports flows. Then suppressions, selection and thresholds.
"""
from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Iterable

from secreview import cache, filters, templating
from secreview.config import Config
from secreview.findings import FileError, Finding, Review
from secreview.model.checker import Checker, RuleIndex
from secreview.model.semantic import SemanticModel, fragment_evidence, fragment_modules
from secreview.parse import ParsedFile, parse_bytes
from secreview.rules import all_rules
from secreview.sources import SourceFile, discover, is_test_path

_PARALLEL_THRESHOLD = 24  # below this many files, a process pool costs more than it saves
_RECURSION_LIMIT = 12000


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    error: FileError | None = None
    suppressions: filters.Suppressions = field(default_factory=dict)
    taint_facts: object | None = None  # secreview.taint's per-file summary, picklable
    is_test: bool = False
    # fragment names read as modules (`subprocess` with no import) -> lines where that was used
    assumed_modules: dict[str, frozenset[int]] = field(default_factory=dict)
    # frameworks a fragment's shapes were read as (`request.GET` with no import) -> lines showing it
    assumed_packages: dict[str, frozenset[int]] = field(default_factory=dict)


_INDEX: RuleIndex | None = None


def _rule_index() -> RuleIndex:
    global _INDEX
    if _INDEX is None:
        _INDEX = RuleIndex(all_rules().values())
    return _INDEX


def review_source(text_or_bytes: str | bytes, path: str = "<input>.py", module_name: str | None = None,
                  with_taint: bool = True, is_test: bool | None = None) -> FileResult:
    """Review one file's content. Never raises: failures become `FileResult.error`.

    `is_test` defaults to judging `path` itself (tests/, test_*.py, *_test.py, conftest.py).
    """
    data = text_or_bytes.encode("utf-8", "surrogatepass") if isinstance(text_or_bytes, str) else text_or_bytes
    module = module_name or _module_from_path(path)
    result = FileResult(path, is_test=is_test_path(path) if is_test is None else is_test)
    old_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old_limit, _RECURSION_LIMIT))
    with _no_cyclic_gc():
        _review_into(result, data, path, module, with_taint)
    sys.setrecursionlimit(old_limit)
    return result


def _module_from_path(path: str) -> str:
    """A module name for a file reviewed on its own: `pkg/__init__.py` is `pkg`, `pkg/views.py` is `views`."""
    stem = os.path.splitext(os.path.basename(path))[0]
    if stem == "__init__":
        return os.path.basename(os.path.dirname(os.path.abspath(path))) or stem
    return stem


@contextlib.contextmanager
def _no_cyclic_gc():
    """Pause the cycle collector while one file is analysed.

    A file's tree, model and taint state are a few hundred thousand young objects; the collector
    would traverse them again and again (it was ~45% of the run). They become garbage together
    when the file is done, and one collection then frees them.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _review_into(result: FileResult, data: bytes, path: str, module: str, with_taint: bool) -> None:
    try:
        parsed = parse_bytes(data, path)
        if isinstance(parsed, FileError):
            result.error = parsed
            return
        _analyse(parsed, module, result, with_taint)
    except RecursionError:
        result.error = FileError(path, "recursion", "code nested too deeply to analyse")
        result.findings = []
    except Exception as exc:  # an analysis bug must not end the scan
        result.error = FileError(path, "internal", f"internal error while analysing: {type(exc).__name__}: {exc}")
        result.findings = []


def _analyse(parsed: ParsedFile, module: str, result: FileResult, with_taint: bool) -> None:
    model = SemanticModel(parsed.path, module, parsed.lines, is_test_file=result.is_test)
    checker = Checker(model, _rule_index())
    findings = checker.run(parsed.tree)
    if with_taint:
        from secreview import taint

        result.taint_facts = taint.summarize_file(model, parsed.tree)
    result.assumed_modules = {name: frozenset(lines) for name, lines in model.assumed_modules.items()}
    result.assumed_packages = model.consulted_assumed_packages()
    checker.release()
    result.suppressions = filters.suppression_comments(parsed.lines)
    result.findings = _with_fingerprints(findings, parsed.lines)


def _with_fingerprints(findings: list[Finding], lines: list[str]) -> list[Finding]:
    seen: dict[tuple, int] = {}
    out = []
    for f in sorted(findings, key=lambda f: f.sort_key):
        start, end = f.statement if f.statement != (0, 0) else (f.location.line, f.location.end_line)
        context = "\n".join(lines[start - 1:end])
        key = (f.rule_id, " ".join(context.split()))
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        out.append(f.with_fingerprint(context, occurrence))
    return out


def review_file(source: SourceFile, cache_dir: str | None = None, with_taint: bool = True) -> FileResult:
    try:
        with open(source.path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return FileResult(source.path, error=FileError(source.path, "unreadable", exc.strerror or str(exc)))
    if cache_dir is None:
        return review_source(data, source.path, source.module_name, with_taint, source.is_test)
    entry = _entry(cache_dir, data, source, with_taint)
    result = cache.load(entry)
    if not isinstance(result, FileResult):
        result = review_source(data, source.path, source.module_name, with_taint, source.is_test)
        if result.error is None or result.error.kind not in ("internal", "recursion"):
            cache.store(entry, result)
    return result


def _entry(cache_dir: str, data: bytes, source: SourceFile, with_taint: bool):
    return cache.entry_path(cache_dir, data, f"{source.path}\0{source.is_test}\0{with_taint}", source.module_name)


def _entries(files: list[SourceFile], config: Config) -> list | None:
    """Each file's cache entry (None for a file that cannot be read); None without a cache."""
    if config.cache_dir is None:
        return None
    out = []
    for source in files:
        try:
            with open(source.path, "rb") as handle:
                data = handle.read()
        except OSError:
            out.append(None)  # review_file reports it
            continue
        out.append(_entry(config.cache_dir, data, source, config.taint))
    return out


def _map(files: list[SourceFile], entries: list | None, config: Config,
         progress: Callable[[int], None] | None, keep: Callable[[], None] = lambda: None) -> Iterable[FileResult]:
    """Results in the order of `files`. Cached results are loaded here; only the files left to analyse go
    to worker processes, and none are started when too few are left (a warm run starts no pool).
    `keep()` is called after each load (see `_results_out_of_gc`: the loads are most of a warm run)."""
    results: list[FileResult | None] = [None] * len(files)
    for i, entry in enumerate(entries or ()):
        if entry is not None and isinstance(loaded := cache.load(entry), FileResult):
            results[i] = loaded
            keep()
    todo = [i for i, r in enumerate(results) if r is None]
    done = 0
    for i, result in zip(todo, _analyse_all([files[i] for i in todo], config)):
        results[i] = result
        while done < len(results) and results[done] is not None:
            yield results[done]
            results[done] = None  # the caller keeps it from here on
            done += 1
            if progress:
                progress(1)
    while done < len(results):  # cached files after the last one analysed
        yield results[done]
        results[done] = None
        done += 1
        if progress:
            progress(1)


def _analyse_all(files: list[SourceFile], config: Config) -> Iterable[FileResult]:
    workers = config.jobs or os.cpu_count() or 1
    if workers <= 1 or len(files) < _PARALLEL_THRESHOLD:
        for source in files:
            yield review_file(source, config.cache_dir, config.taint)
        return
    chunk = max(1, min(64, len(files) // (workers * 8)))
    _warm_up(config.taint)  # forked workers inherit what the parent loaded instead of each loading it
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(review_file, files, [config.cache_dir] * len(files), [config.taint] * len(files),
                            chunksize=chunk)


def _warm_up(with_taint: bool) -> None:
    """Load the rules (and the taint models) once in this process; the parent needs them for the
    join anyway, and workers started by fork then share them."""
    _rule_index()
    if with_taint:
        from secreview.taint import models

        models.load()


def review_paths(paths: list[str], config: Config | None = None,
                 progress_factory: Callable[[int], Callable[[int], None] | None] | None = None) -> Review:
    """Review the Python files under `paths`. `progress_factory(number of files)` may return an
    `advance(n)` callback: it is called with 1 after each file and once more after the join."""
    config = config or Config()
    files, errors = discover(paths, config.all_excludes, config.respect_gitignore)
    if config.cache_dir is not None:
        cache.prune(config.cache_dir)  # at most once a day
    progress = progress_factory(len(files)) if progress_factory else None
    entries = _entries(files, config)
    program = cache.program_entry(config.cache_dir, _program_key(entries, config)) if entries is not None \
        and None not in entries else None
    joined = cache.load(program) if program is not None else None
    solve_slot = cache.solve_state_entry(config.cache_dir, _solve_slot_key(paths, config)) \
        if entries is not None else None
    if isinstance(joined, Joined) and templating.unchanged(joined.template_reads):
        # nothing changed since a run over the same files with the same settings
        for entry in (*entries, solve_slot):  # still in use: the next edit starts from them
            cache.touch(entry)
        review = _finish(joined.results, errors, config, joined.findings)
        if progress:
            progress(len(files) + 1)  # every file, and the join
        return review
    with _results_out_of_gc() as keep:
        results = []
        for result in _map(files, entries, config, progress, keep):
            results.append(result)
            keep()
        template_reads: dict = {}
        versions = {r.taint_facts.path: entry.stem for r, entry in zip(results, entries or ())
                    if entry is not None and r.taint_facts is not None} if solve_slot is not None else None
        findings = _joined_findings(results, config, template_reads, solve=(solve_slot, versions))
        if program is not None:
            cache.store(program, Joined([dataclasses.replace(r, findings=[], taint_facts=None) for r in results],
                                        findings, template_reads))
        review = _finish(results, errors, config, findings)
    if progress:
        progress(1)  # one step more than files: the cross-module join is done
    return review


@dataclass
class Joined:
    """What a review computes from all per-file results before suppressions and selection: the
    findings with the cross-file flows joined in, and the results without their findings and taint
    facts (errors, suppression comments, assumed modules); and what the join read from template files,
    which must still be so. Cached under `_program_key`."""
    results: list[FileResult]
    findings: list[Finding]
    template_reads: dict


def _solve_slot_key(paths: list[str], config: Config) -> str:
    """Where the last solve of these review roots is kept: a re-review after an edit starts from it."""
    return "\0".join([cache.code_fingerprint(), str(config.taint), *sorted(os.path.abspath(p) for p in paths)])


def _program_key(entries: list, config: Config) -> str:
    """The per-file cache keys in review order (each covers the file's bytes, path, module name and
    secreview's code) and the settings the join reads."""
    return "\0".join([cache.code_fingerprint(), str(config.taint), config.threat_model,
                      *(entry.stem for entry in entries)])


def review_stdin(data: bytes, path: str, config: Config | None = None) -> Review:
    """Review code read from standard input (`secreview -`), reported as `path` (`--stdin-filename`):
    the name decides the module name and whether it is test code, as for a file named on the command
    line. Not cached: there is no file whose content a cache entry could stand for."""
    config = config or Config()
    result = review_source(data, path, _module_from_path(path), config.taint, is_test_path(path))
    return finish([result], [], config)


@contextlib.contextmanager
def _results_out_of_gc():
    """Keep the results gathered so far out of the cycle collector's sight until the review ends.

    Every file's results (findings, taint facts: a few million objects for a large tree) live
    until the end; each full collection would traverse all of them again. `gc.freeze()` after
    each file moves them to the permanent generation, `gc.unfreeze()` returns them at the end.
    A file's own tree and model are freed by reference counting (`Checker.release`), so the
    little cyclic garbage frozen with them is only collected late, not lost. If the caller
    froze objects itself, nothing is done (unfreezing would release theirs too).
    """
    if gc.get_freeze_count():
        yield lambda: None
        return
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()


# Pattern rules whose finding needs the call's dangerous argument to be data: `sink` (a non-constant value
# reaches the call) and `document` (an unsafe parser configuration, harmless on a document proved constant).
_CLEARED_BY_TAINT = frozenset({"sink", "document"})


def _join_taint(findings: list[Finding], facts: list[object], threat_model: str = "library",
                template_reads: dict | None = None, solve_slot=None, versions: dict | None = None) -> list[Finding]:
    """Add cross-file flows; one verdict per sink where the pattern rules and the dataflow meet.

    - The taint engine proved a sink's argument constant or sanitized: the pattern finding at that
      call is a false alarm and goes (it tracks containers and guards more precisely).
    - A remote or local source reaches it: the flow finding replaces the pattern one (deduplication).
    - A parameter of a public function reaches it: where pattern rules know which calls of that kind
      are safe, the verdict stands only if the pattern rule also fired there, and the two become one
      finding (the pattern's diagnosis, the parameter's path); elsewhere the flow finding is reported.
    """
    from secreview import taint

    rules = all_rules()
    at = {(f.location.path, f.location.line, f.location.column, f.cwe): i for i, f in enumerate(findings)}
    previous = cache.load(solve_slot) if solve_slot is not None else None
    flows, cleared, state = taint.solve(facts, threat_model, frozenset(at), versions,
                                        previous if isinstance(previous, taint.SolveState) else None)
    if solve_slot is not None and state is not None:
        cache.store(solve_slot, state)
    flows = templating.link(flows, facts, template_reads)  # flows into template context variables: at the template line
    if cleared:
        findings = [
            f for f in findings
            if (f.location.path, f.location.line, f.location.column, f.cwe) not in cleared
            or not _CLEARED_BY_TAINT.intersection(rules[f.rule_id].tags)
        ]
    at = {(f.location.path, f.location.line, f.location.column, f.cwe): i for i, f in enumerate(findings)}
    kept_flows = []
    for flow in flows:
        if flow.provenance != "parameter":
            kept_flows.append(flow)
            continue
        key = (flow.location.path, flow.location.line, flow.location.column, flow.cwe)
        i = at.get(key)
        if i is not None:
            findings[i] = _with_parameter_path(findings[i], flow)
        else:
            kept_flows.append(flow)
    return [*findings, *kept_flows]


def _with_parameter_path(pattern: Finding, flow: Finding) -> Finding:
    """The pattern rule's finding, with the path from the public function's parameter that feeds it."""
    source = flow.flow[0].description if flow.flow else "a parameter"
    note = f" The value comes from {source}: a defect if a caller passes untrusted data."
    return dataclasses.replace(pattern, flow=flow.flow, message=pattern.message + note, provenance=flow.provenance)


def _note_assumed_modules(finding: Finding, result: FileResult | None) -> Finding:
    """Say so when a finding rests on reading a fragment's unimported names or shapes."""
    if result is None or not (result.assumed_modules or result.assumed_packages):
        return finding
    start, end = finding.statement if finding.statement != (0, 0) else (finding.location.line, finding.location.end_line)
    lines = set(range(min(start, finding.location.line), max(end, finding.location.end_line) + 1))
    lines.update(step.location.line for step in finding.flow if step.location.path == finding.location.path)
    names = sorted(name for name, used in result.assumed_modules.items() if used & lines)
    modules = fragment_modules()
    note = ""
    if names:
        quoted = ", ".join(f"`{n}`" for n in names)
        verb = "it is" if len(names) == 1 else "they are"
        if all(modules.get(n, n) == n for n in names):
            read_as = "the well-known module of that name"
        else:
            read_as = ", ".join(f"`{modules.get(n, n)}`" for n in names)
        note = f" This file does not import {quoted}; {verb} read as {read_as} (the code looks like a fragment)."
    shaped = sorted(p for p, used in result.assumed_packages.items() if p in fragment_evidence() and used & lines
                    and not any(modules.get(n, n).split(".", 1)[0] == p for n in names))
    if shaped:
        frameworks = ", ".join(f"`{p}`" for p in shaped)
        note += f" The file imports no web framework; it is read as {frameworks} code from its shapes."
    return dataclasses.replace(finding, message=finding.message + note) if note else finding


def finish(results: list[FileResult], errors: list[FileError], config: Config,
           texts: dict[str, str] | None = None) -> Review:
    """Join per-file results: cross-file taint, suppressions, selection, thresholds. `texts`: the
    content of files reviewed from memory (not from disk), by path, for the code of flow steps."""
    return _finish(results, errors, config, _joined_findings(results, config, texts=texts))


def _with_flow_snippets(findings: list[Finding], texts: dict[str, str]) -> list[Finding]:
    """Each flow step with its source line: from `texts`, else read now, while the reviewed files
    are what was analysed (a report written later from the JSON needs no file)."""
    files: dict[str, list[str] | None] = {}

    def line(path: str, number: int) -> str:
        if path not in files:
            if path in texts:
                files[path] = texts[path].splitlines()
            else:
                try:
                    with open(path, encoding="utf-8", errors="replace") as handle:
                        files[path] = handle.read().splitlines()
                except OSError:
                    files[path] = None
        lines = files[path]
        return lines[number - 1].strip() if lines and 0 < number <= len(lines) else ""

    out = []
    for f in findings:
        if any(not step.snippet for step in f.flow):
            f = dataclasses.replace(f, flow=tuple(step if step.snippet else dataclasses.replace(
                step, snippet=line(step.location.path, step.location.line)) for step in f.flow))
        out.append(f)
    return out


def _joined_findings(results: list[FileResult], config: Config, template_reads: dict | None = None,
                     texts: dict[str, str] | None = None, solve: tuple = (None, None)) -> list[Finding]:
    """Every file's findings, with the cross-file taint flows joined in (`template_reads`: see `Joined`)
    and the code line of each flow step. `solve`: (cache entry of the last solve of this tree, the
    cache key of each file's facts), to re-solve only what changed since."""
    findings: list[Finding] = [f for r in results for f in r.findings]
    if config.taint:
        with _no_cyclic_gc():
            findings = _join_taint(findings, [r.taint_facts for r in results if r.taint_facts is not None],
                                   config.threat_model, template_reads, *solve)
    return _with_flow_snippets(findings, texts or {})


def _finish(results: list[FileResult], errors: list[FileError], config: Config, findings: list[Finding]) -> Review:
    # a file that could not be parsed or analysed was not reviewed: it must not count as reviewed
    review = Review(errors=list(errors), files_reviewed=sum(r.error is None for r in results))
    by_path = {r.path: r for r in results}
    review.errors.extend(r.error for r in results if r.error is not None)
    findings = [_note_assumed_modules(f, by_path.get(f.location.path)) for f in findings]
    # one verdict per (location, CWE) before suppressions and selection: silencing or deselecting the
    # dataflow finding must not bring back the pattern finding it superseded
    findings = filters.deduplicate(findings)
    kept, silenced = [], []
    for f in findings:
        source = by_path.get(f.location.path)
        if source is not None and filters.suppressed(f, source.suppressions):
            review.suppressed += 1
            silenced.append(f)
        else:
            kept.append(f)
    review.findings = filters.select(kept, config)  # already one per (location, CWE), in report order
    review.suppressed_findings = filters.select(silenced, config)
    review.errors.sort(key=lambda e: e.path)
    return review
