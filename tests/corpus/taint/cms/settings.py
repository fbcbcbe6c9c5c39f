"""Settings read once at import time: the operator's configuration, not input."""
import os

from .config import setting

MEDIA_ROOT = setting("MEDIA_ROOT", "/srv/cms/media")
CACHE_DIR = os.path.join(setting("DATA_DIR", "/srv/cms"), "cache")
os.makedirs(MEDIA_ROOT, exist_ok=True)  # safe: CWE-22
os.makedirs(CACHE_DIR, exist_ok=True)  # safe: CWE-22
