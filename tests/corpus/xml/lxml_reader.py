"""Reads SOAP envelopes with lxml."""
from lxml import etree

RESOLVING = etree.XMLParser(resolve_entities=True)  # expect: CWE-611
HARDENED = etree.XMLParser(resolve_entities=False, no_network=True)  # safe: CWE-611
COMPACT = etree.XMLParser(remove_blank_text=True)  # expect: CWE-611


def envelope(data):
    return etree.fromstring(data, RESOLVING)


def envelope_safe(data):
    return etree.fromstring(data, HARDENED)  # safe: CWE-611


def envelope_default(data):
    return etree.fromstring(data)  # expect: CWE-611


def template():
    return etree.fromstring("<Envelope/>")  # safe: CWE-611
