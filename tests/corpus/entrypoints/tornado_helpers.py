"""A Tornado handler that hands request data to its own helper methods."""
import shlex
import subprocess

import tornado.web


class ArchiveHandler(tornado.web.RequestHandler):
    def post(self):
        name = self.get_body_argument("name")
        self._pack(name)
        self._pack_quoted(name)
        self.write({"ok": True})

    def _pack(self, name):
        subprocess.call("tar czf /backups/out.tgz " + name, shell=True)  # expect: CWE-78

    def _pack_quoted(self, name):
        subprocess.call("tar czf /backups/out.tgz " + shlex.quote(name), shell=True)  # safe: CWE-78
