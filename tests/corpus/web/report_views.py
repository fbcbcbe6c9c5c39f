"""Report export views of the analytics dashboard."""
import logging
import traceback

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse

from analytics.reports import build_report, parse_range

logger = logging.getLogger(__name__)


def export_report(request, report_id):
    try:
        report = build_report(report_id, request.user)
    except DatabaseError as exc:
        return JsonResponse({"error": "database error", "detail": str(exc)}, status=500)  # expect: CWE-209
    return JsonResponse(report)


def export_range(request):
    try:
        start, end = parse_range(request.GET["from"], request.GET["to"])
    except ValueError as exc:
        return JsonResponse({"error": str(exc)}, status=400)  # safe: CWE-209
    return JsonResponse({"from": start.isoformat(), "to": end.isoformat()})


def export_csv(request, report_id):
    try:
        body = build_report(report_id, request.user, fmt="csv")
    except Exception:
        details = traceback.format_exc()
        if settings.DEBUG:
            return HttpResponseServerError(details, content_type="text/plain")  # safe: CWE-209
        return HttpResponseServerError("<h1>Export failed</h1><pre>" + details + "</pre>")  # expect: CWE-209
    return HttpResponse(body, content_type="text/csv")


def export_pdf(request, report_id):
    try:
        body = build_report(report_id, request.user, fmt="pdf")
    except Exception:
        logger.exception("PDF export failed")
        return JsonResponse({"error": "export failed, the team has been notified"}, status=500)  # safe: CWE-209
    return HttpResponse(body, content_type="application/pdf")
