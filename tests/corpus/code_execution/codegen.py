"""Code generation helpers of a small dataclass-like library, and its plugin importer."""
import importlib
import importlib.abc
import sys


def make_unpacker(count):
    names = ", ".join("v%d" % i for i in range(count))
    source = "def unpack(seq):\n    %s = seq\n    return %s\n" % (names, names)
    namespace = {}
    exec(source, namespace)  # safe: CWE-94
    return namespace["unpack"]


def make_setter(attribute):
    source = "def set(obj, value):\n    obj.%s = value\n" % attribute
    namespace = {}
    exec(source, namespace)  # expect: CWE-94
    return namespace["set"]


class BundleLoader(importlib.abc.Loader):
    def __init__(self, archive):
        self.archive = archive

    def exec_module(self, module):
        code = self.archive.get_code(module.__name__)
        exec(code, module.__dict__)  # safe: CWE-94


class Storage:
    def __init__(self, settings):
        self.settings = settings

    def backend(self):
        return importlib.import_module(self.settings["STORAGE_BACKEND"])  # safe: CWE-470

    def sibling(self, name):
        return importlib.import_module(__name__.rpartition(".")[0] + "." + name)  # expect: CWE-470

    def codec(self):
        return importlib.import_module("%s.codecs" % type(self).__module__)  # safe: CWE-470
