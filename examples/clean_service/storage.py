"""Disk images: every path is checked to stay inside IMAGE_DIR."""
import os
import tarfile

from werkzeug.utils import secure_filename

from . import settings


def image_path(filename):
    name = secure_filename(filename)
    if not name:
        raise ValueError("empty image name")
    path = os.path.realpath(os.path.join(settings.IMAGE_DIR, name))
    if os.path.commonpath([path, settings.IMAGE_DIR]) != settings.IMAGE_DIR:
        raise ValueError("image path escapes the image folder")
    return path


def save_image(filename, stream):
    path = image_path(filename)
    with open(path, "xb") as handle:  # safe: CWE-22
        while chunk := stream.read(1 << 20):
            handle.write(chunk)
    os.chmod(path, 0o640)  # safe: CWE-732, CWE-22
    return path


def read_image(filename):
    with open(image_path(filename), "rb") as handle:  # safe: CWE-22
        return handle.read()


def import_bundle(fileobj):
    """Unpack a .tar.gz of images; the "data" filter refuses links, devices and paths outside."""
    with tarfile.open(fileobj=fileobj, mode="r:gz") as bundle:
        bundle.extractall(settings.IMAGE_DIR, filter="data")  # safe: CWE-22
        return bundle.getnames()
