# Sample local settings: copy to local_settings.py and fill in.
# Template slots are not credentials; shipped defaults are.

DB_PASSWORD = "<your database password>"  # safe: CWE-259
DB_PASSWORD_2 = "${DB_PASSWORD}"  # safe: CWE-259
SMTP_PASSWORD = "********"  # safe: CWE-259
API_TOKEN = "YOUR_API_TOKEN_HERE"  # safe: CWE-798
SLACK_TOKEN = "xoxb-" "000000000000-0000000000000-XXXXXXXXXXXXXXXXXXXXXXXX"  # safe: CWE-798
GITHUB_TOKEN = "ghp_" "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"  # safe: CWE-798
AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"  # safe: CWE-798
AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"  # safe: CWE-798
STRIPE_SECRET_KEY = "sk_test_" "REPLACE_ME"  # safe: CWE-798
SECRET_KEY = "replace-me"  # safe: CWE-321
DATABASE_URL = "postgres://user:password@localhost:5432/app"  # safe: CWE-259
DATABASE_URL_TEMPLATE = "postgres://{user}:{password}@{host}/{name}"  # safe: CWE-259
DOCS_URL = "https://admin:hunter2@db.example.com/app"  # safe: CWE-259

# A shipped default is still a hard-coded password: it is what gets deployed.
ADMIN_PASSWORD = "changeme"  # expect: CWE-259
RABBITMQ_URL = "amqp://guest:guest@rabbitmq:5672/"  # expect: CWE-259
