"""Permission checks for the admin console."""


def is_admin(role):
    # Reviewers see a harmless comparison; Python compares against a different string.
    return role != "user‮ ⁦# admins only⁩ ⁦"  # expect: CWE-451


def greeting(name):
    return "\u202e is written as an escape here, which is visible and harmless: " + name  # safe: CWE-451
