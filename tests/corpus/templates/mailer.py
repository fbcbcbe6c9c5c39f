"""Renders notification e-mails and pages with Jinja2."""
import jinja2
from jinja2 import Environment, FileSystemLoader, PackageLoader, select_autoescape

pages = Environment(loader=FileSystemLoader("templates"))  # expect: CWE-79
safe_pages = Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape())  # safe: CWE-79
emails = jinja2.Environment(loader=PackageLoader("notify"), autoescape=False)  # expect: CWE-79
widgets = Environment(loader=PackageLoader("notify"), autoescape=True)  # safe: CWE-79


def render_page(name, **context):
    return pages.get_template(name).render(**context)


def preview(snippet, **context):
    return safe_pages.from_string(snippet).render(**context)  # expect: CWE-1336


def greeting(name):
    return jinja2.Template("Hello {{ name }}").render(name=name)  # safe: CWE-1336


def custom(template_source, context):
    return jinja2.Template(template_source).render(context)  # expect: CWE-1336
