"""Look-alikes a taint engine must tell apart: containers, guards, overwrites, dead branches."""
import os
import re
import subprocess

from flask import Flask, abort, request

app = Flask(__name__)
COMMANDS = {"disk": "df -h", "memory": "free -m"}
ALLOWED_USERS = ["alice", "bob"]
VERBOSE = False


@app.route("/list-index")
def list_index():
    parts = ["uptime"]
    parts.append(request.args["extra"])
    first = parts.pop(0)
    subprocess.run(first, shell=True)  # safe: CWE-78
    subprocess.run(parts[0], shell=True)  # expect: CWE-78
    return "ok"


@app.route("/list-insert")
def list_insert():
    parts = ["uptime", "whoami"]
    parts.insert(0, request.args["extra"])
    parts.remove("uptime")
    subprocess.run(parts[1], shell=True)  # safe: CWE-78
    subprocess.run(parts[0], shell=True)  # expect: CWE-78
    return "ok"


@app.route("/dict-key")
def dict_key():
    options = {"cmd": "ls -l", "user": request.args["user"]}
    subprocess.run(options["cmd"], shell=True)  # safe: CWE-78
    subprocess.run("id " + options["user"], shell=True)  # expect: CWE-78
    return "ok"


@app.route("/lookup")
def lookup():
    command = COMMANDS.get(request.args["what"], "uptime")
    subprocess.run(command, shell=True)  # safe: CWE-78
    return "ok"


@app.route("/tuple")
def tuple_unpack():
    program, argument = "echo", request.args["text"]
    subprocess.run(program, shell=True)  # safe: CWE-78
    subprocess.run(program + " " + argument, shell=True)  # expect: CWE-78
    return "ok"


@app.route("/overwrite")
def overwrite():
    name = request.args["name"]
    name = "nobody"
    subprocess.run("finger " + name, shell=True)  # safe: CWE-78
    return "ok"


@app.route("/dead")
def dead():
    name = request.args["name"]
    if VERBOSE:
        subprocess.run("finger " + name, shell=True)
    if 7 * 18 > 200:
        name = "root"
    subprocess.run("finger " + name, shell=True)  # expect: CWE-78
    return "ok"


@app.route("/regex")
def regex_guard():
    user = request.args["user"]
    if not re.fullmatch(r"[a-z]{1,16}", user):
        abort(400)
    subprocess.run("id " + user, shell=True)  # safe: CWE-78
    return "ok"


@app.route("/regex-loose")
def regex_loose():
    user = request.args["user"]
    if not re.match(r"[a-z]", user):
        abort(400)
    subprocess.run("id " + user, shell=True)  # expect: CWE-78
    return "ok"


@app.route("/allow-list")
def allow_list():
    user = request.args["user"]
    if user in ALLOWED_USERS:
        subprocess.run("id " + user, shell=True)  # safe: CWE-78
    subprocess.run("id " + user, shell=True)  # expect: CWE-78
    return "ok"


@app.route("/quote-guard")
def quote_guard():
    user = request.args["user"]
    cursor = request.environ["db"].cursor()
    if "'" in user:
        return "bad user", 400
    cursor.execute("SELECT * FROM users WHERE name = '" + user + "'")  # safe: CWE-89
    subprocess.run("id " + user, shell=True)  # expect: CWE-78
    return "ok"


@app.route("/html-then-sql")
def html_then_sql():
    import html

    name = html.escape(request.args["name"])
    cursor = request.environ["db"].cursor()
    cursor.execute("SELECT * FROM users WHERE name = '" + name + "'")  # expect: CWE-89
    return "<p>" + name + "</p>"  # safe: CWE-79


@app.route("/comprehension")
def comprehension():
    names = [n.strip() for n in request.args["names"].split(",")]
    subprocess.run("id " + " ".join(names), shell=True)  # expect: CWE-78
    sizes = [len(n) for n in names]
    subprocess.run("echo " + str(sum(sizes)), shell=True)  # safe: CWE-78
    return "ok"


@app.route("/lambda")
def lambda_flow():
    wrap = lambda value: "echo " + value  # noqa: E731
    subprocess.run(wrap(request.args["text"]), shell=True)  # expect: CWE-78
    subprocess.run(wrap("constant"), shell=True)  # safe: CWE-78
    return "ok"


@app.route("/loop")
def loop_flow():
    command = "echo"
    for word in request.args.getlist("word"):
        command += " " + word
    subprocess.run(command, shell=True)  # expect: CWE-78
    return "ok"


@app.route("/roundtrip")
def roundtrip():
    import base64
    import urllib.parse

    encoded = base64.b64encode(request.args["data"].encode())
    decoded = base64.b64decode(encoded).decode()
    subprocess.run("echo " + decoded, shell=True)  # expect: CWE-78
    quoted = urllib.parse.quote(request.args["data"])
    os.system("echo " + urllib.parse.unquote(quoted))  # expect: CWE-78
    return "ok"


def generate(values):
    for value in values:
        yield "echo " + value


@app.route("/generator")
def generator_flow():
    for command in generate(request.args.getlist("v")):
        subprocess.run(command, shell=True)  # expect: CWE-78
    return "ok"
