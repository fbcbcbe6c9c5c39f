"""Nightly backup helper: archives directories and ships them."""
import os
import shlex
import subprocess
import sys
from subprocess import Popen as P

TAR = "/bin/tar"


def archive(dest, directory):
    os.system("/bin/tar czf " + dest + " " + directory)  # expect: CWE-78


def archive_quoted(dest, directory):
    os.system(f"/bin/tar czf {shlex.quote(dest)} {shlex.quote(directory)}")  # safe: CWE-78


def compress(path):
    subprocess.run(f"/usr/bin/gzip -9 {path}", shell=True, check=True)  # expect: CWE-78


def uptime():
    return subprocess.check_output("/usr/bin/uptime", shell=True)  # safe: CWE-78


def list_dir(path):
    return subprocess.check_output([TAR, "tf", path])  # safe: CWE-78


def disk_usage(path):
    command = "/usr/bin/du -sh " + path
    proc = P(command, shell=True, stdout=subprocess.PIPE)  # expect: CWE-78
    return proc.communicate()[0]


def free_space(mount):
    return os.popen("/bin/df -h %s" % mount).read()  # expect: CWE-78


def kill(pid):
    os.system("/bin/kill -TERM %d" % int(pid))  # safe: CWE-78


def sync(source, target):
    return subprocess.call(  # expect: CWE-78
        "/usr/bin/rsync -a " + source + " " + target,
        shell=True,
    )


def run_tool(tool, path):
    subprocess.run([tool, "--check", path], check=True)  # expect: CWE-78


def reinstall(package):
    subprocess.run([sys.executable, "-m", "pip", "install", package], check=True)  # safe: CWE-78


def run_argv(args):
    return subprocess.run(args, check=True)  # safe: CWE-78


def exec_helper(program):
    os.execvp(program, [program, "--daemon"])  # expect: CWE-78


HERE = os.path.dirname(os.path.abspath(__file__))


def revision():
    return subprocess.check_output(["git", "rev-parse", "HEAD"])  # safe: CWE-426


def rotate_logs():
    subprocess.run(["./scripts/rotate.sh", "--keep", "7"], check=True)  # expect: CWE-426


def rotate_logs_safe():
    subprocess.run([os.path.join(HERE, "scripts", "rotate.sh"), "--keep", "7"], check=True)  # safe: CWE-426, CWE-78


def clean_tmp():
    subprocess.run("bin/cleanup --older-than 7d", shell=True)  # expect: CWE-426


def report():
    os.system("echo backup finished")  # safe: CWE-426
