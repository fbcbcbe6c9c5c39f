"""Widgets and template filters that write HTML attributes from a dict (Jinja2's xmlattr filter before
CVE-2024-22195 / CVE-2024-34064): the values are escaped, the names are not checked."""
import re
from html import escape as html_escape

from markupsafe import Markup, escape

_SPACE_RE = re.compile(r"\s")
_ATTR_KEY_RE = re.compile(r"[\s/>=]")


def xmlattr(d, autospace=True):
    rv = " ".join(
        f'{escape(key)}="{escape(value)}"'  # expect: CWE-79
        for key, value in d.items()
        if value is not None
    )
    return Markup(" " + rv if autospace else rv)


def xmlattr_spaces_only(d):
    items = []
    for key, value in d.items():
        if _SPACE_RE.search(key) is not None:
            raise ValueError(f"Spaces are not allowed in attributes: '{key}'")
        items.append(f'{escape(key)}="{escape(value)}"')  # expect: CWE-79
    return Markup(" ".join(items))


def xmlattr_checked(d):
    items = []
    for key, value in d.items():
        if _ATTR_KEY_RE.search(key) is not None:
            raise ValueError(f"Invalid character in attribute name: {key!r}")
        items.append(f'{escape(key)}="{escape(value)}"')  # safe: CWE-79
    return Markup(" ".join(items))


def input_tag(name, attr, value):
    return '<input name="%s" %s="%s">' % (html_escape(name), attr, html_escape(value))  # expect: CWE-79


def input_tag_fixed(name, value):
    return '<input name="%s" value="%s">' % (html_escape(name), html_escape(value))  # safe: CWE-79


def data_attributes(attrs):
    parts = []
    for key, value in attrs.items():
        if not key.isidentifier():
            raise ValueError(key)
        parts.append('data-{}="{}"'.format(key, html_escape(value)))  # safe: CWE-79
    return " ".join(parts)


def env_line(name, value):
    return f'{name}="{value}"'  # safe: CWE-79
