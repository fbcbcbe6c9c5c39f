"""Storefront pages (Flask): request data passed to template files in templates/."""
from flask import Flask, render_template, request
from markupsafe import Markup, escape

from storefront.admin.views import admin

app = Flask(__name__)
app.register_blueprint(admin)

BANNER = "<strong>Winter sale</strong>"


@app.route("/search")
def search():
    query = request.args.get("q", "")
    return render_template("search.html", query=query, banner=BANNER)


@app.route("/search/plain")
def search_plain():
    return render_template("search_plain.html", query=request.args.get("q", ""))


@app.route("/notice")
def notice():
    # escaped before it is marked safe in the template
    return render_template("notice.html", message=escape(request.args["m"]), count=len(request.args))


@app.route("/profile")
def profile():
    bio = request.args["bio"]
    return render_template("profile.html", bio=bio)


@app.route("/reviews")
def reviews():
    return render_template("reviews.html", reviews=request.args.getlist("r"))


@app.route("/card")
def card():
    note = Markup(request.args["note"])  # expect: CWE-79
    return render_template("card.html", note=note)


@app.route("/card/safe")
def card_safe():
    note = Markup("<em>{}</em>").format(request.args["note"])  # safe: CWE-79
    return render_template("card.html", note=note)
