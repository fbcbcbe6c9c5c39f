"""Django views of the back office: function views, class-based views, URL parameters."""
import subprocess

from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views import View

from .models import Invoice

ALLOWED_FORMATS = ("pdf", "csv")


def invoice_search(request):
    customer = request.GET.get("customer", "")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM invoices WHERE customer = '" + customer + "'")  # expect: CWE-89
        cursor.execute("SELECT id FROM invoices WHERE customer = %s", [customer])  # safe: CWE-89
        rows = cursor.fetchall()
    return HttpResponse(str(len(rows)))


def invoice_raw(request, invoice_id):
    invoices = Invoice.objects.raw("SELECT * FROM invoices WHERE id = %s" % invoice_id)  # expect: CWE-89
    return HttpResponse("<p>%s</p>" % invoice_id)  # expect: CWE-79


def invoice_export(request, invoice_id):
    fmt = request.POST["format"]
    if fmt not in ALLOWED_FORMATS:
        return HttpResponse("bad format", status=400)
    subprocess.run("export-invoice --format " + fmt, shell=True)  # safe: CWE-78
    return HttpResponse("queued")


def greeting(request):
    name = request.COOKIES.get("name", "guest")
    page = mark_safe("<span>" + name + "</span>")  # expect: CWE-79
    escaped = mark_safe("<span>" + escape(name) + "</span>")  # safe: CWE-79
    return HttpResponse(page + escaped)


def agent(request):
    return HttpResponse("<pre>" + request.META["HTTP_USER_AGENT"] + "</pre>")  # expect: CWE-79


def go(request):
    target = request.GET["next"]
    if url_has_allowed_host_and_scheme(target, allowed_hosts={"shop.example.com"}):
        return HttpResponseRedirect(target)  # safe: CWE-601
    return HttpResponseRedirect(request.GET["fallback"])  # expect: CWE-601


def remember(request):
    request.session["last_search"] = request.body.decode()  # expect: CWE-501
    return HttpResponse("ok")


class ArchiveView(View):
    def get(self, request, folder):
        subprocess.call("tar czf /tmp/archive.tgz " + folder, shell=True)  # expect: CWE-78
        return HttpResponse("archived")

    def post(self, request, folder):
        name = request.FILES["upload"].name
        with open("/srv/incoming/" + name, "wb") as handle:  # expect: CWE-22
            handle.write(request.FILES["upload"].read())
        return HttpResponse("stored")
