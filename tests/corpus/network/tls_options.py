"""An HTTP client library's TLS setup: options chosen by the caller, translation tables."""
import ssl

import OpenSSL.SSL

PROTOCOL_MAP = {ssl.PROTOCOL_TLS_CLIENT: OpenSSL.SSL.TLS_METHOD}
PROTOCOL_MAP[ssl.PROTOCOL_TLSv1_2] = OpenSSL.SSL.TLSv1_2_METHOD
PROTOCOL_MAP[ssl.PROTOCOL_TLSv1] = OpenSSL.SSL.TLSv1_METHOD  # safe: CWE-327
LEGACY = {ssl.PROTOCOL_TLSv1_1: OpenSSL.SSL.TLSv1_1_METHOD}  # safe: CWE-327
DEFAULTS = {"ssl_version": ssl.PROTOCOL_TLSv1}  # expect: CWE-327


def build_context(verify_peer: bool = True, cafile=None):
    context = ssl.create_default_context(cafile=cafile)
    if not verify_peer:
        context.check_hostname = False  # safe: CWE-297
        context.verify_mode = ssl.CERT_NONE  # safe: CWE-295
    return context


def context_for(cert_mode):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if cert_mode == ssl.CERT_REQUIRED:
        context.check_hostname = True
    else:
        context.check_hostname = False  # safe: CWE-297
    context.verify_mode = cert_mode
    return context


class ContextShim:
    def __init__(self, method):
        self.method = method
        self.check_hostname = False  # safe: CWE-297


def debug_context(debug: bool):
    context = ssl.create_default_context()
    if debug:
        context.verify_mode = ssl.CERT_NONE  # expect: CWE-295
    return context


class Client:
    def open(self):
        context = ssl.create_default_context()
        context.check_hostname = False  # expect: CWE-297
        return context
