"""A download server for build artefacts on the CI network (http.server)."""
import os
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, quote, urlparse

ARTEFACTS = "/srv/artefacts"


class ArtefactHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        query = parse_qs(urlparse(self.path).query)
        name = os.path.basename(query.get("name", ["latest.tar.gz"])[0])
        with open(os.path.join(ARTEFACTS, name), "rb") as handle:
            body = handle.read()
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))  # safe: CWE-113
        self.send_header("Content-Disposition", "attachment; filename=" + name)  # expect: CWE-113
        self.send_header("X-Artefact", quote(name))  # safe: CWE-113
        self.end_headers()

    def do_POST(self):
        target = parse_qs(urlparse(self.path).query).get("next", ["/"])[0]
        self.send_response(303)
        self.send_header("Location", "/artefacts/" + target)  # expect: CWE-113
        self.send_header("Cache-Control", "no-store")  # safe: CWE-113
        self.end_headers()
