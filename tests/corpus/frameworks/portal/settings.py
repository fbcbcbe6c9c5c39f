"""Django settings for the customer portal."""
import os

SECRET_KEY = os.environ["PORTAL_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["portal.example.com"]
ROOT_URLCONF = "portal.urls"
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions", "portal"]

# Kept from the PHP site this portal replaced, so existing customers can still sign in.
PASSWORD_HASHERS = [  # expect: CWE-759
    "django.contrib.auth.hashers.UnsaltedMD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
SESSION_SERIALIZER = "django.contrib.sessions.serializers.PickleSerializer"  # expect: CWE-502
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = False  # expect: CWE-1004

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [os.path.join(os.path.dirname(__file__), "templates")],
        "APP_DIRS": True,
        "OPTIONS": {
            "autoescape": False,  # expect: CWE-79
            "context_processors": ["django.template.context_processors.request"],
        },
    },
]
