"""Plugin installer: downloads are unpacked with the stdlib helpers."""
import shutil


def install_plugin(archive, plugins_dir):
    shutil.unpack_archive(archive, plugins_dir)  # expect: CWE-22


def install_plugin_filtered(archive, plugins_dir):
    shutil.unpack_archive(archive, plugins_dir, filter="data")  # safe: CWE-22
