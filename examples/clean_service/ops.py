"""Host operations run by the conductor: argument lists, or a shell only with quoted values."""
import datetime
import ipaddress
import os
import shlex
import subprocess


def ping(host):
    address = str(ipaddress.ip_address(host))
    result = subprocess.run(["ping", "-c", "1", "-W", "2", address], capture_output=True, timeout=10)  # safe: CWE-78, CWE-426
    return result.returncode == 0


def free_bytes(path):
    out = subprocess.run(["df", "--output=avail", "-B1", "--", path], capture_output=True, text=True, check=True)  # safe: CWE-78, CWE-426
    return int(out.stdout.split()[-1])


def nightly_backup(image_dir, backup_dir):
    dest = os.path.join(backup_dir, f"images-{datetime.date.today():%Y%m%d}.tgz")
    command = f"tar czf {shlex.quote(dest)} -C {shlex.quote(image_dir)} . && sync"
    subprocess.run(command, shell=True, check=True, timeout=600)  # safe: CWE-78
    return dest
