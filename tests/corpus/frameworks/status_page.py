"""Public status page (Flask), run without the debugger."""
import threading

from flask import Flask

app = Flask(__name__)
DEBUG = False


def serve():
    app.run(port=8080, debug=DEBUG)  # safe: CWE-489


def background(job):
    worker = threading.Thread(target=job)
    worker.run()  # safe: CWE-489
