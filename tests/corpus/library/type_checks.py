"""A task scheduler's knobs: settings given as a number or as an expression over the worker count.

Shape and type checks in an `if` test say what kind of object a value is, not what text it holds:
after `hasattr(x, "endswith")` or `isinstance(x, str)` the string is still the caller's. Only a
check for a number leaves nothing to inject.
"""
import os
import sqlite3

STATE_DIR = "/var/lib/scheduler"


def batch_size(spec, workers=4):
    if hasattr(spec, "endswith"):
        spec = eval(spec)  # expect: CWE-95
    return int(spec)


def prefetch(spec):
    if isinstance(spec, str):
        return eval(spec)  # expect: CWE-95
    return spec


def retry_limit(spec):
    if isinstance(spec, (int, float)):
        return eval("%s + 1" % spec)  # safe: CWE-95
    return 3


def job_state(job_name):
    if callable(job_name):
        job_name = job_name.__name__
    with open(os.path.join(STATE_DIR, job_name)) as fh:  # expect: CWE-22
        return fh.read()


def job_log(job_name):
    path = os.path.join(STATE_DIR, job_name + ".log")
    if os.path.isfile(path):
        with open(path) as fh:  # expect: CWE-22
            return fh.read()
    return ""


def job_row(db: sqlite3.Connection, job_id):
    if isinstance(job_id, int):
        return db.execute("SELECT * FROM jobs WHERE id = %d" % job_id).fetchone()  # safe: CWE-89
    return None
