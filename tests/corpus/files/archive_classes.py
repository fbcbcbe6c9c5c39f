"""Archive wrappers that unpack by hand, the way Django's `django.utils.archive` did before
CVE-2021-3281: the member's name is copied into a variable and rewritten (leading folder stripped)
before it is joined into the destination."""
import os
import shutil
import tarfile
import zipfile


class TarBundle:
    def __init__(self, file):
        self._archive = tarfile.open(file)

    def _split_leading_dir(self, path):
        path = str(path).lstrip("/")
        if "/" in path:
            return path.split("/", 1)
        return path, ""

    def extract(self, to_path, leading):
        for member in self._archive.getmembers():
            name = member.name
            if leading:
                name = self._split_leading_dir(name)[1]
            filename = os.path.join(to_path, name)  # expect: CWE-22
            extracted = self._archive.extractfile(member)
            with open(filename, "wb") as outfile:
                shutil.copyfileobj(extracted, outfile)


class ZipBundle:
    def __init__(self, file):
        self._archive = zipfile.ZipFile(file)

    def extract(self, to_path):
        for name in self._archive.namelist():
            data = self._archive.read(name)
            name = name.lstrip("/")
            filename = os.path.join(to_path, name)  # expect: CWE-22
            with open(filename, "wb") as outfile:
                outfile.write(data)


class CheckedZipBundle:
    """The fix: every member goes through a containment check before it is written."""

    def __init__(self, file):
        self._archive = zipfile.ZipFile(file)

    def target_filename(self, to_path, name):
        target_path = os.path.abspath(to_path)
        filename = os.path.abspath(os.path.join(target_path, name))
        if not filename.startswith(target_path + os.sep):
            raise ValueError(f"Archive contains invalid path: {name!r}")
        return filename

    def extract(self, to_path):
        for name in self._archive.namelist():
            data = self._archive.read(name)
            filename = self.target_filename(to_path, name)
            with open(filename, "wb") as outfile:
                outfile.write(data)


class NumberedZipBundle:
    """Members written under names the program makes up: nothing of the archive's in the path."""

    def __init__(self, file):
        self._archive = zipfile.ZipFile(file)

    def extract(self, to_path):
        for index, name in enumerate(self._archive.namelist()):
            data = self._archive.read(name)
            name = "part-%d.bin" % index
            filename = os.path.join(to_path, name)  # safe: CWE-22
            with open(filename, "wb") as outfile:
                outfile.write(data)
