"""Maintenance helpers that run DDL for whatever table the ORM model names."""


def truncate(connection, table):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM %s" % connection.ops.quote_name(table))  # safe: CWE-89


def count_rows(connection, table):
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM %s" % qn(table))  # safe: CWE-89
        return cursor.fetchone()[0]


def copy_columns(schema_editor, source, target, columns):
    schema_editor.execute(
        "INSERT INTO %s (%s) SELECT %s FROM %s" % (  # safe: CWE-89
            schema_editor.quote_name(target),
            ", ".join(schema_editor.quote_name(c) for c in columns),
            ", ".join(schema_editor.quote_name(c) for c in columns),
            schema_editor.quote_name(source),
        )
    )


def purge_older_than(connection, table, column, cutoff):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {column} < '{cutoff}'")  # expect: CWE-89
