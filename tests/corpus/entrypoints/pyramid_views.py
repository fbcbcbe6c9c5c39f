"""Pyramid views of a small status site, and a WebOb controller in the OpenStack style."""
import os
import shlex
import subprocess

import webob.dec
from markupsafe import escape
from pyramid.httpexceptions import HTTPFound
from pyramid.response import Response
from pyramid.view import view_config


@view_config(route_name="ping")
def ping(request):
    host = request.params["host"]
    out = subprocess.check_output("ping -c 1 " + host, shell=True)  # expect: CWE-78
    safe = subprocess.check_output("ping -c 1 " + shlex.quote(host), shell=True)  # safe: CWE-78
    return Response(out + safe, content_type="text/plain")


@view_config(route_name="hello")
def hello(request):
    name = request.matchdict["name"]
    Response("<h1>Hello %s</h1>" % escape(name))  # safe: CWE-79
    return Response("<h1>Hello %s</h1>" % name)  # expect: CWE-79


@view_config(route_name="go")
def go(request):
    if request.GET.get("home"):
        return HTTPFound(location=request.path)  # safe: CWE-601
    return HTTPFound(location=request.GET["next"])  # expect: CWE-601


class VolumeController(object):
    def show(self, req, id):
        name = req.params.get("name", "")
        return open(os.path.join("/var/lib/volumes", name)).read()  # expect: CWE-22

    def show_base(self, req, id):
        name = req.params.get("name", "")
        return open(os.path.join("/var/lib/volumes", os.path.basename(name))).read()  # safe: CWE-22

    @webob.dec.wsgify
    def __call__(self, req):
        return subprocess.check_output(["echo", req.GET["x"]])  # safe: CWE-78
