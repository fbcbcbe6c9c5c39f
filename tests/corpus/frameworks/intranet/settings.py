"""Django settings for the intranet."""
import os

SECRET_KEY = os.environ["INTRANET_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["intranet.example.com"]
ROOT_URLCONF = "intranet.urls"

# New passwords use Argon2; SHA1 hashes from the old wiki are upgraded at the next login.
PASSWORD_HASHERS = [  # safe: CWE-916
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.SHA1PasswordHasher",
]

SESSION_SERIALIZER = "django.contrib.sessions.serializers.JSONSerializer"  # safe: CWE-502
SESSION_COOKIE_HTTPONLY = True  # safe: CWE-1004
CSRF_COOKIE_HTTPONLY = False

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": True},  # safe: CWE-79
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"debug": False},  # safe: CWE-79
    },
]
