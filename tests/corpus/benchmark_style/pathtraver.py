"""Path traversal test cases: the file name comes from the request, or looks like it does."""
import codecs
import os
import pathlib

from flask import Flask, request
from werkzeug.utils import secure_filename

from .helpers import things

app = Flask(__name__)
TESTFILES_DIR = "/srv/testfiles/"


@app.route("/pathtraver-00/t201")
def t201():
    param = request.args.get("t201", "")
    bar = things.pass_through(param)
    file_name = TESTFILES_DIR + bar
    with open(file_name, "rb") as fd:  # expect: CWE-22
        return fd.read(100)


@app.route("/pathtraver-00/t202")
def t202():
    param = request.args.get("t202", "")
    bar = things.constant_instead(param)
    file_name = TESTFILES_DIR + bar
    with open(file_name, "rb") as fd:  # safe: CWE-22
        return fd.read(100)


@app.route("/pathtraver-00/t203")
def t203():
    param = request.cookies.get("t203", "")
    bar = os.path.basename(param)
    with open(os.path.join(TESTFILES_DIR, bar)) as fd:  # safe: CWE-22
        return fd.read()


@app.route("/pathtraver-00/t204")
def t204():
    param = request.cookies.get("t204", "")
    with open(os.path.join(TESTFILES_DIR, secure_filename(param))) as fd:  # safe: CWE-22
        return fd.read()


@app.route("/pathtraver-00/t205")
def t205():
    param = request.cookies.get("t205", "")
    path = pathlib.Path(TESTFILES_DIR) / param
    return path.read_text()  # expect: CWE-22


@app.route("/pathtraver-00/t206")
def t206():
    param = request.cookies.get("t206", "")
    param = "FileName"
    path = pathlib.Path(TESTFILES_DIR, param)
    return path.read_text()  # safe: CWE-22


@app.route("/pathtraver-00/t207/<path:rest>")
def t207(rest):
    # the rule has a variable part: the path's last segment is the client's
    parts = request.path.split("/")
    param = parts[-1]
    thing = things.ThingOne()
    bar = thing.do_something(param)
    with codecs.open(os.path.join(TESTFILES_DIR, bar), "r", "utf-8") as fd:  # expect: CWE-22
        return fd.read()


@app.route("/pathtraver-00/t208")
def t208():
    parts = request.path.split("/")
    param = parts[-1]
    thing = things.ThingTwo()
    bar = thing.do_something(param)
    with codecs.open(os.path.join(TESTFILES_DIR, bar), "r", "utf-8") as fd:  # safe: CWE-22
        return fd.read()


@app.route("/pathtraver-00/t209", methods=["POST"])
def t209():
    param = request.get_data(as_text=True)
    bar = "%s" % param
    os.remove(TESTFILES_DIR + bar)  # expect: CWE-22
    return "removed"


@app.route("/pathtraver-00/t210/<name>")
def t210(name):
    bar = "{0}".format(name)
    with open(f"{TESTFILES_DIR}{bar}") as fd:  # expect: CWE-22
        return fd.read()


@app.route("/pathtraver-00/t230")
def t230():
    # a fixed rule: the path is exactly "/pathtraver-00/t230", its second segment a constant
    segments = request.path.split("/")
    name = segments[1]
    with open(os.path.join(TESTFILES_DIR, name)) as fd:  # safe: CWE-22
        return fd.read()


@app.route("/pathtraver-00/t231", methods=["GET"])
@app.route("/pathtraver-00/t231-legacy", methods=["GET"])
def t231():
    # two fixed rules: the path is one of two constants
    with open(TESTFILES_DIR + request.path.rsplit("/", 1)[-1]) as fd:  # safe: CWE-22
        return fd.read()


@app.route("/pathtraver-00/t232/<path:where>")
def t232(where):
    # the rule has a path converter: the path carries whatever the client wrote there, slashes included
    last = request.path.split("/t232/")[-1]
    with open(os.path.join(TESTFILES_DIR, last)) as fd:  # expect: CWE-22
        return fd.read()


@app.route("/pathtraver-00/t233")
def t233():
    # the full path includes the query string, which the client chooses
    with open(os.path.join(TESTFILES_DIR, request.full_path.split("?")[-1])) as fd:  # expect: CWE-22
        return fd.read()


@app.route("/pathtraver-00/t234")
def t234():
    # whether a file exists, for any path the client names
    report = request.args.get("report", "")
    if os.path.exists(os.path.join(TESTFILES_DIR, report)):  # expect: CWE-22
        return "ready"
    return "not yet"


@app.route("/pathtraver-00/t235")
def t235():
    report = request.cookies.get("report", "")
    candidate = pathlib.Path(TESTFILES_DIR) / report
    return "ready" if candidate.is_file() else "not yet"  # expect: CWE-22


@app.route("/pathtraver-00/t236")
def t236():
    report = os.path.basename(request.args.get("report", ""))
    if os.path.isfile(os.path.join(TESTFILES_DIR, report)):  # safe: CWE-22
        return "ready"
    return "not yet"


@app.route("/pathtraver-00/t237")
def t237():
    # the resolved path's text must start with the base's text: `..` cannot leave the base
    wanted = request.cookies.get("t237", "")
    base = pathlib.Path(TESTFILES_DIR)
    target = (base / wanted).resolve()
    if not str(target).startswith(str(base)):
        return "Invalid path."
    return target.read_text()  # safe: CWE-22


@app.route("/pathtraver-00/t238")
def t238():
    # the same test on the joined path before resolving it: "a/../../etc/passwd" starts with the base
    wanted = request.cookies.get("t238", "")
    base = pathlib.Path(TESTFILES_DIR)
    target = base / wanted
    if not str(target).startswith(str(base)):
        return "Invalid path."
    return target.read_text()  # expect: CWE-22


@app.route("/pathtraver-00/t239")
def t239():
    # a prefix the client chose confines nothing
    wanted = request.args.get("t239", "")
    root = request.args.get("root", "/")
    target = (pathlib.Path(TESTFILES_DIR) / wanted).resolve()
    if not target.as_posix().startswith(root):
        return "Invalid path."
    return target.read_text()  # expect: CWE-22


@app.route("/pathtraver-00/t240")
def t240():
    # the textbook check: the absolute, normalised path must lie under the absolute base and its separator
    wanted = request.args.get("t240", "")
    target = os.path.abspath(os.path.join(TESTFILES_DIR, wanted))
    if not target.startswith(os.path.abspath(TESTFILES_DIR) + os.sep):
        return "Invalid path."
    with open(target) as fd:  # safe: CWE-22
        return fd.read()
