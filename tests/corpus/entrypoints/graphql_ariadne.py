"""Report resolvers of the analytics GraphQL API (ariadne)."""
import sqlite3

from ariadne import MutationType, QueryType, make_executable_schema

type_defs = """
    type Query { report(name: String!): String, reportById(id: Int!): String }
    type Mutation { renameReport(id: Int!, title: String!): Boolean }
"""
query = QueryType()
mutation = MutationType()


def connection():
    return sqlite3.connect("/srv/analytics.db")


@query.field("report")
def resolve_report(_, info, name):
    cursor = connection().cursor()
    cursor.execute("SELECT body FROM reports WHERE name = '%s'" % name)  # expect: CWE-89
    return cursor.fetchone()[0]


@query.field("reportById")
def resolve_report_by_id(_, info, id):
    cursor = connection().cursor()
    cursor.execute("SELECT body FROM reports WHERE id = %d" % int(id))  # safe: CWE-89
    return cursor.fetchone()[0]


@mutation.field("renameReport")
def resolve_rename_report(obj, info, id, title):
    db = connection()
    db.execute("UPDATE reports SET title = ? WHERE id = ?", (title, id))  # safe: CWE-89
    db.execute(f"UPDATE reports SET title = '{title}' WHERE id = ?", (id,))  # expect: CWE-89
    db.commit()
    return True


schema = make_executable_schema(type_defs, query, mutation)
