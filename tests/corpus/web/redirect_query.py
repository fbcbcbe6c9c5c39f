"""Redirects carrying the current filters along as a query string."""
from urllib.parse import quote, urlencode

from django.http import HttpResponseRedirect


def keep_filters(request):
    # every `/` and `:` is percent-encoded: the target stays a relative reference on this site
    return HttpResponseRedirect(request.GET.urlencode())  # safe: CWE-601


def keep_query(request):
    return HttpResponseRedirect(urlencode({"q": request.GET["q"]}))  # safe: CWE-601


def back(request):
    # `quote` keeps `/`: `//evil.example/` is still another host
    return HttpResponseRedirect(quote(request.GET["next"]))  # expect: CWE-601
