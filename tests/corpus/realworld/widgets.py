"""Django template helpers for the admin."""
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def user_badge(user):
    return mark_safe(f'<span class="badge">{user.display_name}</span>')  # expect: CWE-79


def user_badge_fixed(user):
    return format_html('<span class="badge">{}</span>', user.display_name)  # safe: CWE-79
