"""Job objects that carry request data between methods of a class."""
import sqlite3
import subprocess

from flask import Flask, request

app = Flask(__name__)


class ReportJob:
    def __init__(self, owner):
        self.owner = owner
        self.database = sqlite3.connect("/srv/reports.db")

    def load_filters(self):
        self.period = request.args.get("period", "month")

    def run(self):
        cursor = self.database.cursor()
        cursor.execute("SELECT * FROM reports WHERE owner = ?", (self.owner,))  # safe: CWE-89
        cursor.execute("SELECT * FROM reports WHERE period = '" + self.period + "'")  # expect: CWE-89
        return cursor.fetchall()


class Notifier:
    def send(self, recipient):
        return self._deliver("mail -s report " + recipient)

    def _deliver(self, command):
        return subprocess.run(command, shell=True)  # expect: CWE-78


class Pipeline:
    def start(self):
        self.stage = request.args["stage"]
        subprocess.run("run-stage " + self.stage, shell=True)  # expect: CWE-78


@app.route("/reports")
def reports():
    job = ReportJob(request.args["owner"])
    job.load_filters()
    return {"rows": job.run()}


@app.route("/notify")
def notify():
    Notifier().send(request.args["to"])
    return "sent"
