"""Check every claim of a review against the CWE catalog, the code, and secreview's own analysis.

Per claim:
  (a) catalog: the CWE exists, is a reportable weakness (not a category, view, deprecated or
      obsolete entry), and the claimed name is its official name;
  (b) code: each cited line exists, each quoted fragment occurs on (or within two lines of) the line
      it is cited for; when it does not, where it really is (or the closest line) is reported;
  (c) context: claims about test code (setUp, useFixture, start_service, assert*, test methods) are
      "test fixture, not a product defect" unless static analysis confirms a high-severity finding;
  (d) agreement with the static findings for the file: a finding within one line whose CWE is the
      claimed one or lies on the same chain to the pillar.

Verdict: contradicted when any check refutes the claim; confirmed when nothing refutes it and the
static analysis agrees; unsupported otherwise. A wrong CWE name on a confirmed claim is corrected.
"""
from __future__ import annotations

import ast
import bisect
import difflib
import enum
import io
import re
import tokenize
from dataclasses import dataclass, field

from secreview import catalog
from secreview.findings import Finding, Severity
from secreview.grounding import cwe as cwe_names
from secreview.grounding.claims import Claim, parse_review
from secreview.sources import is_test_path

__all__ = ["CheckedClaim", "CodeFile", "Reason", "Verdict", "check_review", "verify_claim", "verify_claims"]

NEAR = 2  # a quoted fragment may sit this many lines away from the line it is cited for
AGREE = 1  # a static finding agrees when it is this close to a claimed line


class Verdict(str, enum.Enum):
    CONFIRMED = "confirmed"
    UNSUPPORTED = "unsupported"
    CONTRADICTED = "contradicted"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Reason:
    kind: str
    message: str
    # True: this refutes the claim. False: a note or a gap in the evidence.
    refutes: bool = False


# Reason kinds
NONEXISTENT_CWE = "nonexistent-cwe"
NOT_A_WEAKNESS = "category-or-view"
DEPRECATED_CWE = "deprecated-cwe"
WRONG_NAME = "wrong-cwe-name"
NO_CWE = "no-cwe"
ABSTRACT_CWE = "pillar-cwe"
LINE_OUT_OF_RANGE = "line-out-of-range"
CODE_NOT_FOUND = "code-not-found"
CODE_ELSEWHERE = "code-not-at-cited-line"
NO_LOCATION = "no-location"
TEST_FIXTURE = "test-fixture"
STATIC_CONFIRMS = "confirmed-by-static-analysis"
STATIC_SILENT = "not-confirmed-by-static-analysis"
STATIC_OTHER_CWE = "static-analysis-reports-another-cwe"


@dataclass
class CheckedClaim:
    claim: Claim
    verdict: Verdict
    reasons: list[Reason]
    official_name: str | None  # of claim.cwe, from the catalog
    lines: list[int]  # the lines the claim is about: cited lines, else where its quoted code is
    findings: list[Finding] = field(default_factory=list)  # static findings that agree


# ----------------------------------------------------------------------------------- the code file
_TEST_SETUP = re.compile(r"\b(?:setUp|tearDown|setUpClass|tearDownClass|asyncSetUp|asyncTearDown|"
                         r"setup_method|teardown_method|setup_class|teardown_class)\b")
_TEST_CALL = re.compile(r"\b(useFixture|start_service|assert\w*|addCleanup|stub_out\w*|mock\.patch\w*|"
                        r"patch(?:\.object)?|monkeypatch\.\w+|fixtures?\.\w+)\s*\(")


class CodeFile:
    """The reviewed file: its lines, where fragments occur, test context, static findings."""

    def __init__(self, text: str, path: str, findings: list[Finding] | None = None,
                 is_test: bool | None = None, static_error: str | None = None):
        self.path = path
        self.text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.lines = self.text.split("\n")
        if self.lines and self.lines[-1] == "" and self.text.endswith("\n"):
            self.lines.pop()
        self._stream, self._offsets = _normalised_stream(self.lines)
        self._tree = _parse(self.text)
        self._scopes = _scopes(self._tree) if self._tree is not None else []
        self.is_test = is_test_path(path) if is_test is None else is_test
        if not self.is_test and self._tree is not None:
            self.is_test = _defines_test_case(self._tree)
        self.findings = findings if findings is not None else []
        self.static_error = static_error

    @classmethod
    def analysed(cls, text: str, path: str, is_test: bool | None = None) -> "CodeFile":
        """The file with secreview's static findings (every severity, test code included)."""
        try:
            from secreview.config import Config
            from secreview.engine import finish, review_source

            result = review_source(text, path, is_test=is_test)
            review = finish([result], [], Config(test_min_severity=Severity.LOW))
        except Exception as exc:  # without static analysis nothing is confirmed; the other checks still run
            return cls(text, path, [], is_test=is_test, static_error=f"internal error: {type(exc).__name__}: {exc}")
        error = f"{result.error.kind}: {result.error.message}" if result.error else None
        return cls(text, path, review.findings, is_test=result.is_test or None, static_error=error)

    @property
    def line_count(self) -> int:
        return len(self.lines)

    def occurrences(self, fragment: str) -> list[int]:
        """1-based lines where `fragment` starts (whitespace, quote style and comments ignored)."""
        needle = _normalise_code(fragment)
        if not needle:
            return []
        pattern = re.escape(needle)
        if re.match(r"\w", needle):
            pattern = r"(?<![\w])" + pattern
        if re.search(r"\w$", needle):
            pattern += r"(?![\w])"
        found = []
        for match in re.finditer(pattern, self._stream):
            line = self._offsets_line(match.start())
            if line not in found:
                found.append(line)
        return found

    def _offsets_line(self, offset: int) -> int:
        return bisect.bisect_right(self._offsets, offset)

    def closest(self, fragment: str) -> tuple[int, float] | None:
        """The line most like a one-line fragment, and how alike (0..1)."""
        needle = _normalise_code(fragment.strip().split("\n", 1)[0])
        if len(needle) < 8:
            return None
        best = None
        for number, line in enumerate(self.lines, 1):
            candidate = _normalise_code(_strip_comment(line))
            if not candidate:
                continue
            ratio = difflib.SequenceMatcher(None, needle, candidate).ratio()
            if best is None or ratio > best[1]:
                best = (number, ratio)
        return best

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 1 <= number <= len(self.lines) else ""

    def test_context(self, numbers: list[int]) -> str | None:
        """Why lines `numbers` are test code (for the reason text), or None when they are not."""
        if not self.is_test or not numbers:
            return None
        groups: dict[str, list[int]] = {}
        helpers: list[str] = []
        for number in numbers:
            scope = self._scope_at(number)
            if scope is None:
                where = "module-level code of a test module"
            elif _TEST_SETUP.fullmatch(scope[1]):
                where = f"the test fixture {scope[0]}"
            elif scope[1].startswith("test"):
                where = f"the test {scope[0]}"
            else:
                where = f"{scope[0]} of a test module"
            groups.setdefault(where, []).append(number)
            call = _TEST_CALL.search(_strip_comment(self.line(number)))
            if call and call.group(1) not in helpers:
                helpers.append(call.group(1))
        parts = [f"{_where(lines)} {'are' if len(lines) > 1 else 'is'} in {where}" for where, lines in groups.items()]
        text = "; ".join(parts)
        if helpers:
            text += " (test helper" + ("s " if len(helpers) > 1 else " ") + ", ".join(f"`{h}`" for h in helpers) + ")"
        return text

    def _scope_at(self, number: int) -> tuple[str, str] | None:
        best = None
        for start, end, qualname, name in self._scopes:
            if start <= number <= end and (best is None or start >= best[0]):
                best = (start, qualname, name)
        return (best[1], best[2]) if best else None


def _parse(text: str) -> ast.Module | None:
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _scopes(tree: ast.Module) -> list[tuple[int, int, str, str]]:
    out = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                qualname = f"{prefix}{child.name}"
                start = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                out.append((start, child.end_lineno or child.lineno, qualname, child.name))
                visit(child, qualname + ".")
            else:
                visit(child, prefix)

    try:
        visit(tree, "")
    except RecursionError:
        return out
    return out


def _defines_test_case(tree: ast.Module) -> bool:
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            for base in node.bases:
                name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")
                if name.endswith(("TestCase", "TestBase")):
                    return True
    return False


def _strip_comment(line: str) -> str:
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(line + "\n").readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return line
    for tok in tokens:
        if tok.type == tokenize.COMMENT:
            return line[:tok.start[1]]
    return line


def _comment_free(lines: list[str]) -> list[str]:
    """The lines with comments blanked (strings, docstrings kept)."""
    source = "\n".join(lines) + "\n"
    out = list(lines)
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                row, col = tok.start
                out[row - 1] = out[row - 1][:col]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return [_strip_comment(line) for line in lines]
    return out


def _normalise_code(text: str) -> str:
    text = text.replace('"', "'").replace("‘", "'").replace("’", "'")
    text = re.sub(r"\s+", " ", text).strip()
    # spaces next to punctuation do not matter: "f( x )" is "f(x)"
    return re.sub(r" ?([^\w\s]) ?", r"\1", text)


def _normalised_stream(lines: list[str]) -> tuple[str, list[int]]:
    """All code as one normalised string, and the offset each line starts at."""
    parts, offsets, position = [], [], 0
    for line in _comment_free(lines):
        offsets.append(position)
        piece = _normalise_code(line)
        parts.append(piece)
        position += len(piece) + 1
    return " ".join(parts), offsets


# ---------------------------------------------------------------------------------------- checks
def _check_catalog(claim: Claim) -> list[Reason]:
    if claim.cwe is None:
        return [Reason(NO_CWE, "cites no CWE")]
    entry = catalog.get(claim.cwe)
    if entry is None:
        return [Reason(NONEXISTENT_CWE, f"CWE-{claim.cwe} does not exist in the CWE catalog ({catalog.version()})",
                       True)]
    reasons = []
    if not entry.is_weakness:
        reasons.append(Reason(NOT_A_WEAKNESS, f"CWE-{entry.id} is a {entry.kind} (\"{entry.name}\"), not a "
                              f"weakness: it cannot be cited as a defect", True))
    elif entry.is_deprecated:
        reasons.append(Reason(DEPRECATED_CWE, f"CWE-{entry.id} is {entry.status.lower()} in the CWE catalog "
                              f"(\"{entry.name}\"): it cannot be cited as a defect", True))
    if claim.cwe_name_claimed and not cwe_names.name_matches(claim.cwe_name_claimed, entry.id):
        message = (f"wrong CWE name: the review calls CWE-{entry.id} \"{claim.cwe_name_claimed}\"; "
                   f"its official name is \"{entry.name}\"")
        other = cwe_names.id_for_name(claim.cwe_name_claimed)
        if other is not None and other != entry.id:
            message += f" (\"{claim.cwe_name_claimed}\" is the name of CWE-{other})"
        reasons.append(Reason(WRONG_NAME, message, True))
    if entry.is_weakness and entry.abstraction == "Pillar" and not entry.is_deprecated:
        reasons.append(Reason(ABSTRACT_CWE, f"CWE-{entry.id} is a Pillar, the most abstract level of the "
                              f"catalog; a defect names a specific Base or Variant weakness"))
    return reasons


def _short(code: str, limit: int = 70) -> str:
    one = " ".join(code.split())
    return one if len(one) <= limit else one[:limit - 3] + "..."


def _where(lines: list[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:6]) + (", ..." if len(lines) > 6 else "")
    return f"line{'s' if len(lines) > 1 else ''} {shown}"


_FILE_NAME = re.compile(r"^[\w./\\-]+\.(?:py|pyi|txt|cfg|ini|toml|ya?ml|json|md|rst)$")


def _check_code(claim: Claim, code: CodeFile) -> tuple[list[Reason], list[int], list[int]]:
    """Reasons about lines and quoted code; the lines the claim cites (or, citing none, where its
    code is); the lines its quoted code really is on (what the claim is about)."""
    reasons: list[Reason] = []
    valid = []
    for number in claim.lines:
        if 1 <= number <= code.line_count:
            valid.append(number)
        else:
            reasons.append(Reason(LINE_OUT_OF_RANGE, f"line {number} does not exist: the file has "
                                  f"{code.line_count} lines", True))
    anchored = {fragment for _, fragment in claim.anchors}
    checks = [(fragment, [line] if 1 <= line <= code.line_count else []) for line, fragment in claim.anchors]
    checks += [(fragment, valid) for fragment in claim.quoted_code if fragment not in anchored]
    found_at: list[int] = []
    subject: list[int] = []

    def add(target: list[int], numbers) -> None:
        target.extend(n for n in numbers if n not in target)

    for fragment, cited in checks:
        if _FILE_NAME.match(fragment.strip()) or "CWE" in fragment.upper():
            continue
        where = code.occurrences(fragment)
        if not where:
            message = f"quoted code `{_short(fragment)}` does not occur in the file"
            near = code.closest(fragment)
            if near and near[1] >= 0.75:
                message += f"; the closest line is {near[0]}: `{_short(code.line(near[0]).strip())}`"
            reasons.append(Reason(CODE_NOT_FOUND, message, True))
            continue
        if not cited:
            add(found_at, where)
            add(subject, where[:3])
            continue
        close = [n for n in where if any(abs(n - c) <= NEAR for c in cited)]
        if close:
            add(subject, close[:3])
        else:
            add(subject, where[:3])
            reasons.append(Reason(CODE_ELSEWHERE, f"quoted code `{_short(fragment)}` is not at {_where(cited)}; "
                                  f"it is at {_where(where)}", True))
    locus = valid or found_at[:6]
    if not claim.lines and not claim.quoted_code:
        reasons.append(Reason(NO_LOCATION, "cites no line and quotes no code: nothing in the file to check"))
    return reasons, locus, sorted(subject) or locus


def _agreeing(claim: Claim, code: CodeFile, lines: list[int]) -> tuple[list[Finding], list[Finding]]:
    """Static findings near the claimed lines: (same CWE or same chain, any other CWE)."""
    near = [f for f in code.findings
            if any(abs(f.location.line - n) <= AGREE for n in lines) and f.location.line >= 1]
    if claim.cwe is None:
        return [], near
    same = [f for f in near if cwe_names.related(claim.cwe, f.cwe)]
    return same, [f for f in near if f not in same]


def verify_claim(claim: Claim, code: CodeFile) -> CheckedClaim:
    reasons = _check_catalog(claim)
    code_reasons, lines, subject = _check_code(claim, code)
    reasons += code_reasons
    near = sorted(set(lines) | set(subject))  # a cited line, or where the quoted code really is
    agree, other = _agreeing(claim, code, near) if near else ([], [])
    high = [f for f in agree if f.severity >= Severity.HIGH]
    if code.is_test and subject and not high:
        context = code.test_context(subject)
        if context:
            reasons.append(Reason(TEST_FIXTURE, "test fixture, not a product defect: " + context, True))
    elif code.is_test and not subject and not high:
        reasons.append(Reason(TEST_FIXTURE, f"test fixture, not a product defect: {code.path} is test code", True))
    if agree:
        for f in agree:
            reasons.append(Reason(STATIC_CONFIRMS, f"confirmed by static analysis (rule {f.rule_id}): "
                                  f"CWE-{f.cwe} at line {f.location.line}: {f.message}"))
    elif code.static_error:
        reasons.append(Reason(STATIC_SILENT, f"unsupported: static analysis could not read the file ({code.static_error})"))
    elif near:
        for f in other:
            reasons.append(Reason(STATIC_OTHER_CWE, f"static analysis reports CWE-{f.cwe} at line {f.location.line} "
                                  f"(rule {f.rule_id}), unrelated to CWE-{claim.cwe}" if claim.cwe else
                                  f"static analysis reports CWE-{f.cwe} at line {f.location.line} (rule {f.rule_id})"))
        if not other:
            reasons.append(Reason(STATIC_SILENT, f"unsupported: static analysis reports nothing at {_where(near)}"))
    refuted = [r for r in reasons if r.refutes]
    # A confirmed defect keeps its verdict when only its label was wrong: the name is corrected.
    blocking = [r for r in refuted if not (agree and r.kind == WRONG_NAME)]
    if blocking:
        verdict = Verdict.CONTRADICTED
    elif agree and claim.cwe is not None and catalog.is_reportable(claim.cwe):
        verdict = Verdict.CONFIRMED
        reasons = [Reason(r.kind, r.message.replace("wrong CWE name", "CWE name corrected", 1), False)
                   if r.kind == WRONG_NAME else r for r in reasons]
    else:
        verdict = Verdict.UNSUPPORTED
    return CheckedClaim(claim, verdict, reasons, cwe_names.official_name(claim.cwe) if claim.cwe else None,
                        lines, agree if verdict is Verdict.CONFIRMED else [])


def verify_claims(claims: list[Claim], code: CodeFile) -> list[CheckedClaim]:
    return [verify_claim(claim, code) for claim in claims]


def check_review(review_text: str, code_text: str, path: str) -> list[CheckedClaim]:
    """Parse `review_text` and check every claim against `code_text` (reviewed as `path`)."""
    return verify_claims(parse_review(review_text), CodeFile.analysed(code_text, path))
