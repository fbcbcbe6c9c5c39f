"""Redirect plain-HTTP requests to HTTPS: on the validated host, or on one the client names."""
from django.http import HttpResponsePermanentRedirect


class ForceHttpsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.is_secure():
            # get_host() raises DisallowedHost unless the Host header is in ALLOWED_HOSTS
            return HttpResponsePermanentRedirect("https://%s%s" % (request.get_host(), request.get_full_path()))  # safe: CWE-601
        return self.get_response(request)


def mirror(request):
    mirror_host = request.GET.get("mirror", "")
    return HttpResponsePermanentRedirect("https://%s%s" % (mirror_host, request.get_full_path()))  # expect: CWE-601
