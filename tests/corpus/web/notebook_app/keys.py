"""Key rotation of the notebook server: files written next to the Tornado handlers' code."""
import os

import tornado.ioloop

from .base import files


def drop_rotation_file(cachedir):
    # a file the project's helper opened, in a module that imports tornado: not a response body
    with files.fopen(os.path.join(cachedir, ".dfn"), "w+") as fp_:
        fp_.write(os.environ.get("MASTER_ID", ""))  # safe: CWE-79


def schedule(callback):
    tornado.ioloop.IOLoop.current().call_later(60, callback)
