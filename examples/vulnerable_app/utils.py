"""Helpers shared by the views: tokens, preferences, imports, link previews, webhooks."""
import base64
import pickle
import random
import string

import requests
import yaml
from lxml import etree

from . import settings


def reset_token(length=32):
    alphabet = string.ascii_letters + string.digits
    return "".join(random.choice(alphabet) for _ in range(length))  # expect: CWE-338


def dump_preferences(prefs):
    return base64.b64encode(pickle.dumps(prefs)).decode("ascii")


def load_preferences(cookie_value):
    return pickle.loads(base64.b64decode(cookie_value))  # expect: CWE-502


def load_import_manifest(text):
    return yaml.load(text, Loader=yaml.Loader)  # expect: CWE-502


def parse_opml(data):
    return etree.fromstring(data, etree.XMLParser(resolve_entities=True, no_network=False))  # expect: CWE-611


def fetch_preview(url):
    response = requests.get(url, allow_redirects=True)  # expect: CWE-918, CWE-1088
    return response.text[:500]


def notify_webhook(payload):
    auth = ("notes", settings.WEBHOOK_PASSWORD)
    requests.post(settings.WEBHOOK_URL, json=payload, auth=auth, timeout=5, verify=False)  # expect: CWE-295
