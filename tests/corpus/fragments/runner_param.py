# `subprocess` here is a parameter (a fake injected by the caller), not the module: nothing is assumed.


def run(subprocess, host):
    return subprocess.call("ping -c 1 " + host, shell=True)  # safe: CWE-78
