"""Legacy Pylons-style views rendered with Mako."""
from mako.lookup import TemplateLookup
from mako.template import Template

lookup = TemplateLookup(directories=["templates"])  # expect: CWE-79
escaped = TemplateLookup(directories=["templates"], default_filters=["h"])  # safe: CWE-79
footer = Template("<footer>${year}</footer>", default_filters=["h"])  # safe: CWE-79, CWE-1336
