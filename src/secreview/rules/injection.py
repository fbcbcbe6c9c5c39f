"""OS command and SQL injection: strings built from data that reach a shell or a database.

A finding needs a *non-constant* piece in the command or query that is not neutralized for that
interpreter (`shlex.quote` for a shell; numbers, `psycopg2.sql` composition for SQL). Constant
commands, constant argv lists and parameterized queries are not reported, whatever the call.
"""
from __future__ import annotations

import ast
import shlex
from dataclasses import dataclass

from secreview.findings import Confidence, Severity
from secreview.rules._sinks import (NUMERIC, SHELL_QUOTING, SQL_IDENTIFIER_QUOTING, all_sanitized, call_qualname,
                                    callee_name, constant_like_leaf, looks_like_sql, resolve, short)
from secreview.rules.api import Report, rule

# ----------------------------------------------------------------------------- commands
# qualified name -> (how the command is run, position of the command/program, its keyword)
_ALWAYS_SHELL = {
    "os.system": (0, "command"), "os.popen": (0, "cmd"), "os.popen2": (0, "cmd"), "os.popen3": (0, "cmd"),
    "os.popen4": (0, "cmd"), "subprocess.getoutput": (0, "cmd"), "subprocess.getstatusoutput": (0, "cmd"),
    "commands.getoutput": (0, "cmd"), "commands.getstatusoutput": (0, "cmd"), "popen2.popen2": (0, "cmd"),
    "popen2.popen3": (0, "cmd"), "popen2.popen4": (0, "cmd"), "popen2.Popen3": (0, "cmd"), "popen2.Popen4": (0, "cmd"),
    "asyncio.create_subprocess_shell": (0, "cmd"), "asyncio.subprocess.create_subprocess_shell": (0, "cmd"),
}
_MAYBE_SHELL = {f"subprocess.{n}": (0, "args") for n in ("Popen", "call", "check_call", "check_output", "run")}
_ARGV = {  # no shell: the program is one argument, the rest are separate arguments
    **{f"os.{n}": (0, "path") for n in ("execl", "execle", "execv", "execve", "posix_spawn")},
    **{f"os.{n}": (0, "file") for n in ("execlp", "execlpe", "execvp", "execvpe", "posix_spawnp")},
    **{f"os.spawn{n}": (1, "file") for n in ("l", "le", "lp", "lpe", "v", "ve", "vp", "vpe")},
    "asyncio.create_subprocess_exec": (0, "program"), "asyncio.subprocess.create_subprocess_exec": (0, "program"),
}
_PROCESS_CALLS = (*_ALWAYS_SHELL, *_MAYBE_SHELL, *_ARGV)
_SHELL_BUILTINS = frozenset({"cd", "echo", "printf", "test", "[", "true", "false", "export", "exit", "set", "unset",
                             "umask", "ulimit", "source", ".", "exec", "type", "command", "read", "wait", "kill",
                             "trap", "eval", "alias", "pwd", "shift", "times", ":"})


@dataclass
class Command:
    shell: bool | None  # None: `shell=` is not known at compile time
    command: ast.expr | None  # what the shell interprets (shell) / the program (argv)
    program: str | None  # the constant program name, when known


def _command(ctx, call: ast.Call) -> Command | None:
    name = ctx.call_qualname
    if name in _ALWAYS_SHELL or name in _MAYBE_SHELL:
        position, keyword = _ALWAYS_SHELL.get(name) or _MAYBE_SHELL[name]
        arg = ctx.argument(call, position, keyword)
        if arg is None:
            return None
        # `shell=` hidden in **kwargs counts as the default (False); an explicit non-constant `shell=flag`
        # is "maybe" (None), reported with low confidence.
        shell_arg = ctx.argument(call, None, "shell")
        shell_value = True if name in _ALWAYS_SHELL else (False if shell_arg is None else ctx.value(shell_arg))
        shell = bool(shell_value) if isinstance(shell_value, (bool, int, str, type(None))) else None
        target = resolve(ctx, arg)
        if isinstance(target, ast.BinOp) and isinstance(target.op, ast.Add):
            left = resolve(ctx, target.left)
            target = left if isinstance(left, (ast.List, ast.Tuple)) else target
        if isinstance(target, (ast.List, ast.Tuple)):  # argv form; with a shell, argv[0] is the script
            if not target.elts or isinstance(target.elts[0], ast.Starred):
                return None
            first = target.elts[0]
            return Command(shell, first, ctx.string(first))
        value = ctx.value(arg)
        if isinstance(value, (tuple, list)):
            program = value[0] if value and isinstance(value[0], str) else None
            return Command(shell, None, program)
        program = None
        if isinstance(value, str):
            program = _first_word(value) if shell is not False else value
        if shell is False and not _builds_string(ctx, target):
            return Command(shell, None, program)  # an opaque argv: its program is unknown
        return Command(shell, arg, program)
    if name in _ARGV:
        position, keyword = _ARGV[name]
        arg = ctx.argument(call, position, keyword)
        if arg is None:
            return None
        return Command(False, arg, ctx.string(arg))
    return None


def _builds_string(ctx, expr) -> bool:
    """`f"..."`, `"..." + x`, `"..." % x`, `"...".format(x)`: a command line, not an argument list."""
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.Add, ast.Mod)):
        sides = (resolve(ctx, expr.left), resolve(ctx, expr.right))
        return not any(isinstance(s, (ast.List, ast.Tuple, ast.ListComp)) for s in sides) and (
            isinstance(expr.op, ast.Mod) or any(isinstance(s, (ast.Constant, ast.JoinedStr)) for s in sides))
    return isinstance(expr, ast.JoinedStr) or (
        isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "format")


def _first_word(command: str) -> str | None:
    try:
        words = shlex.split(command)
    except ValueError:
        return None
    for word in words:
        if "=" in word and not word.startswith(("/", ".")):
            continue  # VAR=value prefix
        return None if word in _SHELL_BUILTINS else word
    return None


_PATH_BUILDERS = frozenset({"os.path.join", "os.path.dirname", "os.path.abspath", "os.path.realpath",
                            "os.path.normpath", "posixpath.join", "pathlib.Path", "pathlib.PurePath"})
# `shutil.which("git")`, Ansible's `module.get_bin_path("lsblk")`, `distutils.spawn.find_executable("gcc")`:
# a named tool looked up on the PATH, the same trust as a bare program name.
_TOOL_LOOKUPS = frozenset({"which", "get_bin_path", "find_executable", "find_program"})
_INSTALL_LOCATIONS = frozenset({"sys.executable", "sys.prefix", "sys.exec_prefix", "sys.base_prefix"})


def _program_is_safe(ctx, expr: ast.expr) -> bool:
    """Constants, the interpreter, `shutil.which("tool")`, paths built from `__file__` and constants."""
    def accept(leaf, name):
        if isinstance(leaf, ast.Name) and leaf.id == "__file__":
            return True
        if ctx.qualified_name(leaf) in ("os.path", "posixpath", "ntpath"):
            return True  # origins() reads `os.path.join(a, b)` as str.join: its receiver is the module
        if ctx.qualified_name(leaf) in _INSTALL_LOCATIONS or constant_like_leaf(leaf):
            return True
        if name == "shutil.which" or callee_name(ctx, leaf) in _TOOL_LOOKUPS:
            return bool(leaf.args) and ctx.is_constant(leaf.args[0])
        if name in _PATH_BUILDERS and not leaf.keywords:
            return all(all_sanitized(ctx, arg, (), accept) for arg in leaf.args)
        return False

    return all_sanitized(ctx, expr, SHELL_QUOTING | NUMERIC, accept)


def _shell_injection(ctx, call: ast.Call, cmd: Command | None) -> Report | None:
    if cmd is None or cmd.shell is False or cmd.command is None or ctx.is_constant(cmd.command):
        return None
    if all_sanitized(ctx, cmd.command, SHELL_QUOTING | NUMERIC, lambda leaf, _: constant_like_leaf(leaf)):
        return None
    confidence = None if cmd.shell else Confidence.LOW
    return Report(call, f"`{ctx.call_qualname}()` runs `{short(cmd.command)}` through a shell; it is built from "
                        "values that are not constant and not quoted with `shlex.quote`.", confidence=confidence)


_SHELL_FIX = ("Pass an argument list without a shell: `subprocess.run([\"tar\", \"-xf\", path], check=True)`; "
              "if a shell is unavoidable, quote every piece with `shlex.quote`.")


@rule("SR110", title="Shell command built from non-constant data", cwe=78, severity=Severity.MEDIUM,
      confidence=Confidence.MEDIUM, calls=_PROCESS_CALLS, tags=("sink",), fix=_SHELL_FIX)
def shell_injection(ctx, call: ast.Call):
    """## What it does
    Flags a command run through a shell (`os.system`, `os.popen`, `subprocess.*(..., shell=True)`,
    `subprocess.getoutput`, `asyncio.create_subprocess_shell`...) when the command string contains
    a non-constant part that is not quoted with `shlex.quote`. A constant command is not reported,
    even with `shell=True`.

    ## Why is this bad?
    The shell interprets `;`, `|`, `$(...)`, backquotes and spaces in the data: a file name such as
    `x; rm -rf ~` runs a second command (OS command injection).

    ## Example
    ```python
    import subprocess

    def archive(directory):
        subprocess.run("tar czf backup.tgz " + directory, shell=True, check=True)
    ```

    ## Use instead
    ```python
    import subprocess

    def archive(directory):
        subprocess.run(["/usr/bin/tar", "czf", "backup.tgz", directory], check=True)
    ```
    """
    return _shell_injection(ctx, call, _command(ctx, call))


@rule("SR111", title="Program to execute chosen by a non-constant value", cwe=78, severity=Severity.MEDIUM,
      confidence=Confidence.LOW, calls=_PROCESS_CALLS, tags=("sink",),
      fix="Choose the program from a fixed allow-list (`TOOLS = {\"zip\": \"/usr/bin/zip\"}`) and pass data only as "
      "later arguments.")
def program_injection(ctx, call: ast.Call):
    """## What it does
    Flags process creation without a shell (argument list, `os.exec*`, `os.spawn*`) whose *program*
    (the first element of the argument list) is not a constant. Data in later arguments is fine.

    ## Why is this bad?
    Whoever controls the program name decides which executable runs. (Lower confidence: the value
    is often a configured tool path.)

    ## Example
    ```python
    import subprocess

    def convert(tool, path):
        subprocess.run([tool, path], check=True)
    ```

    ## Use instead
    ```python
    import subprocess

    def convert(path):
        subprocess.run(["/usr/bin/convert", path], check=True)
    ```
    """
    cmd = _command(ctx, call)
    if cmd is None or cmd.shell is not False or cmd.command is None or ctx.is_constant(cmd.command):
        return None
    if _program_is_safe(ctx, cmd.command):
        return None
    return Report(call, f"`{ctx.call_qualname}()` executes the program named by `{short(cmd.command)}`, "
                        "which is not a constant.")


@rule("SR112", title="Process started by a path relative to the working directory", cwe=426, severity=Severity.LOW,
      confidence=Confidence.MEDIUM, calls=_PROCESS_CALLS,
      fix="Build an absolute path from a known location: `os.path.join(os.path.dirname(__file__), \"bin\", \"tool\")`.")
def partial_path(ctx, call: ast.Call):
    """## What it does
    Flags a process started by a relative path with a directory part (`"./deploy.sh"`,
    `"bin/convert"`, the first word of a shell command). Bare names (`"git"`), resolved through the
    deployment's `PATH`, are not reported (Bandit's B607 reports them). Not reported either when the
    command is already reported as command injection.

    ## Why is this bad?
    A relative path is resolved against the current working directory, which is chosen by whoever
    starts the program (a cron job, a CI runner, a user in a shared directory): a file planted there
    runs instead of the intended tool.

    ## Example
    ```python
    import subprocess

    def rebuild_index():
        subprocess.run(["./scripts/reindex.sh", "--full"], check=True)
    ```

    ## Use instead
    ```python
    import os
    import subprocess

    HERE = os.path.dirname(os.path.abspath(__file__))

    def rebuild_index():
        subprocess.run([os.path.join(HERE, "scripts", "reindex.sh"), "--full"], check=True)
    ```
    """
    cmd = _command(ctx, call)
    if cmd is None or not cmd.program or _shell_injection(ctx, call, cmd):
        return None
    program = cmd.program.strip()
    if "/" not in program and "\\" not in program:
        return None  # a bare name: resolved through the deployment's PATH, which is not outside input
    if program.startswith(("/", "\\", "~", "$")) or (len(program) > 1 and program[1] == ":"):
        return None
    return Report(call, f"`{ctx.call_qualname}()` runs `{program}`, a path relative to the current working "
                        "directory, which the caller of the program chooses.")


@rule("SR113", title="SSH command built from non-constant data", cwe=78, severity=Severity.MEDIUM,
      confidence=Confidence.MEDIUM, methods=("exec_command",), tags=("sink",),
      fix="Quote every piece of the remote command with `shlex.quote`, or run a fixed command and pass data on stdin.")
def paramiko_exec(ctx, call: ast.Call):
    """## What it does
    Flags paramiko's `SSHClient.exec_command(command)` when the command is built from values that
    are not constant and not quoted with `shlex.quote`.

    ## Why is this bad?
    The remote side runs the command through the user's login shell: shell metacharacters in the
    data run extra commands on the server (OS command injection).

    ## Example
    ```python
    import paramiko

    def disk_usage(client: paramiko.SSHClient, path):
        return client.exec_command("du -sh " + path)
    ```

    ## Use instead
    ```python
    import shlex
    import paramiko

    def disk_usage(client: paramiko.SSHClient, path):
        return client.exec_command("du -sh " + shlex.quote(path))
    ```
    """
    if not any(name.split(".")[0] == "paramiko" for name in ctx.model.imports):
        return None
    command = ctx.argument(call, 0, "command")
    if command is None or ctx.is_constant(command):
        return None
    if all_sanitized(ctx, command, SHELL_QUOTING | NUMERIC, lambda leaf, _: constant_like_leaf(leaf)):
        return None
    return Report(call, f"`exec_command()` runs `{short(command)}` in the remote shell; it contains values that are "
                        "not constant and not quoted.")


# ----------------------------------------------------------------------------- SQL
_SQL_COMPOSERS = ("psycopg2.sql.", "psycopg.sql.", "sqlalchemy.")
_TEXT = ("sqlalchemy.text", "sqlalchemy.sql.text", "sqlalchemy.sql.expression.text")


def _sql_safe_leaf(ctx):
    def accept(leaf, name) -> bool:
        if constant_like_leaf(leaf) or (name is not None and name.startswith(_SQL_COMPOSERS)):
            return True
        # `connection.ops.quote_name(table)`: an identifier quoted for the dialect
        return callee_name(ctx, leaf) in SQL_IDENTIFIER_QUOTING
    return accept


def _unsafe_sql(ctx, query: ast.expr | None, require_sql_look: bool = True) -> bool:
    if query is None or ctx.is_constant(query):
        return False
    if call_qualname(ctx, resolve(ctx, query)) in _TEXT:
        return False  # reported at the text() call
    if require_sql_look and not looks_like_sql(ctx, query):
        return False
    return not all_sanitized(ctx, query, NUMERIC, _sql_safe_leaf(ctx))


def _sql_report(ctx, call, query, what):
    return Report(call, f"{what} receives `{short(query)}`, an SQL string built from values that are not "
                        "constant: use query parameters instead of string formatting.")


_SQL_FIX = ("Keep the SQL text constant and pass values as parameters: `cursor.execute(\"... WHERE id = %s\", (id,))`; "
            "compose identifiers with `psycopg2.sql.Identifier` or an allow-list.")


@rule("SR120", title="SQL query built from non-constant strings", cwe=89, severity=Severity.MEDIUM,
      confidence=Confidence.MEDIUM, methods=("execute", "executemany", "executescript", "raw"),
      calls=("pandas.read_sql", "pandas.read_sql_query", "frappe.db.sql", "frappe.db.sql_list", "frappe.db.multisql"),
      tags=("sink",), fix=_SQL_FIX)
def sql_execute(ctx, call: ast.Call):
    """## What it does
    Flags `execute` / `executemany` / `executescript` (DB-API cursors and connections, SQLAlchemy
    sessions and engines), Django `Manager.raw()`, `pandas.read_sql` and Frappe's `frappe.db.sql` when the query is an SQL
    string assembled with `%`, `+`, f-strings, `.format` or `join` from values that are not constant.
    Parameterized queries, constant queries, numbers (`int(x)`) and `psycopg2.sql` composition are safe.

    ## Why is this bad?
    Quotes and keywords in the data change the statement itself: `1 OR 1=1`, `'; DROP TABLE users; --`
    (SQL injection).

    ## Example
    ```python
    def find_user(cursor, name):
        cursor.execute(f"SELECT id, email FROM users WHERE name = '{name}'")
        return cursor.fetchone()
    ```

    ## Use instead
    ```python
    def find_user(cursor, name):
        cursor.execute("SELECT id, email FROM users WHERE name = %s", (name,))
        return cursor.fetchone()
    ```
    """
    query = ctx.argument(call, 0, "sql")
    for keyword in ("query", "operation", "statement", "raw_query", "sql_script", "statement"):
        query = query or ctx.argument(call, None, keyword)
    if not _unsafe_sql(ctx, query):
        return None
    what = f"`{ctx.call_qualname}()`" if ctx.call_qualname else f"`.{call.func.attr}()`"
    return _sql_report(ctx, call, query, what)


@rule("SR121", title="SQLAlchemy text() built from non-constant strings", cwe=89, severity=Severity.MEDIUM,
      confidence=Confidence.MEDIUM, calls=_TEXT, tags=("sink",), fix="Use bound parameters: "
      "`text(\"SELECT * FROM users WHERE name = :name\").bindparams(name=name)`.")
def sqlalchemy_text(ctx, call: ast.Call):
    """## What it does
    Flags `sqlalchemy.text()` whose SQL is assembled from values that are not constant.

    ## Why is this bad?
    `text()` passes its string to the database verbatim; interpolated data is SQL injection.

    ## Example
    ```python
    from sqlalchemy import text

    def by_status(session, status):
        return session.execute(text("SELECT * FROM orders WHERE status = '%s'" % status))
    ```

    ## Use instead
    ```python
    from sqlalchemy import text

    def by_status(session, status):
        return session.execute(text("SELECT * FROM orders WHERE status = :status"), {"status": status})
    ```
    """
    query = ctx.argument(call, 0, "text")
    if query is None or ctx.is_constant(query) or not looks_like_sql(ctx, query):
        return None
    if all_sanitized(ctx, query, NUMERIC, _sql_safe_leaf(ctx)):
        return None
    return _sql_report(ctx, call, query, "`sqlalchemy.text()`")


_EXTRA_SQL = ("select", "where", "tables", "order_by")


@rule("SR122", title="Django raw SQL fragment built from non-constant strings", cwe=89, severity=Severity.MEDIUM,
      confidence=Confidence.MEDIUM, methods=("extra",),
      calls=("django.db.models.expressions.RawSQL", "django.db.models.RawSQL"), tags=("sink",),
      fix="Pass values through `params=` / `select_params=` with `%s` placeholders, or use the ORM "
      "(`filter`, `annotate`, `F`, `Func`).")
def django_raw_sql(ctx, call: ast.Call):
    """## What it does
    Flags `QuerySet.extra(select=..., where=..., tables=..., order_by=...)` and `RawSQL(sql, params)`
    when an SQL fragment is built from values that are not constant.

    ## Why is this bad?
    These fragments are pasted into the generated SQL as-is; data in them is SQL injection.

    ## Example
    ```python
    from django.db.models.expressions import RawSQL

    def with_score(queryset, column):
        return queryset.annotate(score=RawSQL("SELECT %s FROM stats" % column, ()))
    ```

    ## Use instead
    ```python
    from django.db.models.expressions import RawSQL

    def with_score(queryset, user_id):
        return queryset.annotate(score=RawSQL("SELECT score FROM stats WHERE user_id = %s", (user_id,)))
    ```
    """
    if ctx.call_qualname and ctx.call_qualname.endswith("RawSQL"):
        query = ctx.argument(call, 0, "sql")
        if _unsafe_sql(ctx, query, require_sql_look=False):
            return _sql_report(ctx, call, query, "`RawSQL()`")
        return None
    if not any(name.split(".")[0] == "django" for name in ctx.model.imports):
        return None
    for keyword in _EXTRA_SQL:
        value = resolve(ctx, ctx.argument(call, None, keyword))
        if value is None:
            continue
        pieces = value.values if isinstance(value, ast.Dict) else getattr(value, "elts", [value])
        for piece in pieces:
            if _unsafe_sql(ctx, piece, require_sql_look=False):
                return _sql_report(ctx, call, piece, f"`.extra({keyword}=...)`")
    return None
