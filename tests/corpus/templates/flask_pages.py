"""Small Flask views that render inline templates."""
from flask import Flask, render_template_string
from markupsafe import Markup

app = Flask(__name__)

BANNER = "<h1>{{ title }}</h1>"


def banner(title):
    return render_template_string("<h1>" + title + "</h1>")  # expect: CWE-1336


def banner_safe(title):
    return render_template_string(BANNER, title=title)  # safe: CWE-1336


def headline(title):
    return Markup(f"<strong>{title}</strong>")  # expect: CWE-79


def headline_safe(title):
    return Markup("<strong>{}</strong>").format(title)  # safe: CWE-79
