"""SQL injection test cases: containers, configuration objects and string tricks."""
import base64
import configparser
import sqlite3
import urllib.parse

from flask import Flask, request

app = Flask(__name__)


def connection():
    return sqlite3.connect("benchmark.db")


@app.route("/sqli-00/t101")
def t101():
    param = request.args.get("t101", "")
    d = {}
    d["keyA"] = "a-Value"
    d["keyB"] = param
    d["keyC"] = "another-Value"
    bar = d["keyB"]
    cur = connection().cursor()
    cur.execute(f"SELECT * FROM users WHERE name = '{bar}'")  # expect: CWE-89
    return "done"


@app.route("/sqli-00/t102")
def t102():
    param = request.args.get("t102", "")
    d = {}
    d["keyA"] = "a-Value"
    d["keyB"] = param
    d["keyC"] = "another-Value"
    bar = "safe!"
    bar = d["keyB"]
    bar = d["keyA"]
    cur = connection().cursor()
    cur.execute(f"SELECT * FROM users WHERE name = '{bar}'")  # safe: CWE-89
    return "done"


@app.route("/sqli-00/t103")
def t103():
    param = request.args.get("t103", "")
    d = {"keyA": "a-Value"}
    d["keyB"] = param
    bar = d.get("keyB")
    sql = "SELECT * FROM users WHERE name = '%s'" % bar
    connection().execute(sql)  # expect: CWE-89
    return "done"


@app.route("/sqli-00/t104")
def t104():
    param = request.args.get("t104", "")
    d = {"keyA": "a-Value"}
    d["keyB"] = param
    bar = d.get("keyA")
    sql = "SELECT * FROM users WHERE name = '%s'" % bar
    connection().execute(sql)  # safe: CWE-89
    return "done"


@app.route("/sqli-00/t105", methods=["POST"])
def t105():
    param = request.form.get("t105", "")
    bar = "safe!"
    conf = configparser.ConfigParser()
    conf.add_section("section")
    conf.set("section", "keyA", "a_Value")
    conf.set("section", "keyB", param)
    bar = conf.get("section", "keyB")
    sql = "SELECT * FROM users WHERE name = '" + bar + "'"
    connection().cursor().execute(sql)  # expect: CWE-89
    return "done"


@app.route("/sqli-00/t106", methods=["POST"])
def t106():
    param = request.form.get("t106", "")
    bar = "safe!"
    conf = configparser.ConfigParser()
    conf.add_section("section")
    conf.set("section", "keyA", "a_Value")
    conf.set("section", "keyB", param)
    bar = conf.get("section", "keyA")
    sql = "SELECT * FROM users WHERE name = '" + bar + "'"
    connection().cursor().execute(sql)  # safe: CWE-89
    return "done"


@app.route("/sqli-00/t107")
def t107():
    param = request.args.get("t107", "")
    sql = "SELECT * FROM users WHERE name = ?"
    connection().cursor().execute(sql, (param,))  # safe: CWE-89
    return "done"


@app.route("/sqli-00/t108")
def t108():
    param = request.headers.get("t108", "")
    tmp = base64.b64encode(param.encode("utf-8"))
    bar = base64.b64decode(tmp).decode("utf-8")
    connection().executescript("UPDATE users SET flag = 1 WHERE name = '{}'".format(bar))  # expect: CWE-89
    return "done"


@app.route("/sqli-00/t109")
def t109():
    param = urllib.parse.unquote_plus(request.headers.get("t109", ""))
    bar = param[::-1][::-1]
    cur = connection().cursor()
    cur.execute("SELECT * FROM users WHERE name = '" + bar + "'")  # expect: CWE-89
    return "done"


@app.route("/sqli-00/t110")
def t110():
    param = request.args.get("t110", "")
    bar = "guest"[::-1][::-1]
    cur = connection().cursor()
    cur.execute("SELECT * FROM users WHERE name = '" + bar + "'")  # safe: CWE-89
    ignored = param
    return "done"


@app.route("/sqli-00/t111")
def t111():
    query = urllib.parse.parse_qs(request.query_string.decode())
    param = query.get("t111", [""])[0]
    cur = connection().cursor()
    cur.execute("DELETE FROM users WHERE name = '%s'" % param)  # expect: CWE-89
    return "done"


@app.route("/sqli-00/t112")
def t112():
    param = request.args.get("t112", "")
    cur = connection().cursor()
    cur.execute("SELECT * FROM users WHERE id = " + str(int(param)))  # safe: CWE-89
    return "done"


@app.route("/sqli-00/t113")
def t113():
    # a fixed route: the path's first segment is "sqli-00", and encoding it back and forth keeps it constant
    segment = request.path.split("/")[1]
    packed = base64.b64encode(segment.encode("utf-8"))
    name = base64.b64decode(packed).decode("utf-8")
    cur = connection().cursor()
    cur.execute(f"SELECT * FROM users WHERE team = '{name}'")  # safe: CWE-89
    return "done"


@app.route("/sqli-00/t114")
def t114():
    # the same round trip on a query parameter keeps the client's text
    packed = base64.urlsafe_b64encode(request.args.get("team", "").encode("utf-8"))
    name = base64.urlsafe_b64decode(packed).decode("utf-8")
    cur = connection().cursor()
    cur.execute(f"SELECT * FROM users WHERE team = '{name}'")  # expect: CWE-89
    return "done"


@app.route("/sqli-00/t115")
def t115():
    label = urllib.parse.unquote_plus("night+shift")
    cur = connection().cursor()
    cur.execute("SELECT * FROM users WHERE shift = '" + label.upper() + "'")  # safe: CWE-89
    return "done"
