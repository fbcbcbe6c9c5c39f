"""Backups are tar.gz files; restoring writes every regular member below the data directory."""
import os
import tarfile


def restore_backup(backup_file, data_dir):
    with tarfile.open(backup_file, "r:gz") as tar:
        for member in tar.getmembers():
            if not member.isfile():
                continue
            path = os.path.join(data_dir, member.name)  # expect: CWE-22
            with tar.extractfile(member) as src, open(path, "wb") as dst:
                dst.write(src.read())


def restore_backup_checked(backup_file, data_dir):
    base = os.path.abspath(data_dir)
    with tarfile.open(backup_file, "r:gz") as tar:
        for member in tar.getmembers():
            path = os.path.abspath(os.path.join(base, member.name))  # safe: CWE-22
            if not path.startswith(base + os.sep):
                raise RuntimeError("member escapes the data directory")
            if member.isfile():
                with tar.extractfile(member) as src, open(path, "wb") as dst:
                    dst.write(src.read())


def restore_all(backup_file, data_dir):
    with tarfile.open(backup_file) as tar:
        tar.extractall(path=data_dir)  # expect: CWE-22


def restore_all_filtered(backup_file, data_dir):
    with tarfile.open(backup_file) as tar:
        tar.extractall(path=data_dir, filter="data")  # safe: CWE-22
