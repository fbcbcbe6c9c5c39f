"""A command-line backup tool: arguments, environment and standard input are untrusted."""
import argparse
import os
import shutil
import subprocess
import sys

DEBUG = 7 * 18 > 200
DEFAULT_TARGET = "/var/backups"


def parse_arguments():
    parser = argparse.ArgumentParser(description="Back up a folder")
    parser.add_argument("source")
    parser.add_argument("--compress", default="gzip")
    return parser.parse_args()


def main():
    args = parse_arguments()
    subprocess.run(f"tar --{args.compress} -cf /tmp/backup.tar {args.source}", shell=True)  # expect: CWE-78
    subprocess.run(["tar", "--" + args.compress, "-cf", "/tmp/backup.tar", args.source])  # safe: CWE-78

    target = os.environ.get("BACKUP_TARGET", DEFAULT_TARGET)
    shutil.copy("/tmp/backup.tar", target)  # expect: CWE-22

    hook = os.getenv("BACKUP_HOOK")
    if hook:
        os.system(hook)  # expect: CWE-78

    label = sys.argv[1] if len(sys.argv) > 1 else "manual"
    os.system("logger backup finished: " + label)  # expect: CWE-78

    mode = "full" if DEBUG else sys.argv[2]
    os.system("backup-report " + mode)  # expect: CWE-78
    level = sys.argv[3] if 7 * 18 > 200 else "safe"
    os.system("backup-level " + level)  # safe: CWE-78

    answer = input("Delete the temporary archive? ")
    if answer in ("y", "yes"):
        os.remove("/tmp/backup.tar")
    os.system("echo " + answer)  # expect: CWE-78

    note = sys.stdin.readline()
    note = "no note"
    os.system("echo " + note)  # safe: CWE-78

    if DEBUG:
        os.system(sys.argv[4])


if __name__ == "__main__":
    main()
