"""Database connection helpers."""
import os

import psycopg2
import pymysql
import pyodbc
import redis
from sqlalchemy import create_engine


def primary():
    return psycopg2.connect(host="db.internal", dbname="orders", user="orders", password="pg-Orders-2291")  # expect: CWE-259


def primary_from_env():
    return psycopg2.connect(
        host=os.environ["DB_HOST"],
        user=os.environ["DB_USER"],
        password=os.environ["DB_PASSWORD"],  # safe: CWE-259
    )


def legacy():
    return pymysql.connect(host="legacy.internal", user="report", passwd="rep0rt!ng")  # expect: CWE-259


def legacy_dsn():
    return psycopg2.connect("host=legacy.internal dbname=orders user=report password=Gq7vRm2x")  # expect: CWE-259


def legacy_dsn_from_env(password):
    return psycopg2.connect("host=legacy.internal dbname=orders user=report password=%s" % password)  # safe: CWE-259


def warehouse():
    conn_str = "DRIVER={ODBC Driver 18 for SQL Server};SERVER=wh.internal;UID=etl;PWD=Etl#Load99"  # expect: CWE-259
    return pyodbc.connect(conn_str)


def analytics(user, password, host):
    url = f"postgresql://{user}:{password}@{host}/analytics"  # safe: CWE-259
    return create_engine(url)


def reporting():
    return create_engine("mysql+pymysql://reporter:R3p0rt3r!@mysql.internal/reports")  # expect: CWE-259


def cache():
    password = os.getenv("REDIS_PASSWORD", "r3dis-local")  # expect: CWE-259
    return redis.Redis(host="cache.internal", password=password)


def cache_from_env():
    password = os.getenv("REDIS_PASSWORD", "")  # safe: CWE-259
    return redis.Redis(host="cache.internal", password=password or None)


def update_password(cursor, user_id, new_hash):
    cursor.execute("UPDATE users SET password = %s WHERE user_id = %s", (new_hash, user_id))  # safe: CWE-259
    cursor.execute("SELECT id FROM users WHERE username = ? AND password = ?", ("a", new_hash))  # safe: CWE-259
