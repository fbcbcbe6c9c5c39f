"""Live reconfiguration of logging for long-running workers."""
import logging.config
from logging.config import listen


def start_listener(port=9030):
    thread = logging.config.listen(port)  # expect: CWE-94
    thread.daemon = True
    thread.start()
    return thread


def start_verified_listener(port, verify):
    thread = listen(port, verify=verify)  # safe: CWE-94
    thread.start()
    return thread
