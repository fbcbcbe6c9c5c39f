"""Admin blueprint: its templates live in admin/panels (template_folder)."""
from flask import Blueprint, render_template, request

admin = Blueprint("admin", __name__, template_folder="panels")


@admin.route("/admin/stats")
def stats():
    return render_template("stats.html", label=request.args.get("label", "Orders"), total=42)
