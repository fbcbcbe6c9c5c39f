"""The kiosk's aiohttp application: templates for the public screens and the staff console."""
import aiohttp_jinja2
import jinja2
from aiohttp import web


def public_app():
    app = web.Application()
    aiohttp_jinja2.setup(app, loader=jinja2.PackageLoader("kiosk", "templates"))  # safe: CWE-79
    return app


def staff_console():
    app = web.Application()
    # The console renders HTML snippets stored by staff; escaping was turned off to show them.
    aiohttp_jinja2.setup(app, loader=jinja2.PackageLoader("kiosk", "console"), autoescape=False)  # expect: CWE-79
    return app
