"""Shell commands whose `*` lets file names become options (`tar cf x *` with a file named `--checkpoint-action=...`)."""
from __future__ import annotations

import ast
import re
import shlex

from secreview.findings import Confidence, Severity
from secreview.rules.api import Report, rule

# Programs where a file name starting with "-" turns into a dangerous option.
_OPTION_PRONE = frozenset({"chown", "chmod", "chgrp", "tar", "rsync", "zip", "7z", "scp"})
_SHELL_ALWAYS = ("os.system", "os.popen", "subprocess.getoutput", "subprocess.getstatusoutput")
_SHELL_OPTIONAL = ("subprocess.Popen", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
                   "subprocess.run")
_GLOB_WORD = re.compile(r"(^|/)\*")


def _runs_in_shell(ctx, call: ast.Call) -> bool:
    if ctx.call_qualname in _SHELL_ALWAYS:
        return True
    return ctx.keyword_value(call, "shell", False) is True


def _wildcard_program(command: str) -> str | None:
    try:
        words = shlex.split(command, comments=True)
    except ValueError:
        return None
    segment: list[str] = []
    for word in [*words, ";"]:
        if word in (";", "&&", "||", "|"):
            if segment and segment[0].rsplit("/", 1)[-1] in _OPTION_PRONE and any(
                    _GLOB_WORD.search(w) for w in segment[1:]):
                return segment[0].rsplit("/", 1)[-1]
            segment = []
        else:
            segment.append(word)
    return None


@rule(
    "SR114",
    title="Wildcard in a shell command of a program that takes options from file names",
    cwe=155,
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    calls=(*_SHELL_ALWAYS, *_SHELL_OPTIONAL),
    fix="Expand the file list yourself and end options with `--`: "
        "`subprocess.run([\"tar\", \"cf\", \"backup.tar\", \"--\", *glob.glob(\"*\")], check=True)`.",
)
def shell_wildcard(ctx, call: ast.Call):
    """## What it does
    Flags shell commands such as `tar cf backup.tar *` or `chown user *` run through a shell.

    ## Why is this bad?
    The shell expands `*` to every file name in the directory. Anyone who can create a file there
    can name it `--checkpoint-action=exec=sh x.sh` (tar) or `--reference=...` (chown), and the
    program reads that name as an option: a classic privilege-escalation trick.

    ## Example
    ```python
    import os

    def backup():
        os.system("tar cf /backups/site.tar *")
    ```

    ## Use instead
    ```python
    import glob
    import subprocess

    def backup():
        subprocess.run(["tar", "cf", "/backups/site.tar", "--", *glob.glob("*")], check=True)
    ```
    """
    command = ctx.argument(call, 0, "args") if ctx.call_qualname in _SHELL_OPTIONAL else ctx.argument(call, 0, "command")
    if command is None:
        command = ctx.argument(call, 0, "cmd")
    text = ctx.string(command)
    if text is None or not _runs_in_shell(ctx, call):
        return None
    program = _wildcard_program(text)
    if program is None:
        return None
    return Report(call, f"The shell expands `*` in `{text[:60]}` before `{program}` runs, so a file named like an "
                        f"option (e.g. `--checkpoint-action=...` for tar) changes what `{program}` does.")
