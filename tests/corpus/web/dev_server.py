"""A documentation preview server: a plain WSGI application, no framework.

The server calls `_serve(self, environ, start_response)` with the request's environment: the path
in `PATH_INFO` is the visitor's. Normalised from the root (`normpath("/" + path)`), `..` cannot
climb above the site folder.
"""
import os
import posixpath


class PreviewServer:
    def __init__(self, root, mount_path="/"):
        self.root = root
        self.mount_path = mount_path

    def _serve(self, environ, start_response):
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        rel_file_path = path[len(self.mount_path):].lstrip("/")
        if path.endswith("/"):
            rel_file_path += "index.html"
        file_path = os.path.join(self.root, rel_file_path)
        with open(file_path, "rb") as fh:  # expect: CWE-22
            content = fh.read()
        start_response("200 OK", [("Content-Length", str(len(content)))])
        return [content]

    def _serve_fixed(self, environ, start_response):
        path = environ["PATH_INFO"]
        rel_file_path = posixpath.normpath("/" + path[len(self.mount_path):]).lstrip("/")
        file_path = os.path.join(self.root, rel_file_path)
        with open(file_path, "rb") as fh:  # safe: CWE-22
            content = fh.read()
        start_response("200 OK", [])
        return [content]

    def open_page(self, name):
        # no server calls this one: a method of the library, its caller decides
        with open(os.path.join(self.root, os.path.basename(name)), "rb") as fh:  # safe: CWE-22
            return fh.read()
