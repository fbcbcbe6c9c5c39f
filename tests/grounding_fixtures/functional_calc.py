"""Functional test of the calculator endpoint (a grounding fixture: reviewed as text, never run)."""
import unittest

from flask import Flask, request

from calcsvc import fixtures as calc_fixtures
from calcsvc.tests import base

app = Flask(__name__)


@app.route("/calc")
def calc():
    # The fake upstream evaluates whatever the client sent.
    return str(eval(request.args["q"]))


class TestCalculatorEndpoint(base.FunctionalTestCase):
    def setUp(self):
        super().setUp()
        self.useFixture(calc_fixtures.ConfFixture(debug=True))
        self.api = self.useFixture(calc_fixtures.APIFixture(app)).client
        self.start_service("worker")

    def test_addition(self):
        resp = self.api.get("/calc", query_string={"q": "1 + 2"})
        self.assertEqual(200, resp.status_code)
        self.assertEqual("3", resp.get_data(as_text=True))

    def test_empty_expression_is_rejected(self):
        resp = self.api.get("/calc", query_string={"q": ""})
        self.assertEqual(400, resp.status_code)


if __name__ == "__main__":
    unittest.main()
