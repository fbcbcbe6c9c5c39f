"""Internal metrics dashboard (Flask)."""
from flask import Flask

app = Flask(__name__)


@app.route("/health")
def health():
    return "ok"


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=5000, debug=True)  # expect: CWE-489
