"""Plugin bundles are uploaded as archives and unpacked into the plugin directory."""
import os
import shutil
import tarfile
import zipfile


def install_bundle(bundle_path, target):
    with tarfile.open(bundle_path) as tar:
        tar.extractall(target)  # expect: CWE-22


def install_bundle_filtered(bundle_path, target):
    with tarfile.open(bundle_path) as tar:
        tar.extractall(target, filter="data")  # safe: CWE-22


def install_one(bundle_path, target, name):
    archive = tarfile.open(bundle_path, "r:gz")
    archive.extract(name, target)  # expect: CWE-22
    archive.close()


def install_selected(bundle_path, target):
    with tarfile.open(bundle_path) as tar:
        safe = [m for m in tar.getmembers() if not m.name.startswith(("/", ".."))]
        tar.extractall(target, members=safe)  # expect: CWE-22


def install_filter_function(bundle_path, target):
    with tarfile.open(bundle_path) as tar:
        tar.extractall(target, filter=tarfile.data_filter)  # safe: CWE-22


def install_zip(bundle_path, target):
    with zipfile.ZipFile(bundle_path) as archive:
        archive.extractall(target)  # safe: CWE-22


def unpack_any(bundle_path, target):
    shutil.unpack_archive(bundle_path, target)  # expect: CWE-22


def unpack_zip(target):
    shutil.unpack_archive("plugins.zip", target)  # safe: CWE-22


def unpack_filtered(bundle_path, target):
    shutil.unpack_archive(bundle_path, target, filter="data")  # safe: CWE-22


def unpack_plugin(bundle, target):
    with tarfile.open(bundle) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(target, filter="data")
        else:
            tar.extractall(target)  # safe: CWE-22


def unpack_theme(bundle, target, trusted):
    with tarfile.open(bundle) as tar:
        if trusted:
            tar.extractall(target)  # expect: CWE-22
        else:
            tar.extractall(target, members=[])  # expect: CWE-22


def unpack_by_hand(archive_path, root):
    """A downloader's own unzip: the member names, filtered and enumerated, still choose the path."""
    zf = zipfile.ZipFile(archive_path)
    names = zf.namelist()
    files = [x for x in names if not x.endswith("/")]
    for _i, member in enumerate(files):
        target = os.path.join(root, *member.split("/"))  # expect: CWE-22
        with open(target, "wb") as out, zf.open(member) as src:
            shutil.copyfileobj(src, out)
