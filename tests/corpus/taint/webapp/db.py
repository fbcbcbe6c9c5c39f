"""Database access for the shop."""
import sqlite3


def connect():
    return sqlite3.connect("/srv/shop.db")


def query(sql):
    cursor = connect().cursor()
    cursor.execute(sql)  # expect: CWE-89
    return cursor.fetchall()


def find_user(name):
    cursor = connect().cursor()
    cursor.execute("SELECT * FROM users WHERE name = ?", (name,))  # safe: CWE-89
    return cursor.fetchone()


def order_total(order_id):
    cursor = connect().cursor()
    cursor.execute("SELECT total FROM orders WHERE id = %d" % int(order_id))  # safe: CWE-89
    return cursor.fetchone()
