"""Paging helpers of a report store: numbers formatted into SQL, and the names that must not be."""
import sqlite3

from django.db.models.expressions import RawSQL


def page(db: sqlite3.Connection, limit, offset):
    # `%d` raises TypeError for anything but a number: no text of the caller reaches the query
    return db.execute("SELECT * FROM reports LIMIT %d OFFSET %d" % (limit, offset)).fetchall()  # safe: CWE-89


def page_of(db: sqlite3.Connection, table, limit):
    return db.execute("SELECT * FROM %s LIMIT %d" % (table, limit)).fetchall()  # expect: CWE-89


def newest(db: sqlite3.Connection, count):
    return db.execute(f"SELECT * FROM reports ORDER BY created DESC LIMIT {count:d}").fetchall()  # safe: CWE-89


def newest_by(db: sqlite3.Connection, column, count):
    return db.execute(f"SELECT * FROM reports ORDER BY {column} LIMIT {count:d}").fetchall()  # expect: CWE-89


def nth_column(position):
    return RawSQL("%d" % (position + 1), ())  # safe: CWE-89


def ratio(db: sqlite3.Connection, threshold):
    return db.execute("SELECT * FROM reports WHERE score > %.2f" % threshold).fetchall()  # safe: CWE-89


def labelled(db: sqlite3.Connection, label, limit):
    return db.execute("SELECT * FROM reports WHERE label = '%s' LIMIT %d" % (label, limit)).fetchall()  # expect: CWE-89
