import random
import secrets

import flask
from flask import Flask

app = Flask(__name__)


@app.route("/weakrand-00/BenchmarkTest00101")
def benchmark_test_00101():
    value = random.random()
    remember_me = str(value)[2:]
    response = flask.make_response("Welcome back")
    response.set_cookie("rememberMe", remember_me, secure=True, httponly=True)  # expect: CWE-338
    flask.session["rememberMe"] = remember_me  # expect: CWE-338
    return response


@app.route("/weakrand-00/BenchmarkTest00102")
def benchmark_test_00102():
    remember_me = secrets.token_urlsafe(16)
    response = flask.make_response("Welcome back")
    response.set_cookie("rememberMe", remember_me, secure=True, httponly=True)  # safe: CWE-338
    flask.session["rememberMe"] = remember_me  # safe: CWE-338
    return response


@app.route("/weakrand-00/BenchmarkTest00103")
def benchmark_test_00103():
    rng = random.SystemRandom()
    remember_me = str(rng.getrandbits(64))
    response = flask.make_response("Welcome back")
    response.set_cookie("rememberMe", remember_me, secure=True, httponly=True)  # safe: CWE-338
    return response


@app.route("/weakrand-00/BenchmarkTest00104")
def benchmark_test_00104():
    theme = flask.request.args.get("theme", "light")
    response = flask.make_response("ok")
    response.set_cookie("theme", theme, secure=True, httponly=True)  # safe: CWE-338
    return response
