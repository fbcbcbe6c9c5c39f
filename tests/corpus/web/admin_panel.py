"""Admin panel pages of the shop (Flask)."""
from flask import Flask, abort, render_template, request, session
from itsdangerous import BadSignature, URLSafeSerializer

app = Flask(__name__)
app.secret_key = __import__("os").environ["SHOP_SECRET_KEY"]
signer = URLSafeSerializer(app.secret_key, salt="prefs")


@app.route("/admin/orders")
def orders():
    if request.cookies.get("role") != "admin":  # expect: CWE-565
        abort(403)
    return render_template("admin/orders.html")


@app.route("/admin/customers")
def customers():
    if session.get("role") != "admin":  # safe: CWE-565
        abort(403)
    return render_template("admin/customers.html")


@app.route("/account")
def account():
    user_id = request.cookies["user_id"]  # expect: CWE-565
    return render_template("account.html", user_id=user_id)


@app.route("/preferences")
def preferences():
    try:
        prefs = signer.loads(request.cookies.get("user_prefs", ""))  # safe: CWE-565
        level = signer.loads(request.cookies["access_level"])  # safe: CWE-565
    except BadSignature:
        prefs, level = {}, None
    theme = request.cookies.get("theme", "light")  # safe: CWE-565
    return render_template("preferences.html", prefs=prefs, level=level, theme=theme)
