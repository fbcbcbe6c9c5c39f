"""Runs maintenance commands on remote hosts over SSH."""
import shlex

import paramiko


def disk_usage(client: paramiko.SSHClient, path):
    return client.exec_command("du -sh " + path)  # expect: CWE-78


def safe_disk_usage(client: paramiko.SSHClient, path):
    return client.exec_command("du -sh " + shlex.quote(path))  # safe: CWE-78


def load(client: paramiko.SSHClient):
    return client.exec_command("uptime")  # safe: CWE-78


def tail(client, service, lines):
    cmd = "journalctl -u {} -n {}".format(service, int(lines))
    return client.exec_command(cmd)  # expect: CWE-78
