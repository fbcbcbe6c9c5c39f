"""PostgreSQL helpers built on psycopg2."""
from psycopg2 import sql


def fetch_row(conn, table, row_id):
    with conn.cursor() as cur:
        query = sql.SQL("SELECT * FROM {} WHERE id = %s").format(sql.Identifier(table))
        cur.execute(query, (row_id,))  # safe: CWE-89
        return cur.fetchone()


def fetch_row_unsafe(conn, table, row_id):
    with conn.cursor() as cur:
        cur.execute("SELECT * FROM " + table + " WHERE id = %s", (row_id,))  # expect: CWE-89
        return cur.fetchone()


def set_search_path(conn, schema):
    with conn.cursor() as cur:
        cur.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema)))  # safe: CWE-89


def rename(conn, old, new):
    with conn.cursor() as cur:
        cur.execute("ALTER TABLE %s RENAME TO %s" % (old, new))  # expect: CWE-89


def log(logger, message):
    logger.execute(message)
