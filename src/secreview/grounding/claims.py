"""Parse a free-text security review (the shape LLMs write) into checkable claims.

A review is usually a preamble, numbered items and a conclusion::

    1. CWE-284 (Improper Access Control):
    In line 41, the `self.start_service('conductor')` call ...
    Solution: Add a check ...

Other shapes handled: ``CWE-89: Name`` headings (markdown ``#``/``**`` or bare), ``Name (CWE-89)``
headings, ``Line 41: code`` quotations, ``line 12``, ``lines 10-12``, ``lines 3, 5 and 7``, inline
and fenced backticked code, ``Solution:``/``Recommendation:``/``Fix:`` sections. Parsing never
raises: text it cannot make sense of yields fewer claims, never an exception.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Claim", "parse_review"]

_MAX_RANGE = 200  # "lines 10-900" is not a location; keep at most this many lines of a range


@dataclass(frozen=True)
class Claim:
    cwe: int | None
    cwe_name_claimed: str | None
    lines: list[int]
    quoted_code: list[str]
    text: str
    fix: str | None
    number: int = 0  # position in the review, 1-based
    # ("Line 41: self.start_service('conductor')") -> (41, "self.start_service('conductor')"): code the
    # review places on one specific line; also listed in `quoted_code`.
    anchors: list[tuple[int, str]] = field(default_factory=list)


# --------------------------------------------------------------------------------------- patterns
_CWE = re.compile(r"\bCWE\s*[-‐‑–:#]?\s*(\d{1,5})\b", re.I)
_MARKUP = r"(?:\*\*|__|\*|_)?"
_NUMBERED = re.compile(r"^\s*(?:#{1,6}\s*)?" + _MARKUP + r"\s*(\d{1,3})\s*[.)]\s+")
_BULLET_OR_HEADING = re.compile(r"^\s*(?:#{1,6}\s+|[-*•+]\s+)")
_CWE_FIRST = re.compile(r"^\s*(?:#{1,6}\s*|[-*•+]\s+)?" + _MARKUP + r"\s*\[?\s*CWE\s*[-‐‑–:#]?\s*\d", re.I)
_CONCLUSION = re.compile(
    r"^\s*" + _MARKUP + r"\s*(?:in conclusion|overall|in summary|to summari[sz]e|summary|conclusion|"
    r"these (?:issues|vulnerabilities|defects)|please note|note that|it is (?:recommended|essential|important))\b",
    re.I,
)
_FIX = re.compile(
    r"(?:^|(?<=[\s.:;)]))" + _MARKUP + r"\s*(?:proposed |suggested |recommended )?"
    r"(?:solutions?|fix(?:es)?|recommendations?|remediations?|mitigations?|suggestions?|how to fix|resolution)"
    r"\s*" + _MARKUP + r"\s*:" + _MARKUP,
    re.I | re.M,
)
_NUM = r"(\d{1,6})"
_LINE_REF = re.compile(
    r"\b(?:on |at |in )?lines?\s*(?:no\.?|number|nos\.?|numbers|#)?\s*:?\s*" + _NUM
    + r"((?:\s*(?:-|–|—|to|through|thru|and|&|,|, and|or)\s*(?:line\s*)?\d{1,6})*)",
    re.I,
)
_LINE_REF_SHORT = re.compile(r"\bL(\d{1,6})(?:\s*-\s*L?(\d{1,6}))?\b")
_RANGE_PART = re.compile(r"\s*(-|–|—|to|through|thru|and|&|, and|,|or)\s*(?:line\s*)?(\d{1,6})", re.I)
_ANCHOR = re.compile(
    r"^\s*(?:[-*•+]\s+)?" + _MARKUP + r"\s*(?:at |on |in )?lines?\s*" + _NUM
    + r"(?:\s*(?:-|–|to)\s*\d{1,6})?\s*" + _MARKUP + r"\s*[:：]\s*" + _MARKUP + r"\s*(.+?)\s*$",
    re.I,
)
_FENCE = re.compile(r"```[^\n`]*\n(.*?)```", re.S)
_INLINE = re.compile(r"(`+)(.+?)\1", re.S)
_CODE_HINT = re.compile(r"[()\[\]{}=<>]|\w\.\w|^\w+$|^(?:import|from|return|def|class|with|for|if|raise|assert)\b")


def parse_review(text: str) -> list[Claim]:
    """Every claim of `text`, in order. Never raises."""
    try:
        return _parse(text if isinstance(text, str) else str(text or ""))
    except Exception:  # a parser bug must not stop verification: treat the review as one claim
        body = str(text or "").strip()
        return [Claim(None, None, [], [], body, None, 1)] if body else []


def _parse(text: str) -> list[Claim]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    starts = _item_starts(lines)
    if not starts:
        body = "\n".join(lines).strip()
        if not _CWE.search(body) or not body:
            return []
        starts = [0]
    claims = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
        block = _drop_conclusion(lines[start:end])
        claim = _claim(block, len(claims) + 1)
        if claim is not None:
            claims.append(claim)
    return claims


def _item_starts(lines: list[str]) -> list[int]:
    in_fence = False
    with_cwe, numbered = [], []
    for number, line in enumerate(lines):
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        is_numbered = bool(_NUMBERED.match(line))
        has_cwe = bool(_CWE.search(line))
        if has_cwe and (is_numbered or _CWE_FIRST.match(line) or _BULLET_OR_HEADING.match(line)
                        or _is_bold_heading(line)):
            # "1. SQL injection" on its own line, then "CWE-89: ...": the item starts at the number
            previous = _previous_nonblank(lines, number)
            if (not is_numbered and previous is not None and _NUMBERED.match(lines[previous])
                    and not _CWE.search(lines[previous]) and (not with_cwe or with_cwe[-1] < previous)):
                with_cwe.append(previous)
            else:
                with_cwe.append(number)
        if is_numbered:
            numbered.append((number, len(line) - len(line.lstrip())))
    if with_cwe:
        return with_cwe
    if numbered:
        indent = min(i for _, i in numbered)
        return [n for n, i in numbered if i == indent]
    return []


def _is_bold_heading(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith(("**", "__")) and len(stripped) < 200


def _previous_nonblank(lines: list[str], number: int) -> int | None:
    for index in range(number - 1, -1, -1):
        if lines[index].strip():
            return index
    return None


def _drop_conclusion(block: list[str]) -> list[str]:
    """Cut a closing paragraph ("In conclusion, ...") that follows the last item."""
    for index in range(1, len(block)):
        if _CONCLUSION.match(block[index]) and not block[index - 1].strip():
            return block[:index]
    return block


def _claim(block: list[str], number: int) -> Claim | None:
    full = "\n".join(block).strip()
    if not full:
        return None
    header = block[0]
    fix = None
    body = full
    fix_match = _FIX.search(full)
    if fix_match:
        body = full[:fix_match.start()].strip()
        fix = _clean(full[fix_match.end():]) or None
    cwe, name = _cwe_and_name(header, body)
    anchors = _anchors(body)
    lines = _line_refs(body)
    for line, _ in anchors:
        if line not in lines:
            lines.append(line)
    quoted = _quoted(body)
    for _, code in anchors:
        if code not in quoted:
            quoted.append(code)
    return Claim(cwe, name, lines, quoted, _clean(body), fix, number, anchors)


def _clean(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text.replace("**", "").replace("__", "")).strip()


# ----------------------------------------------------------------------------------- CWE and name
def _cwe_and_name(header: str, body: str) -> tuple[int | None, str | None]:
    match = _CWE.search(header)
    if match is None:
        match = _CWE.search(body)
        if match is None:
            return None, None
        return int(match.group(1)), _name_after(body, match) or _name_before(body, match)
    return int(match.group(1)), _name_after(header, match) or _name_before(header, match)


def _strip_markup(text: str) -> str:
    return text.replace("**", "").replace("__", "").replace("`", "").strip()


def _name_after(text: str, match: re.Match) -> str | None:
    """"CWE-284 (Improper Access Control): ..." / "CWE-89: SQL Injection" / "CWE-89 - SQL Injection"."""
    rest = text[match.end():].split("\n", 1)[0]
    rest = _strip_markup(rest)
    if rest.startswith((")", "]")):  # "SQL Injection (CWE-89)": the name comes before
        return None
    if rest.startswith("("):
        depth = 0
        for index, char in enumerate(rest):
            depth += char == "("
            depth -= char == ")"
            if depth == 0:
                inner = rest[1:index].strip()
                return inner or None
        return rest[1:].strip() or None
    rest = re.sub(r"^[:\-–—|]\s*", "", rest).strip()
    if not rest or rest[0].islower() and not rest.startswith("'"):
        return None
    from secreview.grounding import cwe as cwe_names

    official = cwe_names.official_name(int(match.group(1)))
    if official and rest.lower().startswith(official.lower()):
        return rest[:len(official)]
    # "SQL Injection: In line 12, ..." / "SQL Injection - the query ..." / "SQL Injection. The ..."
    cut = re.split(r":\s|\s[-–—]\s|\.\s|\.$|:$|,\s(?:in|on|at)\s+line", rest, maxsplit=1, flags=re.I)[0].strip()
    if re.match(r"^(?:in|on|at)\s+lines?\b", cut, re.I):
        return None
    return cut.rstrip(":.").strip() or None


def _name_before(text: str, match: re.Match) -> str | None:
    """"SQL Injection (CWE-89): ..." / "**Hard-coded password** [CWE-259]"."""
    line_start = text.rfind("\n", 0, match.start()) + 1
    before = text[line_start:match.start()]
    if not _strip_markup(before).rstrip().endswith(("(", "[")):
        return None  # only "Name (CWE-89)" / "Name [CWE-89]" put the name first
    before = re.sub(r"^\s*(?:#{1,6}\s*)?(?:[-*•+]\s+)?", "", before)
    before = _NUMBERED.sub("", before) if _NUMBERED.match(before) else before
    before = _strip_markup(before).rstrip("([-–—:, ").strip()
    before = re.sub(r"^\d{1,3}\s*[.)]\s*", "", before).strip()
    if not before or len(before) > 150:
        return None
    return before


# ------------------------------------------------------------------------------------------ lines
def _line_refs(body: str) -> list[int]:
    found: list[int] = []

    def add(values):
        for value in values:
            if value > 0 and value not in found:
                found.append(value)

    scan = _FENCE.sub(" ", body)
    for match in _LINE_REF.finditer(scan):
        first = int(match.group(1))
        values = [first]
        previous = first
        for part in _RANGE_PART.finditer(match.group(2) or ""):
            sep, value = part.group(1).lower(), int(part.group(2))
            if sep in ("-", "–", "—", "to", "through", "thru") and previous < value <= previous + _MAX_RANGE:
                values.extend(range(previous + 1, value + 1))
            else:
                values.append(value)
            previous = value
        add(values)
    for match in _LINE_REF_SHORT.finditer(scan):
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) else first
        add(range(first, last + 1) if first <= last <= first + _MAX_RANGE else [first])
    return found


def _anchors(body: str) -> list[tuple[int, str]]:
    """"Line 41: self.start_service('conductor')": code the review puts on line 41."""
    out = []
    for line in _FENCE.sub("", body).split("\n"):
        match = _ANCHOR.match(line)
        if not match:
            continue
        rest = match.group(2).strip()
        ticks = [m.group(2).strip() for m in _INLINE.finditer(rest)]
        if ticks:
            out.extend((int(match.group(1)), t) for t in ticks if t)
        elif _looks_like_code(rest):
            out.append((int(match.group(1)), rest))
    return out


def _looks_like_code(text: str) -> bool:
    words = re.findall(r"[A-Za-z]+", text)
    if len(words) >= 5 and text[:1].isupper() and text.rstrip().endswith(".") and "(" not in text:
        return False  # a sentence
    return bool(_CODE_HINT.search(text.strip()))


def _quoted(body: str) -> list[str]:
    out: list[str] = []
    for match in _FENCE.finditer(body):
        code = match.group(1).strip("\n")
        if code.strip() and code not in out:
            out.append(code)
    for match in _INLINE.finditer(_FENCE.sub(" ", body)):
        code = match.group(2).strip()
        if not code or _CWE.fullmatch(code) or code in out:
            continue
        out.append(code)
    return out
