"""Rule units. Every module in this package registers its rules with `rules.api.rule` on import."""
from __future__ import annotations

import importlib
import pkgutil

from secreview.rules.api import REGISTRY, Report, Rule, rule

_loaded = False


def all_rules() -> dict[str, Rule]:
    """Import every rule module once and return the registry, keyed by rule id."""
    global _loaded
    if not _loaded:
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
            if info.name != "api" and not info.name.startswith("_"):
                importlib.import_module(f"{__name__}.{info.name}")
        _loaded = True
    return REGISTRY


def described_rules() -> dict[str, Rule]:
    """Every rule a finding can carry, for listings and SARIF: the registered pattern rules and
    the dataflow rules of the taint engine (`rules/_dataflow.py`)."""
    from secreview.rules._dataflow import dataflow_rules

    return {**all_rules(), **dataflow_rules()}


__all__ = ["Report", "Rule", "all_rules", "described_rules", "rule"]
