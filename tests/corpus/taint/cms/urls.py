"""Checks of redirect targets written by the project itself."""
from urllib.parse import urlparse

SITE_HOST = "cms.example.com"


def is_safe_url(target):
    parsed = urlparse(target)
    return not parsed.netloc or parsed.netloc == SITE_HOST
