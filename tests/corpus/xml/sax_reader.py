"""Streams large catalogs with SAX."""
import xml.sax
from xml.dom import pulldom
from xml.sax.handler import feature_external_ges


def make_parser(handler, resolve_includes):
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, True)  # expect: CWE-611
    parser.setContentHandler(handler)
    return parser


def make_strict_parser(handler):
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, False)  # safe: CWE-611
    parser.setContentHandler(handler)
    return parser


def stream(path, handler):
    xml.sax.parse(path, handler)  # expect: CWE-776


def events(path):
    return pulldom.parse(path)  # expect: CWE-776
