"""Django class-based views: `self.kwargs` holds the URL's captured parameters and `self.request`
the request, in every method of the view (admindocs' TemplateDetailView, CVE-2021-33203)."""
import subprocess
from pathlib import Path

from django.http import HttpResponse
from django.utils._os import safe_join
from django.views.generic import DetailView, TemplateView

TEMPLATE_DIRS = ["/srv/app/templates"]


class TemplateSourceView(TemplateView):
    template_name = "template_source.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        template = self.kwargs["template"]
        sources = []
        for directory in TEMPLATE_DIRS:
            template_file = Path(directory) / template
            sources.append(template_file.read_text())  # expect: CWE-22
        context["sources"] = sources
        return context


class SafeTemplateSourceView(TemplateView):
    template_name = "template_source.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        template = self.kwargs["template"]
        sources = []
        for directory in TEMPLATE_DIRS:
            template_file = Path(safe_join(directory, template))
            sources.append(template_file.read_text())  # safe: CWE-22
        context["sources"] = sources
        return context


class ReportView(DetailView):
    template_name = "report.html"

    def render_report(self):
        fmt = self.request.GET.get("format", "pdf")
        subprocess.run("render-report --format " + fmt, shell=True)  # expect: CWE-78
        return HttpResponse("queued")

    def fixed_report(self):
        subprocess.run(["render-report", "--format", "pdf"])  # safe: CWE-78
        return HttpResponse("queued")
