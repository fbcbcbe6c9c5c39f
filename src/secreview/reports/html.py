"""One self-contained HTML page (no network: styles and script inline): findings grouped by file
and ordered by severity, filters by CWE and minimum severity, each dataflow drawn step by step with
the code of each step, CWE names linked to MITRE's pages, light and dark themes.

Rendering only: nothing is read besides the Review (each flow step carries its source line, stored
when the review ran), so a report can be written from a review of files that are gone.
"""
from __future__ import annotations

import html
import json
from collections import Counter
from typing import TextIO

from secreview.findings import Finding, Review, Severity
from secreview.reports import tool_version
from secreview.reports.review_common import cwe_title, cwe_url

NO_DEFECTS = "No security defects are detected in the code."

_CSS = """
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --card: #f6f8fa;
  --border: #d1d9e0; --code: #eff2f5; --critical: #8250df; --high: #cf222e; --medium: #9a6700; --low: #0969da; }
:root[data-theme="dark"] { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --card: #151b23; --border: #3d444d;
  --code: #1f2630; --critical: #ab7df8; --high: #f85149; --medium: #d29922; --low: #4493f8; }
@media (prefers-color-scheme: dark) { :root:not([data-theme="light"]) { --bg: #0d1117; --fg: #e6edf3;
  --muted: #9198a1; --card: #151b23; --border: #3d444d; --code: #1f2630; --critical: #ab7df8; --high: #f85149;
  --medium: #d29922; --low: #4493f8; } }
body { background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, sans-serif; margin: 0 auto;
  max-width: 72rem; padding: 1rem 1.5rem; }
a { color: var(--low); }
header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; justify-content: space-between; }
.controls { display: flex; gap: .75rem; align-items: center; }
#filter-cwe { max-width: 24rem; }
select, button { font: inherit; color: var(--fg); background: var(--card); border: 1px solid var(--border);
  border-radius: 6px; padding: .2rem .5rem; }
section.file { border: 1px solid var(--border); border-radius: 8px; margin: 1rem 0; }
section.file > h2 { font-size: 1rem; margin: 0; padding: .5rem .75rem; background: var(--card);
  border-bottom: 1px solid var(--border); font-family: ui-monospace, monospace; }
article.finding { padding: .5rem .75rem; border-top: 1px solid var(--border); }
article.finding:first-of-type { border-top: none; }
.badge { display: inline-block; border-radius: 1em; padding: 0 .6em; color: #fff; font-size: .8rem; font-weight: 600; }
.badge.critical { background: var(--critical); } .badge.high { background: var(--high); }
.badge.medium { background: var(--medium); } .badge.low { background: var(--low); }
.where, .rule { color: var(--muted); font-family: ui-monospace, monospace; font-size: .85rem; }
pre { background: var(--code); border-radius: 6px; padding: .5rem; overflow-x: auto; margin: .3rem 0; }
ol.flow { margin: .3rem 0; padding-left: 1.5rem; }
ol.flow .kind { font-weight: 600; text-transform: uppercase; font-size: .75rem; color: var(--muted); }
.fix { border-left: 3px solid var(--medium); padding-left: .5rem; }
.hidden { display: none !important; }
"""

_JS = """
(function () {
  const root = document.documentElement;
  function store(key, value) { try { if (value === undefined) return localStorage.getItem(key);
    localStorage.setItem(key, value); } catch (e) { return null; } return null; }
  const saved = store('secreview-theme');
  if (saved) root.dataset.theme = saved;
  document.getElementById('theme').addEventListener('click', function () {
    const dark = root.dataset.theme ? root.dataset.theme === 'dark'
      : window.matchMedia('(prefers-color-scheme: dark)').matches;
    root.dataset.theme = dark ? 'light' : 'dark';
    store('secreview-theme', root.dataset.theme);
  });
  const cwe = document.getElementById('filter-cwe');
  const severity = document.getElementById('filter-severity');
  function apply() {
    let shown = 0;
    document.querySelectorAll('section.file').forEach(function (section) {
      let inFile = 0;
      section.querySelectorAll('article.finding').forEach(function (finding) {
        const ok = (cwe.value === '' || finding.dataset.cwe === cwe.value)
          && Number(finding.dataset.rank) >= Number(severity.value);
        finding.classList.toggle('hidden', !ok);
        if (ok) inFile += 1;
      });
      section.classList.toggle('hidden', inFile === 0);
      shown += inFile;
    });
    document.getElementById('shown').textContent = String(shown);
  }
  cwe.addEventListener('change', apply);
  severity.addEventListener('change', apply);
  apply();
})();
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _finding(f: Finding, number: int) -> str:
    loc = f.location
    out = [f'<article class="finding" id="finding-{number}" data-cwe="{f.cwe}" data-severity="{f.severity}" '
           f'data-rank="{int(f.severity)}">',
           f'<div><span class="badge {f.severity}">{_e(f.severity)}</span> '
           f'<a class="cwe" href="{_e(cwe_url(f.cwe))}">{_e(cwe_title(f.cwe))}</a></div>',
           f'<div class="where">{_e(loc.path)}:{loc.line}:{loc.column} · confidence {_e(f.confidence)}'
           f'{" · test code" if f.in_test_code else ""}</div>',
           f'<div class="rule">{_e(f.rule_id)} {_e(f.title)}</div>',
           f'<pre><code>{_e(f.snippet)}</code></pre>',
           f'<p class="message">{_e(f.message)}</p>']
    if f.flow:
        out.append(f'<details class="flow"><summary>Dataflow: {len(f.flow)} steps</summary><ol class="flow">')
        for step in f.flow:
            out.append(f'<li class="step"><span class="kind">{_e(step.kind)}</span> '
                       f'<span class="where">{_e(step.location.path)}:{step.location.line}</span> {_e(step.description)}'
                       + (f'<pre><code>{_e(step.snippet)}</code></pre>' if step.snippet else "") + "</li>")
        out.append("</ol></details>")
    if f.fix:
        out.append(f'<p class="fix"><strong>Fix:</strong> {_e(f.fix)}</p>')
    out.append("</article>")
    return "\n".join(out)


def render(review: Review) -> str:
    findings = review.findings
    by_file: dict[str, list[tuple[int, Finding]]] = {}
    for number, f in enumerate(findings, 1):
        by_file.setdefault(f.location.path, []).append((number, f))
    cwes = Counter(f.cwe for f in findings)
    severities = Counter(f.severity for f in findings)
    summary = ", ".join(f"{severities[s]} {s}" for s in sorted(Severity, reverse=True) if severities[s])
    body = ['<header><div><h1>secreview report</h1>',
            f'<p id="summary">{len(findings)} finding{"s" if len(findings) != 1 else ""}'
            f'{" (" + summary + ")" if summary else ""} in {review.files_reviewed} file'
            f'{"s" if review.files_reviewed != 1 else ""} reviewed; <span id="shown">{len(findings)}</span> shown.</p>'
            '</div><div class="controls">',
            '<label>CWE <select id="filter-cwe"><option value="">all</option>'
            + "".join(f'<option value="{c}">{_e(cwe_title(c))} ({n})</option>' for c, n in sorted(cwes.items()))
            + "</select></label>",
            '<label>Severity at least <select id="filter-severity">'
            + "".join(f'<option value="{int(s)}">{s}</option>' for s in sorted(Severity))
            + "</select></label>",
            '<button id="theme" type="button" title="Switch light/dark">Light/dark</button></div></header>']
    notice = review.not_reviewed_notice()
    if notice:  # before the verdict, as in the text report
        body.append(f'<p id="not-reviewed"><strong>{_e(notice)}</strong></p>')
    if not findings:
        body.append(f'<p id="no-defects">{_e(NO_DEFECTS)}</p>')
    for path, items in sorted(by_file.items()):
        items.sort(key=lambda item: (-item[1].severity, item[1].sort_key))
        body.append(f'<section class="file" data-path="{_e(path)}"><h2>{_e(path)} ({len(items)})</h2>')
        body.extend(_finding(f, number) for number, f in items)
        body.append("</section>")
    if review.errors:
        body.append(f'<section class="errors"><h2>Files not reviewed ({len(review.errors)})</h2><ul>')
        body.extend(f'<li><code>{_e(e.path)}{":" + str(e.line) if e.line else ""}</code>: {_e(e.kind)}: {_e(e.message)}</li>'
                    for e in review.errors)
        body.append("</ul></section>")
    data = json.dumps({"tool": "secreview", "version": tool_version(), "findings": len(findings)}).replace("<", "\\u003c")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
            "script-src 'unsafe-inline'; img-src data:\">"
            f"<title>secreview report</title><style>{_CSS}</style></head><body>\n"
            + "\n".join(body)
            + f'\n<script type="application/json" id="report-data">{data}</script>'
            + f"\n<script>{_JS}</script>\n</body></html>\n")


def write(review: Review, stream: TextIO) -> None:
    stream.write(render(review))
