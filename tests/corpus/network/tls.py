"""TLS plumbing for the metrics exporter."""
import socket
import ssl

import urllib3
from OpenSSL import SSL

SSL_PROTOCOL = ssl.PROTOCOL_TLSv1  # expect: CWE-327


def legacy_context():
    return ssl.SSLContext(ssl.PROTOCOL_SSLv3)  # expect: CWE-327


def pyopenssl_context():
    return SSL.Context(SSL.TLSv1_METHOD)  # expect: CWE-327


def modern_context():
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # safe: CWE-327
    context.minimum_version = ssl.TLSVersion.TLSv1_2  # safe: CWE-757
    return context


def permissive_minimum():
    context = ssl.create_default_context()
    context.minimum_version = ssl.TLSVersion.TLSv1  # expect: CWE-757
    return context


def negotiated(protocol):
    if protocol == ssl.PROTOCOL_TLSv1:  # safe: CWE-327
        raise ValueError("TLS 1.0 is not allowed")
    return protocol


def no_old_protocols(context):
    context.options |= ssl.OP_NO_TLSv1 | ssl.OP_NO_TLSv1_1  # safe: CWE-327
    return context


def unverified():
    context = ssl.create_default_context()
    context.check_hostname = False  # expect: CWE-297
    context.verify_mode = ssl.CERT_NONE  # expect: CWE-295
    return context


def quick_and_dirty(host):
    context = ssl._create_unverified_context()  # expect: CWE-295
    return context.wrap_socket(socket.create_connection((host, 443)), server_hostname=host)


def old_wrap(sock):
    return ssl.wrap_socket(sock)  # expect: CWE-295


def old_wrap_server(sock):
    return ssl.wrap_socket(sock, server_side=True, certfile="cert.pem", keyfile="key.pem")  # safe: CWE-295


def pool():
    return urllib3.PoolManager(cert_reqs="CERT_NONE")  # expect: CWE-295


def verified_pool():
    return urllib3.PoolManager(cert_reqs="CERT_REQUIRED")  # safe: CWE-295


def quiet():
    urllib3.disable_warnings()  # safe: CWE-295


def pyopenssl_noverify(context):
    context.set_verify(SSL.VERIFY_NONE, lambda *args: True)  # expect: CWE-295


def pyopenssl_verify(context, callback):
    context.set_verify(SSL.VERIFY_PEER, callback)  # safe: CWE-295
