"""Loads report plugins by name for the reporting CLI."""
import importlib

DEFAULT_PLUGIN = "reports.plugins.csv_export"


def load_plugin(name):
    return importlib.import_module("reports.plugins." + name)  # expect: CWE-470


def load_legacy(module_name):
    module = __import__(module_name)  # expect: CWE-470
    return module


def load_default():
    return importlib.import_module(DEFAULT_PLUGIN)  # safe: CWE-470


def load_json_backend():
    return importlib.import_module("json")  # safe: CWE-470
