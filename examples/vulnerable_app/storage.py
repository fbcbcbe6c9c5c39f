"""Attachments on local disk."""
import os
import tarfile

from .settings import UPLOAD_DIR


def ensure_upload_dir():
    os.makedirs(UPLOAD_DIR, exist_ok=True)
    os.chmod(UPLOAD_DIR, 0o777)  # expect: CWE-732


def attachment_path(filename):
    return os.path.join(UPLOAD_DIR, filename)


def read_attachment(filename):
    with open(attachment_path(filename), "rb") as handle:  # expect: CWE-22
        return handle.read()


def save_attachment(filename, data):
    path = attachment_path(filename)
    with open(path, "wb") as handle:  # expect: CWE-22
        handle.write(data)
    return path


def import_archive(fileobj):
    """Unpack a .tar.gz of notes exported from another instance."""
    with tarfile.open(fileobj=fileobj, mode="r:gz") as archive:
        archive.extractall(UPLOAD_DIR)  # expect: CWE-22
        return archive.getnames()
