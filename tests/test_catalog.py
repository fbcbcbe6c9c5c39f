"""The CWE catalog is MITRE's data, exactly: the shipped JSON is what the official XML says."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from secreview import catalog
from secreview.catalog import build as catalog_build
from secreview.cli import main

NS = "{http://cwe.mitre.org/cwe-7}"
SHIPPED = Path(catalog._DATA)


@pytest.fixture(scope="module")
def xml_path() -> Path:
    pytest.importorskip("cwe2", reason="the official CWE XML comes with the cwe2 test extra")
    return catalog_build.cwe2_xml_path()


@pytest.fixture(scope="module")
def xml_root(xml_path):
    return ET.parse(str(xml_path)).getroot()


# --- the JSON agrees with the XML -------------------------------------------------------------------

def test_shipped_json_is_exactly_a_rebuild_from_the_xml(xml_path):
    rebuilt = catalog_build.build(xml_path)
    assert json.loads(SHIPPED.read_text(encoding="utf-8")) == rebuilt, "run tools/build_catalog.py"
    assert SHIPPED.read_text(encoding="utf-8") == catalog_build.dumps(rebuilt), "run tools/build_catalog.py"


def test_every_xml_entry_has_its_exact_name_kind_abstraction_and_status(xml_root):
    # An independent reading of the XML, not sharing code with the builder.
    expected = {}
    for section, tag, kind in (("Weaknesses", "Weakness", "weakness"), ("Categories", "Category", "category"),
                               ("Views", "View", "view")):
        for element in xml_root.findall(f"{NS}{section}/{NS}{tag}"):
            abstraction = element.get("Abstraction") if kind == "weakness" else kind.capitalize()
            expected[int(element.get("ID"))] = (element.get("Name"), kind, abstraction, element.get("Status"))
    assert len(expected) > 1000
    actual = {}
    for cwe_id in expected:
        entry = catalog.get(cwe_id)
        assert entry is not None, cwe_id
        actual[cwe_id] = (entry.name, entry.kind, entry.abstraction, entry.status)
    assert actual == expected
    assert catalog.version() == xml_root.get("Version")
    assert catalog.release_date() == xml_root.get("Date")


def test_every_chain_step_is_a_research_view_child_of_and_ends_at_a_pillar(xml_root):
    child_of: dict[int, set[int]] = {}
    for w in xml_root.findall(f"{NS}Weaknesses/{NS}Weakness"):
        child_of[int(w.get("ID"))] = {
            int(r.get("CWE_ID")) for r in w.iter(f"{NS}Related_Weakness")
            if r.get("Nature") == "ChildOf" and r.get("View_ID") == "1000"
        }
    for cwe_id, parents in child_of.items():
        entry = catalog.get(cwe_id)
        if entry.abstraction == "Pillar":
            assert (entry.chain, entry.pillar) == ((), cwe_id)
            continue
        if not parents:  # deprecated entries have left the tree
            assert entry.is_deprecated and entry.chain == () and entry.pillar is None
            continue
        steps = (cwe_id, *entry.chain)
        for child, parent in zip(steps, steps[1:]):
            assert parent in child_of[child], (cwe_id, child, parent)
        assert entry.pillar == entry.chain[-1]
        assert catalog.get(entry.pillar).abstraction == "Pillar"


def test_list_memberships_follow_the_xml_views(xml_root):
    by_id = {int(e.get("ID")): e for e in xml_root.iter() if e.tag in (f"{NS}Category", f"{NS}View")}

    def members(cwe_id: int) -> set[int]:
        return {int(m.get("CWE_ID")) for m in by_id[cwe_id].iter(f"{NS}Has_Member")}

    owasp = {}
    for category_id in members(1344):
        for member in members(category_id):
            owasp[member] = category_id
    top25 = {2022: members(1387), 2023: members(1425)}
    assert all(len(ids) == 25 for ids in top25.values())
    for cwe_id in (int(k) for k in json.loads(SHIPPED.read_text(encoding="utf-8"))["entries"]):
        entry = catalog.get(cwe_id)
        assert entry.owasp_category == owasp.get(cwe_id), cwe_id
        if entry.owasp_category is not None:
            # The label is the category's own name, minus the "OWASP Top Ten 2021 Category " prefix.
            assert by_id[entry.owasp_category].get("Name").endswith(" " + entry.owasp_top10_2021)
        assert entry.top25 == tuple(year for year, ids in sorted(top25.items()) if cwe_id in ids), cwe_id


def test_owasp_categories_are_a01_to_a10_named_by_the_xml():
    categories = catalog.owasp_categories()
    assert sorted(categories) == [f"A{n:02d}" for n in range(1, 11)]
    for code, (category_id, label) in categories.items():
        assert label.startswith(f"{code}:2021 - ")
        assert catalog.name(category_id) == f"OWASP Top Ten 2021 Category {label}"


# --- known facts --------------------------------------------------------------------------------------

def test_sql_injection():
    entry = catalog.get(89)
    assert entry.name == "Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')"
    assert (entry.kind, entry.abstraction, entry.status) == ("weakness", "Base", "Stable")
    assert entry.pillar == 707
    assert entry.chain[-1] == 707
    assert catalog.name(707) == "Improper Neutralization"
    assert entry.url == "https://cwe.mitre.org/data/definitions/89.html"
    assert catalog.is_reportable(89)


def test_session_expiration_and_weak_hash():
    assert catalog.name(613) == "Insufficient Session Expiration"
    assert catalog.name(328) == "Use of Weak Hash"
    assert catalog.is_reportable(613) and catalog.is_reportable(328)


def test_711_is_a_view_not_a_weakness():
    entry = catalog.get(711)
    assert entry.kind in ("view", "category")
    assert entry.abstraction in ("View", "Category")
    assert not entry.is_weakness
    assert (entry.pillar, entry.chain) == (None, ())
    assert not catalog.is_reportable(711)


def test_xss_is_in_the_2023_top_25_and_owasp_a03():
    entry = catalog.get(79)
    assert 2023 in entry.top25
    assert entry.owasp_top10_2021 == "A03:2021 - Injection"
    assert entry.owasp_code == "A03"


def test_categories_views_and_deprecated_weaknesses_are_not_reportable():
    assert not catalog.is_reportable(1347)  # the OWASP A03 category
    assert not catalog.is_reportable(1000)  # the Research Concepts view
    deprecated = catalog.get(71)
    assert deprecated.kind == "weakness" and deprecated.status == "Deprecated"
    assert not catalog.is_reportable(71)
    assert catalog.get(999999) is None and not catalog.is_reportable(999999)
    assert catalog.name(999999) == "(not in catalog)"


def test_loading_is_lazy():
    # Only the entries asked for are built (speed itself belongs in benchmarks, not in timed tests).
    catalog._raw = None
    catalog._entries.clear()
    entry = catalog.get(89)
    assert entry is not None
    assert set(catalog._entries) == {89}
    assert catalog.get(89) is entry  # materialised once


def test_describe_shows_everything_about_an_entry():
    text = catalog.describe(catalog.get(89))
    assert text.splitlines()[0] == f"CWE-89: {catalog.name(89)}"
    for expected in ("Base", "Stable", "CWE-943", "CWE-74", f"CWE-707 {catalog.name(707)}", "A03:2021 - Injection",
                     "2023", "https://cwe.mitre.org/data/definitions/89.html", catalog.version()):
        assert expected in text


# --- the CLI --------------------------------------------------------------------------------------

def test_cli_cwe_prints_the_entry(capsys):
    assert main(["cwe", "89"]) == 0
    out = capsys.readouterr().out
    assert catalog.name(89) in out
    assert "https://cwe.mitre.org/data/definitions/89.html" in out


def test_cli_cwe_accepts_the_prefix(capsys):
    assert main(["cwe", "CWE-613"]) == 0
    assert "Insufficient Session Expiration" in capsys.readouterr().out


@pytest.mark.parametrize("raw", ["999999", "abc"])
def test_cli_cwe_unknown_id_is_a_usage_error(raw, capsys):
    assert main(["cwe", raw]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert raw in captured.err
