"""Spooling uploads and keeping the worker's pid and socket files."""
import logging
import os
import shutil
import tempfile
import uuid
from pathlib import Path

PID_FILE = "/tmp/worker.pid"  # expect: CWE-379
SOCKET_PATH = Path("/var/tmp") / "worker.sock"  # expect: CWE-379
SCRATCH_DIR = "/tmp"  # safe: CWE-379
HELP = "files are kept in /tmp/uploads for a day"  # safe: CWE-379

logging.basicConfig(filename="/tmp/worker.log")  # expect: CWE-379


def write_pid():
    with open(PID_FILE, "w") as fh:  # safe: CWE-379
        fh.write(str(os.getpid()))


def spool(data: bytes) -> str:
    path = tempfile.mktemp(suffix=".upload")  # expect: CWE-377
    with open(path, "wb") as fh:
        fh.write(data)
    return path


def spool_safely(data: bytes) -> str:
    fd, path = tempfile.mkstemp(suffix=".upload", dir=SCRATCH_DIR)  # safe: CWE-377
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return path


def export(name: str, rows: list) -> None:
    with open(f"/tmp/export-{name}.csv", "w") as fh:  # expect: CWE-379, CWE-22
        fh.writelines(rows)


def unique_export(rows: list) -> None:
    with open(f"/tmp/export-{uuid.uuid4()}.csv", "w") as fh:  # safe: CWE-379
        fh.writelines(rows)


def stage(src: str) -> str:
    return shutil.copy(src, os.path.join("/dev/shm", "staged.bin"))  # expect: CWE-379


def in_temp_dir(name: str) -> str:
    return os.path.join(tempfile.gettempdir(), name)  # safe: CWE-379


def cache_db():
    return open(Path("/tmp/cache.db"), "rb")  # expect: CWE-379


def save_serial(serial, filename="/tmp/zone-serial.txt"):
    with open(filename, "w") as fh:  # expect: CWE-379
        fh.write(str(serial))


def load_zone(filename="zones/primary.txt"):
    with open(filename) as fh:  # safe: CWE-379
        return fh.read()
