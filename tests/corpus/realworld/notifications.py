"""E-mail notifications: admins can customize the message template."""
from jinja2 import Environment, Template
from jinja2.sandbox import SandboxedEnvironment

_sandbox = SandboxedEnvironment(autoescape=True)


def render_notification(template_text, context):
    return Template(template_text).render(**context)  # expect: CWE-1336


def render_notification_env(template_text, context):
    env = Environment(autoescape=True)
    return env.from_string(template_text).render(**context)  # expect: CWE-1336


def render_notification_sandboxed(template_text, context):
    return _sandbox.from_string(template_text).render(**context)  # safe: CWE-1336
