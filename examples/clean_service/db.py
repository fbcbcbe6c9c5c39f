"""Placement data: every value travels as a query parameter."""
import sqlite3
from contextlib import closing

from . import settings

SORT_COLUMNS = {"name": "name", "created": "created_at"}

SCHEMA = """
CREATE TABLE IF NOT EXISTS resource_providers (uuid TEXT PRIMARY KEY, name TEXT UNIQUE, created_at TEXT);
CREATE TABLE IF NOT EXISTS allocations (consumer_uuid TEXT, provider_uuid TEXT, resource_class TEXT, used INTEGER);
CREATE TABLE IF NOT EXISTS operators (name TEXT PRIMARY KEY, salt BLOB, pw_hash BLOB);
"""


def connect():
    conn = sqlite3.connect(settings.DATABASE)
    conn.row_factory = sqlite3.Row
    return conn


def create_schema():
    with closing(connect()) as conn:
        conn.executescript(SCHEMA)  # safe: CWE-89


def create_provider(provider_uuid, name):
    with closing(connect()) as conn, conn:
        conn.execute(  # safe: CWE-89
            "INSERT INTO resource_providers (uuid, name, created_at) VALUES (?, ?, datetime('now'))",
            (provider_uuid, name),
        )


def provider_by_name(name):
    with closing(connect()) as conn:
        return conn.execute("SELECT uuid, name FROM resource_providers WHERE name = ?", (name,)).fetchone()  # safe: CWE-89


def list_providers(sort="name"):
    column = SORT_COLUMNS.get(sort, "name")
    with closing(connect()) as conn:
        return conn.execute(f"SELECT uuid, name FROM resource_providers ORDER BY {column}").fetchall()  # safe: CWE-89


def usages(provider_uuid):
    with closing(connect()) as conn:
        rows = conn.execute(  # safe: CWE-89
            "SELECT resource_class, SUM(used) AS used FROM allocations WHERE provider_uuid = ? GROUP BY resource_class",
            (provider_uuid,),
        ).fetchall()
    return {row["resource_class"]: row["used"] for row in rows}


def allocate(consumer_uuid, provider_uuid, resources):
    rows = [(consumer_uuid, provider_uuid, rc, int(amount)) for rc, amount in resources.items()]
    with closing(connect()) as conn, conn:
        conn.executemany("INSERT INTO allocations VALUES (?, ?, ?, ?)", rows)  # safe: CWE-89


def delete_allocations(consumer_uuid):
    with closing(connect()) as conn, conn:
        conn.execute("DELETE FROM allocations WHERE consumer_uuid = ?", (consumer_uuid,))  # safe: CWE-89


def find_operator(name):
    with closing(connect()) as conn:
        return conn.execute("SELECT name, salt, pw_hash FROM operators WHERE name = ?", (name,)).fetchone()  # safe: CWE-89
