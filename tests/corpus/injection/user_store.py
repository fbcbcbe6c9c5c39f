"""SQLite-backed user store for the admin tool."""
import sqlite3

USERS_TABLE = "users"


class UserStore:
    TABLE = "users"

    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def by_name(self, name):
        cur = self.conn.cursor()
        cur.execute("SELECT id, email FROM users WHERE name = '%s'" % name)  # expect: CWE-89
        return cur.fetchone()

    def by_name_safe(self, name):
        cur = self.conn.cursor()
        cur.execute("SELECT id, email FROM users WHERE name = ?", (name,))  # safe: CWE-89
        return cur.fetchone()

    def by_id(self, user_id):
        cur = self.conn.cursor()
        cur.execute(f"SELECT id, email FROM users WHERE id = {int(user_id)}")  # safe: CWE-89
        return cur.fetchone()

    def search(self, email, active):
        query = "SELECT id FROM users"
        query += " WHERE email LIKE '%" + email + "%'"
        if active:
            query += " AND active = 1"
        return self.conn.execute(query).fetchall()  # expect: CWE-89

    def many(self, ids):
        placeholders = ", ".join("?" for _ in ids)
        sql = f"SELECT id, email FROM users WHERE id IN ({placeholders})"
        return self.conn.execute(sql, list(ids)).fetchall()  # safe: CWE-89

    def sorted_by(self, column):
        sql = "SELECT id, email FROM users ORDER BY {}".format(column)
        return self.conn.execute(sql).fetchall()  # expect: CWE-89

    def count(self):
        sql = "SELECT COUNT(*) FROM " + self.TABLE
        return self.conn.execute(sql).fetchone()  # safe: CWE-89

    def count_all(self):
        return self.conn.execute("SELECT COUNT(*) FROM %s" % USERS_TABLE).fetchone()  # safe: CWE-89

    def import_rows(self, rows):
        self.conn.executemany("INSERT INTO users (name, email) VALUES (?, ?)", rows)  # safe: CWE-89

    def delete(self, names):
        joined = "', '".join(names)
        self.conn.executescript(  # expect: CWE-89
            "DELETE FROM users WHERE name IN ('" + joined + "');"
        )

    def run_migration(self, script):
        self.conn.executescript(script)
