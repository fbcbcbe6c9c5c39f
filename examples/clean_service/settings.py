"""Settings come from the environment; nothing secret lives in the source tree."""
import os

SECRET_KEY = os.environ["PLACEMENT_SECRET_KEY"]  # safe: CWE-321, CWE-798
DATABASE = os.environ.get("PLACEMENT_DB", "/var/lib/placement/placement.sqlite3")
IMAGE_DIR = os.path.realpath(os.environ.get("PLACEMENT_IMAGE_DIR", "/var/lib/placement/images"))
BACKUP_DIR = os.environ.get("PLACEMENT_BACKUP_DIR", "/var/backups/placement")
WEBHOOK_URL = os.environ.get("PLACEMENT_WEBHOOK_URL", "https://hooks.example.com/placement")
WEBHOOK_PASSWORD = os.environ.get("PLACEMENT_WEBHOOK_PASSWORD")  # safe: CWE-259
CMDB_URL = os.environ.get("PLACEMENT_CMDB_URL", "https://cmdb.example.com/api/hosts")
CA_BUNDLE = os.environ.get("PLACEMENT_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
