"""File helpers of the application."""


def fopen(path, mode="r"):
    return open(path, mode, encoding="utf-8")
