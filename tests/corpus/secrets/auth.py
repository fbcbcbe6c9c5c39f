"""Login views and account helpers."""
import hmac
import os

import requests
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from flask import Flask, request
from requests.auth import HTTPBasicAuth

app = Flask(__name__)
app.secret_key = "dev"  # expect: CWE-321
app.config["SECRET_KEY"] = os.environ.get("FLASK_SECRET_KEY", "")  # safe: CWE-321
app.config["JWT_SECRET_KEY"] = "Ef9Vd2Wq8Lm3Xz7Rt5Kb1Np6Hs4Jc0Ga"  # expect: CWE-321

MESSAGES = {
    "password_mismatch": _("The two password fields didn't match."),
    "password": "Enter your password",  # safe: CWE-259
    "password_label": "Password",  # safe: CWE-259
    "password_too_short": "Password must be at least 12 characters.",  # safe: CWE-259
}
FORM_FIELDS = {"username": "username", "password": "password"}  # safe: CWE-259
PASSWORD_FIELD = "password"  # safe: CWE-259
PASSWORD = "password"  # safe: CWE-259
NEW_PASSWORD = "new_password"  # safe: CWE-259
password_field_name = "password"  # safe: CWE-259


@app.route("/admin/login", methods=["POST"])
def admin_login():
    if request.form["password"] == "Adm1n!2020":  # expect: CWE-259
        return "ok"
    password = request.form.get("password", "")  # safe: CWE-259
    if password in ("letmein", "opensesame"):  # expect: CWE-259
        return "ok"
    if request.form.get("password") != "":  # safe: CWE-259
        return "denied", 403
    return "denied", 403


def check_password(password):
    if password == "":  # safe: CWE-259
        return False
    if password == "backd00r":  # expect: CWE-259
        return True
    expected = os.environ["ADMIN_PASSWORD"]
    return hmac.compare_digest(password, expected)  # safe: CWE-259


def login(username, password="admin"):  # expect: CWE-259
    return requests.post("https://sso.internal/login", data={"username": username, "password": password}, timeout=10)


def login_kw(username, *, password=None, pass_phrase="correct horse battery staple"):  # expect: CWE-259
    return username, password, pass_phrase


def create_admin():
    User = get_user_model()
    admin = User.objects.create_superuser("admin", "admin@shop.internal", "Sup3rUs3r!")  # expect: CWE-259
    admin.set_password("initial-Pw-91")  # expect: CWE-259
    return admin


def reset(user, new_password):
    user.password = new_password  # safe: CWE-259
    user.set_password(new_password)  # safe: CWE-259
    user.save()


def fetch_report():
    return requests.get("https://reports.internal/daily", auth=HTTPBasicAuth("reports", "rEp0rts-2024"), timeout=10)  # expect: CWE-259


def fetch_metrics():
    return requests.get("https://metrics.internal/api", auth=("metrics", "m3tr1cs"), timeout=10)  # expect: CWE-259


def send_alert(smtp):
    smtp.login("alerts@shop.internal", "Al3rt-Mail")  # expect: CWE-259


class ServiceAccount:
    username = "svc-deploy"
    password: str = "d3pl0y-Svc"  # expect: CWE-259

    def __init__(self, password=None):
        self.password = password  # safe: CWE-259
        self.smtp_password = "Mailer#2021"  # expect: CWE-259
        self.password_hash = "pbkdf2_sha256$600000$abc$def"  # safe: CWE-259
