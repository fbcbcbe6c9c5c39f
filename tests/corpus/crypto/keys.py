"""Key generation for service identities."""
import paramiko
from Crypto.PublicKey import DSA, RSA
from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa

KEY_BITS = 1024


def service_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)  # expect: CWE-326


def tiny_key():
    return rsa.generate_private_key(65537, 512)  # expect: CWE-326


def good_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=3072)  # safe: CWE-326


def dsa_key():
    return dsa.generate_private_key(key_size=1024)  # expect: CWE-326


def small_curve():
    return ec.generate_private_key(ec.SECP192R1())  # expect: CWE-326


def p256():
    return ec.generate_private_key(ec.SECP256R1())  # safe: CWE-326


def pycryptodome_rsa():
    return RSA.generate(1024)  # expect: CWE-326


def pycryptodome_dsa():
    return DSA.generate(2048)  # safe: CWE-326


def ssh_host_key():
    return paramiko.DSSKey.generate()  # expect: CWE-326


def ssh_rsa_key():
    return paramiko.RSAKey.generate(bits=4096)  # safe: CWE-326


def configurable(bits):
    return RSA.generate(bits)  # safe: CWE-326
