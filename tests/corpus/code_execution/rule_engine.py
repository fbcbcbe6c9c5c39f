"""Pricing rules stored as Python snippets (a bad idea kept for the example)."""
import ast
from builtins import eval as evaluate

BOOTSTRAP = "discount = 0\n"


def run_rule(rule_source, order):
    namespace = {"order": order}
    exec(rule_source, namespace)  # expect: CWE-94
    return namespace.get("discount", 0)


def bootstrap():
    namespace = {}
    exec(BOOTSTRAP, namespace)  # safe: CWE-94
    return namespace


def compile_rule(text):
    return compile(text, "<rule>", "eval")  # safe: CWE-95


def apply_rule(text, order):
    code = compile(text, "<rule>", "eval")
    return eval(code, {"order": order})  # expect: CWE-95


def syntax_ok(expression):
    compile(expression, "<check>", "eval")  # safe: CWE-95
    return True


def check_syntax(text):
    return compile(text, "<rule>", "exec", flags=ast.PyCF_ONLY_AST)  # safe: CWE-95


def run_compiled(source, namespace):
    exec(compile(source, "<plugin>", "exec"), namespace)  # expect: CWE-94


def price(expression, prices):
    return evaluate(expression, {"prices": prices})  # expect: CWE-95


def tax_rate():
    return evaluate("0.2" + "0")  # safe: CWE-95
