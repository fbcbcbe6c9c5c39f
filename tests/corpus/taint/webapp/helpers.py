"""Helpers used by the views: they receive whatever the view passes in."""
import os
import shlex
import subprocess


def run(command):
    return subprocess.run(command, shell=True, capture_output=True)  # expect: CWE-78


def build_ping(host):
    return "ping -c 1 " + host


def quoted_ping(host):
    return "ping -c 1 " + shlex.quote(host)


def read_report(name):
    path = os.path.join("/srv/reports", name)
    with open(path) as handle:  # expect: CWE-22
        return handle.read()


def normalise(value):
    return value.strip().lower()


def constant_banner():
    return "shop v1"


class Archiver:
    def __init__(self, target):
        self.target = target

    def archive(self):
        return subprocess.call("tar czf /tmp/out.tgz " + self.target, shell=True)  # expect: CWE-78
