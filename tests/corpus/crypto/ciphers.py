"""Encryption of stored blobs, including a legacy format still read in production."""
import os

from Crypto.Cipher import AES, ARC4, DES, DES3, Blowfish
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

LEGACY_IV = b"\x00" * 16
NONCE = b"fixed-nonce!"


def legacy_des(key: bytes, data: bytes) -> bytes:
    return DES.new(key, DES.MODE_CBC, os.urandom(8)).encrypt(data)  # expect: CWE-327


def legacy_triple_des(key: bytes, data: bytes) -> bytes:
    cipher = DES3.new(key, DES3.MODE_EAX)  # expect: CWE-327
    return cipher.encrypt(data)


def stream(key: bytes, data: bytes) -> bytes:
    return ARC4.new(key).encrypt(data)  # expect: CWE-327


def blowfish(key: bytes, data: bytes) -> bytes:
    return Blowfish.new(key, Blowfish.MODE_CBC, os.urandom(8)).encrypt(data)  # expect: CWE-327


def hazmat_rc4(key: bytes):
    return Cipher(algorithms.ARC4(key), mode=None).encryptor()  # expect: CWE-327


def hazmat_ecb(key: bytes):
    return Cipher(algorithms.AES(key), modes.ECB()).encryptor()  # expect: CWE-327


def pycryptodome_ecb(key: bytes, block: bytes) -> bytes:
    return AES.new(key, AES.MODE_ECB).encrypt(block)  # expect: CWE-327


def fixed_cbc_iv(key: bytes):
    return Cipher(algorithms.AES(key), modes.CBC(LEGACY_IV)).encryptor()  # expect: CWE-329


def fixed_gcm_nonce(key: bytes, data: bytes) -> bytes:
    return AESGCM(key).encrypt(NONCE, data, None)  # expect: CWE-323


def fixed_pycryptodome_iv(key: bytes, data: bytes) -> bytes:
    cipher = AES.new(key, AES.MODE_CBC, iv=bytes(16))  # expect: CWE-329
    return cipher.encrypt(data)


def fixed_ctr_nonce(key: bytes, data: bytes) -> bytes:
    cipher = AES.new(key, AES.MODE_CTR, nonce=b"12345678")  # expect: CWE-323
    return cipher.encrypt(data)


def random_cbc_iv(key: bytes):
    iv = os.urandom(16)
    return iv, Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()  # safe: CWE-329


def random_gcm_nonce(key: bytes, data: bytes) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, data, None)  # safe: CWE-323


def aes_gcm(key: bytes, data: bytes) -> bytes:
    cipher = AES.new(key, AES.MODE_GCM)  # safe: CWE-327
    ciphertext, tag = cipher.encrypt_and_digest(data)
    return cipher.nonce + tag + ciphertext
