"""Deserialization and code injection test cases."""
import base64
import functools
import pickle

import yaml
from flask import Flask, request

app = Flask(__name__)


def identity(value, suffix=""):
    return value + suffix


@app.route("/deserialization-00/t501", methods=["POST"])
def t501():
    param = request.form.get("t501", "")
    obj = pickle.loads(base64.b64decode(param))  # expect: CWE-502
    return str(obj)


@app.route("/deserialization-00/t502", methods=["POST"])
def t502():
    param = request.get_data()
    obj = yaml.load(param, Loader=yaml.Loader)  # expect: CWE-502
    return str(obj)


@app.route("/deserialization-00/t503", methods=["POST"])
def t503():
    param = request.get_data()
    obj = yaml.load(param, Loader=yaml.SafeLoader)  # safe: CWE-502
    return str(obj)


@app.route("/codeinj-00/t504")
def t504():
    param = request.args.get("t504", "")
    bar = functools.partial(identity, suffix="")(param)
    result = eval(bar)  # expect: CWE-95
    return str(result)


@app.route("/codeinj-00/t505")
def t505():
    param = request.args.get("t505", "")
    num = 106
    bar = "1 + 1" if (7 * 42) - num > 200 else param
    result = eval(bar)  # expect: CWE-95
    return str(result)


@app.route("/codeinj-00/t506")
def t506():
    param = request.args.get("t506", "")
    num = 86
    bar = "1 + 1" if (7 * 42) - num > 200 else param
    result = eval(bar)  # safe: CWE-95
    return str(result)


@app.route("/codeinj-00/t507", methods=["POST"])
def t507():
    param = request.form.get("t507", "")
    switch_target = "B"
    if switch_target == "A":
        bar = param
    elif switch_target == "B":
        bar = "print('bob')"
    else:
        bar = param
    exec(bar)  # safe: CWE-94
    return "done"


@app.route("/codeinj-00/t508", methods=["POST"])
def t508():
    param = request.form.get("t508", "")
    switch_target = "C"
    if switch_target == "A":
        bar = "print('bob')"
    elif switch_target == "B":
        bar = "print('bob')"
    else:
        bar = param
    exec(bar)  # expect: CWE-94
    return "done"


@app.route("/codeinj-00/t509", methods=["POST"])
def t509():
    param = request.form.get("t509", "")
    sb = ""
    for ch in param:
        sb += ch
    exec("x = '" + sb + "'")  # expect: CWE-94
    return "done"


@app.route("/deserialization-00/t520", methods=["POST"])
def t520():
    # one of two fixed blobs, whichever the request asks for: the bytes unpickled are the program's own
    blob = "gASVBQAAAAAAAACMAWGULg==" if request.form.get("short") else "gASVBgAAAAAAAACMAmJilC4="
    return str(pickle.loads(base64.urlsafe_b64decode(blob)))  # safe: CWE-502


@app.route("/deserialization-00/t521", methods=["POST"])
def t521():
    # `match` on a fixed letter: the request's text is never the document
    param = request.form.get("t521", "")
    letter = "ABC"[1]
    match letter:
        case "A":
            document = param
        case "B":
            document = "name: fixed"
        case _:
            document = "name: other"
    return str(yaml.load(document, Loader=yaml.Loader))  # safe: CWE-502


@app.route("/deserialization-00/t522", methods=["POST"])
def t522():
    # the request's text is stored under one key, the document read back from the other
    param = request.form.get("t522", "")
    table = {}
    table["fixed"] = "name: fixed"
    table["given"] = param
    document = table["given"]
    document = table["fixed"]
    return str(yaml.load(document, Loader=yaml.Loader))  # safe: CWE-502


@app.route("/deserialization-00/t523", methods=["POST"])
def t523():
    # ... and the same table read back under the request's key
    param = request.form.get("t523", "")
    table = {"fixed": "name: fixed", "given": param}
    document = table["given"]
    return str(yaml.load(document, Loader=yaml.Loader))  # expect: CWE-502
