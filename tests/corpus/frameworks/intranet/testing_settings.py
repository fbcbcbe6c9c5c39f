"""Settings for the intranet's test run: fast hashing keeps the suite quick."""
from intranet.settings import *  # noqa: F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # safe: CWE-916
