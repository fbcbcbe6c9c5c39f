"""Loads deployment descriptors written in YAML."""
import yaml

try:
    from yaml import CSafeLoader as FastLoader
except ImportError:
    from yaml import SafeLoader as FastLoader


class StrictLoader(yaml.SafeLoader):
    pass


class LegacyLoader(yaml.Loader):
    pass


def read(text):
    return yaml.load(text)  # expect: CWE-502


def read_safe(text):
    return yaml.load(text, Loader=yaml.SafeLoader)  # safe: CWE-502


def read_fast(text):
    return yaml.load(text, Loader=FastLoader)  # safe: CWE-502


def read_strict(text):
    return yaml.load(text, StrictLoader)  # safe: CWE-502


def read_full(text):
    return yaml.load(text, Loader=yaml.FullLoader)  # safe: CWE-502


def read_plain(text):
    return yaml.safe_load(text)  # safe: CWE-502


def read_trusted(text):
    return yaml.unsafe_load(text)  # expect: CWE-502


def read_objects(stream):
    return list(yaml.load_all(stream, Loader=yaml.Loader))  # expect: CWE-502


def read_legacy(stream):
    return yaml.load(stream, Loader=LegacyLoader)  # expect: CWE-502


def defaults():
    return yaml.load("replicas: 2", Loader=yaml.Loader)  # safe: CWE-502
