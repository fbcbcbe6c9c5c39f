"""A small calculator service that evaluates expressions."""
import ast

ALLOWED = "1 + 2"


def evaluate(expression):
    return eval(expression)  # expect: CWE-95


def evaluate_literal(expression):
    return ast.literal_eval(expression)  # safe: CWE-95


def evaluate_default():
    return eval(ALLOWED)  # safe: CWE-95
