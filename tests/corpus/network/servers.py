"""Entry points for the dev server, the metrics socket and the worker API."""
import socket
import socketserver
from http.server import HTTPServer, SimpleHTTPRequestHandler

import uvicorn
from flask import Flask

app = Flask(__name__)
LISTEN_HOST = "0.0.0.0"
LOCAL = "127.0.0.1"
BANNER = "listening on 0.0.0.0 is disabled by default"  # safe: CWE-1327


def metrics_socket(port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("0.0.0.0", port))  # expect: CWE-1327
    sock.listen()
    return sock


def any_address(port):
    sock = socket.socket()
    sock.bind(("", port))  # expect: CWE-1327
    return sock


def loopback(port):
    sock = socket.socket()
    sock.bind((LOCAL, port))  # safe: CWE-1327
    return sock


def configured(host, port):
    sock = socket.socket()
    sock.bind((host, port))  # safe: CWE-1327
    return sock


def static_files():
    HTTPServer(("", 8000), SimpleHTTPRequestHandler).serve_forever()  # expect: CWE-1327


def echo():
    return socketserver.TCPServer(("localhost", 9000), socketserver.BaseRequestHandler)  # safe: CWE-1327


def serve_api():
    uvicorn.run("worker.api:app", host=LISTEN_HOST, port=8000)  # expect: CWE-1327


def serve_local():
    uvicorn.run("worker.api:app", host="127.0.0.1", port=8000)  # safe: CWE-1327


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)  # expect: CWE-1327
