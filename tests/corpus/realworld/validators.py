"""Input validation helpers."""
import re

EMAIL = re.compile(r"^([a-zA-Z0-9]+\.?)+@example\.com$")  # expect: CWE-1333
EMAIL_FIXED = re.compile(r"^[a-zA-Z0-9]+(?:\.[a-zA-Z0-9]+)*@example\.com$")  # safe: CWE-1333


def is_slug(value):
    return re.match(r"^(\w+-?)*$", value) is not None  # expect: CWE-1333


def is_slug_fixed(value):
    return re.fullmatch(r"[\w]+(?:-[\w]+)*", value) is not None  # safe: CWE-1333
