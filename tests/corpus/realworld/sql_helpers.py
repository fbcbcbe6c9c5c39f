"""Small database helpers shared by the admin commands."""
import sqlite3


def count_rows(conn: sqlite3.Connection, table: str, owner: str) -> int:
    query = "SELECT COUNT(*) FROM %s WHERE owner = '%s'" % (table, owner)
    return conn.execute(query).fetchone()[0]  # expect: CWE-89


ALLOWED_TABLES = {"orders", "invoices"}


def count_rows_fixed(conn: sqlite3.Connection, table: str, owner: str) -> int:
    if table not in ALLOWED_TABLES:
        raise ValueError(table)
    query = "SELECT COUNT(*) FROM %s WHERE owner = ?" % table
    return conn.execute(query, (owner,)).fetchone()[0]  # safe: CWE-89


def find_user(cursor, email):
    cursor.execute(f"SELECT id, name FROM users WHERE email = '{email}'")  # expect: CWE-89
    return cursor.fetchone()


def find_user_fixed(cursor, email):
    cursor.execute("SELECT id, name FROM users WHERE email = %s", (email,))  # safe: CWE-89
    return cursor.fetchone()


def order_by(cursor, column):
    cursor.execute("SELECT * FROM items ORDER BY " + column)  # expect: CWE-89
    return cursor.fetchall()
