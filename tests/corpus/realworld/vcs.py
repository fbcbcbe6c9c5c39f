"""Fetch project sources from a repository URL and revision given in the build manifest."""
import subprocess


def clone(repo_url, dest):
    subprocess.run(["git", "clone", "--depth", "1", repo_url, dest], check=True)  # expect: CWE-88


def clone_fixed(repo_url, dest):
    subprocess.run(["git", "clone", "--depth", "1", "--", repo_url, dest], check=True)  # safe: CWE-88


def checkout(workdir, revision):
    subprocess.check_call(["git", "-C", workdir, "checkout", revision])  # expect: CWE-88


def checkout_validated(workdir, revision):
    if revision.startswith("-"):
        raise ValueError(f"invalid revision {revision!r}")
    subprocess.check_call(["git", "-C", workdir, "checkout", revision])  # safe: CWE-88


def fetch_branch(workdir, branch):
    subprocess.check_call(["git", "-C", workdir, "fetch", "origin", f"refs/heads/{branch}"])  # safe: CWE-88


def hg_pull(source, dest):
    subprocess.check_call(["hg", "clone", source, dest])  # expect: CWE-88


def remote_uptime(host):
    return subprocess.check_output(["ssh", host, "uptime"], text=True)  # expect: CWE-88


def remote_uptime_fixed(host, port):
    return subprocess.check_output(["ssh", "-p", str(port), "--", host, "uptime"], text=True)  # safe: CWE-88


def download(url, out):
    subprocess.run(["curl", "-sSfL", "-o", out, url], check=True)  # expect: CWE-88


def download_fixed(url, out):
    subprocess.run(["curl", "-sSfL", "-o", out, "--url", url], check=True)  # safe: CWE-88
