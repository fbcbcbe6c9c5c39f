"""Notes & file sharing: the web front end."""
from flask import Flask, abort, jsonify, make_response, redirect, request, session

from . import admin, db, settings, storage, utils

app = Flask(__name__)
app.config.from_object(settings)


def _require_admin():
    if session.get("user") != "admin":
        abort(403)


@app.route("/login", methods=["POST"])
def login():
    user = db.check_user(request.form["username"], request.form["password"])
    if user is None:
        abort(401)
    session["user"] = user["name"]
    return redirect(request.args.get("next", "/"))  # expect: CWE-601


@app.route("/reset", methods=["POST"])
def reset_password():
    email = request.form["email"]
    db.store_reset_token(email, utils.reset_token())
    utils.notify_webhook({"event": "password_reset", "email": email})
    return "", 202


@app.route("/search")
def search():
    term = request.args.get("q", "")
    rows = db.find_notes(session["user"], term)
    items = "".join(f"<li>{row['title']}</li>" for row in rows)
    return make_response(f"<h1>Results for {term}</h1><ul>{items}</ul>")  # expect: CWE-79


@app.route("/notes/<note_id>", methods=["DELETE"])
def delete_note(note_id):
    db.delete_note(session["user"], note_id)
    return "", 204


@app.route("/files/<path:name>")
def download(name):
    return storage.read_attachment(name), 200, {"Content-Type": "application/octet-stream"}


@app.route("/files", methods=["POST"])
def upload():
    attachment = request.files["attachment"]
    path = storage.save_attachment(attachment.filename, attachment.read())
    return jsonify(path=path), 201


@app.route("/import/archive", methods=["POST"])
def import_archive():
    names = storage.import_archive(request.files["archive"].stream)
    return jsonify(imported=names)


@app.route("/import/manifest", methods=["POST"])
def import_manifest():
    manifest = utils.load_import_manifest(request.get_data(as_text=True))
    for note in manifest.get("notes", []):
        db.add_note(session["user"], note["title"], note["body"])
    return "", 204


@app.route("/import/opml", methods=["POST"])
def import_opml():
    outline = utils.parse_opml(request.get_data())
    return jsonify(feeds=[node.get("xmlUrl") for node in outline.iter("outline")])


@app.route("/preview", methods=["POST"])
def preview():
    return jsonify(preview=utils.fetch_preview(request.form["url"]))


@app.route("/preferences")
def preferences():
    return jsonify(utils.load_preferences(request.cookies.get("prefs", "")))


@app.route("/preferences", methods=["POST"])
def save_preferences():
    prefs = {"theme": request.form.get("theme", "light"), "page_size": int(request.form.get("page_size", "20"))}
    response = jsonify(prefs)
    response.set_cookie("prefs", utils.dump_preferences(prefs), secure=True, httponly=True, samesite="Lax")
    return response


@app.route("/admin/ping", methods=["POST"])
def admin_ping():
    _require_admin()
    return jsonify(output=admin.ping_host(request.form["host"]))


@app.route("/admin/backup/<username>", methods=["POST"])
def admin_backup(username):
    _require_admin()
    admin.backup_user_files(username)
    return jsonify(disk=admin.disk_usage()), 202


if __name__ == "__main__":
    storage.ensure_upload_dir()
    app.run(host="0.0.0.0", port=8080)  # expect: CWE-1327
