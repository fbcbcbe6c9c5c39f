import os
import sqlite3

from flask import Flask, request

app = Flask(__name__)
DB = sqlite3.connect(":memory:")


@app.route("/pathtraver-02/BenchmarkTest00301")
def benchmark_test_00301():
    name = request.args.get("BenchmarkTest00301", "")
    if "../" in name:
        return "Invalid file name"
    with open(os.path.join("/srv/benchmark/files", name)) as fh:  # safe: CWE-22
        return fh.read()


@app.route("/pathtraver-02/BenchmarkTest00302")
def benchmark_test_00302():
    name = request.args.get("BenchmarkTest00302", "")
    with open(os.path.join("/srv/benchmark/files", name)) as fh:  # expect: CWE-22
        return fh.read()


@app.route("/sqli-02/BenchmarkTest00303")
def benchmark_test_00303():
    user = request.args.get("BenchmarkTest00303", "")
    if "'" in user:
        return "Invalid user"
    DB.execute("SELECT * FROM users WHERE name = '" + user + "'")  # safe: CWE-89
    return "ok"


@app.route("/sqli-02/BenchmarkTest00304")
def benchmark_test_00304():
    user = request.args.get("BenchmarkTest00304", "")
    if "<script>" in user:  # guards nothing for SQL
        return "Invalid user"
    DB.execute("SELECT * FROM users WHERE name = '" + user + "'")  # expect: CWE-89
    return "ok"
