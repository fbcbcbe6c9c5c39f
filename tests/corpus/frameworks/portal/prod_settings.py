"""Production overrides for the portal."""
from portal.settings import *  # noqa: F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.SHA1PasswordHasher"]  # expect: CWE-916
