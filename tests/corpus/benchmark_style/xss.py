"""Cross-site scripting test cases: request data in an HTML response."""
import html

import markupsafe
from flask import Flask, make_response, request

from .helpers.things import escape_for_html

app = Flask(__name__)


class Transformer:
    def __init__(self, prefix):
        self.prefix = prefix

    def apply(self, value):
        return self.prefix + value


@app.route("/xss-00/t301")
def t301():
    param = request.args.get("t301", "")
    response = make_response("<p>Hello " + param + "</p>")  # expect: CWE-79
    response.headers["X-XSS-Protection"] = "0"
    return response


@app.route("/xss-00/t302")
def t302():
    param = request.args.get("t302", "")
    response = make_response("<p>Hello " + html.escape(param) + "</p>")  # safe: CWE-79
    return response


@app.route("/xss-00/t303")
def t303():
    param = request.args.get("t303", "")
    bar = markupsafe.escape(param)
    return make_response(f"<p>Hello {bar}</p>")  # safe: CWE-79


@app.route("/xss-00/t304")
def t304():
    param = request.args.get("t304", "")
    bar = Transformer("Hello ").apply(param)
    return make_response(f"<div>{bar}</div>")  # expect: CWE-79


@app.route("/xss-00/t305")
def t305():
    param = request.args.get("t305", "")
    bar = escape_for_html(param)
    return make_response(f"<div>{bar}</div>")  # safe: CWE-79


@app.route("/xss-00/t306")
def t306():
    param = request.args.get("t306", "")
    response = "<html><body>"
    response += "Parameter value: " + param
    response += "</body></html>"
    return response  # expect: CWE-79


@app.route("/xss-00/t307")
def t307():
    param = request.args.get("t307", "")
    bar = "safe" if len("ABC") > 1 else param
    response = "<html><body>"
    response += "Parameter value: " + bar
    response += "</body></html>"
    return response  # safe: CWE-79


@app.route("/xss-00/t308")
def t308():
    param = html.unescape(request.args.get("t308", ""))
    words = [param, "and", "more"]
    bar = " ".join(words)
    return make_response("<b>%s</b>" % bar)  # expect: CWE-79


@app.route("/xss-00/t330")
def t330():
    # the referring page goes back in a response header, never in the page
    came_from = request.headers.get("Referer", "")
    return make_response(("<p>Thanks for visiting</p>", {"X-Came-From": came_from}))  # safe: CWE-79


@app.route("/xss-00/t331")
def t331():
    came_from = request.headers.get("Referer", "")
    return make_response((f"<p>You came from {came_from}</p>", 200))  # expect: CWE-79


@app.route("/xss-00/t332")
def t332():
    came_from = request.args.get("from", "")
    return "<p>Thanks</p>", 200, {"X-Came-From": came_from}  # safe: CWE-79


@app.route("/xss-00/t333")
def t333():
    came_from = request.args.get("from", "")
    return f"<p>From {came_from}</p>", 200, {"Cache-Control": "no-store"}  # expect: CWE-79
