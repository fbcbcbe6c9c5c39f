"""The request object passed whole to the project's own helpers: what they read from it is request data."""
import os
import random
import secrets
import subprocess

from flask import Flask, request

from .helpers import request_access
from .helpers.request_access import RequestReader, remembered_sessions

app = Flask(__name__)
UPLOADS = "/srv/uploads"


@app.route("/wrapped/w101", methods=["POST"])
def w101():
    reader = RequestReader(request)
    name = reader.form_value("w101") or ""
    return f"<p>Saved {name}</p>"  # expect: CWE-79


@app.route("/wrapped/w102", methods=["POST"])
def w102():
    reader = RequestReader(request)
    label = reader.method_name()
    return f"<p>{label}</p>"  # safe: CWE-79


@app.route("/wrapped/w103")
def w103():
    target = request_access.query_value(request, "w103")
    with open(os.path.join(UPLOADS, target)) as fd:  # expect: CWE-22
        return fd.read()


@app.route("/wrapped/w104")
def w104():
    if request_access.is_json_post(request):
        subprocess.run("echo json", shell=True)  # safe: CWE-78
    return "ok"


@app.route("/wrapped/w105")
def w105():
    reader = RequestReader(request)
    host = reader.header_value("X-Host")
    subprocess.run(f"ping -c 1 {host}", shell=True)  # expect: CWE-78
    return "ok"


@app.route("/wrapped/w106")
def w106():
    # the request's method alone is no attacker text worth a finding
    verb = request.method
    return f"<p>{verb}</p>"  # safe: CWE-79


@app.route("/wrapped/w107")
def w107():
    cookie_name = "remember-w107"
    remembered = str(random.getrandbits(48))
    remembered_sessions[cookie_name] = remembered  # expect: CWE-338
    return "remembered"


@app.route("/wrapped/w108")
def w108():
    cookie_name = "remember-w108"
    remembered_sessions[cookie_name] = secrets.token_hex(16)  # safe: CWE-338
    return "remembered"


@app.route("/wrapped/w109")
def w109():
    # a random pick kept in a cache that is no session store
    colour_cache = {}
    colour_cache["banner"] = random.choice(["red", "green"])  # safe: CWE-338
    return colour_cache["banner"]
