"""What a handler sends back or trusts: exception text (CWE-209), http.server header values (CWE-113),
sign-in without session rotation (CWE-384), identity or role read from a cookie (CWE-565)."""
from __future__ import annotations

from tests.helpers import findings_for


def hits(source: str, rule_id: str, path: str = "app/views.py") -> list[int]:
    return [line for line, _, rid in findings_for(source, path) if rid == rule_id]


def test_exception_text_in_a_response_only_for_broad_or_server_errors():
    assert hits("""
    import traceback
    from django.conf import settings
    from django.http import HttpResponse, JsonResponse

    def view(request):
        try:
            run()
        except Exception as exc:
            return JsonResponse({"error": str(exc)})
        except ValueError as exc:
            return JsonResponse({"error": str(exc)}, status=400)
        except OSError as exc:
            message = f"failed: {exc}"
            return HttpResponse(message)

    def debug_view(request):
        try:
            run()
        except Exception:
            if settings.DEBUG:
                return HttpResponse(traceback.format_exc())
            return HttpResponse(traceback.format_exc())
    """, "SR804") == [10, 15, 23]


def test_exception_text_returned_from_a_flask_route():
    assert hits("""
    from flask import Flask, jsonify
    app = Flask(__name__)

    @app.route("/x")
    def x():
        try:
            run()
        except Exception as e:
            return f"failed: {e}", 500

    def helper():
        try:
            run()
        except Exception as e:
            return f"failed: {e}"

    @app.route("/y")
    def y():
        try:
            run()
        except Exception as e:
            return jsonify(error=e.args), 500
    """, "SR804") == [10, 23]


def test_http_server_header_values_that_are_copied_not_computed():
    assert hits("""
    from http.server import BaseHTTPRequestHandler
    from urllib.parse import quote

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            target = self.path[len("/go/"):]
            self.send_header("Location", target)
            self.send_header("Content-Type", self.guess_type(target))
            self.send_header("X-Length", str(len(target)))
            self.send_header("X-Target", quote(target))
            self.send_header("X-Fixed", "1")

    class NotAHandler:
        def send(self, target):
            self.send_header("Location", target)
    """, "SR710") == [8]


def test_session_sign_in_without_rotation():
    source = """
    from django.contrib.auth import login

    def sign_in(request):
        member = check(request.POST["email"], request.POST["password"])
        request.session["member_id"] = member.id

    def sign_in_rotated(request):
        member = check(request.POST["email"], request.POST["password"])
        request.session.cycle_key()
        request.session["member_id"] = member.id

    def sign_in_django(request, user):
        login(request, user)
        request.session["user_id"] = user.pk

    def sign_out(request):
        request.session["user_id"] = None
        request.session["cart"] = []
    """
    assert hits(source, "SR711") == [6]
    assert hits(source.replace("from django.contrib.auth import login", "from flask import session"), "SR711") == []


def test_identity_and_role_cookies_but_not_verified_or_opaque_ones():
    assert hits("""
    from django.http import HttpResponse

    def page(request):
        role = request.COOKIES.get("role")
        uid = request.COOKIES["user_id"]
        sid = request.COOKIES["sessionid"]
        theme = request.COOKIES.get("theme")
        user = signer.unsign(request.COOKIES["username"])
        stored = request.COOKIES.get("is_admin") == "1"
    """, "SR712") == [5, 6, 10]
