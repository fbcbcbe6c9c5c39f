"""Downloads served from a data folder with pathlib."""
from pathlib import Path

from flask import Flask, request

app = Flask(__name__)
ROOT = Path("/srv/data")


@app.route("/joined")
def joined():
    return ROOT.joinpath(request.args["f"]).read_bytes()  # expect: CWE-22


@app.route("/joined-name")
def joined_name():
    return ROOT.joinpath(Path(request.args["f"]).name).read_bytes()  # safe: CWE-22
