"""Downloads checked by the module's own validation helpers before the file is opened."""
import os
import re

from flask import Flask, request, send_file

app = Flask(__name__)
ROOT = "/srv/reports"
_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


def _validate_name(name):
    """Raise unless `name` is a plain file name."""
    if not _NAME.match(name) or ".." in name:
        raise ValueError(f"bad report name {name!r}")


def _require(name):
    if not name:  # only checks that something was given
        raise ValueError("missing name")


def _validate_late(name, strict=False):
    if not strict:
        return
    if not _NAME.match(name):
        raise ValueError("bad name")


def _clean_name(name):
    assert _NAME.match(name), name
    return name


@app.route("/report")
def report():
    name = request.args["name"]
    _validate_name(name)
    return send_file(os.path.join(ROOT, name))  # safe: CWE-22


@app.route("/report-keyword")
def report_keyword():
    name = request.args["name"]
    _validate_name(name=name)
    return send_file(os.path.join(ROOT, name))  # safe: CWE-22


@app.route("/report-returned")
def report_returned():
    name = _clean_name(request.args["name"])
    return send_file(os.path.join(ROOT, name))  # safe: CWE-22


@app.route("/report-unchecked")
def report_unchecked():
    name = request.args["name"]
    _require(name)
    return send_file(os.path.join(ROOT, name))  # expect: CWE-22


@app.route("/report-maybe")
def report_maybe():
    name = request.args["name"]
    _validate_late(name)  # returns before its check unless strict
    return send_file(os.path.join(ROOT, name))  # expect: CWE-22


@app.route("/report-other")
def report_other():
    name = request.args["name"]
    _validate_name(request.args["label"])  # validates another value
    return send_file(os.path.join(ROOT, name))  # expect: CWE-22


# Checks imported from elsewhere in the project: their names say what they validate.
from reports.validation import _validate_report_name, ensure_dir, validate_path_is_safe  # noqa: E402


@app.route("/imported")
def imported():
    name = request.args["name"]
    _validate_report_name(name)
    return send_file(os.path.join(ROOT, name))  # safe: CWE-22


@app.route("/imported-path")
def imported_path():
    path = os.path.join(ROOT, request.args["name"])
    validate_path_is_safe(path)
    return send_file(path)  # safe: CWE-22


@app.route("/imported-dir")
def imported_dir():
    name = request.args["name"]
    ensure_dir(name)  # creates the folder: no check of the name
    return send_file(os.path.join(ROOT, name))  # expect: CWE-22


class ReportView:
    """A class-based view checking names with its own method."""

    def _check(self, name):
        if not _NAME.match(name):
            raise ValueError(name)

    def get(self):
        name = request.args["name"]
        self._check(name)
        return send_file(os.path.join(ROOT, name))  # safe: CWE-22

    def get_unchecked(self):
        name = request.args["name"]
        return send_file(os.path.join(ROOT, name))  # expect: CWE-22


VALID_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


class FileSessions:
    """Session files named by their key, as Django's file backend does."""

    def _key_to_file(self, session_key=None):
        if session_key is None:
            session_key = "new"
        if not set(session_key).issubset(VALID_KEY_CHARS):
            raise ValueError("Invalid characters in session key")
        return os.path.join("/var/sessions", session_key)

    def load(self):
        return open(self._key_to_file(request.cookies["sid"])).read()  # safe: CWE-22

    def load_unchecked(self):
        return open(os.path.join("/var/sessions", request.cookies["sid"])).read()  # expect: CWE-22
