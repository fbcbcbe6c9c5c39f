"""A Flask service with one endpoint per kind of dangerous call, and the safe way next to it."""
import base64
import html
import importlib
import json
import logging
import os
import pickle
import re
import shlex
import sqlite3
import subprocess
from urllib.parse import urlparse

import jinja2
import ldap
import requests
import yaml
from flask import Flask, Response, make_response, redirect, render_template_string, request, send_file, session
from lxml import etree
from markupsafe import Markup, escape
from pymongo import MongoClient
from sqlalchemy import text
from werkzeug.utils import secure_filename

app = Flask(__name__)
log = logging.getLogger(__name__)
BASE_DIR = "/srv/uploads"
ALLOWED_HOSTS = {"api.example.com", "cdn.example.com"}
REPORTS = {"daily": "daily.csv", "weekly": "weekly.csv"}
mongo = MongoClient("mongodb://db:27017")
directory = ldap.initialize("ldap://ldap.example.com")


def db():
    return sqlite3.connect("/srv/app.db")


@app.route("/tools/dig")
def dig():
    domain = request.args.get("domain", "")
    os.system(f"dig +short {domain}")  # expect: CWE-78
    os.system("dig +short " + shlex.quote(domain))  # safe: CWE-78
    subprocess.run(["dig", "+short", domain])  # safe: CWE-78
    return "ok"


@app.route("/tools/run", methods=["POST"])
def run_tool():
    tool = request.form["tool"]
    subprocess.Popen([tool, "--version"])  # expect: CWE-78
    return "started"


@app.route("/products")
def products():
    category = request.args["category"]
    cur = db().cursor()
    cur.execute("SELECT * FROM products WHERE category = '%s'" % category)  # expect: CWE-89
    cur.execute("SELECT * FROM products WHERE category = ?", (category,))  # safe: CWE-89
    cur.execute(text("SELECT * FROM products WHERE category = '{}'".format(category)))  # expect: CWE-89
    limit = int(request.args.get("limit", "10"))
    cur.execute(f"SELECT * FROM products LIMIT {limit}")  # safe: CWE-89
    return json.dumps(cur.fetchall())


@app.route("/calc")
def calc():
    expression = request.args["expr"]
    return str(eval(expression))  # expect: CWE-95


@app.route("/macros", methods=["POST"])
def run_macro():
    namespace = {"result": None}
    exec(request.form["macro"], namespace)  # expect: CWE-94
    code = compile(request.form["snippet"], "<macro>", "exec")
    exec(code, namespace)  # expect: CWE-94
    exec(compile("result = 42", "<macro>", "exec"), namespace)  # safe: CWE-94
    return str(namespace["result"])


@app.route("/plugins/<name>")
def plugin(name):
    module = importlib.import_module("plugins." + name)  # expect: CWE-470
    return module.describe()


@app.route("/download")
def download():
    filename = request.args["file"]
    return send_file(os.path.join(BASE_DIR, filename))  # expect: CWE-22


@app.route("/download-safe")
def download_safe():
    filename = secure_filename(request.args["file"])
    return send_file(os.path.join(BASE_DIR, filename))  # safe: CWE-22


@app.route("/download-checked")
def download_checked():
    path = os.path.realpath(os.path.join(BASE_DIR, request.args["file"]))
    if not path.startswith(BASE_DIR + os.sep):
        return "forbidden", 403
    with open(path, "rb") as handle:  # safe: CWE-22
        return handle.read()


@app.route("/report")
def report():
    name = REPORTS[request.args["kind"]]
    with open(os.path.join(BASE_DIR, name)) as handle:  # safe: CWE-22
        return handle.read()


@app.route("/hello")
def hello():
    name = request.args.get("name", "world")
    return make_response("<h1>Hello " + name + "</h1>")  # expect: CWE-79


@app.route("/hello-escaped")
def hello_escaped():
    name = request.args.get("name", "world")
    return make_response("<h1>Hello " + html.escape(name) + "</h1>")  # safe: CWE-79


@app.route("/greet/<user>")
def greet(user):
    return f"<p>Welcome back, {user}!</p>"  # expect: CWE-79


@app.route("/greet-safe/<user>")
def greet_safe(user):
    return f"<p>Welcome back, {escape(user)}!</p>"  # safe: CWE-79


@app.route("/plain")
def plain():
    return Response(request.args["msg"], mimetype="text/plain")  # safe: CWE-79


@app.route("/banner")
def banner():
    return Markup("<b>" + request.args["banner"] + "</b>")  # expect: CWE-79


@app.route("/preview")
def preview():
    return render_template_string(request.form["template"])  # expect: CWE-1336


@app.route("/render")
def render():
    template = jinja2.Template(request.args["tpl"])  # expect: CWE-1336
    env = jinja2.Environment(autoescape=True)
    other = env.from_string(request.args["tpl"])  # expect: CWE-1336
    return template.render() + other.render()


@app.route("/fetch")
def fetch():
    url = request.args["url"]
    return requests.get(url, timeout=5).text  # expect: CWE-918


@app.route("/fetch-allowed")
def fetch_allowed():
    url = request.args["url"]
    if urlparse(url).hostname not in ALLOWED_HOSTS:
        return "forbidden", 403
    return requests.get(url, timeout=5).text  # safe: CWE-918


@app.route("/avatar")
def avatar():
    user_id = int(request.args["id"])
    return requests.get(f"https://cdn.example.com/avatars/{user_id}.png", timeout=5).content  # safe: CWE-918


@app.route("/login")
def login():
    target = request.args.get("next", "/")
    return redirect(target)  # expect: CWE-601


@app.route("/logout")
def logout():
    target = request.args.get("next", "/")
    if not target.startswith("https://shop.example.com/"):
        target = "/"
    return redirect(target)  # safe: CWE-601


@app.route("/restore", methods=["POST"])
def restore():
    state = pickle.loads(base64.b64decode(request.form["state"]))  # expect: CWE-502
    config = yaml.load(request.data, Loader=yaml.SafeLoader)  # safe: CWE-502
    return {"state": state, "config": config}


@app.route("/settings", methods=["POST"])
def settings():
    return {"settings": yaml.load(request.get_data())}  # expect: CWE-502


@app.route("/import", methods=["POST"])
def import_xml():
    doc = etree.fromstring(request.data)  # expect: CWE-611
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    safe = etree.fromstring(request.data, parser=parser)  # safe: CWE-611
    return {"root": doc.tag, "safe": safe.tag}


@app.route("/people")
def people():
    uid = request.args["uid"]
    return {"people": directory.search_s("ou=people,dc=example,dc=com", ldap.SCOPE_SUBTREE, "(uid=" + uid + ")")}  # expect: CWE-90


@app.route("/catalog")
def catalog():
    tree = etree.parse("/srv/catalog.xml")
    title = request.args["title"]
    found = tree.xpath("//book[title='" + title + "']")  # expect: CWE-643
    by_var = tree.xpath("//book[title=$title]", title=title)  # safe: CWE-643
    return {"count": len(found) + len(by_var)}


@app.route("/orders")
def orders():
    customer = request.args["customer"]
    where = mongo.shop.orders.find({"$where": "this.customer == '" + customer + "'"})  # expect: CWE-943
    plain = mongo.shop.orders.find({"customer": str(customer)})  # safe: CWE-943
    return {"orders": list(where) + list(plain)}


@app.route("/orders/filter", methods=["POST"])
def orders_filter():
    return {"orders": list(mongo.shop.orders.find(request.get_json()))}  # expect: CWE-943


@app.route("/feedback", methods=["POST"])
def feedback():
    subject = request.form["subject"]
    log.info("feedback received: " + subject)  # expect: CWE-117
    log.info("feedback received: %s", subject.replace("\n", " ").replace("\r", " "))  # safe: CWE-117
    logging.warning("feedback length %d", len(subject))  # safe: CWE-117
    return "thanks"


@app.route("/prefs", methods=["POST"])
def prefs():
    session["theme"] = request.form["theme"]  # expect: CWE-501
    session["visits"] = session.get("visits", 0) + 1
    response = make_response("saved")
    response.set_cookie("theme", "dark")  # expect: CWE-614
    response.set_cookie("lang", "en", secure=True, httponly=True)  # safe: CWE-614
    return response
