import html

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/xss-01/BenchmarkTest00201", methods=["POST"])
def benchmark_test_00201():
    param = request.form.get("BenchmarkTest00201", "")
    RESPONSE = ""
    RESPONSE += f"Parameter value: {param}"
    return RESPONSE  # expect: CWE-79


@app.route("/xss-01/BenchmarkTest00202", methods=["POST"])
def benchmark_test_00202():
    param = request.form.get("BenchmarkTest00202", "")
    RESPONSE = ""
    RESPONSE += f"Parameter value: {html.escape(param)}"
    return RESPONSE  # safe: CWE-79


@app.route("/xss-01/greet")
def greet():
    return "Hello " + request.args.get("name", "")  # expect: CWE-79


@app.route("/xss-01/api/echo")
def echo():
    return jsonify(name=request.args.get("name", ""))  # safe: CWE-79
