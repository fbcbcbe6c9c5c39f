"""Files: racy temporary names, fixed paths in shared temp dirs, permissive modes, archive extraction."""
from __future__ import annotations

import ast
import stat

from secreview.findings import Confidence, Severity
from secreview.rules.api import Report, rule
from secreview.rules.randomness import constructor_of, enclosing_function, identifier_words, target_name

# --------------------------------------------------------------------------- tables

SHARED_TEMP_DIRS = ("/tmp/", "/var/tmp/", "/dev/shm/", "/usr/tmp/")
# Calls that open, create or move a file at the path given first (`pathlib.Path` included: the
# object is then used as a path).
PATH_CALLS = frozenset({
    "open", "io.open", "codecs.open", "os.open", "os.mkdir", "os.makedirs", "os.mkfifo", "os.symlink",
    "os.rename", "os.replace", "shutil.copy", "shutil.copy2", "shutil.copyfile", "shutil.copytree", "shutil.move",
    "pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "logging.FileHandler", "logging.handlers.RotatingFileHandler",
    "logging.handlers.TimedRotatingFileHandler", "logging.basicConfig", "sqlite3.connect", "shelve.open",
    "dbm.open", "zipfile.ZipFile", "tarfile.open", "numpy.save", "numpy.savetxt", "pickle.dump",
})
# Which argument carries the path, when not the first.
_PATH_ARGUMENT = {"logging.basicConfig": (None, "filename"), "os.symlink": (1, "dst"),
                  "os.rename": (1, "dst"), "os.replace": (1, "dst"), "shutil.copy": (1, "dst"),
                  "shutil.copy2": (1, "dst"), "shutil.copyfile": (1, "dst"), "shutil.copytree": (1, "dst"),
                  "shutil.move": (1, "dst"), "pickle.dump": (1, "file")}
# Words that make an assigned name a file-system path.
PATH_WORDS = frozenset({"path", "file", "filename", "fname", "filepath", "dir", "directory", "folder", "dirname",
                        "tmpfile", "tmpdir", "tempfile", "tempdir", "socket", "sock", "pidfile", "lockfile", "lock",
                        "log", "logfile", "db", "database", "cache", "output", "out", "dest", "destination",
                        "location", "fifo", "pipe", "pid"})

CHMOD_CALLS = {"os.chmod": 1, "os.fchmod": 1, "os.lchmod": 1}
SENSITIVE_PATH_WORDS = frozenset({"key", "keys", "secret", "secrets", "password", "passwd", "credential",
                                  "credentials", "token", "tokens", "pem", "rsa", "ssh", "shadow", "env", "cert",
                                  "wallet", "keystore", "keyring", "netrc", "pgpass", "htpasswd", "private"})

SAFE_TAR_FILTERS = frozenset({"data", "tar"})
SAFE_TAR_FILTER_FUNCS = frozenset({"tarfile.data_filter", "tarfile.tar_filter"})
TAR_CONSTRUCTORS = frozenset({"tarfile.open", "tarfile.TarFile", "tarfile.TarFile.open", "tarfile.TarFile.gzopen",
                              "tarfile.TarFile.bz2open", "tarfile.TarFile.xzopen", "tarfile.TarFile.taropen"})


_UNPREDICTABLE = frozenset({"uuid.uuid4", "os.urandom", "secrets.token_hex", "secrets.token_urlsafe",
                            "secrets.token_bytes", "tempfile.mkdtemp", "tempfile.gettempdir"})
MORE = "*"  # marks a prefix followed by text that is not a constant


def _unpredictable(ctx, expr: ast.AST) -> bool:
    return any(isinstance(sub, ast.Call) and ctx.qualified_name(sub.func) in _UNPREDICTABLE for sub in ast.walk(expr))


def _path_prefix(ctx, expr: ast.AST | None, depth: int = 0) -> str | None:
    """The constant text a path expression starts with: `/tmp/app-*` for `f"/tmp/app-{pid}.sock"`.

    None when it does not start with a constant, or when its variable part is random (`uuid4()`).
    """
    if expr is None or depth > 6:
        return None
    text = ctx.string(expr)
    if text is not None:
        return text
    if _unpredictable(ctx, expr):
        return None
    if isinstance(expr, ast.JoinedStr):
        first = expr.values[0] if expr.values else None
        return str(first.value) + MORE if isinstance(first, ast.Constant) else None
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.Add, ast.Mod)):
        left = _path_prefix(ctx, expr.left, depth + 1)
        return None if left is None else left.removesuffix(MORE) + MORE
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Div):  # Path("/tmp") / "x"
        return _joined(ctx, _path_prefix(ctx, expr.left, depth + 1), [expr.right])
    if isinstance(expr, ast.Call):
        name = ctx.qualified_name(expr.func)
        if name in ("os.path.join", "posixpath.join", "pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath"):
            if not expr.args:
                return None
            return _joined(ctx, _path_prefix(ctx, expr.args[0], depth + 1), expr.args[1:])
        if isinstance(expr.func, ast.Attribute) and expr.func.attr == "format":
            text = ctx.string(expr.func.value)
            return None if text is None else text + MORE
        return None
    return None


def _joined(ctx, first: str | None, rest: list[ast.expr]) -> str | None:
    if first is None:
        return None
    out = first
    for part in rest:
        text = ctx.string(part)
        if text is None:
            return out.rstrip("/") + "/" + MORE
        out = out.removesuffix(MORE).rstrip("/") + "/" + text
    return out


def _in_shared_temp(prefix: str | None) -> bool:
    """A path *inside* a shared temp dir: `/tmp/x`, not `/tmp` or `/tmp/` itself."""
    if not prefix:
        return False
    return any(prefix.startswith(d) and len(prefix) > len(d) for d in SHARED_TEMP_DIRS) or \
        any(prefix.startswith(d.rstrip("/") + MORE) for d in SHARED_TEMP_DIRS)


def _parameter_default(ctx, name: str) -> str | None:
    """The constant default of parameter `name` of the enclosing function: `def save(path="/tmp/x")`."""
    func = enclosing_function(ctx)
    if func is None:
        return None
    args = func.args
    positional = [*args.posonlyargs, *args.args]
    pairs = [*zip(positional[len(positional) - len(args.defaults):], args.defaults),
             *zip(args.kwonlyargs, args.kw_defaults)]
    for arg, default in pairs:
        if arg.arg == name and isinstance(default, ast.Constant) and isinstance(default.value, str):
            return default.value
    return None


def _is_path_name(name: str | None) -> bool:
    return bool(name) and bool(PATH_WORDS & set(identifier_words(name)))  # type: ignore[arg-type]


# --------------------------------------------------------------------------- temporary files

@rule(
    "SR501",
    title="Insecure temporary file name (mktemp)",
    cwe=377,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    calls=("tempfile.mktemp", "os.tempnam", "os.tmpnam"),
    fix="Use `tempfile.mkstemp()`, `tempfile.NamedTemporaryFile()` or `tempfile.TemporaryDirectory()`, which "
    "create the file atomically with private permissions.",
)
def mktemp(ctx, call: ast.Call):
    """## What it does
    Flags `tempfile.mktemp()`, `os.tempnam()` and `os.tmpnam()`, which return a name for a file
    that does not exist yet.

    ## Why is this bad?
    Between choosing the name and creating the file, another local user can create a file or a
    symlink with that name, so the program writes where the attacker wants or reads the
    attacker's data.

    ## Example
    ```python
    import tempfile

    def spool(data: bytes) -> str:
        path = tempfile.mktemp(suffix=".bin")
        with open(path, "wb") as fh:
            fh.write(data)
        return path
    ```

    ## Use instead
    ```python
    import os
    import tempfile

    def spool(data: bytes) -> str:
        fd, path = tempfile.mkstemp(suffix=".bin")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        return path
    ```
    """
    return Report(call, f"`{ctx.call_qualname}()` returns a name that another user can claim before the file is "
                        "created.")


@rule(
    "SR502",
    title="Fixed file path in a shared temporary directory",
    cwe=379,
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    calls=tuple(PATH_CALLS),
    nodes=(ast.Assign, ast.AnnAssign),
    fix="Create the file with `tempfile.mkstemp()` / `NamedTemporaryFile()` / `TemporaryDirectory()`, or keep it "
    "in a directory only this user can write (e.g. under `$XDG_RUNTIME_DIR` or the application's data dir).",
)
def shared_temp_path(ctx, node: ast.AST):
    """## What it does
    Flags a file path written in the source under `/tmp`, `/var/tmp` or `/dev/shm`, where it is
    opened, created or moved to (`open("/tmp/app.log", "w")`, `Path("/tmp") / "cache.db"`) or
    assigned to a path-like name (`PID_FILE = "/tmp/app.pid"`). Unlike Bandit's B108, other
    strings that merely contain `/tmp` (log messages, URLs) and the bare directory (`dir="/tmp"`
    for `mkstemp`) are not reported.

    ## Why is this bad?
    Every local user can create files in these directories. A predictable name lets another user
    create it first or plant a symlink there, so the program reads attacker data, writes over
    another file, or leaks its contents to others.

    ## Example
    ```python
    def save_report(text: str) -> None:
        with open("/tmp/report.txt", "w") as fh:
            fh.write(text)
    ```

    ## Use instead
    ```python
    import tempfile

    def save_report(text: str) -> str:
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
            fh.write(text)
            return fh.name
    ```
    """
    if isinstance(node, (ast.Assign, ast.AnnAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if node.value is None or not any(_is_path_name(target_name(t)) for t in targets):
            return None
        if isinstance(node.value, ast.Call) and ctx.qualified_name(node.value.func) in PATH_CALLS:
            return None  # reported at the call
        prefix = _path_prefix(ctx, node.value)
        if not _in_shared_temp(prefix):
            return None
        return Report(node.value, f"`{prefix}` is a fixed name in a world-writable directory.")
    call: ast.Call = node  # type: ignore[assignment]
    qualname = ctx.call_qualname
    parent = ctx.parent()
    if isinstance(parent, ast.Call) and ctx.qualified_name(parent.func) in PATH_CALLS:
        return None  # `open(Path("/tmp/x"))`: reported once, at the outer call
    position, keyword = _PATH_ARGUMENT.get(qualname, (0, "file"))
    path = ctx.argument(call, position, keyword)
    if path is None and keyword == "file":
        path = ctx.argument(call, None, "path") or ctx.argument(call, None, "filename")
    if path is None:
        return None
    if isinstance(path, ast.Name) and _is_path_name(path.id):
        # `LOG_FILE = "/tmp/app.log"` was reported where it was written, unless it came from elsewhere.
        bindings = ctx.lookup(path.id)
        if bindings and all(b.kind == "assign" for b in bindings):
            return None
    prefix = _path_prefix(ctx, path)
    if isinstance(path, ast.Name) and prefix is None:
        bindings = ctx.lookup(path.id)
        if len(bindings) == 1 and bindings[0].kind == "assign":
            prefix = _path_prefix(ctx, bindings[0].value)
        elif bindings:
            prefix = _parameter_default(ctx, path.id)
    if not _in_shared_temp(prefix):
        return None
    return Report(call, f"`{prefix}` is a fixed name in a world-writable directory.")


# --------------------------------------------------------------------------- permissions

def _mode(ctx, expr: ast.AST | None, depth: int = 0) -> int | None:
    """Fold a mode expression: ints, `stat.S_*` constants, `|`, `&`, `+`, `^`, `~`."""
    if expr is None or depth > 12:
        return None
    value = ctx.value(expr)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    name = ctx.qualified_name(expr) if isinstance(expr, (ast.Name, ast.Attribute)) else None
    if name and name.startswith("stat.S_") and isinstance(getattr(stat, name[5:], None), int):
        return getattr(stat, name[5:])
    if isinstance(expr, ast.BinOp):
        left, right = _mode(ctx, expr.left, depth + 1), _mode(ctx, expr.right, depth + 1)
        if left is None or right is None:
            return None
        ops = {ast.BitOr: int.__or__, ast.BitAnd: int.__and__, ast.Add: int.__add__, ast.BitXor: int.__xor__,
               ast.Sub: int.__sub__}
        fn = ops.get(type(expr.op))
        return fn(left, right) if fn else None
    if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.Invert):
        inner = _mode(ctx, expr.operand, depth + 1)
        return (~inner) & 0o7777 if inner is not None else None
    if isinstance(expr, ast.Name):
        bindings = ctx.lookup(expr.id)
        if len(bindings) == 1 and bindings[0].kind == "assign" and bindings[0].value is not None:
            return _mode(ctx, bindings[0].value, depth + 1)
    return None


def _looks_sensitive(ctx, path: ast.AST | None) -> str | None:
    if path is None:
        return None
    text = _path_prefix(ctx, path) or ""
    names = [text] + [n.id if isinstance(n, ast.Name) else n.attr for n in ast.walk(path)
                      if isinstance(n, (ast.Name, ast.Attribute))]
    for name in names:
        words = set(identifier_words(name))
        if words & SENSITIVE_PATH_WORDS or name.endswith(("id_rsa", "id_ed25519", ".key")):
            return name
    return None


@rule(
    "SR503",
    title="Permissive file permissions",
    cwe=732,
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    calls=(*CHMOD_CALLS, "os.umask"),
    methods=("chmod",),
    fix="Grant only what is needed: 0o600 for private files, 0o644 / 0o755 for public read or execute; never "
    "world-writable.",
)
def permissive_mode(ctx, call: ast.Call):
    """## What it does
    Flags `os.chmod`, `os.fchmod`, `os.lchmod` and `Path.chmod` with a world-writable mode
    (`0o777`, `0o666`, `stat.S_IWOTH`...), with a world-readable mode on a path that looks
    sensitive (keys, secrets, credentials), and `os.umask()` values that leave files world-writable
    (except `old = os.umask(0)`, whose result is kept: the idiom that reads the current umask).
    The mode is folded from constants, so `stat.S_IRWXU | stat.S_IRWXO` and named constants count.
    Unlike Bandit's B103, group permissions and modes given to `os.open`/`os.mkdir` (which the
    umask still restricts) are not reported.

    ## Why is this bad?
    Any local user or compromised service can rewrite a world-writable file (code, configuration,
    data) or read a world-readable secret.

    ## Example
    ```python
    import os

    def publish(path):
        os.chmod(path, 0o777)
    ```

    ## Use instead
    ```python
    import os

    def publish(path):
        os.chmod(path, 0o755)
    ```
    """
    if ctx.call_qualname == "os.umask":
        mask = _mode(ctx, ctx.argument(call, 0, "mask"))
        if not isinstance(ctx.parent(), ast.Expr):
            return None  # `old = os.umask(0); os.umask(old)`: the idiom that reads the current umask
        if mask is not None and not mask & stat.S_IWOTH:
            return Report(call, f"`os.umask({mask:#o})` leaves new files world-writable.")
        return None
    if ctx.call_qualname in CHMOD_CALLS:
        path = ctx.argument(call, 0, "path") or ctx.argument(call, 0, "fd")
        mode = _mode(ctx, ctx.argument(call, 1, "mode"))
    elif isinstance(call.func, ast.Attribute) and ctx.call_qualname is None:
        path = call.func.value
        mode = _mode(ctx, ctx.argument(call, 0, "mode"))
    else:
        return None
    if mode is None or mode > 0o7777 or mode < 0:
        return None
    if mode & stat.S_IWOTH:
        return Report(call, f"Mode {mode:#o} makes the file writable by every user.")
    sensitive = _looks_sensitive(ctx, path) if mode & stat.S_IROTH else None
    if sensitive:
        return Report(call, f"Mode {mode:#o} makes `{sensitive}` readable by every user.",
                      severity=Severity.MEDIUM, confidence=Confidence.MEDIUM)
    return None


# --------------------------------------------------------------------------- archives

def _safe_filter(ctx, call: ast.Call) -> bool:
    arg = ctx.argument(call, None, "filter")
    if arg is None:
        return False
    value = ctx.value(arg)
    return value in SAFE_TAR_FILTERS or ctx.qualified_name(arg) in SAFE_TAR_FILTER_FUNCS


def _filtered_in_other_branch(ctx, method: str) -> bool:
    """`if hasattr(tarfile, "data_filter"): tar.extractall(d, filter="data") else: tar.extractall(d)`: the
    unfiltered call is the fallback for Pythons without extraction filters."""
    child = ctx.statement
    for parent in reversed(ctx.parents):
        if isinstance(parent, ast.If) and child is not parent.test:
            other = parent.orelse if any(child is s for s in parent.body) else parent.body
            for stmt in other:
                for sub in ast.walk(stmt):
                    if (isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and sub.func.attr == method
                            and any(k.arg == "filter" for k in sub.keywords)):
                        return True
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return False
        child = parent
    return False


@rule(
    "SR504",
    title="Archive extracted without a path filter",
    cwe=22,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    calls=("shutil.unpack_archive",),
    methods=("extractall", "extract"),
    fix="Pass `filter=\"data\"` (Python 3.12+ and security backports) to `extractall()` / `extract()` / "
    "`shutil.unpack_archive()`, or check every member's resolved path against the target directory.",
)
def archive_extraction(ctx, call: ast.Call):
    """## What it does
    Flags `TarFile.extractall()` / `extract()` and `shutil.unpack_archive()` without a safe
    `filter=` (`"data"`, `"tar"`, `tarfile.data_filter`). With an explicit `members=` selection the
    finding is kept at low confidence (the selection may be the check). The receiver must be a
    `tarfile` object; `zipfile.ZipFile.extractall` is not reported, because `zipfile` already
    removes `..` and absolute paths from member names. An unfiltered call in the other branch of an
    `if` whose first branch passes `filter=` (the fallback for Pythons without filters) is not reported.

    ## Why is this bad?
    Tar member names can be absolute or contain `..`, and members can be symlinks or device files:
    extracting an untrusted archive can write anywhere the process can (path traversal, "zip slip").

    ## Example
    ```python
    import tarfile

    def install(bundle, target):
        with tarfile.open(bundle) as tar:
            tar.extractall(target)
    ```

    ## Use instead
    ```python
    import tarfile

    def install(bundle, target):
        with tarfile.open(bundle) as tar:
            tar.extractall(target, filter="data")
    ```
    """
    if _safe_filter(ctx, call) or ctx.has_argument(call, None, "filter") and ctx.argument(call, None, "filter") is None:
        return None
    if ctx.call_qualname == "shutil.unpack_archive":
        fmt = ctx.string(ctx.argument(call, 2, "format"))
        name = ctx.string(ctx.argument(call, 0, "filename")) or ""
        if fmt == "zip" or (fmt is None and name.lower().endswith(".zip")):
            return None
        return Report(call, "`shutil.unpack_archive()` extracts tar members without a path filter: names with "
                            "`..` or absolute paths write outside the target directory.",
                      confidence=Confidence.MEDIUM)
    if not isinstance(call.func, ast.Attribute) or constructor_of(ctx, call.func.value) not in TAR_CONSTRUCTORS:
        return None
    method = call.func.attr
    if _filtered_in_other_branch(ctx, method):
        return None
    confidence = Confidence.LOW if ctx.has_argument(call, 1 if method == "extractall" else None, "members") else None
    return Report(call, f"`{method}()` on a tar archive without `filter=\"data\"`: member names with `..`, "
                        "absolute paths or links write outside the target directory.", confidence=confidence)
