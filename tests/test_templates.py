"""Template files beside the code: request data passed to a template that inserts it unescaped is
reported at the template line (SR906, CWE-79), with the flow request -> context -> template line."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import jsonschema

from secreview.config import Config
from secreview.diff import changed_lines_from_git, introduced_by
from secreview.engine import review_paths
from secreview.findings import Confidence
from secreview.reports import sarif
from secreview.templating import scan
from tests.helpers import git

SARIF_SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"


def tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
    return root


def review(root: Path):
    return review_paths([str(root)], Config(jobs=1, min_confidence=Confidence.LOW))


def found(root: Path) -> list[tuple[str, int, int, str]]:
    return sorted((Path(f.location.path).relative_to(root).as_posix(), f.location.line, f.cwe, f.rule_id)
                  for f in review(root).findings)


# ----------------------------------------------------------------------------- the scanner
def uses(text: str) -> list[tuple[int, list[str], str]]:
    return [(u.line, sorted(u.variables), u.how) for u in scan(textwrap.dedent(text).lstrip("\n")).uses]


def test_safe_filter_and_autoescape_blocks_are_unescaped_uses():
    assert uses("""
        <h1>{{ title }}</h1>
        <p>{{ body|safe }}</p>
        <p>{{- user.name | default(fallback) | safe -}}</p>
        <p>{{ items|safeseq|join:", " }}</p>
        {% autoescape false %}<i>{{ note }}</i> {{ note|e }}{% endautoescape %}
        {% autoescape off %}{% autoescape on %}{{ inner }}{% endautoescape %}{{ outer }}{% endautoescape %}
        {{ "<b>constant</b>"|safe }} {{ body|escape|safe }} {{ body|urlencode|safe }}
    """) == [
        (2, ["body"], "`|safe`"),
        (3, ["fallback", "user"], "`|safe`"),
        (4, ["items"], "`|safeseq`"),
        (5, ["note"], "inside `{% autoescape false %}`"),
        (6, ["outer"], "inside `{% autoescape off %}`"),
    ]


def test_raw_verbatim_and_comments_hold_no_code():
    assert uses("""
        {% raw %}{{ a|safe }}{% endraw %}
        {% verbatim %}{{ b|safe }}{% endverbatim %}
        {% comment %}{{ c|safe }}{% endcomment %}
        {# {{ d|safe }} #}
        {{ e|safe }}
    """) == [(5, ["e"], "`|safe`")]


def test_names_bound_in_the_template_lead_back_to_context_variables():
    assert uses("""
        {% for row in rows %}{{ row.html|safe }}{% endfor %}
        {% for k, v in pairs.items() %}{{ v|safe }}{% endfor %}
        {% set first = rows[0] %}{{ first|safe }}
        {% with term=highlight %}{{ term|safe }}{% endwith %}
        {% with highlight as old %}{{ old|safe }}{% endwith %}
        {% macro cell(value) %}{{ value|safe }}{% endmacro %}
        {% set label = "fixed" %}{{ label|safe }} {{ loop|safe }}
    """) == [(1, ["rows"], "`|safe`"), (2, ["pairs"], "`|safe`"), (3, ["rows"], "`|safe`"),
             (4, ["highlight"], "`|safe`"), (5, ["highlight"], "`|safe`")]


def test_includes_and_extends_are_listed_with_the_names_bound_there():
    template = scan('{% extends "base.html" %}\n{% for r in rows %}{% include "row.html" %}{% endfor %}\n'
                    '{% include "nav.html" with current=sort only %}\n{% include name %}\n')
    assert [(i.name, i.line, dict(i.aliases), i.only) for i in template.includes] == [
        ("base.html", 1, {}, False),
        ("row.html", 2, {"r": frozenset({"rows"})}, False),
        ("nav.html", 3, {"current": frozenset({"sort"})}, True),
    ]


# ----------------------------------------------------------------------------- linking
FLASK_APP = {
    "app/views.py": """
        from flask import Flask, render_template, request
        from markupsafe import escape

        app = Flask(__name__)


        @app.route("/hello")
        def hello():
            name = request.args.get("name", "")
            return render_template("hello.html", name=name, title="Hi", safe_name=escape(name))


        @app.route("/list")
        def listing():
            return render_template("list.html", rows=request.args.getlist("r"))
    """,
    "app/templates/hello.html": """
        <h1>{{ title|safe }}</h1>
        <p>{{ name|safe }}</p>
        <p>{{ name }}</p>
        <p>{{ safe_name|safe }}</p>
        {% autoescape false %}<div>{{ name }}</div>{% endautoescape %}
    """,
    "app/templates/list.html": """
        <ul>{% for row in rows %}{% include "row.html" %}{% endfor %}</ul>
    """,
    "app/templates/row.html": """
        <li>{{ row|safe }}</li>
    """,
}


def test_flask_flow_is_reported_at_the_template_line(tmp_path):
    root = tree(tmp_path, FLASK_APP)
    assert found(root) == [
        ("app/templates/hello.html", 2, 79, "SR906"),
        ("app/templates/hello.html", 5, 79, "SR906"),
        ("app/templates/row.html", 1, 79, "SR906"),
    ]
    finding = next(f for f in review(root).findings if f.location.line == 2)
    assert finding.snippet == "<p>{{ name|safe }}</p>" and finding.location.column == 4
    assert [(Path(s.location.path).name, s.location.line, s.kind) for s in finding.flow] == [
        ("views.py", 9, "source"), ("views.py", 9, "step"), ("views.py", 10, "step"), ("hello.html", 2, "sink")]
    assert finding.flow[2].description.startswith("passed to template `hello.html` as `name` by `render_template(")
    assert "`{{ name|safe }}` (`|safe`)" in finding.message and finding.confidence == Confidence.HIGH
    row = next(f for f in review(root).findings if f.location.path.endswith("row.html"))
    assert [s.description for s in row.flow][-2:] == ["`list.html` renders `row.html` with this context",
                                                      "`{{ row|safe }}` (`|safe`, CWE-79)"]


def test_constant_or_escaped_context_values_and_missing_templates_report_nothing(tmp_path):
    root = tree(tmp_path, {
        "site.py": """
            from flask import Flask, render_template, request
            from markupsafe import escape
            app = Flask(__name__)

            @app.route("/a")
            def a():
                return render_template("a.html", banner="<b>sale</b>", q=escape(request.args["q"]),
                                       n=int(request.args["n"]))

            @app.route("/b")
            def b():
                return render_template("missing.html", q=request.args["q"])
        """,
        "templates/a.html": "{{ banner|safe }} {{ q|safe }} {{ n|safe }} {{ q }}\n",
    })
    assert found(root) == []


def test_django_context_dicts_settings_dirs_and_app_templates(tmp_path):
    root = tree(tmp_path, {
        "proj/settings.py": """
            from pathlib import Path
            BASE_DIR = Path(__file__).resolve().parent
            TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates",
                          "DIRS": [BASE_DIR / "site_templates"], "APP_DIRS": True}]
        """,
        "proj/blog/views.py": """
            from django.shortcuts import render

            def post(request):
                context = {"q": request.GET["q"], "page": 1}
                context["sort"] = request.GET.get("sort")
                return render(request, "blog/post.html", context)

            def home(request):
                return render(request, "home.html", {"who": request.COOKIES["who"], "n": 3})
        """,
        "proj/blog/templates/blog/post.html": """
            {% autoescape off %}{{ q }} {{ page }}{% endautoescape %}
            {% include "blog/nav.html" with current=sort only %}
        """,
        "proj/blog/templates/blog/nav.html": "{{ current|safe }} {{ q|safe }}\n",
        "proj/site_templates/home.html": "{{ who|safe }} {{ n|safe }}\n",
    })
    assert found(root) == [
        ("proj/blog/templates/blog/nav.html", 1, 79, "SR906"),
        ("proj/blog/templates/blog/post.html", 1, 79, "SR906"),
        ("proj/site_templates/home.html", 1, 79, "SR906"),
    ]
    [nav] = [f for f in review(root).findings if f.location.path.endswith("nav.html")]
    assert nav.location.column == 1  # `{{ current|safe }}`, not `{{ q|safe }}`: `only` passes `current` alone


def test_aiohttp_and_starlette_renderers(tmp_path):
    root = tree(tmp_path, {
        "svc/handlers.py": """
            import aiohttp_jinja2
            from aiohttp import web

            async def page(request: web.Request):
                return aiohttp_jinja2.render_template("page.html", request, {"q": request.query["q"]})
        """,
        "svc/api.py": """
            from fastapi import FastAPI, Request
            from fastapi.templating import Jinja2Templates
            app = FastAPI()
            templates = Jinja2Templates(directory="views")

            @app.get("/item")
            def item(request: Request, q: str):
                return templates.TemplateResponse(request, "item.html", {"q": q})
        """,
        "svc/templates/page.html": "<p>{{ q|safe }}</p>\n",
        "svc/views/item.html": "<p>{{ q }}</p>\n<p>{{ q|safe }}</p>\n",
    })
    assert found(root) == [("svc/templates/page.html", 1, 79, "SR906"), ("svc/views/item.html", 2, 79, "SR906")]


def test_template_render_result_is_not_reflected_xss(tmp_path):
    # the engine escapes what it renders: the caller's HttpResponse(html) is not the defect
    root = tree(tmp_path, {
        "shop/views.py": """
            from django.http import HttpResponse
            from django.template.loader import render_to_string

            def preview(request):
                return HttpResponse(render_to_string("preview.html", {"draft": request.POST["draft"]}))
        """,
        "shop/templates/preview.html": "<div>{{ draft }}</div>\n",
    })
    assert found(root) == []


def test_sarif_location_is_the_template_file(tmp_path, monkeypatch):
    root = tree(tmp_path, FLASK_APP)
    monkeypatch.chdir(root)
    document = sarif.to_dict(review_paths(["app"], Config(jobs=1)))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    assert not list(validator.iter_errors(document))
    results = document["runs"][0]["results"]
    located = sorted((r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                      r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results)
    assert located == [("app/templates/hello.html", 2), ("app/templates/hello.html", 5), ("app/templates/row.html", 1)]
    steps = results[0]["codeFlows"][0]["threadFlows"][0]["locations"]
    assert steps[0]["location"]["physicalLocation"]["artifactLocation"]["uri"] == "app/views.py"


def test_diff_reports_a_template_change_that_adds_safe(tmp_path):
    files = dict(FLASK_APP)
    files["app/templates/hello.html"] = "<h1>{{ title }}</h1>\n<p>{{ name }}</p>\n"
    root = tree(tmp_path, files)
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "base")
    (root / "app/templates/hello.html").write_text("<h1>{{ title }}</h1>\n<p>{{ name|safe }}</p>\n")
    result = review(root)
    changed = changed_lines_from_git("HEAD", cwd=str(root))
    assert changed == {str((root / "app/templates/hello.html").resolve()): {2}}
    assert [(Path(f.location.path).name, f.location.line) for f in introduced_by(result.findings, changed)] == [
        ("hello.html", 2)]
