"""Dynamic code evaluation: eval / exec / compile on data that is not a literal."""
from __future__ import annotations

import ast

from secreview.findings import Confidence, Severity
from secreview.rules.api import Report, rule


@rule(
    "SR101",
    title="eval() of a non-literal expression",
    cwe=95,
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    calls=("eval",),
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
    arg = ctx.argument(call, 0, "source") or ctx.argument(call, 0, "expression")
    if arg is None or ctx.is_constant(arg):
        return None
    return Report(call, f"`eval()` evaluates `{ast.unparse(arg)[:80]}`, which is not a constant; "
                        "whoever controls that value can run arbitrary Python code.")
