"""Inventory client, hardened with defusedxml."""
from xmlrpc.client import ServerProxy

from defusedxml.xmlrpc import monkey_patch

monkey_patch()


def stock(url, sku):
    proxy = ServerProxy(url)  # safe: CWE-776
    return proxy.stock(sku)
