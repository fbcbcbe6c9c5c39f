"""Search pages and sign-out of the wiki, served by Tornado."""
import tornado.escape
import tornado.web


class SearchHandler(tornado.web.RequestHandler):
    def get(self):
        term = self.get_argument("q", "")
        self.write("<h2>Results for " + term + "</h2>")  # expect: CWE-79
        self.write("<h2>Results for " + tornado.escape.xhtml_escape(term) + "</h2>")  # safe: CWE-79


class LogoutHandler(tornado.web.RequestHandler):
    def get(self):
        self.clear_cookie("user")
        self.redirect(self.get_query_argument("next", "/"))  # expect: CWE-601
        self.redirect(self.reverse_url("home"))  # safe: CWE-601


application = tornado.web.Application([(r"/search", SearchHandler), (r"/logout", LogoutHandler)])
