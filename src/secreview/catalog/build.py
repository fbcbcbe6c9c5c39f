"""Build the compact CWE catalog from MITRE's official XML (``cwec_vX.Y.xml``).

Used by ``tools/build_catalog.py`` (which writes ``data/cwe_catalog.json``) and by the tests, which
rebuild the catalog in memory and compare it with the shipped JSON. Nothing here runs at review time.

Every name, status, abstraction, relationship and list membership comes from the XML; the only
constants are the ids of the views that define the lists (Research Concepts, OWASP Top Ten 2021,
the CWE Top 25 editions) and each one is checked against its name in the XML.
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

NS = "{http://cwe.mitre.org/cwe-7}"
FORMAT = 1

RESEARCH_VIEW = 1000  # "Research Concepts": the ChildOf tree that ends in the pillars
OWASP_2021_VIEW = 1344  # "Weaknesses in OWASP Top Ten (2021)": its members are the categories A01..A10
TOP25_VIEWS = (1387, 1425)  # "Weaknesses in the 2022 / 2023 CWE Top 25 ..." in CWE 4.14

# Per-entry fields, in the order they appear in each JSON row.
FIELDS = ("name", "kind", "abstraction", "status", "chain", "pillar", "owasp", "top25")

_OWASP_LABEL = re.compile(r"\b(A(\d\d):2021 - .+)$")
_TOP25_YEAR = re.compile(r"\b(\d{4}) CWE Top 25\b")


def cwe2_xml_path() -> Path:
    """The official XML shipped by the ``cwe2`` package (a test extra); ImportError if absent."""
    import importlib.resources

    import cwe2  # noqa: F401  (ImportError is the caller's signal that the source is unavailable)

    root = importlib.resources.files("cwe2")
    candidates = []
    for folder in root.iterdir():
        if folder.is_dir() and folder.name.startswith("database_v"):
            candidates.extend(f for f in folder.iterdir() if re.fullmatch(r"cwec_v[\d.]+\.xml", f.name))
    if not candidates:
        raise FileNotFoundError("no cwec_v*.xml inside the cwe2 package")

    def version_key(f) -> tuple[int, ...]:
        return tuple(int(p) for p in f.name[len("cwec_v"):-len(".xml")].split("."))

    return Path(str(max(candidates, key=version_key)))


def _id(element: ET.Element, attribute: str = "ID") -> int:
    return int(element.get(attribute))


def build(xml_path: str | Path) -> dict[str, Any]:
    """Parse the XML and return the catalog as a JSON-ready dict."""
    root = ET.parse(str(xml_path)).getroot()
    if root.tag != f"{NS}Weakness_Catalog":
        raise ValueError(f"{xml_path}: not a CWE catalog (root element {root.tag})")
    weaknesses = root.findall(f"{NS}Weaknesses/{NS}Weakness")
    categories = root.findall(f"{NS}Categories/{NS}Category")
    views = root.findall(f"{NS}Views/{NS}View")

    rows: dict[int, dict[str, Any]] = {}
    parents: dict[int, int] = {}  # weakness -> its (primary) ChildOf parent in the Research view
    for w in weaknesses:
        cwe_id = _id(w)
        rows[cwe_id] = {"name": w.get("Name"), "kind": "weakness", "abstraction": w.get("Abstraction"),
                        "status": w.get("Status")}
        child_of = [r for r in w.findall(f"{NS}Related_Weaknesses/{NS}Related_Weakness")
                    if r.get("Nature") == "ChildOf" and r.get("View_ID") == str(RESEARCH_VIEW)]
        if len(child_of) > 1:
            primary = [r for r in child_of if r.get("Ordinal") == "Primary"]
            if len(primary) != 1:
                raise ValueError(f"CWE-{cwe_id}: {len(child_of)} ChildOf parents in view {RESEARCH_VIEW} "
                                 f"and {len(primary)} marked Primary")
            child_of = primary
        if child_of:
            parents[cwe_id] = _id(child_of[0], "CWE_ID")
    for kind, elements in (("category", categories), ("view", views)):
        for e in elements:
            rows[_id(e)] = {"name": e.get("Name"), "kind": kind, "abstraction": kind.capitalize(),
                            "status": e.get("Status")}
    if len(rows) != len(weaknesses) + len(categories) + len(views):
        raise ValueError("duplicate ids across weaknesses, categories and views")

    # Chain of ChildOf parents in the Research view, up to and including the pillar.
    for cwe_id, row in rows.items():
        chain: list[int] = []
        pillar = None
        if row["kind"] == "weakness":
            current = cwe_id
            while current in parents:
                current = parents[current]
                if current in chain or current == cwe_id:
                    raise ValueError(f"CWE-{cwe_id}: ChildOf cycle through CWE-{current}")
                chain.append(current)
            if row["abstraction"] == "Pillar" and not chain:
                pillar = cwe_id
            elif chain and rows.get(chain[-1], {}).get("abstraction") == "Pillar":
                pillar = chain[-1]
            elif row["status"] not in ("Deprecated", "Obsolete"):
                raise ValueError(f"CWE-{cwe_id}: ChildOf chain {chain} in view {RESEARCH_VIEW} ends below a pillar")
        row["chain"] = chain
        row["pillar"] = pillar
        row["owasp"] = None
        row["top25"] = []

    by_id = {_id(e): e for e in (*weaknesses, *categories, *views)}

    def members(element: ET.Element) -> list[int]:
        return [_id(m, "CWE_ID") for m in element.iter(f"{NS}Has_Member")]

    # OWASP Top Ten 2021: view 1344 -> categories "OWASP Top Ten 2021 Category A03:2021 - Injection" -> members.
    owasp_view = by_id[OWASP_2021_VIEW]
    if "OWASP Top Ten (2021)" not in owasp_view.get("Name"):
        raise ValueError(f"view {OWASP_2021_VIEW} is {owasp_view.get('Name')!r}, not OWASP Top Ten 2021")
    owasp: dict[str, list] = {}
    for category_id in members(owasp_view):
        category = by_id[category_id]
        match = _OWASP_LABEL.search(category.get("Name"))
        if category.tag != f"{NS}Category" or not match:
            raise ValueError(f"CWE-{category_id} ({category.get('Name')!r}) is not an OWASP 2021 category")
        code, label = f"A{match.group(2)}", match.group(1)
        owasp[code] = [category_id, label]
        for member in members(category):
            if rows[member]["owasp"] not in (None, code):
                raise ValueError(f"CWE-{member} is in two OWASP 2021 categories")
            rows[member]["owasp"] = code
    if sorted(owasp) != [f"A{n:02d}" for n in range(1, 11)]:
        raise ValueError(f"OWASP 2021 categories found: {sorted(owasp)}, expected A01..A10")

    # CWE Top 25 editions: the year comes from the view's name.
    top25: dict[str, int] = {}
    for view_id in TOP25_VIEWS:
        view = by_id[view_id]
        match = _TOP25_YEAR.search(view.get("Name"))
        if view.tag != f"{NS}View" or not match:
            raise ValueError(f"CWE-{view_id} ({view.get('Name')!r}) is not a CWE Top 25 view")
        year = int(match.group(1))
        top25[str(year)] = view_id
        listed = members(view)
        if len(listed) != 25:
            raise ValueError(f"view {view_id} lists {len(listed)} weaknesses, not 25")
        for member in listed:
            rows[member]["top25"].append(year)
    for row in rows.values():
        row["top25"].sort()

    return {
        "format": FORMAT,
        "source": {"file": Path(str(xml_path)).name, "catalog": root.get("Name"),
                   "version": root.get("Version"), "date": root.get("Date")},
        "research_view": RESEARCH_VIEW,
        "owasp_top10_2021": {"view": OWASP_2021_VIEW, "categories": owasp},
        "top25": top25,
        "fields": list(FIELDS),
        "entries": {str(cwe_id): [rows[cwe_id][f] for f in FIELDS] for cwe_id in sorted(rows)},
    }


def dumps(catalog: dict[str, Any]) -> str:
    """Compact, deterministic JSON (one entry per line, so diffs between CWE releases stay readable)."""
    head = {k: v for k, v in catalog.items() if k != "entries"}
    lines = [json.dumps(head, separators=(",", ":"), ensure_ascii=False)[:-1] + ',"entries":{']
    items = list(catalog["entries"].items())
    for i, (key, row) in enumerate(items):
        sep = "," if i < len(items) - 1 else ""
        lines.append(f"{json.dumps(key)}:{json.dumps(row, separators=(',', ':'), ensure_ascii=False)}{sep}")
    lines.append("}}")
    return "\n".join(lines) + "\n"
