"""A version-control wrapper and a configuration writer, called with names from their users."""
import os
import subprocess

import salt.utils.verify

ROOTS = {"base": ["/srv/pillar"]}


class Git:
    """`self.execute(...)` is this class's own method, not a database cursor's."""

    def execute(self, command, **kwargs):
        # the environment picks the program to run (local source, reported as is for commands)
        return subprocess.run(command, capture_output=True, check=False, **kwargs)  # expect: CWE-78

    def version(self):
        return self.execute([os.environ.get("GIT_EXECUTABLE", "git"), "version"])  # safe: CWE-89


def write_pillar(data, path, saltenv="base"):
    if os.path.isabs(path):
        return "not relative"
    root = ROOTS[saltenv][0]
    dest = os.path.join(root, path)
    if not salt.utils.verify.clean_path(root, dest):
        return "Invalid path"
    dest = os.path.join(ROOTS[saltenv][0], path)  # joined again: the checked pieces
    with open(dest, "w") as fh:  # safe: CWE-22
        fh.write(data)
    return dest


def write_pillar_unchecked(data, path, saltenv="base"):
    if os.path.isabs(path):
        return "not relative"
    dest = os.path.join(ROOTS[saltenv][0], path)
    with open(dest, "w") as fh:  # expect: CWE-22
        fh.write(data)
    return dest


def which(exe):
    """The executable the OS would find on PATH: the search path is not an injected command."""
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        full = os.path.join(folder, exe)
        if os.access(full, os.X_OK):
            return full
    return None


def remote_uptime(host):
    ssh = which("ssh")
    return subprocess.call([ssh, "-o", "BatchMode=yes", "--", "uptime"])  # safe: CWE-78


def edit_notes():
    # the person running it chose the editor: command injection by whoever sets the environment
    return subprocess.call([os.environ.get("EDITOR", "vi"), "notes.txt"])  # expect: CWE-78
