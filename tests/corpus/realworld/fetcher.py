"""Link previews: fetch the page a user pasted and read its title."""
import ipaddress
import socket
import urllib.request
from urllib.parse import urlparse

import requests


def preview(url):
    with urllib.request.urlopen(url, timeout=5) as response:  # expect: CWE-918
        return response.read(65536)


def fetch_avatar(avatar_url):
    return requests.get(avatar_url, timeout=5).content  # not found yet (CWE-918): needs parameters as taint sources


def _public_host(url):
    parts = urlparse(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    address = ipaddress.ip_address(socket.gethostbyname(parts.hostname))
    return address.is_global


def fetch_avatar_checked(avatar_url):
    if not _public_host(avatar_url):
        raise ValueError("avatar URL must point to a public web server")
    return requests.get(avatar_url, timeout=5, allow_redirects=False).content  # safe: CWE-918
