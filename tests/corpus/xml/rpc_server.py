"""Legacy XML-RPC endpoint for the inventory service."""
from xmlrpc.server import SimpleXMLRPCServer


def serve(handler):
    server = SimpleXMLRPCServer(("127.0.0.1", 8000))  # expect: CWE-776
    server.register_instance(handler)
    server.serve_forever()
