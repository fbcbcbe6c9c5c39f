"""Configuration, loaded by `app.config.from_object(settings)`."""
import os

SECRET_KEY = "f3b1c9d2e8a7-notes-production"  # expect: CWE-321
DATABASE = os.environ.get("NOTES_DB", "/var/lib/notes/notes.sqlite3")
UPLOAD_DIR = "/var/lib/notes/uploads"
BACKUP_DIR = "/var/backups/notes"
WEBHOOK_URL = "https://hooks.example.com/notes"
WEBHOOK_PASSWORD = "Winter2024!"  # expect: CWE-259
MAX_CONTENT_LENGTH = 16 * 1024 * 1024
