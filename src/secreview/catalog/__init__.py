"""The CWE catalog: names, kinds, statuses, research-view chains and list memberships from MITRE's XML.

The data is precomputed by ``tools/build_catalog.py`` (see ``catalog/build.py``) into
``data/cwe_catalog.json`` and loaded lazily, once, on the first look-up. Entries are materialised
on demand, so importing this module costs nothing and a look-up costs one small ``json.loads``.
Names are never typed by hand anywhere: every name shown to a user comes from here.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

__all__ = ["CweEntry", "describe", "get", "is_reportable", "name", "owasp_categories", "release_date",
           "top25_years", "version"]

_DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "cwe_catalog.json")
_NOT_REPORTABLE_STATUSES = frozenset({"Deprecated", "Obsolete"})
URL = "https://cwe.mitre.org/data/definitions/{}.html"


@dataclass(frozen=True)
class CweEntry:
    id: int
    name: str
    abstraction: str  # Pillar/Class/Base/Variant/Compound for weaknesses; "Category" or "View" otherwise
    status: str  # Stable, Draft, Incomplete, Deprecated, Obsolete, ...
    pillar: int | None  # the pillar at the top of the Research view (itself for a pillar); None if not a weakness
    chain: tuple[int, ...]  # ChildOf parents in the Research view (1000), nearest first, ending with the pillar
    owasp_top10_2021: str | None  # e.g. "A03:2021 - Injection"
    top25: tuple[int, ...]  # years of the CWE Top 25 lists naming this weakness, e.g. (2022, 2023)
    kind: str = "weakness"  # "weakness", "category" or "view"
    owasp_category: int | None = None  # the CWE category id of the OWASP 2021 entry, e.g. 1347 for A03

    @property
    def url(self) -> str:
        return URL.format(self.id)

    @property
    def owasp_code(self) -> str | None:
        """"A03" for "A03:2021 - Injection"."""
        return self.owasp_top10_2021.split(":", 1)[0] if self.owasp_top10_2021 else None

    @property
    def is_weakness(self) -> bool:
        return self.kind == "weakness"

    @property
    def is_deprecated(self) -> bool:
        return self.status in _NOT_REPORTABLE_STATUSES

    @property
    def reportable(self) -> bool:
        """A weakness a finding may cite: not a category or view, not deprecated or obsolete."""
        return self.is_weakness and not self.is_deprecated


_raw: dict[str, Any] | None = None
_entries: dict[int, CweEntry | None] = {}


def _load() -> dict[str, Any]:
    global _raw
    if _raw is None:
        with open(_DATA, "rb") as handle:
            data = json.loads(handle.read())
        if data.get("fields") != ["name", "kind", "abstraction", "status", "chain", "pillar", "owasp", "top25"]:
            raise RuntimeError(f"{_DATA}: unexpected catalog format; rebuild with tools/build_catalog.py")
        _raw = data
    return _raw


def get(cwe_id: int) -> CweEntry | None:
    """The catalog entry for CWE-``cwe_id`` (weakness, category or view), or None if MITRE has no such id."""
    try:
        key = int(cwe_id)
    except (TypeError, ValueError):
        return None
    if key in _entries:
        return _entries[key]
    data = _load()
    row = data["entries"].get(str(key))
    entry = None
    if row is not None:
        name_, kind, abstraction, status, chain, pillar, owasp, top25 = row
        category = label = None
        if owasp is not None:
            category, label = data["owasp_top10_2021"]["categories"][owasp]
        entry = CweEntry(id=key, name=name_, abstraction=abstraction, status=status, pillar=pillar,
                         chain=tuple(chain), owasp_top10_2021=label, top25=tuple(top25), kind=kind,
                         owasp_category=category)
    _entries[key] = entry
    return entry


def name(cwe_id: int) -> str:
    entry = get(cwe_id)
    return entry.name if entry else "(not in catalog)"


def is_reportable(cwe_id: int) -> bool:
    """True if a finding may cite this id: a weakness (not a category or view), not deprecated or obsolete."""
    entry = get(cwe_id)
    return entry is not None and entry.reportable


def version() -> str:
    """The CWE release the catalog was built from, e.g. "4.14"."""
    return _load()["source"]["version"]


def release_date() -> str:
    """The CWE release date, e.g. "2024-02-29"."""
    return _load()["source"]["date"]


def owasp_categories() -> dict[str, tuple[int, str]]:
    """OWASP Top Ten 2021: {"A03": (1347, "A03:2021 - Injection"), ...}."""
    return {code: (cid, label) for code, (cid, label) in _load()["owasp_top10_2021"]["categories"].items()}


def top25_years() -> tuple[int, ...]:
    """The CWE Top 25 editions the catalog records membership of."""
    return tuple(sorted(int(year) for year in _load()["top25"]))


def _heading(cwe_id: int) -> str:
    entry = get(cwe_id)
    if entry is None:
        return f"CWE-{cwe_id}"
    return f"CWE-{cwe_id} {entry.name} ({entry.abstraction})"


def describe(entry: CweEntry) -> str:
    """Multi-line text for ``secreview cwe N``."""
    lines = [f"CWE-{entry.id}: {entry.name}"]
    lines.append(f"Kind:        {entry.kind}")
    lines.append(f"Abstraction: {entry.abstraction}")
    status = entry.status
    if entry.is_deprecated:
        status += "  (not to be cited in findings)"
    elif not entry.is_weakness:
        status += f"  (a {entry.kind}, not a weakness: not to be cited in findings)"
    lines.append(f"Status:      {status}")
    if entry.is_weakness:
        if entry.chain:
            lines.append("Chain to pillar (Research Concepts view):")
            lines.append(f"  {_heading(entry.id)}")
            for parent in entry.chain:
                lines.append(f"  -> {_heading(parent)}")
        elif entry.pillar == entry.id:
            lines.append("Chain to pillar: this weakness is a pillar")
        else:
            lines.append("Chain to pillar: none (not in the Research Concepts view)")
    lines.append(f"OWASP Top Ten 2021: {entry.owasp_top10_2021 or 'not listed'}")
    if entry.top25:
        lines.append(f"CWE Top 25: {', '.join(str(y) for y in entry.top25)}")
    else:
        lines.append(f"CWE Top 25: not listed in {', '.join(str(y) for y in top25_years())}")
    lines.append(f"URL: {entry.url}")
    lines.append(f"Catalog: CWE {version()} ({release_date()})")
    return "\n".join(lines)
