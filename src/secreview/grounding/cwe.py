"""CWE look-ups the verifier needs beyond `secreview.catalog`: name comparison and name -> id."""
from __future__ import annotations

import re
from functools import lru_cache

from secreview import catalog


def official_name(cwe_id: int) -> str | None:
    entry = catalog.get(cwe_id)
    return entry.name if entry else None


def normalise(name: str) -> str:
    """Case, quotes, punctuation and spacing do not make a name different."""
    text = name.lower().replace("‘", "'").replace("’", "'")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def short_names(name: str) -> list[str]:
    """The terms MITRE puts in the name itself: "... ('SQL Injection')" -> ["SQL Injection"]."""
    return re.findall(r"\('([^']+)'\)", name)


def name_matches(claimed: str, cwe_id: int) -> bool:
    """True when `claimed` is CWE-`cwe_id`'s official name, or the term MITRE gives in parentheses."""
    official = official_name(cwe_id)
    if official is None:
        return False
    wanted = normalise(claimed)
    return wanted == normalise(official) or any(wanted == normalise(s) for s in short_names(official))


@lru_cache(maxsize=1)
def _by_name() -> dict[str, int]:
    index: dict[str, int] = {}
    data = catalog._load()  # the one shipped catalog; names only
    for key, row in data["entries"].items():
        full = row[0]
        index.setdefault(normalise(full), int(key))
        for short in short_names(full):
            index.setdefault(normalise(short), int(key))
    return index


def id_for_name(name: str) -> int | None:
    """The CWE whose official name (or parenthesised term) is `name`, if any."""
    return _by_name().get(normalise(name))


def related(a: int, b: int) -> bool:
    """Same weakness, or one lies on the other's chain to its pillar (Research view)."""
    if a == b:
        return True
    ea, eb = catalog.get(a), catalog.get(b)
    if ea is None or eb is None:
        return False
    return a in eb.chain or b in ea.chain
