"""Order reports with SQLAlchemy and pandas."""
import pandas as pd
from sqlalchemy import create_engine, text

engine = create_engine("sqlite:///orders.db")


def by_status(session, status):
    return session.execute(text(f"SELECT * FROM orders WHERE status = '{status}'")).all()  # expect: CWE-89


def by_status_safe(session, status):
    query = text("SELECT * FROM orders WHERE status = :status")  # safe: CWE-89
    return session.execute(query, {"status": status}).all()


def delete_order(conn, order_id):
    conn.execute("DELETE FROM orders WHERE id = " + str(order_id))  # expect: CWE-89


def delete_order_int(conn, order_id):
    conn.execute("DELETE FROM orders WHERE id = " + str(int(order_id)))  # safe: CWE-89


def region_frame(region):
    return pd.read_sql(f"SELECT * FROM orders WHERE region = '{region}'", engine)  # expect: CWE-89


def region_frame_safe(region):
    return pd.read_sql(text("SELECT * FROM orders WHERE region = :r"), engine, params={"r": region})  # safe: CWE-89
