"""Deployment helpers: shared folders, keys and scripts."""
import os
import stat
from pathlib import Path

SHARED = stat.S_IRWXU | stat.S_IRWXG | stat.S_IRWXO
PRIVATE = 0o600


def share(path):
    os.chmod(path, 0o777)  # expect: CWE-732


def share_folded(path):
    os.chmod(path, SHARED)  # expect: CWE-732


def open_upload_dir(directory: Path):
    directory.chmod(stat.S_IRWXU | stat.S_IWOTH)  # expect: CWE-732


def make_executable(path):
    os.chmod(path, 0o755)  # safe: CWE-732


def protect_key(key_path):
    os.chmod(key_path, PRIVATE)  # safe: CWE-732


def publish_key(private_key_path):
    os.chmod(private_key_path, 0o644)  # expect: CWE-732


def publish_readme(readme_path):
    os.chmod(readme_path, 0o644)  # safe: CWE-732


def create_file(path):
    return os.open(path, os.O_CREAT | os.O_WRONLY, 0o666)  # safe: CWE-732


def relax_umask():
    os.umask(0)  # expect: CWE-732


def normal_umask():
    os.umask(0o022)  # safe: CWE-732


def group_write(path):
    os.chmod(path, 0o775)  # safe: CWE-732
