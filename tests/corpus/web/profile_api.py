"""Profile update endpoints (Flask): which attributes may the client set?"""
from flask import Flask, abort, g, request

app = Flask(__name__)
EDITABLE = ("display_name", "bio", "timezone")


@app.route("/api/profile", methods=["PATCH"])
def patch_profile():
    user = g.user
    for name, value in request.get_json().items():
        setattr(user, name, value)  # expect: CWE-915
    return {"ok": True}


@app.route("/api/profile/safe", methods=["PATCH"])
def patch_profile_safe():
    user = g.user
    payload = request.get_json()
    for name in EDITABLE:
        if name in payload:
            setattr(user, name, payload[name])  # safe: CWE-915
    return {"ok": True}


@app.route("/api/settings", methods=["POST"])
def save_settings():
    settings = g.user.settings
    settings.__dict__.update(request.form)  # expect: CWE-915
    return {"ok": True}


@app.route("/api/settings/safe", methods=["POST"])
def save_settings_safe():
    settings = g.user.settings
    theme = request.form.get("theme", "light")
    if theme not in ("light", "dark"):
        abort(400)
    settings.__dict__.update({"theme": theme})  # safe: CWE-915
    return {"ok": True}
