"""Nightly maintenance jobs run by cron on the file server."""
import glob
import os
import subprocess

BACKUP_DIR = "/srv/backups"


def archive_uploads():
    os.chdir("/srv/uploads")
    os.system("tar czf /srv/backups/uploads.tgz *")  # expect: CWE-155


def fix_ownership():
    subprocess.call("chown www-data:www-data /srv/uploads/*", shell=True)  # expect: CWE-155


def sync_reports():
    subprocess.run("cd /srv/reports && rsync -a * backup:/reports/", shell=True, check=True)  # expect: CWE-155


def archive_uploads_safely():
    files = glob.glob("/srv/uploads/*")
    subprocess.run(["tar", "czf", "/srv/backups/uploads.tgz", "--", *files], check=True)  # safe: CWE-155


def list_uploads():
    os.system("ls -l /srv/uploads/*.jpg")  # safe: CWE-155


def count_logs():
    return subprocess.check_output("wc -l /var/log/app/*.log", shell=True)  # safe: CWE-155


def chmod_one_file():
    os.system("chmod 640 /srv/uploads/index.html")  # safe: CWE-155
