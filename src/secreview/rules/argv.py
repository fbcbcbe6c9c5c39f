"""Argument injection: data placed in the argument list of a tool that reads options anywhere.

`subprocess.run(["git", "clone", url, dest])` runs no shell, but git still parses `url` as an option
when it starts with `-`: `--upload-pack=touch /tmp/pwned` runs a command. Tools that accept options
after positional arguments (git, hg, ssh, scp, rsync, curl, wget, tar, zip...) need `--` before
values that came from elsewhere, or a check that the value does not start with `-`.
"""
from __future__ import annotations

import ast

from secreview.findings import Confidence, Severity
from secreview.rules._sinks import NUMERIC, resolve, short
from secreview.rules.api import Report, rule
from secreview.rules.randomness import enclosing_function

# Programs known to read options from any position of their argument list, where an option given by
# the data runs a command, reads or writes a file (the ones real advisories are about).
OPTION_PARSING_TOOLS = frozenset({
    "git", "hg", "svn", "ssh", "scp", "sftp", "rsync", "curl", "wget", "tar", "zip", "unzip", "7z", "7za",
    "gpg", "gpg2", "sendmail", "psql", "pg_dump", "pg_restore", "mysql", "mysqldump", "find", "ffmpeg",
})
_SUBPROCESS = frozenset({f"subprocess.{n}" for n in ("Popen", "call", "check_call", "check_output", "run")})
_EXEC_VARARGS = frozenset({"asyncio.create_subprocess_exec", "asyncio.subprocess.create_subprocess_exec"})
_END_OF_OPTIONS = frozenset({"--", "--end-of-options"})
# Calls whose result cannot start with `-`: numbers, quoting that keeps the value one argument is not enough.
_CANNOT_BE_OPTION = NUMERIC | {"os.path.abspath", "os.path.realpath", "posixpath.abspath", "posixpath.realpath",
                               "shutil.which", "os.getcwd", "tempfile.mkdtemp", "tempfile.gettempdir"}


def _program(text: str | None) -> str | None:
    if not text:
        return None
    name = text.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return name.removesuffix(".exe")


def _constant_start(ctx, expr: ast.AST) -> str | None:
    """The constant text a string expression starts with (`"refs/heads/"` for `f"refs/heads/{b}"`)."""
    expr = resolve(ctx, expr)
    if isinstance(expr, ast.JoinedStr) and expr.values and isinstance(expr.values[0], ast.Constant):
        return str(expr.values[0].value)
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.Add, ast.Mod)):
        return ctx.string(expr.left) or (_constant_start(ctx, expr.left) if isinstance(expr.op, ast.Add) else None)
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "format":
        return ctx.string(expr.func.value)
    if isinstance(expr, ast.Call) and ctx.qualified_name(expr.func) in ("os.path.join", "posixpath.join") \
            and expr.args:
        return ctx.string(expr.args[0]) or _constant_start(ctx, expr.args[0])
    return None


def _cannot_be_option(ctx, expr: ast.AST) -> bool:
    if ctx.is_constant(expr):
        return True
    start = _constant_start(ctx, expr)
    if start:
        return True  # `f"--branch={b}"` is one option; `f"origin/{b}"` cannot start with `-`
    node = resolve(ctx, expr)
    if isinstance(node, ast.Call):
        name = ctx.qualified_name(node.func)
        if name in _CANNOT_BE_OPTION or name == "str" and node.args and _cannot_be_option(ctx, node.args[0]):
            return True
    return False


def _checked_for_dash(ctx, expr: ast.AST) -> bool:
    """The enclosing function looks at the value's first character: `x.startswith("-")`, `x[0] == "-"`,
    `x.lstrip("-")`."""
    if not isinstance(expr, (ast.Name, ast.Attribute)):
        return False
    text = ast.unparse(expr)
    func = enclosing_function(ctx)
    if func is None:
        return False
    for sub in ast.walk(func):
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and sub.func.attr in (
                "startswith", "lstrip") and ast.unparse(sub.func.value) == text:
            values = [ctx.value(a) for a in sub.args]
            flat = [x for v in values for x in (v if isinstance(v, tuple) else (v,))]
            if any(isinstance(v, str) and v.startswith("-") for v in flat):
                return True
        if isinstance(sub, ast.Compare) and any(isinstance(side, ast.Subscript) and ast.unparse(side.value) == text
                                                for side in (sub.left, *sub.comparators)) \
                and any(ctx.string(side) == "-" for side in (sub.left, *sub.comparators)):
            return True
    return False


def _command_line_argument(ctx, expr: ast.AST) -> bool:
    """`sys.argv[1]`, `args.source` with `args = parser.parse_args()`: the user running the program chose it
    and could pass the option directly."""
    root = expr
    while isinstance(root, (ast.Attribute, ast.Subscript)):
        if ctx.qualified_name(root) == "sys.argv":
            return True
        root = root.value
    if not isinstance(root, ast.Name) or root is expr:
        return False
    node = resolve(ctx, root)
    if ctx.qualified_name(node) == "sys.argv":
        return True
    if isinstance(node, ast.Call):
        func = node.func
        last = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        return "parse" in last and "arg" in last
    return False


def _argv(ctx, call: ast.Call) -> list[ast.expr] | None:
    name = ctx.call_qualname
    if name in _EXEC_VARARGS:
        return list(call.args)
    arg = ctx.argument(call, 0, "args")
    if arg is None or ctx.value(ctx.argument(call, None, "shell")) not in (False, None) \
            and ctx.argument(call, None, "shell") is not None:
        return None
    node = resolve(ctx, arg)
    if isinstance(node, (ast.List, ast.Tuple)):
        if isinstance(arg, ast.Name) and any(b.mutated for b in ctx.lookup(arg.id)):
            return None  # grown later with `.append()` / `+=`: not the whole argument list
        return list(node.elts)
    return None


@rule(
    "SR115",
    title="Data passed where a command-line tool reads options (argument injection)",
    cwe=88,
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    calls=(*_SUBPROCESS, *_EXEC_VARARGS),
    fix="Put `--` before arguments that come from data (`[\"git\", \"clone\", \"--\", url, dest]`), pass them as "
        "option values (`--url`, `-o`), or reject values that start with `-`.",
)
def argument_injection(ctx, call: ast.Call):
    """## What it does
    Flags an argument list for a tool that reads options from any position (git, hg, svn, ssh,
    scp, rsync, curl, wget, tar, zip, gpg, sendmail, psql, pg_dump, mysqldump, find, ffmpeg) when
    a positional argument is not constant and no `--` comes before it. Values that follow an
    option (`["-o", out]`), values built with a constant start (`f"refs/heads/{b}"`), numbers,
    absolute paths from `os.path.abspath`, values whose first character the function checks
    (`x.startswith("-")`) and command-line arguments of the program itself (`sys.argv`,
    `parse_args()` results) are not reported.

    ## Why is this bad?
    No shell is involved, but the tool itself parses a value that starts with `-` as an option:
    `git clone --upload-pack='touch /tmp/x' ...`, `ssh -oProxyCommand=...`, `curl -o ~/.bashrc`,
    `tar --checkpoint-action=exec=...` run commands or overwrite files. Real advisories in Python
    VCS, backup and download helpers follow this pattern.

    ## Example
    ```python
    import subprocess

    def clone(url, dest):
        subprocess.run(["git", "clone", url, dest], check=True)
    ```

    ## Use instead
    ```python
    import subprocess

    def clone(url, dest):
        subprocess.run(["git", "clone", "--", url, dest], check=True)
    ```
    """
    argv = _argv(ctx, call)
    if not argv or isinstance(argv[0], ast.Starred):
        return None
    program = _program(ctx.string(argv[0]))
    if program not in OPTION_PARSING_TOOLS:
        return None
    previous: str | None = None
    for element in argv[1:]:
        if isinstance(element, ast.Starred):
            return None  # the rest is not known element by element
        text = ctx.string(element)
        if text is not None:
            if text in _END_OF_OPTIONS:
                return None
            previous = text
            continue
        after_option = previous is not None and (previous.startswith("-") and "=" not in previous or (
            program == "tar" and element is argv[2] and previous.endswith("f")))  # `tar czf NAME`
        previous = None
        if after_option or _cannot_be_option(ctx, element) or _checked_for_dash(ctx, element) \
                or _command_line_argument(ctx, element):
            continue
        return Report(call, f"`{short(element)}` is passed to `{program}` as a positional argument without `--` "
                            f"before it: a value starting with `-` is read as a `{program}` option.")
    return None
