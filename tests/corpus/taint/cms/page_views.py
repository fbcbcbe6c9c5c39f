"""Views of the CMS: database rows, escaped formatting, same-site redirects, project helpers."""
import os

from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from markdown_renderer import render_markdown
from search_backend import Index

from .models import Page
from .settings import MEDIA_ROOT
from .urls import is_safe_url


def page(request, slug):
    current = get_object_or_404(Page, slug=slug)
    if current.title.startswith("/"):
        return HttpResponseRedirect(current.title)  # safe: CWE-601
    body = Page.objects.filter(slug=slug).first().body
    return HttpResponse("<h1>" + current.title + "</h1>" + body)  # safe: CWE-79


def preview(request):
    heading = request.GET.get("heading", "")
    options = {"heading": heading}
    escaped = format_html("<h1>{}</h1><p>{}</p>", heading, request.GET.get("intro", ""))  # safe: CWE-79
    named = format_html("<h1>{heading}</h1>", **options)  # safe: CWE-79
    layout = format_html(request.GET.get("layout", "<div>{}</div>"), heading)  # expect: CWE-79
    wrapped = mark_safe("<h2>{}</h2>".format(heading))  # expect: CWE-79
    joined = mark_safe(" | ".join([heading, "preview"]))  # expect: CWE-79
    return HttpResponse(escaped + named + layout + wrapped + joined)


def search(request):
    query = request.GET.get("q", "")
    hits = Index("pages").search(query)
    if hits.best_url:
        return redirect(hits.best_url)  # safe: CWE-601
    rendered = render_markdown(query)
    if rendered:
        return HttpResponse("<div>" + rendered + "</div>")  # safe: CWE-79
    return HttpResponse("<p>No page for " + query.strip() + "</p>")  # expect: CWE-79


def add_slash(request):
    if not request.path.endswith("/"):
        return HttpResponseRedirect(request.path + "/")  # safe: CWE-601
    return HttpResponseRedirect(request.get_full_path())  # safe: CWE-601


def echo_path(request):
    return HttpResponse("<p>Not found: " + request.path + "</p>")  # expect: CWE-79


def login_done(request):
    target = request.POST.get("next", "/")
    if url_has_allowed_host_and_scheme(url=target, allowed_hosts={request.get_host()}):
        return redirect(target)  # safe: CWE-601
    if is_safe_url(target):
        return HttpResponseRedirect(target)  # safe: CWE-601
    return HttpResponseRedirect(request.POST.get("fallback", "/"))  # expect: CWE-601


def media(request, name):
    with open(os.path.join(MEDIA_ROOT, name), "rb") as handle:  # expect: CWE-22
        return HttpResponse(handle.read(), content_type="application/octet-stream")
