"""Payment provider webhooks and account views."""
import hashlib
import hmac

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from shop.models import Order


@csrf_exempt  # safe: CWE-352
def payment_callback(request):
    signature = request.headers.get("X-Signature", "")
    expected = hmac.new(settings.PAYMENT_SECRET, request.body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(signature, expected):
        return HttpResponseForbidden()
    Order.objects.filter(reference=request.POST["reference"]).update(paid=True)
    return HttpResponse(status=204)


@csrf_exempt  # expect: CWE-352
@login_required
def change_shipping_address(request):
    profile = request.user.profile
    profile.address = request.POST["address"]
    profile.save()
    return HttpResponse(status=204)


@csrf_exempt  # safe: CWE-352
def order_status(request, reference):
    order = Order.objects.get(reference=reference)
    return JsonResponse({"status": order.status})


@csrf_protect  # safe: CWE-352
def update_profile(request):
    request.user.profile.bio = request.POST["bio"]
    request.user.profile.save()
    return HttpResponse(status=204)


@method_decorator(csrf_exempt, name="dispatch")  # expect: CWE-352
class RefundView(View):
    def post(self, request, reference):
        order = Order.objects.get(reference=reference, customer=request.user)
        order.refund_requested = True
        order.save()
        return JsonResponse({"ok": True})


def cancel_order(request, reference):
    Order.objects.filter(reference=reference, customer=request.user).delete()
    return HttpResponse(status=204)


def legacy_ping(request):
    return HttpResponse("pong")


cancel_order_view = csrf_exempt(cancel_order)  # expect: CWE-352
legacy_ping_view = csrf_exempt(legacy_ping)  # safe: CWE-352
