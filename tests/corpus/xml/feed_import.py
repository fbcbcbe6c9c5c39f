"""Imports partner product feeds (XML)."""
import xml.etree.ElementTree as ET
from xml.dom import minidom

import defusedxml.ElementTree as SafeET

EMPTY_FEED = "<feed/>"


def parse_feed(payload):
    root = ET.fromstring(payload)  # expect: CWE-776
    return [item.attrib for item in root]


def parse_feed_safe(payload):
    root = SafeET.fromstring(payload)  # safe: CWE-776
    return [item.attrib for item in root]


def empty_feed():
    return ET.fromstring(EMPTY_FEED)  # safe: CWE-776


def parse_file(path):
    return ET.parse(path).getroot()  # expect: CWE-776


def pretty(text):
    return minidom.parseString(text).toprettyxml()  # expect: CWE-776
