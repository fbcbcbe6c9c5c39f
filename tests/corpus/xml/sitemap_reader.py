"""Streams <url> entries out of downloaded sitemaps."""
from io import BytesIO

from lxml import etree


def entries(body):
    events = etree.iterparse(BytesIO(body), events=("end",), resolve_entities=False, no_network=True)  # safe: CWE-611
    return [element.text for _, element in events if element.tag.endswith("loc")]


def entries_legacy(body):
    events = etree.iterparse(BytesIO(body), events=("end",))  # expect: CWE-611
    return [element.text for _, element in events if element.tag.endswith("loc")]
