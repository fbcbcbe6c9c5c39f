"""Login flow: send the user back to where they came from."""
from urllib.parse import urlparse

from django.http import HttpResponseRedirect
from flask import Flask, redirect, request, url_for

app = Flask(__name__)


@app.route("/login/done")
def login_done():
    target = request.args.get("next", "")
    if target.startswith("/"):
        return redirect(target)  # expect: CWE-601
    return redirect(url_for("index"))


def is_safe_url(url):
    parts = urlparse(url.replace("\\", "/"))
    return not parts.scheme and not parts.netloc and url.startswith("/")


@app.route("/login/finished")
def login_finished():
    target = request.args.get("next", "")
    if is_safe_url(target):
        return redirect(target)  # safe: CWE-601
    return redirect(url_for("index"))


def redirect_back(request, next_url, default="/"):
    """Library helper: `next_url` comes from the query string of the caller's request."""
    if next_url and next_url.startswith("/"):
        return HttpResponseRedirect(next_url)  # expect: CWE-601
    return HttpResponseRedirect(default)


def redirect_back_fixed(request, next_url, default="/"):
    if next_url and next_url.startswith("/") and not next_url.startswith(("//", "/\\")):
        return HttpResponseRedirect(next_url)  # safe: CWE-601
    return HttpResponseRedirect(default)


def logout_redirect(return_to):
    if not return_to.startswith("/"):
        return_to = "/"
    return redirect(return_to)  # expect: CWE-601


def is_trusted_link(url):
    host = urlparse(url).netloc
    return host.endswith("example.com")  # expect: CWE-20


def is_trusted_link_fixed(url):
    host = urlparse(url).hostname or ""
    return host == "example.com" or host.endswith(".example.com")  # safe: CWE-20


def is_allowed_cdn_url(url):
    return "cdn.example.org" in urlparse(url).netloc  # expect: CWE-20


def is_allowed_cdn_url_fixed(url):
    return urlparse(url).hostname in {"cdn.example.org", "static.example.org"}  # safe: CWE-20
