# A hunk pasted from a storage driver review: the module's imports are not part of it.


def _ping_host(host):
    return subprocess.call("ping -c 1 " + host, shell=True)  # expect: CWE-78


def restore_snapshot(blob):
    return pickle.loads(blob)  # expect: CWE-502


def read_config(stream):
    return yaml.load(stream, Loader=yaml.Loader)  # expect: CWE-502


def read_config_safely(stream):
    return yaml.safe_load(stream)  # safe: CWE-502


def list_volumes():
    return subprocess.check_output(["lvs", "--noheadings"])  # safe: CWE-78
