"""Import product feeds delivered as XML by partners."""
from lxml import etree
import xml.sax


def parse_feed(path):
    tree = etree.parse(path, etree.XMLParser(resolve_entities=True))  # expect: CWE-611
    return tree.getroot()


def parse_feed_fixed(path):
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.parse(path, parser).getroot()  # safe: CWE-611


def sax_feed(stream, handler):
    parser = xml.sax.make_parser()
    parser.setFeature(xml.sax.handler.feature_external_ges, True)  # expect: CWE-611
    parser.setContentHandler(handler)
    parser.parse(stream)
