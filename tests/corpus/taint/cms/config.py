"""Configuration helpers: the environment first, then a default."""
import os


def setting(name, default=""):
    return os.environ.get("CMS_" + name, default)


def secret_from_file(name):
    path = os.environ["CMS_" + name + "_FILE"]
    with open(path) as handle:  # expect: CWE-22
        return handle.read().strip()
