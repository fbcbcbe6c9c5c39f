"""Template tags and helpers of a small Django dashboard app."""
import json

from django.template.loader import get_template
from django.utils.html import format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext as _


def status_badge(status):
    return format_html(_("Status: <b>{}</b>"), status)  # safe: CWE-79


def status_badge_raw(status):
    return format_html(_("Status: ") + "<b>" + status + "</b>")  # expect: CWE-79


def panel(request, context):
    return mark_safe(get_template("panel.html").render(context, request))  # safe: CWE-79


def keep_safety(original, transformed):
    if isinstance(original, SafeData):
        return mark_safe(transformed)  # safe: CWE-79
    return transformed


def maybe_safe(text, is_safe):
    return mark_safe(text) if is_safe else text  # safe: CWE-79


def trust_unless_unsafe(text, unsafe):
    if unsafe:
        return mark_safe(text)  # expect: CWE-79
    return text


def inline_json(data):
    payload = json.dumps(data).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/json">{payload}</script>')  # safe: CWE-79


def profile_link(user):
    return mark_safe(f'<a href="/u/{user.username}">{user.display_name}</a>')  # expect: CWE-79


def plain_to_html(text):
    text = text.replace("&", "&amp;")
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    return mark_safe(text.replace("\n", "<br>"))  # safe: CWE-79
