"""Grounding: a free-text (LLM) review's claims, checked against the code and the CWE catalog.

Fixtures (original, written for these tests): `grounding_fixtures/functional_calc.py`, a
functional test module with one real defect (eval of a request parameter, line 15), and
`functional_calc_review.txt`, a review in the usual LLM shape with one correct claim and six wrong
ones (wrong CWE name, category as weakness, nonexistent line, code that is not there, fixture claims,
nonexistent CWE).
"""
from __future__ import annotations

import random
import textwrap
from pathlib import Path

import pytest

from secreview.cli import main
from secreview.grounding import CodeFile, Verdict, check_review, parse_review, verify_claims
from secreview.grounding.claims import Claim
from secreview.grounding.render import grounded_review
from secreview.reports.text import NO_DEFECTS

HERE = Path(__file__).parent / "grounding_fixtures"
CODE_PATH = "tests/grounding_fixtures/functional_calc.py"
CODE = (HERE / "functional_calc.py").read_text()
REVIEW = (HERE / "functional_calc_review.txt").read_text()


def refuting(checked) -> set[str]:
    return {r.kind for r in checked.reasons if r.refutes}


def kinds(checked) -> set[str]:
    return {r.kind for r in checked.reasons}


# ------------------------------------------------------------------------------------ claims parser
def test_parses_the_numbered_llm_shape():
    claims = parse_review(REVIEW)
    assert [(c.number, c.cwe, c.cwe_name_claimed, c.lines) for c in claims] == [
        (1, 95, "Eval Injection", [15]),
        (2, 691, "Incorrect Calculation", [27]),
        (3, 310, "Cryptographic Issues", [21]),
        (4, 209, "Generation of Error Message Containing Sensitive Information", [57]),
        (5, 78, "Improper Neutralization of Special Elements used in an OS Command ('OS Command Injection')", [23]),
        (6, 284, "Improper Access Control", [23]),
        (7, 9999, "Insecure Test Configuration", [30, 31, 32]),
    ]
    first = claims[0]
    assert first.quoted_code == ["calc", 'eval(request.args["q"])', "q"]
    assert first.fix.startswith("Do not call eval on request data.")
    assert "Solution" not in first.text and first.text.startswith("1. CWE-95 (Eval Injection):")
    # the closing "In conclusion, ..." paragraph belongs to no claim
    assert "In conclusion" not in claims[-1].text and claims[-1].fix == "Add more test cases."


def test_parses_line_code_anchors_and_bullet_recommendations():
    review = textwrap.dedent("""\
        Here are my findings:

        1. CWE-200: Information Exposure Through Debugging

        Line 41: self.start_service('conductor')
        Line 42: self.start_service('consoleauth')

        The code starts two services.

        Recommendation:

        * Add proper checks.
        * Use a secure mechanism.

        2. CWE-613: Insufficient Logging and Monitoring

        The code does not log enough.
        """)
    one, two = parse_review(review)
    assert (one.cwe, one.cwe_name_claimed, one.lines) == (200, "Information Exposure Through Debugging", [41, 42])
    assert one.anchors == [(41, "self.start_service('conductor')"), (42, "self.start_service('consoleauth')")]
    assert one.fix == "* Add proper checks.\n* Use a secure mechanism."
    assert (two.cwe, two.cwe_name_claimed, two.lines, two.quoted_code, two.fix) == (
        613, "Insufficient Logging and Monitoring", [], [], None)


@pytest.mark.parametrize("text, expected", [
    ("### CWE-89: Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')\n"
     "The query on line 12 is built with `%`.",
     (89, "Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')", [12], ["%"])),
    ("**SQL Injection (CWE-89)**: lines 10-12 build `cursor.execute(q)` from input.",
     (89, "SQL Injection", [10, 11, 12], ["cursor.execute(q)"])),
    ("- CWE-78 - OS Command Injection: at lines 3, 5 and 7 `os.system(cmd)` runs.",
     (78, "OS Command Injection", [3, 5, 7], ["os.system(cmd)"])),
    ("1. CWE-502: In line 4, `pickle.loads(data)` deserializes untrusted data.",
     (502, None, [4], ["pickle.loads(data)"])),
    ("The code has CWE-22 at L8: ```\nopen(path)\n```",
     (22, None, [8], ["open(path)"])),
])
def test_parses_other_common_shapes(text, expected):
    (claim,) = parse_review(text)
    assert (claim.cwe, claim.cwe_name_claimed, claim.lines, claim.quoted_code) == expected


def test_a_numbered_sub_list_inside_a_claim_is_not_a_claim():
    review = "1. CWE-89 (SQL Injection): line 3.\nSolution:\n1. Use parameters.\n2. Validate input.\n"
    (claim,) = parse_review(review)
    assert claim.fix == "1. Use parameters.\n2. Validate input."


@pytest.mark.parametrize("text", ["", "   \n", NO_DEFECTS, "I found nothing worth reporting."])
def test_reviews_without_claims(text):
    assert parse_review(text) == []


def test_parser_never_crashes():
    rng = random.Random(1679750)
    alphabet = "CWE-0123456789 ()[]`*#:.,\n\tline lines to - Solution Fix: 1. 2) ```\x00é"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 200)))
        for claim in parse_review(text):
            assert isinstance(claim, Claim)
    assert parse_review("1. CWE-" + "9" * 40 + " line " + "9" * 40) is not None


# ------------------------------------------------------------------------------------ verification
def test_verdicts_on_the_fixture_review():
    checked = check_review(REVIEW, CODE, CODE_PATH)
    assert [(c.claim.number, c.verdict, refuting(c)) for c in checked] == [
        (1, Verdict.CONFIRMED, set()),
        (2, Verdict.CONTRADICTED, {"wrong-cwe-name", "test-fixture"}),
        (3, Verdict.CONTRADICTED, {"category-or-view", "test-fixture"}),
        (4, Verdict.CONTRADICTED, {"line-out-of-range", "test-fixture"}),
        (5, Verdict.CONTRADICTED, {"code-not-found", "test-fixture"}),
        (6, Verdict.CONTRADICTED, {"test-fixture"}),
        (7, Verdict.CONTRADICTED, {"nonexistent-cwe", "test-fixture"}),
    ]
    messages = {c.claim.number: [r.message for r in c.reasons] for c in checked}
    # The rest of the message is the static finding's own explanation.
    assert len(messages[1]) == 1
    assert messages[1][0].startswith("confirmed by static analysis (rule SR903): CWE-95 at line 15: ")
    assert checked[0].findings[0].rule_id == "SR903"
    assert ('wrong CWE name: the review calls CWE-691 "Incorrect Calculation"; its official name is '
            '"Insufficient Control Flow Management" ("Incorrect Calculation" is the name of CWE-682)') in messages[2]
    assert ('CWE-310 is a category ("Cryptographic Issues"), not a weakness: it cannot be cited as a defect'
            in messages[3])
    assert "line 57 does not exist: the file has 36 lines" in messages[4]
    assert "quoted code `subprocess.call(cmd, shell=True)` does not occur in the file" in messages[5]
    assert ("test fixture, not a product defect: line 23 is in the test fixture TestCalculatorEndpoint.setUp "
            "(test helper `start_service`)") in messages[6]
    assert "CWE-9999 does not exist in the CWE catalog (4.14)" in messages[7]
    assert "CWE-284 is a Pillar" in " ".join(messages[6])


def claim(cwe, name, lines, code=(), anchors=()):
    return Claim(cwe, name, list(lines), list(code), "text", None, 1, list(anchors))


@pytest.fixture(scope="module")
def calc() -> CodeFile:
    return CodeFile.analysed(CODE, CODE_PATH)


def test_quoted_code_elsewhere_is_reported_where_it_really_is(calc):
    (checked,) = verify_claims([claim(95, None, [5], anchors=[(5, "eval(request.args['q'])")],
                                      code=["eval(request.args['q'])"])], calc)
    assert checked.verdict is Verdict.CONTRADICTED
    assert "quoted code `eval(request.args['q'])` is not at line 5; it is at line 15" in [
        r.message for r in checked.reasons]


def test_quoted_code_may_sit_two_lines_from_the_cited_line(calc):
    (checked,) = verify_claims([claim(95, "Eval Injection", [13], code=["eval(request.args[\"q\"])"])], calc)
    assert checked.verdict is Verdict.CONFIRMED
    (checked,) = verify_claims([claim(95, "Eval Injection", [12], code=["eval(request.args[\"q\"])"])], calc)
    assert "code-not-at-cited-line" in refuting(checked)


def test_a_wrong_name_on_a_confirmed_defect_is_corrected(calc):
    # CWE-94 lies on CWE-95's chain to its pillar: the static finding agrees; the label is fixed.
    checked = verify_claims([claim(94, "Eval Injection", [15], code=["eval"])], calc)
    assert checked[0].verdict is Verdict.CONFIRMED
    assert ('CWE name corrected: the review calls CWE-94 "Eval Injection"; its official name is '
            '"Improper Control of Generation of Code (\'Code Injection\')" ("Eval Injection" is the name of CWE-95)'
            ) in [r.message for r in checked[0].reasons]
    assert grounded_review(checked, calc)[0] == "1. CWE-94 Improper Control of Generation of Code ('Code Injection')"


def test_a_claim_in_application_code_without_static_support_is_unsupported():
    code = CodeFile.analysed("import json\n\n\ndef load(text):\n    return json.loads(text)\n", "app/load.py")
    (checked,) = verify_claims([claim(502, "Deserialization of Untrusted Data", [5], code=["json.loads(text)"])],
                               code)
    assert checked.verdict is Verdict.UNSUPPORTED
    assert [r.message for r in checked.reasons] == ["unsupported: static analysis reports nothing at line 5"]


APP = "from flask import request\n\n\ndef calc():\n    return str(eval(request.args['q']))\n"


def test_static_finding_of_an_unrelated_cwe_does_not_confirm():
    code = CodeFile.analysed(APP, "app/calc.py")
    (checked,) = verify_claims([claim(89, "SQL Injection", [5], code=["eval"])], code)
    assert checked.verdict is Verdict.UNSUPPORTED
    assert [r.message for r in checked.reasons] == [
        "static analysis reports CWE-95 at line 5 (rule SR903), unrelated to CWE-89"]


def test_in_test_code_an_unconfirmed_claim_is_a_fixture_even_next_to_a_real_defect(calc):
    (checked,) = verify_claims([claim(89, "SQL Injection", [15], code=["eval"])], calc)
    assert checked.verdict is Verdict.CONTRADICTED
    assert ("test fixture, not a product defect: line 15 is in calc of a test module"
            in [r.message for r in checked.reasons])


def test_a_view_and_a_deprecated_entry_are_not_weaknesses(calc):
    view, = verify_claims([claim(711, "Insecure deserialization", [15], code=["eval"])], calc)
    assert {"category-or-view", "wrong-cwe-name"} <= refuting(view) and view.verdict is Verdict.CONTRADICTED


def test_a_claim_without_location_is_unsupported_in_application_code():
    code = CodeFile.analysed("x = 1\n", "app/x.py")
    (checked,) = verify_claims([claim(710, "Improper Adherence to Coding Standards", [])], code)
    assert checked.verdict is Verdict.UNSUPPORTED
    assert kinds(checked) == {"no-location", "pillar-cwe"}


# ------------------------------------------------------------------------------------ command line
def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_check_review_prints_verdicts_and_the_grounded_review(capsys):
    code, out, err = run(capsys, "check-review", HERE / "functional_calc_review.txt", HERE / "functional_calc.py")
    assert code == 1 and err == ""  # six claims are contradicted
    assert "Claim 3: CWE-310 (Cryptographic Issues), line 21\n  Verdict: contradicted\n" in out
    assert "Summary: 1 confirmed, 0 unsupported, 6 contradicted\n" in out
    grounded = out.split("Grounded review:\n", 1)[1]
    assert grounded.startswith(
        "1. CWE-95 Improper Neutralization of Directives in Dynamically Evaluated Code ('Eval Injection')\n")
    assert "functional_calc.py:15\n" in grounded and '15 |     return str(eval(request.args["q"]))' in grounded
    assert "\n2. " not in grounded  # nothing else survives


def test_check_review_with_no_surviving_claim_prints_the_sentence(capsys, tmp_path):
    review = tmp_path / "review.txt"
    review.write_text("2. CWE-691" + REVIEW.split("2. CWE-691", 1)[1])  # every claim but the correct one
    code, out, _ = run(capsys, "check-review", review, HERE / "functional_calc.py")
    assert code == 1
    assert out.endswith("Grounded review:\n" + NO_DEFECTS + "\n")
    assert "Summary: 0 confirmed, 0 unsupported, 6 contradicted" in out


def test_check_review_of_an_empty_review(capsys, tmp_path):
    review = tmp_path / "review.txt"
    review.write_text(NO_DEFECTS + "\n")
    code, out, _ = run(capsys, "check-review", review, HERE / "functional_calc.py")
    assert code == 0 and out.endswith("Grounded review:\n" + NO_DEFECTS + "\n")


def test_check_review_missing_file_is_a_usage_error(capsys, tmp_path):
    code, _, err = run(capsys, "check-review", tmp_path / "nope.txt", HERE / "functional_calc.py")
    assert code == 2 and "cannot read" in err


# ------------------------------------------------------------------------------------ review --llm
LLM_ANSWER = textwrap.dedent("""\
    I have reviewed the code and found the following issues:

    1. CWE-94 (Code Injection):
    In line 5, `eval(request.args['q'])` evaluates a request parameter.

    Solution: Do not evaluate request data.

    2. CWE-89 (SQL Injection):
    In line 3, `cursor.execute(query)` builds SQL from input.

    Solution: Use parameters.

    3. CWE-16 (Configuration):
    In line 1, `from flask import request` imports flask.

    Solution: Configure it.
    """)


@pytest.fixture
def fake_openai(monkeypatch):
    """An OpenAI-compatible chat endpoint on 127.0.0.1 that answers LLM_ANSWER and records requests."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    requests: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
            payload = json.dumps({
                "id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": body.get("model", ""),
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": LLM_ANSWER}}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            }).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setenv("SECREVIEW_LLM_BASE_URL", f"http://127.0.0.1:{server.server_address[1]}/v1")
    monkeypatch.setenv("SECREVIEW_LLM_MODEL", "fake-model")
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    yield requests
    server.shutdown()
    server.server_close()
    thread.join(5)


def test_review_llm_adds_only_verified_claims(capsys, tmp_path, fake_openai):
    pytest.importorskip("openai")
    (tmp_path / "app").mkdir()
    target = tmp_path / "app" / "calc.py"
    target.write_text(APP)
    code, out, err = run(capsys, "review", target, "--llm", "--no-cache", "--no-progress", "--format", "json")
    assert code == 1, err
    import json

    findings = json.loads(out)["findings"]
    assert sorted((f["rule_id"], f["cwe"]["id"], f["location"]["line"], f["confidence"]) for f in findings) == [
        ("LLM", 94, 5, "medium"), ("SR903", 95, 5, "high")]
    llm = next(f for f in findings if f["rule_id"] == "LLM")
    assert "rule SR903" in llm["message"] and "Code Injection" in llm["message"]
    (request,) = fake_openai
    assert request["path"] == "/v1/chat/completions" and request["auth"] == "Bearer test-key"
    assert request["body"]["model"] == "fake-model"
    prompt = request["body"]["messages"][1]["content"]
    assert "    5:     return str(eval(request.args['q']))" in prompt
    assert "- line 5: CWE-95 " in prompt and "(rule SR903)" in prompt


def test_review_llm_text_report_never_shows_the_model_text(capsys, tmp_path, fake_openai):
    pytest.importorskip("openai")
    target = tmp_path / "calc.py"
    target.write_text(APP)
    code, out, _ = run(capsys, "review", target, "--llm", "--no-cache", "--no-progress")
    assert code == 1
    assert "Rule: LLM" in out and "cursor.execute" not in out and "CWE-16" not in out
    assert "evaluates a request parameter" not in out


def test_review_llm_without_openai_exits_2(capsys, tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "openai", None)  # import openai -> ImportError
    target = tmp_path / "calc.py"
    target.write_text(APP)
    code, out, err = run(capsys, "review", target, "--llm", "--no-cache")
    assert (code, out) == (2, "")
    assert "--llm needs the `openai` client, which is not installed: pip install 'secreview[llm]'" in err


def test_review_llm_needs_a_model(capsys, tmp_path, monkeypatch):
    pytest.importorskip("openai")
    monkeypatch.delenv("SECREVIEW_LLM_MODEL", raising=False)
    target = tmp_path / "calc.py"
    target.write_text(APP)
    code, _, err = run(capsys, "review", target, "--llm", "--no-cache")
    assert code == 2 and "SECREVIEW_LLM_MODEL" in err
