"""Helpers shared by the benchmark-style views: transforms that keep or drop the value."""
import html


def pass_through(value):
    prefix = ""
    return prefix + value


def constant_instead(value):
    ignored = value
    return "constant-" + "value"


def escape_for_html(value):
    return html.escape(value)


class ThingOne:
    def do_something(self, value):
        tmp = value.strip()
        return tmp


class ThingTwo:
    def do_something(self, value):
        return "It does not matter what " + "you pass"
