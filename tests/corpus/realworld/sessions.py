"""Session cookie handling for the dashboard."""
from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/remember", methods=["POST"])
def remember():
    response = make_response("ok")
    response.set_cookie("remember_token", request.form["token"])  # expect: CWE-614
    return response


@app.route("/remember-safe", methods=["POST"])
def remember_safe():
    response = make_response("ok")
    response.set_cookie("remember_token", request.form["token"], secure=True, httponly=True, samesite="Lax")  # safe: CWE-614
    return response


@app.route("/logout", methods=["POST"])
def logout():
    response = make_response("bye")
    response.set_cookie("remember_token", "", max_age=0)  # safe: CWE-614
    response.set_cookie("theme", "", expires=0)  # safe: CWE-614
    return response


@app.route("/shorten", methods=["POST"])
def shorten():
    response = make_response("ok")
    response.set_cookie("remember_token", request.form["token"], max_age=60)  # expect: CWE-614
    return response
