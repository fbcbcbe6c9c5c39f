"""Entry points declared as data (`data/models/*.toml`): http.server, Tornado, Starlette, Django REST
framework and GraphQL resolvers; and the Django settings that weaken passwords and sessions."""
from __future__ import annotations

from tests.helpers import findings_for


def flows(source: str, path: str = "app/module.py") -> list[tuple[int, int, str]]:
    return [hit for hit in findings_for(source, path) if hit[2].startswith("SR9")]


def test_http_server_request_reaches_wfile_as_html():
    assert flows("""
    import html
    from http.server import BaseHTTPRequestHandler

    class Hello(BaseHTTPRequestHandler):
        def do_GET(self):
            name = self.path.rsplit("=", 1)[-1]
            self.wfile.write(("<b>" + name + "</b>").encode())
            self.wfile.write(html.escape(name).encode())
            self.wfile.write(self.headers["Referer"].encode())
            self.wfile.write(self.rfile.read(10))
    """) == [(8, 79, "SR906"), (10, 79, "SR906"), (11, 79, "SR906")]


def test_tornado_arguments_reach_write_and_redirect():
    assert flows("""
    import tornado.escape
    import tornado.web

    class Search(tornado.web.RequestHandler):
        def get(self):
            term = self.get_argument("q")
            self.write("<p>" + term)
            self.write(tornado.escape.xhtml_escape(term))
            self.redirect(self.request.arguments["next"][0])
            self.redirect(self.request.path)
    """) == [(8, 79, "SR906"), (10, 601, "SR908")]


def test_starlette_endpoint_request_without_annotation():
    assert flows("""
    import subprocess
    from starlette.responses import Response

    async def run(request):
        data = await request.json()
        subprocess.run(data["cmd"], shell=True)
        Response(data["x"], media_type="text/html")
        Response(data["x"], media_type="application/json")
        return Response(request.query_params["q"])
    """) == [(7, 78, "SR901"), (8, 79, "SR906")]


def test_rest_framework_request_viewset_and_serializer_data():
    assert flows("""
    import subprocess
    from rest_framework import serializers, viewsets
    from rest_framework.decorators import api_view

    @api_view(["POST"])
    def run(request):
        subprocess.run(request.data["cmd"], shell=True)

    class Jobs(viewsets.ViewSet):
        def retrieve(self, request, pk=None):
            subprocess.run("show " + pk, shell=True)

    class JobSerializer(serializers.Serializer):
        def create(self, validated_data):
            subprocess.run("mk " + validated_data.get("name"), shell=True)

        def update(self, instance, validated_data):
            subprocess.run("mk " + validated_data["name"], shell=True)
            subprocess.run("mk " + instance.name, shell=True)
    """) == [(8, 78, "SR901"), (12, 78, "SR901"), (16, 78, "SR901"), (19, 78, "SR901")]


def test_graphql_resolver_arguments_but_not_parent_or_info():
    graphene = """
    import subprocess
    import graphene

    class Ping(graphene.Mutation):
        def mutate(root, info, host):
            subprocess.run("ping " + host, shell=True)
            subprocess.run("ping " + info.context.path, shell=True)
            subprocess.run("ping " + root.host, shell=True)
    """
    assert flows(graphene) == [(7, 78, "SR901")]
    ariadne = """
    import subprocess
    from ariadne import QueryType
    query = QueryType()

    @query.field("ping")
    def resolve_ping(obj, info, host):
        subprocess.run("ping " + host, shell=True)
        subprocess.run("ping " + obj.host + info.context["x"], shell=True)
    """
    assert flows(ariadne) == [(8, 78, "SR901")]
    strawberry = """
    import subprocess
    import strawberry
    from strawberry.types import Info

    @strawberry.type
    class Query:
        @strawberry.field(description="ping")
        def ping(self, info: Info, host: str) -> str:
            subprocess.run("ping " + host, shell=True)
            return subprocess.run("ping " + self.host, shell=True)
    """
    assert flows(strawberry) == [(10, 78, "SR901")]


def test_graphene_resolve_methods_take_client_arguments():
    # `resolve_<field>(root, info, **arguments)` on an ObjectType: the arguments are the client's,
    # `root` (parent value) and `info` are not; other methods are not resolvers
    assert flows("""
    import subprocess
    import graphene

    class Query(graphene.ObjectType):
        host = graphene.String(name=graphene.String())

        def resolve_host(root, info, name):
            subprocess.run("host " + name, shell=True)
            subprocess.run("host " + root.name + info.context.path, shell=True)
            return name

        def lookup(self, name):
            subprocess.run("host " + name, shell=True)

    class Plain:
        def resolve_host(self, info, name):
            subprocess.run("host " + name, shell=True)
    """) == [(9, 78, "SR901")]


SETTINGS = 'ROOT_URLCONF = "site.urls"\n'


def test_default_password_hasher_fast_or_unsalted():
    def hits(hashers: str, path: str = "site/settings.py"):
        return [(cwe, rule) for _, cwe, rule in findings_for(SETTINGS + f"PASSWORD_HASHERS = {hashers}\n", path)]

    assert hits('["django.contrib.auth.hashers.MD5PasswordHasher"]') == [(916, "SR707")]
    assert hits('("django.contrib.auth.hashers.UnsaltedSHA1PasswordHasher",)') == [(759, "SR707")]
    assert hits('["django.contrib.auth.hashers.PBKDF2PasswordHasher", '
                '"django.contrib.auth.hashers.MD5PasswordHasher"]') == []
    assert hits('["django.contrib.auth.hashers.MD5PasswordHasher"]', "site/test_settings.py") == []


def test_pickle_session_serializer_and_httponly_off():
    source = SETTINGS + """
SESSION_SERIALIZER = "django.contrib.sessions.serializers.PickleSerializer"
SESSION_COOKIE_HTTPONLY = False
CSRF_COOKIE_HTTPONLY = False
"""
    assert findings_for(source, "site/settings.py") == [(3, 502, "SR708"), (4, 1004, "SR709")]
    assert findings_for(source.replace("PickleSerializer", "JSONSerializer").replace(
        "SESSION_COOKIE_HTTPONLY = False", "SESSION_COOKIE_HTTPONLY = True"), "site/settings.py") == []
    assert findings_for(source, "site/dev_settings.py") == []


def test_settings_of_a_test_package_are_not_reported():
    source = SETTINGS + 'PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]\n'
    assert findings_for(source, "wagtail/test/settings.py") == []
    assert findings_for(source, "wagtail/settings.py") == [(2, 916, "SR707")]


def test_template_engines_configured_without_escaping():
    settings = SETTINGS + """TEMPLATES = [
    {"BACKEND": "django.template.backends.django.DjangoTemplates", "OPTIONS": {"autoescape": False}},
    {"BACKEND": "django.template.backends.jinja2.Jinja2", "OPTIONS": {"autoescape": True}},
    {"BACKEND": "myapp.templates.Backend", "OPTIONS": {"autoescape": False}},
]
"""
    assert findings_for(settings, "site/settings.py") == [(3, 79, "SR713")]
    assert findings_for("""
import aiohttp_jinja2, jinja2
def setup(app, loader):
    aiohttp_jinja2.setup(app, loader=loader, autoescape=False)
    aiohttp_jinja2.setup(app, loader=loader)
""") == [(4, 79, "SR144")]
