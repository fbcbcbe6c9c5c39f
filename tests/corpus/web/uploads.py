"""Avatar and attachment uploads of a Flask app."""
import os

from django.db import models
from flask import Flask, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOADS = "/srv/uploads"


@app.route("/avatar", methods=["POST"])
def avatar():
    upload = request.files["avatar"]
    upload.save(os.path.join(UPLOADS, upload.filename))  # expect: CWE-22
    return "saved"


@app.route("/avatar-fixed", methods=["POST"])
def avatar_fixed():
    upload = request.files["avatar"]
    upload.save(os.path.join(UPLOADS, secure_filename(upload.filename)))  # safe: CWE-22
    return "saved"


class Attachment(models.Model):
    title = models.CharField(max_length=200)


@app.route("/attachment", methods=["POST"])
def attachment():
    item = Attachment(title=request.form["title"])
    item.save(request.form.get("force") == "1")  # safe: CWE-22
    return "saved"
