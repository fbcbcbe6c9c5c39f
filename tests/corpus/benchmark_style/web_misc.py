"""Open redirect, insecure cookie, trust boundary and XXE test cases."""
from flask import Flask, make_response, redirect, request, session
from lxml import etree

app = Flask(__name__)
app.secret_key = open("/etc/app/secret").read()


@app.route("/redirect-00/t601")
def t601():
    param = request.args.get("t601", "")
    bar = param.strip()
    return redirect(bar)  # expect: CWE-601


@app.route("/redirect-00/t602")
def t602():
    param = request.args.get("t602", "")
    d = {"target": "/home"}
    d["other"] = param
    return redirect(d["target"])  # safe: CWE-601


@app.route("/securecookie-00/t603")
def t603():
    param = request.args.get("t603", "")
    response = make_response("stored")
    response.set_cookie("SomeCookie", param, secure=False, httponly=True)  # expect: CWE-614
    return response


@app.route("/securecookie-00/t604")
def t604():
    param = request.args.get("t604", "")
    response = make_response("stored")
    response.set_cookie("SomeCookie", param, secure=True, httponly=True, samesite="Strict")  # safe: CWE-614
    return response


@app.route("/trustbound-00/t605")
def t605():
    param = request.args.get("t605", "")
    session["userid"] = param  # expect: CWE-501
    return "stored"


@app.route("/trustbound-00/t606")
def t606():
    param = request.args.get("t606", "")
    lst = [param, "guest"]
    bar = lst[1]
    session["userid"] = bar  # safe: CWE-501
    return "stored"


@app.route("/xxe-00/t607", methods=["POST"])
def t607():
    param = request.get_data()
    parser = etree.XMLParser(resolve_entities=True)  # expect: CWE-611
    root = etree.fromstring(param, parser)  # expect: CWE-611
    return root.text or ""


@app.route("/xxe-00/t608", methods=["POST"])
def t608():
    param = request.get_data()
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.fromstring(param, parser)  # safe: CWE-611
    return root.text or ""


@app.route("/trustbound-00/t640")
def t640():
    # the request chooses which session entry gets set: `?flag=is_admin`
    flag = request.args.get("flag", "")
    session[flag] = "yes"  # expect: CWE-501
    return "noted"


@app.route("/trustbound-00/t641")
def t641():
    chosen = request.args.get("flag", "")
    flag = "newsletter" if chosen else "default"
    session[flag] = "yes"  # safe: CWE-501
    return "noted"


@app.route("/trustbound-00/t630", methods=["POST"])
def t630():
    # the session's mapping methods store like `session[key] = value`
    param = request.form.get("t630", "")
    session.update({"userid": param})  # expect: CWE-501
    return "saved"


@app.route("/trustbound-00/t631", methods=["POST"])
def t631():
    param = request.form.get("t631", "")
    session.setdefault("userid", param)  # expect: CWE-501
    return "saved"


@app.route("/trustbound-00/t632", methods=["POST"])
def t632():
    # what the request sent decides nothing stored: only fixed values go in
    if request.form.get("t632"):
        session.update({"theme": "dark"})  # safe: CWE-501
    session.setdefault("userid", "guest")  # safe: CWE-501
    return "saved"


@app.route("/redirect-00/t633")
def t633():
    # a Location header written by hand redirects as `redirect()` does
    param = request.args.get("t633", "")
    response = make_response("", 302)
    response.headers["Location"] = param  # expect: CWE-601
    return response


@app.route("/redirect-00/t634")
def t634():
    # another header, or a Location on this site's own path, sends the browser nowhere else
    param = request.args.get("t634", "")
    response = make_response("", 302)
    response.headers["X-Requested-Next"] = param  # safe: CWE-601
    response.headers["Location"] = "/account/" + param  # safe: CWE-601
    return response
