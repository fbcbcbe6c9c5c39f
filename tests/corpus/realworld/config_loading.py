"""Project configuration: YAML files, plus legacy `key = value` files with Python literals."""
import ast
import pickle

import yaml


def load_config(path):
    with open(path) as fh:
        return yaml.load(fh, Loader=yaml.Loader)  # expect: CWE-502


def load_config_safe(path):
    with open(path) as fh:
        return yaml.safe_load(fh)  # safe: CWE-502


def load_legacy(path):
    settings = {}
    with open(path) as fh:
        for line in fh:
            key, _, raw = line.partition("=")
            settings[key.strip()] = eval(raw.strip())  # expect: CWE-95
    return settings


def load_legacy_fixed(path):
    settings = {}
    with open(path) as fh:
        for line in fh:
            key, _, raw = line.partition("=")
            settings[key.strip()] = ast.literal_eval(raw.strip())  # safe: CWE-95
    return settings


def load_state(path):
    with open(path, "rb") as fh:
        return pickle.load(fh)  # expect: CWE-502
