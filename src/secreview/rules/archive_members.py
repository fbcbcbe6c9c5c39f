"""Zip slip: archive member names joined into a destination path by hand.

`tarfile`'s extraction filters and `zipfile.extract()` clean member names; code that loops over the
members and writes each one to `os.path.join(dest, member.name)` itself does not, so a member named
`../../home/user/.bashrc` or `/etc/cron.d/x` is written outside `dest`.
"""
from __future__ import annotations

import ast

from secreview.findings import Confidence, Severity
from secreview.model.scopes import ASSIGN, LOOP
from secreview.rules.api import Report, rule
from secreview.rules.randomness import constructor_of, enclosing_function

# Methods listing the members of a zip or tar archive: method -> what a loop variable over it is.
_MEMBER_LISTS = {"infolist": "info", "getmembers": "info", "namelist": "name", "getnames": "name"}
_MEMBER_NAME_ATTRS = frozenset({"filename", "name", "path", "orig_filename"})
_TAR_CONSTRUCTORS = frozenset({"tarfile.open", "tarfile.TarFile", "tarfile.TarFile.open"})
_JOINS = frozenset({"os.path.join", "posixpath.join", "ntpath.join", "pathlib.Path", "pathlib.PurePath",
                    "pathlib.PosixPath"})
# Any of these in the function is taken as the containment check (or the flattening) it needs.
_CHECK_CALLS = frozenset({"os.path.realpath", "os.path.abspath", "os.path.normpath", "os.path.commonpath",
                          "os.path.commonprefix", "os.path.basename", "os.path.isabs", "posixpath.normpath",
                          "posixpath.basename", "werkzeug.utils.secure_filename"})
_CHECK_METHODS = frozenset({"resolve", "is_relative_to", "relative_to", "absolute", "is_absolute"})
# Calls that create or write files: the joined path is a destination.
_WRITE_METHODS = frozenset({"write_bytes", "write_text", "makedirs", "mkdir", "copyfileobj", "move", "rename",
                            "replace", "symlink_to", "touch", "copyfile", "copy", "copy2"})


def _member_kind(ctx, name: str, depth: int = 0) -> str | None:
    """'info' / 'name' when every binding of `name` is a loop over an archive's member list."""
    bindings = ctx.lookup(name)
    if not bindings:
        return None
    kinds = set()
    for binding in bindings:
        if binding.kind != LOOP or binding.value is None:
            return None
        kind = _list_kind(ctx, binding.value, binding.index, depth)
        if kind is None:
            return None
        kinds.add(kind)
    return kinds.pop() if len(kinds) == 1 else None


def _list_kind(ctx, source: ast.AST, index: int | None, depth: int) -> str | None:
    """What a loop over `source` yields: the members of an archive (`zf.namelist()`), also through a
    variable (`names = zf.namelist()`), a filtering comprehension (`[x for x in names if ...]`),
    `sorted()`/`list()`, or `enumerate()` (its second element)."""
    if depth > 4:
        return None
    if isinstance(source, ast.Call) and isinstance(source.func, ast.Attribute) and not source.args \
            and source.func.attr in _MEMBER_LISTS and ctx.qualified_name(source.func) is None:
        return _MEMBER_LISTS[source.func.attr] if index is None else None
    if index is None and constructor_of(ctx, source) in _TAR_CONSTRUCTORS:
        return "info"  # `for member in tar:`
    if isinstance(source, ast.Call) and len(source.args) == 1 and not source.keywords:
        called = ctx.qualified_name(source.func)
        if called == "enumerate" and index == 1:
            return _list_kind(ctx, source.args[0], None, depth + 1)
        if called in ("sorted", "list", "tuple", "reversed") and index is None:
            return _list_kind(ctx, source.args[0], None, depth + 1)
        return None
    if isinstance(source, (ast.ListComp, ast.GeneratorExp)) and index is None and len(source.generators) == 1:
        gen = source.generators[0]
        if isinstance(source.elt, ast.Name) and isinstance(gen.target, ast.Name) and source.elt.id == gen.target.id:
            return _list_kind(ctx, gen.iter, None, depth + 1)
        return None
    if isinstance(source, ast.Name) and index is None:
        values = [b.value for b in ctx.lookup(source.id) if b.kind == ASSIGN and b.value is not None]
        if len(values) == 1 and len(ctx.lookup(source.id)) == 1:
            return _list_kind(ctx, values[0], None, depth + 1)
    return None


def _member_name(ctx, expr: ast.AST) -> str | None:
    """`info.filename`, `member.name` or `name` (from `namelist()`): the text of the member's name;
    also its pieces, `*name.split("/")`."""
    if isinstance(expr, ast.Starred):
        expr = expr.value
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr in ("split", "rsplit"):
        expr = expr.func.value
    if isinstance(expr, ast.Attribute) and expr.attr in _MEMBER_NAME_ATTRS and isinstance(expr.value, ast.Name):
        return ast.unparse(expr) if _member_kind(ctx, expr.value.id) == "info" else None
    if isinstance(expr, ast.Name):
        if _member_kind(ctx, expr.id) == "name":
            return expr.id
        return expr.id if _derived_member_name(ctx, ctx.lookup(expr.id)) else None
    return None


def _derived_member_name(ctx, bindings, depth: int = 0) -> bool:
    """Every binding holds a member's name or text made from it: `name = member.name`,
    `name = self.split_leading_dir(name)[1]`, `name = name.lstrip("/")` (Django's archive extraction
    before CVE-2021-3281). A variable rewritten from itself is judged by the bindings reaching it."""
    if not bindings or depth > 4:
        return False
    for binding in bindings:
        if binding.kind == LOOP and binding.value is not None:
            if _list_kind(ctx, binding.value, binding.index, 0) != "name":
                return False
        elif binding.kind == ASSIGN and binding.value is not None:
            if not any(_holds_member_name(ctx, sub, binding, depth)
                       for sub in ast.walk(binding.value) if isinstance(sub, (ast.Name, ast.Attribute))):
                return False
        else:
            return False
    return True


def _holds_member_name(ctx, sub: ast.AST, binding, depth: int) -> bool:
    if isinstance(sub, ast.Attribute):
        return sub.attr in _MEMBER_NAME_ATTRS and isinstance(sub.value, ast.Name) \
            and _member_kind(ctx, sub.value.id) == "info"
    if not isinstance(sub, ast.Name) or not isinstance(sub.ctx, ast.Load):
        return False
    if sub.id != binding.name:
        return _member_kind(ctx, sub.id) == "name"
    earlier = ctx.model.lookup(sub.id, scope=binding.scope, branch=binding.branch, before_seq=binding.seq)
    return _derived_member_name(ctx, earlier, depth + 1)


def _writes_and_unchecked(ctx) -> bool:
    func = enclosing_function(ctx)
    if func is None:
        return False
    writes = False
    for sub in ast.walk(func):
        if isinstance(sub, ast.Call):
            name = ctx.qualified_name(sub.func)
            method = sub.func.attr if isinstance(sub.func, ast.Attribute) else None
            if name in _CHECK_CALLS or method in _CHECK_METHODS:
                return False
            if name in ("open", "io.open", "builtins.open") or method == "open" and name is None:
                mode = sub.args[1] if len(sub.args) > 1 else next((k.value for k in sub.keywords if k.arg == "mode"),
                                                                  None)
                text = ctx.string(mode) if mode is not None else None
                writes = writes or (text is not None and any(c in text for c in "wax+"))
            elif method in _WRITE_METHODS:
                writes = True
        elif isinstance(sub, ast.Constant) and sub.value == "..":
            return False  # `if ".." in name` / `name.split("/")` checks
    return writes


@rule(
    "SR505",
    title="Archive member name joined into a destination path (zip slip)",
    cwe=22,
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    calls=tuple(_JOINS),
    nodes=(ast.BinOp,),
    fix="Resolve the joined path and check it stays inside the destination "
        "(`os.path.commonpath([root, os.path.realpath(target)]) == root`), or let the library extract: "
        "`zipfile.ZipFile.extract()` / `tarfile` with `filter=\"data\"`.",
)
def zip_slip(ctx, node: ast.AST):
    """## What it does
    Flags `os.path.join(dest, info.filename)`, `Path(dest) / member.name` and the like, where the
    name comes from a loop over a zip or tar archive's members (`infolist()`, `namelist()`,
    `getmembers()`, `getnames()`, iterating a `TarFile`), in a function that writes files and does
    no containment check (`realpath`/`abspath`/`normpath`/`commonpath`/`basename`,
    `Path.resolve()`/`is_relative_to()`, a test for `".."`).

    ## Why is this bad?
    Member names are chosen by whoever made the archive: `../../.ssh/authorized_keys` or an
    absolute path makes the program write outside the destination directory ("zip slip"),
    overwriting code, configuration or credentials.

    ## Example
    ```python
    import os
    import zipfile

    def unpack(archive_path, dest):
        with zipfile.ZipFile(archive_path) as archive:
            for info in archive.infolist():
                target = os.path.join(dest, info.filename)
                with open(target, "wb") as out:
                    out.write(archive.read(info))
    ```

    ## Use instead
    ```python
    import os
    import zipfile

    def unpack(archive_path, dest):
        root = os.path.realpath(dest)
        with zipfile.ZipFile(archive_path) as archive:
            for info in archive.infolist():
                target = os.path.realpath(os.path.join(root, info.filename))
                if os.path.commonpath([root, target]) != root:
                    raise ValueError(info.filename)
                with open(target, "wb") as out:
                    out.write(archive.read(info))
    ```
    """
    if isinstance(node, ast.BinOp):
        if not isinstance(node.op, ast.Div):
            return None
        parts = [node.right]
    else:
        parts = list(node.args[1:])
    names = [n for n in (_member_name(ctx, p) for p in parts) if n]
    if not names or not _writes_and_unchecked(ctx):
        return None
    return Report(node, f"`{names[0]}` is an archive member name chosen by the archive's author: joined into the "
                        "destination path unchecked, `../` or an absolute name writes outside it.")
