"""Clients for partner APIs."""
import httpx
import requests
from requests import Session

PARTNER = "https://partner.example.com/api"


def fetch_orders(token):
    return requests.get(f"{PARTNER}/orders", headers={"Authorization": token})  # expect: CWE-1088


def fetch_orders_timeout(token):
    return requests.get(f"{PARTNER}/orders", headers={"Authorization": token}, timeout=10)  # safe: CWE-1088


def post_forever(payload):
    return requests.post(f"{PARTNER}/events", json=payload, timeout=None)  # expect: CWE-1088


def internal_status():
    return requests.get("https://status.internal/health", verify=False, timeout=3)  # expect: CWE-295


def private_ca():
    return requests.get("https://status.internal/health", verify="/etc/ssl/internal.pem", timeout=3)  # safe: CWE-295


def session_calls(ids):
    with requests.Session() as session:
        for item in ids:
            session.get(f"{PARTNER}/items/{item}", timeout=5)  # safe: CWE-1088
        session.post(f"{PARTNER}/done")  # expect: CWE-1088


def insecure_session():
    s = Session()
    s.verify = False  # expect: CWE-295
    return s.get(PARTNER, timeout=5)


def forwarded(method, url, **kwargs):
    return requests.request(method, url, **kwargs)  # safe: CWE-1088


def httpx_default_timeout():
    return httpx.get(f"{PARTNER}/ping")  # safe: CWE-1088


def httpx_no_timeout():
    with httpx.Client(timeout=None) as client:  # expect: CWE-1088
        return client.get(f"{PARTNER}/ping")


def httpx_unverified():
    return httpx.Client(verify=False)  # expect: CWE-295


def settings_lookup(config):
    return config.get("partner_url")  # safe: CWE-1088
