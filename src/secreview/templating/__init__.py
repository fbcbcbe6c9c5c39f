"""Template files beside the code (Jinja2, Django): unescaped uses, linked to the render calls that feed them."""
from secreview.templating.link import SUFFIXES, link, unchanged
from secreview.templating.scan import Template, Use, scan

__all__ = ["SUFFIXES", "Template", "Use", "link", "scan", "unchanged"]
