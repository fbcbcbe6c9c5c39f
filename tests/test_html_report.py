"""The HTML report, loaded in a real headless Chromium (Debian's `chromium`, driven by Playwright):
it loads without console errors or network requests, the filters hide and show findings, a flow
expands to its steps with their code, the theme switches; a screenshot is saved."""
from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from secreview import NO_DEFECTS, catalog
from secreview.cli import main
from secreview.findings import Review
from secreview.reports import render_to_string

VIEWS = textwrap.dedent('''\
    from flask import Flask, request

    from app.store import run

    app = Flask(__name__)


    @app.route("/run")
    def view():
        return run(request.args["cmd"])
    ''')
STORE = textwrap.dedent('''\
    import os
    import yaml


    def run(cmd):
        os.system(cmd)
        return "ok"


    def calc(expression):
        return eval(expression)


    def load(blob):
        return yaml.load(blob)
    ''')


def _chromium() -> str:
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        found = candidate and shutil.which(candidate)
        if found:
            return found
    pytest.fail("no Chromium found: .ci/run installs Debian's `chromium` (or set CHROMIUM=/path/to/chrome)")


@pytest.fixture()
def report(tmp_path, monkeypatch, capsys) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "views.py").write_text(VIEWS)
    (tmp_path / "app" / "store.py").write_text(STORE)
    monkeypatch.chdir(tmp_path)
    assert main([".", "--format", "html", "-o", "report.html", "--no-progress", "--no-cache"]) == 1
    capsys.readouterr()
    return tmp_path / "report.html"


def _visible(page) -> list[tuple[str, str]]:
    return [(a.get_attribute("data-cwe"), a.get_attribute("data-severity"))
            for a in page.query_selector_all("article.finding") if a.is_visible()]


def test_html_report_in_headless_chromium(report, tmp_path):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        problems, requests = [], []
        page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("request", lambda r: requests.append(r.url) if not r.url.startswith("file:") else None)
        page.goto(report.as_uri())

        # Grouped by file, ordered by severity inside a file (the medium eval sits above the yaml.load).
        assert [s.get_attribute("data-path") for s in page.query_selector_all("section.file")] == [
            "app/store.py"]
        everything = [("78", "high"), ("502", "high"), ("95", "medium")]
        assert _visible(page) == everything and page.inner_text("#shown") == "3"

        # Filters: one CWE, then a minimum severity nothing reaches, then back.
        page.select_option("#filter-cwe", "502")
        assert _visible(page) == [("502", "high")] and page.inner_text("#shown") == "1"
        page.select_option("#filter-cwe", "")
        page.select_option("#filter-severity", "3")  # high and above
        assert _visible(page) == [("78", "high"), ("502", "high")] and page.inner_text("#shown") == "2"
        page.select_option("#filter-severity", "4")  # critical: nothing, and the file group hides too
        assert _visible(page) == [] and page.inner_text("#shown") == "0"
        assert not page.is_visible("section.file")
        page.select_option("#filter-severity", "1")
        assert _visible(page) == everything

        # The flow expands step by step, each with its code; the CWE links to MITRE.
        flow = page.query_selector("article.finding[data-cwe='78']")
        assert not flow.query_selector("li.step").is_visible()
        flow.query_selector("details.flow > summary").click()
        steps = [s.inner_text() for s in flow.query_selector_all("li.step")]
        assert len(steps) == 3 and flow.query_selector("li.step").is_visible()
        assert steps[0].startswith("SOURCE app/views.py:10") and 'return run(request.args["cmd"])' in steps[0]
        assert steps[2].startswith("SINK app/store.py:6") and steps[2].endswith("os.system(cmd)")
        link = flow.query_selector("a.cwe")
        assert link.get_attribute("href") == "https://cwe.mitre.org/data/definitions/78.html"
        assert link.inner_text() == f"CWE-78 {catalog.name(78)}"

        # Light/dark.
        before = page.evaluate("getComputedStyle(document.body).backgroundColor")
        page.click("#theme")
        after = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert before != after and page.evaluate("document.documentElement.dataset.theme") in ("dark", "light")

        shot = tmp_path / "report.png"
        page.screenshot(path=str(shot), full_page=True)
        browser.close()
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    assert problems == [] and requests == []


def test_html_report_is_self_contained_and_escapes_code():
    page = render_to_string(Review(), "html")
    assert NO_DEFECTS in page and "<link" not in page and "src=" not in page and "http-equiv" in page
    from secreview.engine import finish, review_source
    from secreview.config import Config

    review = finish([review_source("import yaml\n\n\ndef f(b):\n    return yaml.load('</script><b>' + b)\n",
                                   "app/x.py")], [], Config())
    page = render_to_string(review, "html")
    assert "&lt;/script&gt;&lt;b&gt;" in page and "</script><b>" not in page
