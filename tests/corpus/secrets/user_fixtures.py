"""Seed users for the staging database: stored hashes, as Django and the old PHP app wrote them."""

STAGING_USERS = [
    {"username": "ops", "password": "pbkdf2_sha256$600000$q8XnG2yqv1$V1bN3nZ0YtG6uQe0x0o9F0sXJ9e7q5H3vJw2kq8Zy1Y="},  # safe: CWE-259
    {"username": "legacy", "password": "$2y$10$wQ7Zq0bq3nQy0c5t1mO1Fe0Ah7mJ3m2a9kK0tq5tP4bqYc4y6kD7u"},  # safe: CWE-259
    {"username": "auditor", "password": "5ebe2294ecd0e0f08eab7690d2a6ee69"},  # safe: CWE-259
]

ADMIN_PASSWORD = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$2p3Cq9H0bJXzJm5t9m9b0k2wz5ZkzT0u7Xw6wWc1K1o"  # safe: CWE-259
SUPPORT_PASSWORD = "Welcome2024!"  # expect: CWE-259
