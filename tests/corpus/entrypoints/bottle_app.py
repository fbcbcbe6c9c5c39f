"""A Bottle app: the thread-local `request` holds the query string and the form."""
import os
import subprocess

from bottle import redirect, request, route, template


@route("/hello")
def hello():
    name = request.query.get("name", "")
    template("<b>Hello {{name}}</b>", name=name)  # safe: CWE-1336
    return template("<b>Hello " + name + "</b>")  # expect: CWE-1336


@route("/go")
def go():
    redirect(request.query.next)  # expect: CWE-601


@route("/ping", method="POST")
def ping():
    host = request.forms.get("host")
    subprocess.call(["ping", "-c", "1", host])  # safe: CWE-78
    os.system("ping -c 1 " + host)  # expect: CWE-78
