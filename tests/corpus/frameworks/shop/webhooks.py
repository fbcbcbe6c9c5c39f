"""Payment provider webhooks and API views."""
from django.http import HttpResponse, JsonResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect


@csrf_exempt  # expect: CWE-352
def payment_callback(request):
    return HttpResponse(status=204)


@csrf_protect  # safe: CWE-352
def update_profile(request):
    return HttpResponse(status=204)


@method_decorator(csrf_exempt, name="dispatch")  # expect: CWE-352
class RefundView(View):
    def post(self, request):
        return JsonResponse({"ok": True})


def legacy_hook(request):
    return HttpResponse(status=204)


legacy_hook_view = csrf_exempt(legacy_hook)  # expect: CWE-352
