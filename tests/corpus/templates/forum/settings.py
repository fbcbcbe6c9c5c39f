"""Django settings for the forum: project templates in site_templates/, app templates in each app."""
import os

BASE_DIR = os.path.dirname(os.path.abspath(__file__))

INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "forum.board"]
ROOT_URLCONF = "forum.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [os.path.join(BASE_DIR, "site_templates")],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
