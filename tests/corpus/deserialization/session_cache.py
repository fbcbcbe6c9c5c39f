"""Caches rendered sessions between worker restarts."""
import _pickle
import json
import marshal
import pickle
import shelve

import dill
import jsonpickle

EMPTY = pickle.dumps(None)


def restore(blob):
    return pickle.loads(blob)  # expect: CWE-502


def restore_empty():
    return pickle.loads(b"\x80\x04N.")  # safe: CWE-502


def restore_json(blob):
    return json.loads(blob)  # safe: CWE-502


def warm_cache():
    with open("cache.pkl", "rb") as handle:
        return pickle.load(handle)  # expect: CWE-502


def fast_restore(blob):
    return _pickle.loads(blob)  # expect: CWE-502


def restore_closure(blob):
    return dill.loads(blob)  # expect: CWE-502


def open_store(path):
    return shelve.open(path)  # expect: CWE-502


def load_code(data):
    return marshal.loads(data)  # expect: CWE-502


def restore_object(payload):
    return jsonpickle.decode(payload)  # expect: CWE-502


class SessionReader(pickle.Unpickler):
    pass


def reader(stream):
    return pickle.Unpickler(stream)  # expect: CWE-502
