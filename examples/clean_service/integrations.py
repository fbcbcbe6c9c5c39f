"""Outbound calls and inbound documents: fixed endpoints, timeouts, certificate checks, safe parsers."""
import requests
import yaml
from defusedxml import ElementTree
from lxml import etree

from . import settings

_HARDENED_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)  # safe: CWE-611


def notify(event, payload):
    auth = ("placement", settings.WEBHOOK_PASSWORD)
    body = {"event": event, **payload}
    requests.post(settings.WEBHOOK_URL, json=body, auth=auth, timeout=5, verify=settings.CA_BUNDLE)  # safe: CWE-918, CWE-295, CWE-1088


def cmdb_record(hostname):
    response = requests.get(settings.CMDB_URL, params={"hostname": hostname}, timeout=(3, 10))  # safe: CWE-918, CWE-1088
    response.raise_for_status()
    return response.json()


def load_provider_config(text):
    return yaml.safe_load(text)  # safe: CWE-502


def parse_inventory(data):
    root = ElementTree.fromstring(data)  # safe: CWE-611
    return {item.get("class"): int(item.get("total")) for item in root.iter("inventory")}


def parse_capabilities(data):
    return etree.fromstring(data, _HARDENED_PARSER)  # safe: CWE-611
