"""Thin clients for the third-party APIs the billing service talks to."""
import os

import requests

GITHUB_API = "https://api.github.com"
GITHUB_TOKEN = "ghp_" "cr0JePtE2wrpP7mD4HQb8GeavjTEQykdeLFk"  # expect: CWE-798
TOKEN_URL = "https://oauth2.googleapis.com/token"  # safe: CWE-798
TOKEN_ENV_VAR = "BILLING_API_TOKEN"  # safe: CWE-798


class BillingClient:
    token_type = "Bearer"  # safe: CWE-798
    api_key_header = "X-API-Key"  # safe: CWE-798

    def __init__(self, api_key=None):
        self.api_key = api_key or os.environ["BILLING_API_KEY"]  # safe: CWE-798
        self.session = requests.Session()

    def headers(self):
        return {"Authorization": f"{self.token_type} {self.api_key}"}  # safe: CWE-798


def post_to_slack(text):
    return requests.post(
        "https://slack.com/api/chat.postMessage",
        headers={"Authorization": "Bearer " "xoxb-" "263748591023-4859102736451-eJnjb7wXh9HjQtDcArQZclrj"},  # expect: CWE-798
        json={"channel": "#billing", "text": text},
        timeout=10,
    )


def charge(amount_cents, customer):
    import stripe

    stripe.api_key = "sk_live_" "bYbwPNENDjflTh2aGF49peQI6DeMRfGL"  # expect: CWE-798
    return stripe.Charge.create(amount=amount_cents, currency="eur", customer=customer)


def geocode(address):
    params = {"address": address, "key": "AIza" "SyB6G6e2W9tqSF6LowGfP6ZbRLv3KokEFR8"}  # expect: CWE-798
    return requests.get("https://maps.googleapis.com/maps/api/geocode/json", params=params, timeout=10)


def partner_feed():
    headers = {
        "Accept": "application/json",
        "X-API-Key": "T7bQ2xLp9VmK4rZs8NcW",  # expect: CWE-798
        "X-Request-Source": "billing-service-worker",  # safe: CWE-798
    }
    return requests.get("https://partner.internal/feed", headers=headers, timeout=10)


def weather(city):
    api_key = "1IfWqrAz2KrHhSyrqPmwgSSZ9kL68rj2"  # expect: CWE-798
    return requests.get("https://api.weather.internal/v1", params={"q": city, "appid": api_key}, timeout=10)


def send_mail(to, subject):
    return requests.post(
        "https://api.sendgrid.com/v3/mail/send",
        headers={"Authorization": "Bearer SG." "nG4SAl8Lntd0wIjF6X8JEv.fznd5sZcoG1fY78Sut8DeLq2eSB8mgzmT44DGp0Zx72"},  # expect: CWE-798
        json={"to": to, "subject": subject},
        timeout=10,
    )


OPENAI_MODEL = "gpt-4o-mini"
ACCESS_TOKEN_LIFETIME = 3600  # safe: CWE-798
REFRESH_TOKEN_COOKIE = "refresh_token"  # safe: CWE-798
AUTH_TOKEN = os.getenv("AUTH_TOKEN")  # safe: CWE-798
