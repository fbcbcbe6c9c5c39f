"""Append-slash redirects: they run for paths no route matched, so the path is whatever the client
sent, `//evil.example` included (Tornado's StaticFileHandler, CVE-2023-28370)."""
import os

import tornado.web


class StaticHandler(tornado.web.RequestHandler):
    def get(self, path):
        absolute = os.path.join("/srv/static", os.path.basename(path))
        if os.path.isdir(absolute):
            if not self.request.path.endswith("/"):
                self.redirect(self.request.path + "/", permanent=True)  # expect: CWE-601
                return
        self.write("ok")


class FixedStaticHandler(tornado.web.RequestHandler):
    def get(self, path):
        absolute = os.path.join("/srv/static", os.path.basename(path))
        if os.path.isdir(absolute):
            if self.request.path.startswith("//"):
                raise tornado.web.HTTPError(403, "cannot redirect path with two initial slashes")
            if not self.request.path.endswith("/"):
                self.redirect(self.request.path + "/", permanent=True)  # safe: CWE-601
                return
        self.write("ok")


class RefreshHandler(tornado.web.RequestHandler):
    def post(self):
        self.redirect(self.request.path)  # safe: CWE-601
