"""The application's base request handler: every page handler derives from it, in other modules."""
from tornado import web


class BaseHandler(web.RequestHandler):
    @property
    def base_url(self):
        return self.settings.get("base_url", "/")
