"""Developer overrides, never deployed."""
from shop.settings import *  # noqa: F403

DEBUG = True  # safe: CWE-489
