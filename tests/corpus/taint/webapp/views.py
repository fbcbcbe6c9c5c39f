"""Views of the shop: request data flows into helpers defined in other modules."""
from flask import Flask, request

from taint.webapp.db import find_user, order_total, query
from .helpers import Archiver, build_ping, constant_banner, normalise, quoted_ping, read_report, run

app = Flask(__name__)


@app.route("/ping")
def ping():
    host = request.args.get("host", "localhost")
    command = build_ping(host)
    return run(command).stdout


@app.route("/ping-quoted")
def ping_quoted():
    host = request.args.get("host", "localhost")
    return run(quoted_ping(host)).stdout


@app.route("/banner")
def banner():
    return run("echo " + constant_banner()).stdout


@app.route("/reports/<name>")
def report(name):
    return read_report(normalise(name))


@app.route("/search")
def search():
    term = request.args["q"]
    return {"rows": query("SELECT * FROM products WHERE title LIKE '%" + term + "%'")}


@app.route("/user")
def user():
    return {"user": find_user(request.args["name"]), "total": order_total(request.args["order"])}


@app.route("/archive", methods=["POST"])
def archive():
    job = Archiver(request.form["folder"])
    return {"status": job.archive()}
