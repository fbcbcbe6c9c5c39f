"""Reads expressions from standard input and evaluates them: a script, no functions."""
import sys

expression = sys.stdin.read()
print(eval(expression))  # expect: CWE-95
print(eval(repr(len(expression))))  # safe: CWE-95
