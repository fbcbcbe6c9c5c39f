"""Forum views (Django): context dicts passed to the app's templates and the project's."""
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.http import HttpResponse
from django.utils.html import escape

from forum.board.models import Post


def thread(request, pk):
    post = get_object_or_404(Post, pk=pk)
    return render(request, "board/thread.html", {"post": post, "highlight": request.GET.get("hl", "")})


def search(request):
    context = {"q": request.GET.get("q", ""), "page": int(request.GET.get("page", 1))}
    context["sort"] = request.GET.get("sort", "new")
    return render(request, "board/search.html", context)


def search_escaped(request):
    return render(request, "board/search_escaped.html", {"q": escape(request.GET.get("q", ""))})


def landing(request):
    return render(request, "landing.html", {"welcome": request.COOKIES.get("name", "guest")})


def preview(request):
    html = render_to_string("board/preview.html", {"draft": request.POST["draft"]})
    return HttpResponse(html)
