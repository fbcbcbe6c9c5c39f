"""Project helpers that are handed the whole Flask request and read a field out of it."""


class RequestReader:
    """Keeps the request and answers lookups by field name."""

    def __init__(self, request):
        self.request = request

    def form_value(self, name):
        return self.request.form.get(name)

    def header_value(self, name):
        return self.request.headers.get(name, "")

    def method_name(self):
        return "reader for " + "forms"


def query_value(req, name, default=""):
    return req.args.get(name, default)


def is_json_post(req):
    return req.is_json and req.method == "POST"


# Session state the application keeps itself, keyed by the remember-me cookie's name.
remembered_sessions = {}
