"""Flask endpoints that sync the mirror and run maintenance tasks."""
import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/sync", methods=["POST"])
def sync():
    try:
        subprocess.run(["rsync", "-a", "/srv/data/", "mirror:/srv/data/"], check=True)
    except subprocess.CalledProcessError as err:
        return f"sync failed: {err}", 500  # expect: CWE-209
    return "", 204


@app.route("/tasks/<int:task_id>/retry", methods=["POST"])
def retry(task_id):
    try:
        attempts = int(request.form["attempts"])
    except (KeyError, ValueError) as err:
        return jsonify(error=f"bad attempts value: {err}"), 400  # safe: CWE-209
    try:
        schedule(task_id, attempts)
    except OSError as err:
        return jsonify(error=str(err)), 503  # expect: CWE-209
    return "", 202


def schedule(task_id, attempts):
    with open("/srv/queue/pending", "a") as handle:
        handle.write(f"{task_id} {attempts}\n")
