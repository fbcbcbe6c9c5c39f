"""Health and preview pages served by the standard library's http.server, for the ops network."""
import html
import json
import subprocess
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

PAGE = "<html><body><h1>{title}</h1><pre>{body}</pre></body></html>"


class PreviewHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.startswith("/preview"):
            title = parse_qs(urlparse(self.path).query).get("title", ["Preview"])[0]
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(PAGE.format(title=title, body="").encode())  # expect: CWE-79
        elif self.path.startswith("/safe-preview"):
            title = parse_qs(urlparse(self.path).query).get("title", ["Preview"])[0]
            self.send_response(200)
            self.end_headers()
            self.wfile.write(PAGE.format(title=html.escape(title), body="").encode())  # safe: CWE-79
        elif self.path == "/agent":
            agent = self.headers.get("User-Agent", "")
            self.send_response(200)
            self.end_headers()
            self.wfile.write(("<p>Your browser: " + agent + "</p>").encode())  # expect: CWE-79
        else:
            uptime = subprocess.check_output(["uptime"], text=True)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(PAGE.format(title="Status", body=html.escape(uptime)).encode())  # safe: CWE-79

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        note = self.rfile.read(length).decode("utf-8")
        self.send_response(201)
        self.end_headers()
        self.wfile.write(b"<p>Saved: " + note.encode() + b"</p>")  # expect: CWE-79
        self.wfile.write(json.dumps({"length": length}).encode())  # safe: CWE-79


def serve(port=8081):
    ThreadingHTTPServer(("127.0.0.1", port), PreviewHandler).serve_forever()
