"""The CWE catalog (placeholder until the index built from MITRE's XML lands)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CweEntry:
    id: int
    name: str
    abstraction: str
    status: str
    pillar: int | None
    chain: tuple[int, ...]
    owasp_top10_2021: str | None
    top25: tuple[int, ...]


def get(cwe_id: int) -> CweEntry | None:
    return None


def name(cwe_id: int) -> str:
    entry = get(cwe_id)
    return entry.name if entry else "(not in catalog)"
