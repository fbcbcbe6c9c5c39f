"""Theme packages are zip files uploaded by site admins and unpacked into the themes folder."""
import os
import shutil
import zipfile
from pathlib import Path


def unpack_theme(archive_path, themes_dir):
    with zipfile.ZipFile(archive_path) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            target = os.path.join(themes_dir, info.filename)  # expect: CWE-22
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with archive.open(info) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)


def unpack_theme_checked(archive_path, themes_dir):
    root = os.path.realpath(themes_dir)
    with zipfile.ZipFile(archive_path) as archive:
        for info in archive.infolist():
            target = os.path.realpath(os.path.join(root, info.filename))  # safe: CWE-22
            if os.path.commonpath([root, target]) != root:
                raise ValueError(f"unsafe member {info.filename!r}")
            if info.is_dir():
                continue
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with archive.open(info) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)


def unpack_assets(blob, dest: Path):
    with zipfile.ZipFile(blob) as archive:
        for name in archive.namelist():
            (dest / name).write_bytes(archive.read(name))  # expect: CWE-22


def unpack_assets_flat(blob, dest: Path):
    with zipfile.ZipFile(blob) as archive:
        for name in archive.namelist():
            (dest / os.path.basename(name)).write_bytes(archive.read(name))  # safe: CWE-22


def list_theme(archive_path):
    with zipfile.ZipFile(archive_path) as archive:
        return [os.path.join("themes", info.filename) for info in archive.infolist()]  # safe: CWE-22
