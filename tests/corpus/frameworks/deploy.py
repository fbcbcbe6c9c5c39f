"""Deploys releases to the application servers over SSH."""
import paramiko
from paramiko.client import WarningPolicy


def connect(host, user):
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())  # expect: CWE-295
    client.connect(host, username=user)
    return client


def connect_verbose(host, user):
    client = paramiko.SSHClient()
    policy = WarningPolicy()
    client.set_missing_host_key_policy(policy)  # expect: CWE-295
    client.connect(host, username=user)
    return client


def connect_strict(host, user):
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    client.set_missing_host_key_policy(paramiko.RejectPolicy())  # safe: CWE-295
    client.connect(host, username=user)
    return client
