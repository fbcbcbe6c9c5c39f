"""Export reports to a scratch file before uploading them."""
import os
import tempfile


def export(rows):
    path = tempfile.mktemp(suffix=".csv")  # expect: CWE-377
    with open(path, "w") as fh:
        fh.writelines(rows)
    return path


def export_fixed(rows):
    fd, path = tempfile.mkstemp(suffix=".csv")  # safe: CWE-377
    with os.fdopen(fd, "w") as fh:
        fh.writelines(rows)
    return path
