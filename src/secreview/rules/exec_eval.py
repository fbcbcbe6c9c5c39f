"""Dynamic code evaluation: eval / exec / compile / dynamic import on data that is not a literal.

CWE choice: `eval`, `exec` and `compile` of a non-constant string are all CWE-95 (Eval Injection: input
reaches "a dynamic evaluation call"); CWE-94 is its Base parent, kept for code generation in general.
Importing a module whose name is computed is CWE-470 (Unsafe Reflection: input selects the code that runs).
"""
from __future__ import annotations

import ast

from secreview.findings import Confidence, Severity
from secreview.rules._sinks import NUMERIC, all_sanitized, call_qualname, constant_like_leaf, resolve, short
from secreview.rules.api import Report, rule

_EVALUATORS = ("eval", "exec", "builtins.eval", "builtins.exec")
_COMPILERS = ("compile", "builtins.compile")


def _code_argument(ctx, call: ast.Call) -> ast.expr | None:
    """The source argument of eval/exec; a code object from `compile(src, ...)` stands for `src`.

    `exec(compile(src, ...))` is reported once, by the compile rule, at the compile call.
    """
    arg = ctx.argument(call, 0, "source") or ctx.argument(call, 0, "expression") or ctx.argument(call, 0, "object")
    if call_qualname(ctx, arg) in _COMPILERS:
        return None
    compiled = resolve(ctx, arg)
    if call_qualname(ctx, compiled) in _COMPILERS:
        return ctx.argument(compiled, 0, "source")
    return arg


# PEP 451 loader methods: they run a module's own code object in the module's namespace, exactly as `import` does.
_LOADER_METHODS = frozenset({"exec_module", "load_module"})


def _generated_from_constants(ctx, expr: ast.expr) -> bool:
    """Code text whose every variable piece is a number (`"i%d" % i for i in range(n)`) or an UPPER_CASE constant."""
    return all_sanitized(ctx, expr, NUMERIC, lambda leaf, _: constant_like_leaf(leaf))


def _in_import_loader(ctx) -> bool:
    scope = ctx.model.enclosing_function()
    return scope is not None and getattr(scope.node, "name", None) in _LOADER_METHODS


def _dynamic(ctx, call: ast.Call, what: str):
    arg = _code_argument(ctx, call)
    if arg is None or ctx.is_constant(arg) or _generated_from_constants(ctx, arg):
        return None
    if what == "exec" and _in_import_loader(ctx):
        return None
    return Report(call, f"`{what}()` runs `{short(arg)}`, which is not a constant; "
                        "whoever controls that value can run arbitrary Python code.")


@rule(
    "SR101",
    title="eval() of a non-literal expression",
    cwe=95,
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    calls=("eval", "builtins.eval"),
    tags=("sink",),
    fix="Parse the data instead of evaluating it: `ast.literal_eval` for Python literals, `json.loads` for JSON, "
    "or a lookup table of allowed operations.",
)
def eval_call(ctx, call: ast.Call):
    """## What it does
    Flags `eval()` whose argument is not a constant string.

    ## Why is this bad?
    `eval` runs its argument as Python. If any part of it can come from a user, a file or the
    network, an attacker can run arbitrary code in the process (eval injection).

    ## Example
    ```python
    def compute(expression):
        return eval(expression)
    ```

    ## Use instead
    ```python
    import ast

    def compute(expression):
        return ast.literal_eval(expression)
    ```
    """
    return _dynamic(ctx, call, "eval")


@rule(
    "SR102",
    title="exec() of non-constant code",
    cwe=94,
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    calls=("exec", "builtins.exec"),
    tags=("sink",),
    fix="Do not execute generated code: dispatch to existing functions through a dictionary, or load "
    "plugins with a fixed, allow-listed set of module names.",
)
def exec_call(ctx, call: ast.Call):
    """## What it does
    Flags `exec()` whose code argument is not a constant string. A constant (even a folded one,
    such as a module-level template string) is not reported.

    ## Why is this bad?
    `exec` runs statements with the full power of the process. Code assembled from data lets
    whoever controls the data run arbitrary Python (code injection: whole statements, not just
    an expression as with `eval`).

    ## Example
    ```python
    def run_hook(hook_source):
        exec(hook_source, {})
    ```

    ## Use instead
    ```python
    HOOKS = {"noop": lambda: None}

    def run_hook(name):
        HOOKS[name]()
    ```
    """
    return _dynamic(ctx, call, "exec")


@rule(
    "SR103",
    title="Code compiled from non-constant source and executed",
    cwe=94,
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    calls=_COMPILERS,
    tags=("sink",),
    fix="Do not execute generated code: dispatch to existing functions, or parse data with `ast.literal_eval`.",
)
def compile_call(ctx, call: ast.Call):
    """## What it does
    Flags `exec(compile(source, ...))` / `eval(compile(source, ...))` when `source` is not a
    constant. A `compile()` whose result is not executed on the spot (a syntax check, an AST
    compilation) is not reported; when the code object is executed later through a local name,
    the `exec`/`eval` call is reported instead.

    ## Why is this bad?
    Compiling and running data is eval injection, exactly like `exec(source)`.

    ## Example
    ```python
    def run_plugin(source, namespace):
        exec(compile(source, "<plugin>", "exec"), namespace)
    ```

    ## Use instead
    ```python
    import ast

    def check_plugin(source):
        return ast.parse(source, mode="exec")
    ```
    """
    parent = ctx.parent()
    if not (isinstance(parent, ast.Call) and call_qualname(ctx, parent) in _EVALUATORS and call in parent.args[:1]):
        return None
    source = ctx.argument(call, 0, "source")
    if source is None or ctx.is_constant(source) or _generated_from_constants(ctx, source):
        return None
    flags = ctx.argument(call, 3, "flags")
    if flags is not None and any(isinstance(n, ast.Attribute) and n.attr == "PyCF_ONLY_AST" for n in ast.walk(flags)):
        return None
    return Report(call, f"`compile()` turns `{short(source)}`, which is not a constant, into code that "
                        f"`{call_qualname(ctx, parent)}()` runs.")


_MODULE_IDENTITY = frozenset({"__name__", "__module__", "__package__", "__qualname__"})
_CONFIG_ROOTS = frozenset({"self", "cls", "settings", "config", "conf", "options", "opts"})


def _root_name(expr: ast.AST) -> str | None:
    while isinstance(expr, (ast.Attribute, ast.Subscript, ast.Call)):
        expr = expr.func if isinstance(expr, ast.Call) else expr.value
    return expr.id if isinstance(expr, ast.Name) else None


def _configured(ctx, leaf: ast.AST) -> bool:
    """Module names the program itself chose: object state and settings (`self.backend`, `settings["X"]`),
    names derived from a module's or class's identity (`__name__`, `type(x).__module__`), or numbers."""
    if isinstance(leaf, ast.Name) and leaf.id in _MODULE_IDENTITY:
        return True
    for node in ast.walk(leaf):
        if isinstance(node, ast.Attribute) and node.attr in _MODULE_IDENTITY:
            return True
    if isinstance(leaf, ast.Name):
        return False  # a parameter, a loop variable: whatever the caller passes
    if isinstance(leaf, ast.Call) and ctx.qualified_name(leaf.func) in NUMERIC:
        return True
    return isinstance(leaf, (ast.Attribute, ast.Subscript)) and _root_name(leaf) in _CONFIG_ROOTS


@rule(
    "SR104",
    title="Module imported by a computed name",
    cwe=470,
    severity=Severity.MEDIUM,
    confidence=Confidence.LOW,
    calls=("__import__", "builtins.__import__", "importlib.import_module", "importlib.__import__"),
    tags=("sink",),
    fix="Map the accepted names to modules in an explicit allow-list (`PLUGINS = {\"csv\": csv_plugin}`) "
    "or use entry points.",
)
def dynamic_import(ctx, call: ast.Call):
    """## What it does
    Flags `__import__(name)` and `importlib.import_module(name)` whose module name is not a constant.

    ## Why is this bad?
    Importing a module runs its top-level code. If the name can be influenced from outside, an
    attacker chooses which code is loaded and executed (unsafe reflection), e.g. a module they
    managed to write on `sys.path`, or a standard module with dangerous side effects.

    ## Example
    ```python
    import importlib

    def load_backend(name):
        return importlib.import_module("backends." + name)
    ```

    ## Use instead
    ```python
    from backends import memory, redis

    BACKENDS = {"memory": memory, "redis": redis}

    def load_backend(name):
        return BACKENDS[name]
    ```
    """
    name = ctx.argument(call, 0, "name")
    if name is None or ctx.is_constant(name) or ctx.model.all_origins_are(name, lambda leaf, _: _configured(ctx, leaf)):
        return None
    return Report(call, f"`{ctx.call_qualname}()` imports a module named by `{short(name)}`, which is not a "
                        "constant: its value selects which code runs.")
