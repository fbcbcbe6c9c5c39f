"""A tiny static/media file server used by the preview app."""
import os

from flask import Flask, abort, send_file, send_from_directory

app = Flask(__name__)
MEDIA_ROOT = "/srv/media"


@app.route("/media/<path:name>")
def media(name):
    return send_file(os.path.join(MEDIA_ROOT, name))  # expect: CWE-22


@app.route("/media-safe/<path:name>")
def media_safe(name):
    return send_from_directory(MEDIA_ROOT, name)  # safe: CWE-22


@app.route("/download/<path:name>")
def download(name):
    path = os.path.realpath(os.path.join(MEDIA_ROOT, name))
    if not path.startswith(MEDIA_ROOT + os.sep):
        abort(404)
    return send_file(path)  # safe: CWE-22


def read_asset(base_dir, relative_name):
    with open(os.path.join(base_dir, relative_name), "rb") as fh:  # expect: CWE-22
        return fh.read()


def read_asset_checked(base_dir, relative_name):
    base = os.path.realpath(base_dir)
    path = os.path.realpath(os.path.join(base, relative_name))
    if os.path.commonpath([base, path]) != base:
        raise PermissionError(relative_name)
    with open(path, "rb") as fh:  # safe: CWE-22
        return fh.read()
