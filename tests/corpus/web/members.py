"""Sign-in for the members area, against the legacy members table."""
from django.contrib.auth import authenticate, login
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect

from members.legacy import check_member_password


def legacy_sign_in(request):
    member = check_member_password(request.POST["email"], request.POST["password"])
    if member is None:
        return HttpResponseForbidden("Wrong e-mail or password")
    request.session["member_id"] = member.id  # expect: CWE-384
    return redirect("/members/")


def legacy_sign_in_rotated(request):
    member = check_member_password(request.POST["email"], request.POST["password"])
    if member is None:
        return HttpResponseForbidden("Wrong e-mail or password")
    request.session.cycle_key()
    request.session["member_id"] = member.id  # safe: CWE-384
    return redirect("/members/")


def staff_sign_in(request):
    user = authenticate(request, username=request.POST["username"], password=request.POST["password"])
    if user is None:
        return HttpResponseForbidden("Wrong user name or password")
    login(request, user)
    request.session["logged_in"] = True  # safe: CWE-384
    return redirect("/staff/")


def use_dark_theme(request):
    request.session["theme"] = "dark"  # safe: CWE-384
    return HttpResponse(status=204)
