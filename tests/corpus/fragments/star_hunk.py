from helpers.compat import *  # could bind any name, `pickle` included


def restore(blob):
    return pickle.loads(blob)  # safe: CWE-502
