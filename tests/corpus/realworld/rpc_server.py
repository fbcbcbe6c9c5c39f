"""XML-RPC control interface for the job runner."""
from xmlrpc.server import SimpleXMLRPCServer


class Jobs:
    def status(self):
        return "idle"


def serve(port):
    server = SimpleXMLRPCServer(("127.0.0.1", port))  # expect: CWE-776
    server.register_instance(Jobs(), allow_dotted_names=True)  # expect: CWE-749
    server.serve_forever()


def serve_fixed(port):
    server = SimpleXMLRPCServer(("127.0.0.1", port))  # expect: CWE-776
    server.register_instance(Jobs())  # safe: CWE-749
    server.serve_forever()
