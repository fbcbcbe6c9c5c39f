"""Flask configuration classes and app factory."""
from flask import Flask, request
from flask_login import current_user, login_required
from flask_wtf.csrf import CSRFProtect


class Config:
    WTF_CSRF_ENABLED = False  # expect: CWE-352


class TestingConfig(Config):
    TESTING = True
    WTF_CSRF_ENABLED = False  # safe: CWE-352


class ProductionConfig(Config):
    WTF_CSRF_ENABLED = True  # safe: CWE-352


def create_app(legacy_forms):
    app = Flask(__name__)
    app.config.from_object(ProductionConfig)
    if legacy_forms:
        app.config["WTF_CSRF_ENABLED"] = False  # expect: CWE-352
    app.config.update(WTF_CSRF_TIME_LIMIT=None, WTF_CSRF_ENABLED=False)  # expect: CWE-352
    csrf = CSRFProtect(app)

    @csrf.exempt  # safe: CWE-352
    @app.route("/hooks/ci", methods=["POST"])
    def ci_hook():
        return "", 204

    @csrf.exempt  # expect: CWE-352
    @app.route("/account/newsletter", methods=["POST"])
    @login_required
    def newsletter():
        current_user.newsletter = request.form.get("subscribe") == "1"
        current_user.save()
        return "", 204

    return app
