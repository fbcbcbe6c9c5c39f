"""`secreview review PATH --llm`: ask an OpenAI-compatible chat endpoint for a review of each file,
then let only verified claims through.

The model never speaks to the user: its answer is parsed into claims (`claims.parse_review`), each
claim is checked (`verify.verify_claim`) against the file, the CWE catalog and the static findings,
and only confirmed claims become findings, with rule id ``LLM``, the catalog's CWE name, the
location and code from the file, and a message and fix written by secreview, not by the model.

Configuration (environment): ``SECREVIEW_LLM_BASE_URL`` (default: the ``openai`` client's default),
``SECREVIEW_LLM_MODEL`` (required), ``OPENAI_API_KEY`` (required unless a base URL is set).
Needs the optional ``openai`` client: ``pip install 'secreview[llm]'``.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Iterable

from secreview import catalog
from secreview.findings import Confidence, Finding, Location, Severity
from secreview.grounding.claims import parse_review
from secreview.grounding.verify import CheckedClaim, CodeFile, Verdict, verify_claims

ENV_BASE_URL = "SECREVIEW_LLM_BASE_URL"
ENV_MODEL = "SECREVIEW_LLM_MODEL"
ENV_KEY = "OPENAI_API_KEY"
RULE_ID = "LLM"
MAX_CODE_CHARS = 60_000  # larger files are not sent

SYSTEM_PROMPT = (
    "You are a careful security code reviewer. Report only real security defects of the code you are "
    "given, each as a numbered item in exactly this form:\n"
    "N. CWE-<id> (<official CWE name>): In line <L>, `<code copied exactly from that line>` <what is wrong>.\n"
    "Solution: <a concrete fix>.\n"
    "Cite only weaknesses (never a CWE category or view), with MITRE's exact name, and only lines that exist. "
    "Test fixtures and test helpers are not product defects. If there is no defect, answer exactly: "
    "No security defects are detected in the code."
)


class LLMUnavailable(RuntimeError):
    """`--llm` cannot run: the client is not installed or not configured."""


@dataclass
class LLMClient:
    client: Any  # openai.OpenAI
    model: str

    def review(self, prompt: str) -> str:
        response = self.client.chat.completions.create(
            model=self.model,
            messages=[{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": prompt}],
            temperature=0,
        )
        choices = getattr(response, "choices", None) or []
        if not choices:
            return ""
        return getattr(choices[0].message, "content", None) or ""


def client_from_env(environ: dict[str, str] | None = None) -> LLMClient:
    env = os.environ if environ is None else environ
    try:
        import openai
    except ImportError:
        raise LLMUnavailable("--llm needs the `openai` client, which is not installed: "
                             "pip install 'secreview[llm]'") from None
    model = env.get(ENV_MODEL, "").strip()
    if not model:
        raise LLMUnavailable(f"--llm needs a model name in {ENV_MODEL}")
    base_url = env.get(ENV_BASE_URL, "").strip() or None
    key = env.get(ENV_KEY, "").strip()
    if not key:
        if base_url is None:
            raise LLMUnavailable(f"--llm needs {ENV_KEY} (or {ENV_BASE_URL} for a local endpoint)")
        key = "unused"  # local OpenAI-compatible servers usually ignore the key
    return LLMClient(openai.OpenAI(base_url=base_url, api_key=key, timeout=120.0, max_retries=1), model)


def build_prompt(code: CodeFile, findings: Iterable[Finding]) -> str:
    numbered = "\n".join(f"{n:>5}: {line}" for n, line in enumerate(code.lines, 1))
    context = [f"- line {f.location.line}: CWE-{f.cwe} {catalog.name(f.cwe)} (rule {f.rule_id}): {f.message}"
               for f in findings]
    parts = [f"File: {code.path}" + (" (test code)" if code.is_test else ""),
             "Code (line numbers on the left are not part of the code):", numbered, ""]
    parts.append("Static analysis found:" if context else "Static analysis found nothing in this file.")
    parts.extend(context)
    parts.append("")
    parts.append("Review this file for security defects.")
    return "\n".join(parts)


def grounded_findings(answer: str, code: CodeFile) -> tuple[list[Finding], list[CheckedClaim]]:
    """The confirmed claims of `answer` as findings (rule LLM); and every checked claim."""
    checked = verify_claims(parse_review(answer), code)
    out = []
    for item in checked:
        if item.verdict is not Verdict.CONFIRMED or item.claim.cwe is None or not item.findings:
            continue
        out.append(_finding(item, code))
    return out, checked


def _finding(item: CheckedClaim, code: CodeFile) -> Finding:
    cwe = item.claim.cwe
    static = item.findings[0]
    line = static.location.line
    text = code.line(line)
    message = (f"An LLM review reported CWE-{cwe} {catalog.name(cwe)} here; secreview verified the line, the "
               f"quoted code and the CWE, and its own rule {static.rule_id} reports CWE-{static.cwe} at line "
               f"{line}: {static.message}")
    finding = Finding(
        rule_id=RULE_ID,
        cwe=cwe,
        title="LLM review claim, verified against the code and static analysis",
        location=Location(code.path, line, static.location.column, static.location.end_line,
                          static.location.end_column),
        snippet=static.snippet or text.strip(),
        message=message,
        fix=static.fix,
        severity=max((f.severity for f in item.findings), default=Severity.MEDIUM),
        # never above the evidence: an exact duplicate of a static finding loses deduplication to it
        confidence=Confidence.MEDIUM if static.confidence >= Confidence.HIGH else Confidence.LOW,
        in_test_code=code.is_test,
        statement=static.statement,
    )
    return finding.with_fingerprint(text)


def review_file_with_llm(path: str, text: str, client: LLMClient, is_test: bool | None = None) -> list[Finding]:
    """Ask the model about one file; return only its verified claims, as findings."""
    if len(text) > MAX_CODE_CHARS or not text.strip():
        return []
    code = CodeFile.analysed(text, path, is_test=is_test)
    if code.static_error:  # nothing can be confirmed without the static analysis
        return []
    answer = client.review(build_prompt(code, code.findings))
    findings, _ = grounded_findings(answer, code)
    return findings


def llm_review(paths: list[str], config, client: LLMClient, warn=None) -> list[Finding]:
    """Verified LLM findings for every file under `paths`, after suppressions and thresholds."""
    from secreview import filters
    from secreview.parse import decode_source
    from secreview.sources import discover

    files, _ = discover(paths, config.all_excludes, config.respect_gitignore)
    out: list[Finding] = []
    for source in files:
        try:
            with open(source.path, "rb") as handle:
                text = decode_source(handle.read())
        except (OSError, UnicodeDecodeError, SyntaxError, LookupError):
            continue  # the static review already lists it as not reviewed
        try:
            found = review_file_with_llm(source.path, text, client, is_test=source.is_test)
        except Exception as exc:  # the endpoint failed: say so; the static review stands
            if warn:
                warn(f"LLM review of {source.path} failed: {type(exc).__name__}: {exc}")
            continue
        comments = filters.suppression_comments(text.replace("\r\n", "\n").split("\n"))
        out.extend(f for f in found if not filters.suppressed(f, comments))
    return filters.select(out, config)
