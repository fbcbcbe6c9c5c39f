"""SQLite helpers for notes, users and password resets."""
import hashlib
import sqlite3

from .settings import DATABASE


def connect():
    conn = sqlite3.connect(DATABASE)
    conn.row_factory = sqlite3.Row
    return conn


def hash_password(password):
    return hashlib.md5(password.encode("utf-8")).hexdigest()  # expect: CWE-916


def check_user(username, password):
    conn = connect()
    return conn.execute(  # safe: CWE-89
        "SELECT name FROM users WHERE name = ? AND pw_hash = ?", (username, hash_password(password))
    ).fetchone()


def find_notes(owner, term):
    conn = connect()
    query = "SELECT id, title FROM notes WHERE owner = '%s' AND title LIKE '%%%s%%'" % (owner, term)
    return conn.execute(query).fetchall()  # expect: CWE-89


def add_note(owner, title, body):
    conn = connect()
    with conn:
        conn.execute("INSERT INTO notes (owner, title, body) VALUES (?, ?, ?)", (owner, title, body))  # safe: CWE-89


def delete_note(owner, note_id):
    conn = connect()
    with conn:
        conn.execute(f"DELETE FROM notes WHERE id = {note_id} AND owner = '{owner}'")  # expect: CWE-89


def store_reset_token(email, token):
    conn = connect()
    with conn:
        conn.execute("UPDATE users SET reset_token = ? WHERE email = ?", (token, email))  # safe: CWE-89
