"""Input validators for the signup form."""
import re

USERNAME = re.compile(r"^([a-z0-9]+[-_]?)+$")  # expect: CWE-1333
DOMAIN = re.compile(r"^([a-z0-9]+\.?)+\.example\.org$")  # expect: CWE-1333
SENTENCE = r"^(\w+\s?)*[.!?]$"

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")  # safe: CWE-1333
VERSION = re.compile(r"^(\d+\.)*\d+$")  # safe: CWE-1333
CSV_ROW = re.compile(r"^([^,]+,)*[^,]+$")  # safe: CWE-1333
POSSESSIVE = re.compile(r"^([a-z0-9]+[-_]?)++$")  # safe: CWE-1333


def is_sentence(text):
    return re.match(SENTENCE, text) is not None  # expect: CWE-1333


def words(text):
    return re.findall(r"\w+", text)  # safe: CWE-1333


def has_repeated_token(text, token):
    return re.search(token, text)  # safe: CWE-1333
