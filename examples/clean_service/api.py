"""The placement API."""
import json
import os
import uuid

from flask import Flask, abort, jsonify, make_response, redirect, render_template, request, session, url_for
from markupsafe import escape

from . import db, integrations, ops, security, settings, storage

app = Flask(__name__)
app.config.update(SECRET_KEY=settings.SECRET_KEY, SESSION_COOKIE_SECURE=True, SESSION_COOKIE_HTTPONLY=True)


@app.get("/resource_providers/<uuid:rp_uuid>/usages")
def provider_usages(rp_uuid):
    return jsonify(usages=db.usages(str(rp_uuid)))


@app.get("/resource_providers")
def providers():
    rows = db.list_providers(request.args.get("sort", "name"))
    return render_template("providers.html", providers=rows, query=request.args.get("q", ""))  # safe: CWE-79


@app.get("/resource_providers/<name>/status")
def provider_status(name):
    record = integrations.cmdb_record(name)
    return make_response(f"<h1>{escape(name)}</h1><p>{escape(record.get('state', 'unknown'))}</p>")  # safe: CWE-79


@app.post("/servers")
def create_server():
    body = request.get_json()
    server_uuid = str(uuid.uuid4())
    db.allocate(server_uuid, body["provider"], body["resources"])
    integrations.notify("server.create", {"server": server_uuid})
    return jsonify(id=server_uuid), 202


@app.delete("/servers/<uuid:server_uuid>")
def delete_server(server_uuid):
    db.delete_allocations(str(server_uuid))
    integrations.notify("server.delete", {"server": str(server_uuid)})
    return "", 204


@app.post("/login")
def login():
    operator = db.find_operator(request.form["name"])
    if operator is None or not security.verify_password(request.form["password"], operator["salt"], operator["pw_hash"]):
        abort(401)
    session["operator"] = operator["name"]
    return redirect(url_for("providers", sort=request.args.get("sort", "name")))  # safe: CWE-601


@app.post("/tokens")
def issue_token():
    if "operator" not in session:
        abort(401)
    return jsonify(token=security.api_token()), 201


@app.post("/images")
def upload_image():
    upload = request.files["image"]
    path = storage.save_image(upload.filename, upload.stream)
    return jsonify(name=os.path.basename(path), free=ops.free_bytes(settings.IMAGE_DIR)), 201


@app.get("/images/<name>")
def download_image(name):
    data = storage.read_image(name)
    return data, 200, {"Content-Type": "application/octet-stream", "ETag": security.etag(data)}


@app.post("/images/bundle")
def import_bundle():
    return jsonify(imported=storage.import_bundle(request.files["bundle"].stream))


@app.post("/resource_providers/config")
def provider_config():
    config = integrations.load_provider_config(request.get_data(as_text=True)) or {}
    return jsonify(providers=sorted(config.get("providers", {})))


@app.post("/resource_providers/inventory")
def provider_inventory():
    return jsonify(integrations.parse_inventory(request.get_data()))


@app.post("/hosts/check")
def check_host():
    try:
        return jsonify(reachable=ops.ping(request.form["host"]))
    except ValueError:
        abort(400)


@app.get("/preferences")
def preferences():
    return jsonify(json.loads(request.cookies.get("prefs", "{}")))  # safe: CWE-502


@app.post("/preferences")
def save_preferences():
    prefs = {"page_size": int(request.form.get("page_size", "20"))}
    response = jsonify(prefs)
    response.set_cookie("prefs", json.dumps(prefs), secure=True, httponly=True, samesite="Lax")  # safe: CWE-614, CWE-1004
    return response


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=8778)  # safe: CWE-1327
