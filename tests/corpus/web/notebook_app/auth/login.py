"""Login pages. The handlers' base class is the application's own (another module): they are
Tornado request handlers all the same, as the argument getters they call say."""
from tornado.escape import url_escape

from ..base.handlers import BaseHandler


class LoginHandler(BaseHandler):
    def _redirect_safe(self, url, default=None):
        if default is None:
            default = self.base_url
        if not url.startswith(self.base_url):  # "//evil.example" starts with "/"
            url = default
        self.redirect(url)  # expect: CWE-601

    def get(self):
        self._redirect_safe(self.get_argument("next", default=self.base_url))

    def post(self):
        self.write(url_escape(self.get_argument("next", default="")))  # safe: CWE-79


class LogoutHandler(BaseHandler):
    def get(self):
        target = self.get_argument("next", default="/")
        if target not in ("/", "/tree", "/logout"):
            target = "/"
        self.redirect(target)  # safe: CWE-601
