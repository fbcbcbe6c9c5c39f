"""Maintenance actions behind the admin console."""
import os
import subprocess

from .settings import BACKUP_DIR, UPLOAD_DIR


def ping_host(host):
    return subprocess.check_output(f"ping -c 1 {host}", shell=True, text=True)  # expect: CWE-78


def disk_usage():
    return subprocess.check_output(["du", "-sh", UPLOAD_DIR], text=True)  # safe: CWE-78, CWE-426


def backup_user_files(username):
    os.system("tar czf %s/%s.tgz -C %s %s" % (BACKUP_DIR, username, UPLOAD_DIR, username))  # expect: CWE-78
