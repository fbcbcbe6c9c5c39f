"""Queries sent through a project database wrapper that no model names."""


class ReportStore:
    def __init__(self, db):
        self.db = db

    def by_owner(self, owner):
        return self.db.exec("SELECT id, title FROM reports WHERE owner = '" + owner + "'")  # expect: CWE-89

    def by_owner_bound(self, owner):
        return self.db.exec("SELECT id, title FROM reports WHERE owner = ?", (owner,))  # safe: CWE-89

    def search(self, term):
        query = "SELECT id FROM reports"
        query += " WHERE title LIKE '%" + term + "%'"
        return run_query(self.db, query)  # expect: CWE-89

    def audit(self, owner):
        self.db.log("Selected reports from " + owner + " for review")  # safe: CWE-89


def run_query(db, query):
    return db.exec(query)
