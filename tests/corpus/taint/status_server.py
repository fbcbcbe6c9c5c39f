"""A tiny status server built on http.server, and a raw socket command listener."""
import os
import socket
import subprocess
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse


class StatusHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        query = parse_qs(urlparse(self.path).query)
        service = query.get("service", ["web"])[0]
        output = subprocess.check_output("systemctl status " + service, shell=True)  # expect: CWE-78
        self.send_response(200)
        self.end_headers()
        self.wfile.write(output)

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        body = self.rfile.read(length)
        with open(os.path.join("/srv/status", body.decode()), "w") as handle:  # expect: CWE-22
            handle.write("touched")
        self.send_response(204)
        self.end_headers()


def command_listener(port=9000):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", port))
    server.listen(1)
    connection, _address = server.accept()
    data = connection.recv(1024).decode().strip()
    if not data.isalnum():
        connection.close()
        return
    subprocess.run("service-ctl " + data, shell=True)  # safe: CWE-78
    raw = connection.recv(1024)
    subprocess.run(raw, shell=True)  # expect: CWE-78


if __name__ == "__main__":
    HTTPServer(("127.0.0.1", 8080), StatusHandler).serve_forever()
