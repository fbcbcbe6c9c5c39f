"""Django admin widgets and template helpers."""
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

ICON = "<i class='icon'></i>"


def badge(name):
    return mark_safe("<span class='badge'>" + name + "</span>")  # expect: CWE-79


def badge_safe(name):
    return mark_safe("<span class='badge'>" + escape(name) + "</span>")  # safe: CWE-79


def icon():
    return mark_safe(ICON)  # safe: CWE-79


def counter(count):
    return mark_safe("<b>%d</b>" % int(count))  # safe: CWE-79


def link(url, label):
    return format_html(f"<a href='{url}'>{label}</a>")  # expect: CWE-79


def link_safe(url, label):
    return format_html("<a href='{}'>{}</a>", url, label)  # safe: CWE-79


def raw_html(fragment):
    return SafeString(fragment)  # expect: CWE-79


def rows(items):
    cells = "".join(format_html("<td>{}</td>", item) for item in items)
    return mark_safe(cells)
