"""Client for the internal metrics API."""
import ssl
import urllib.request

import requests


def metrics(url, token):
    return requests.get(url, headers={"Authorization": f"Bearer {token}"}, verify=False, timeout=5)  # expect: CWE-295


def metrics_pinned(url, token, ca_bundle):
    return requests.get(url, headers={"Authorization": f"Bearer {token}"}, verify=ca_bundle, timeout=5)  # safe: CWE-295


def open_legacy(url):
    context = ssl.create_default_context()
    context.check_hostname = False  # expect: CWE-297
    context.verify_mode = ssl.CERT_NONE  # expect: CWE-295
    return urllib.request.urlopen(url, context=context, timeout=5)  # expect: CWE-918
