"""Secrets in the commit messages of a `--diff` range: a token pasted into a message is as public as
one in the code, and no review of the files shows it.

The detection is the hard-coded credential rules' own, applied to each line of each message:
SR602 (a self-identifying token format from `data/secret_patterns.toml`, anywhere in the line; a
name-gated format when the line reads `NAME = value` or `NAME: value` with a matching name) and
SR603 (`NAME = value` / `NAME: value` where NAME is key- or token-like and the value looks
machine-generated). SR601 (password by name) is not applied: prose such as "password: now required"
reads like a binding and is not one.

A finding's location is the commit: path `COMMIT_EDITMSG@<full sha>`, line and column inside the
message (line 1 is the subject). It is not a file of the tree, so reports that read files (HTML
code lines) show the stored snippet, and review comments on changed lines have nowhere to go.
"""
from __future__ import annotations

import re
import subprocess

from secreview.findings import Confidence, Finding, Location, Severity
from secreview.rules import all_rules
from secreview.rules.secrets import classify_name, looks_random, token_matches

PREFIX = "COMMIT_EDITMSG@"
# `NAME = value`, `NAME: value`, `NAME="value"`: the name a value in prose is bound to.
_BINDING = re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_.-]*)[\"']?\s*[:=]\s*[\"']?(?P<value>[^\s\"',;]+)")


def log_range(base: str, head: str | None) -> str:
    """The `git log` range of the commits `--diff BASE [--diff-head HEAD]` reviews: BASE..HEAD
    (HEAD of the checkout by default; `A...B` as given to git diff means the commits of B not in A)."""
    if "..." in base:
        left, right = base.split("...", 1)
        return f"{left}..{right or 'HEAD'}"
    if ".." in base:
        return base
    return f"{base}..{head or 'HEAD'}"


def commits(root: str, revisions: str) -> list[tuple[str, str]]:
    """(sha, message) of each commit in `revisions`, newest first."""
    out = subprocess.run(["git", "log", "-z", "--format=%H%n%B", revisions, "--"], cwd=root, capture_output=True,
                         text=True, errors="replace", check=True).stdout
    found = []
    for record in out.split("\0"):
        sha, _, message = record.lstrip("\n").partition("\n")
        if sha:
            found.append((sha, message))
    return found


def message_findings(sha: str, message: str) -> list[Finding]:
    """The credential findings of one commit message."""
    rules = all_rules()
    out: list[Finding] = []
    for number, line in enumerate(message.splitlines(), start=1):
        tokens = list(token_matches(line))
        for binding in _BINDING.finditer(line):
            name, value = binding.group("name"), binding.group("value")
            named = token_matches(value, (name,))
            tokens.extend(named)
            kind = classify_name(name)
            if kind is not None and kind.kind != "password" and not named and looks_random(value):
                _add(out, rules["SR603"], sha, number, line, value, 321 if kind.crypto else 798,
                     f"`{name}` is given a random-looking value in a commit message (`{_shown(value)}`): if it is a "
                     "real key, it stays in the history; rotate it.", Severity.MEDIUM, Confidence.MEDIUM)
        for match in tokens:
            _add(out, rules["SR602"], sha, number, line, match.secret, match.pattern.cwe,
                 f"{match.pattern.name} in a commit message (`{_shown(match.secret)}`): the message stays in the "
                 "history; revoke the credential.", match.pattern.severity, match.pattern.confidence)
    return sorted(out, key=lambda f: f.sort_key)


def _shown(secret: str) -> str:
    return secret[:4] + "..." if len(secret) > 8 else "..."


def _add(out: list[Finding], rule, sha: str, number: int, line: str, secret: str, cwe: int, message: str,
         severity: Severity, confidence: Confidence) -> None:
    """One finding on `secret` in line `number` of the message; the same secret once per rule."""
    column = line.find(secret)
    path = f"{PREFIX}{sha}"
    if column < 0 or any(f.rule_id == rule.id and f.location.line == number and f.location.column == column + 1
                         for f in out):
        return
    location = Location(path, number, column + 1, number, column + 1 + len(secret))
    finding = Finding(rule.id, cwe, rule.title, location, line, message, rule.fix, severity, confidence,
                      statement=(number, number))
    repeat = sum(f.rule_id == rule.id and f.snippet == line for f in out)
    out.append(finding.with_fingerprint(line, repeat))


def review_range(root: str, base: str, head: str | None) -> list[Finding]:
    """Every credential finding in the messages of the commits `--diff BASE [--diff-head HEAD]` covers."""
    findings = []
    for sha, message in commits(root, log_range(base, head)):
        findings.extend(message_findings(sha, message))
    return findings
