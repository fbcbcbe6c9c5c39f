"""Writes JUnit-style XML reports and reads them back."""
import xml.dom.minidom
import xml.dom.pulldom
import xml.etree.ElementTree as ET


def pretty(element):
    return xml.dom.minidom.parseString(ET.tostring(element, encoding="unicode")).toprettyxml()  # safe: CWE-776


def pretty_rough(element):
    rough = ET.tostring(element)
    return xml.dom.minidom.parseString(rough).toprettyxml()  # safe: CWE-776


def read_events(stream, hardened_parser):
    return xml.dom.pulldom.parse(stream, hardened_parser)  # safe: CWE-776


def read_report(payload):
    return xml.dom.minidom.parseString(payload)  # expect: CWE-776
