"""Account sign-up and edit views (Django)."""
from django.http import JsonResponse

from web.accounts.models import Account


def signup(request):
    account = Account.objects.create(**request.POST.dict())  # expect: CWE-915
    return JsonResponse({"id": account.pk})


def signup_safe(request):
    account = Account.objects.create(email=request.POST["email"], display_name=request.POST["display_name"])  # safe: CWE-915
    return JsonResponse({"id": account.pk})


def edit(request, pk):
    Account.objects.filter(pk=pk).update(**request.POST.dict())  # expect: CWE-915
    return JsonResponse({"ok": True})


def edit_safe(request, pk):
    fields = {"display_name": request.POST.get("display_name", "")}
    Account.objects.filter(pk=pk).update(**fields)  # safe: CWE-915
    return JsonResponse({"ok": True})
