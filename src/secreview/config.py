"""Settings for a run: command line over `[tool.secreview]` in pyproject.toml over defaults."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from secreview.findings import Confidence, Severity
from secreview.sources import DEFAULT_EXCLUDES


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()  # rule ids, id prefixes or "CWE-89"; empty means all
    ignore: tuple[str, ...] = ()
    min_severity: Severity = Severity.LOW
    min_confidence: Confidence = Confidence.LOW
    # Findings in test code are shown only from this severity up (asserts in tests never).
    test_min_severity: Severity = Severity.HIGH
    exclude: tuple[str, ...] = DEFAULT_EXCLUDES
    extend_exclude: tuple[str, ...] = ()
    jobs: int = 0  # 0: one worker per core
    taint: bool = True
    cache_dir: str | None = None

    @property
    def all_excludes(self) -> tuple[str, ...]:
        return (*self.exclude, *self.extend_exclude)


_CONVERTERS = {
    "min_severity": Severity.parse,
    "min_confidence": Confidence.parse,
    "test_min_severity": Severity.parse,
    "select": tuple,
    "ignore": tuple,
    "exclude": tuple,
    "extend_exclude": tuple,
}


def from_mapping(data: dict, base: Config | None = None) -> Config:
    """Build a Config from `[tool.secreview]`-style keys (dashes or underscores)."""
    known = {f.name for f in fields(Config)}
    updates = {}
    for key, value in data.items():
        name = key.replace("-", "_")
        if name not in known:
            raise ValueError(f"unknown setting {key!r} in [tool.secreview]")
        convert = _CONVERTERS.get(name)
        updates[name] = convert(value) if convert else value
    return replace(base or Config(), **updates)


def find_pyproject(start: Path) -> Path | None:
    start = start.resolve()
    for directory in (start, *start.parents) if start.is_dir() else (start.parent, *start.parent.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load(paths: list[str], explicit: Path | None = None) -> Config:
    pyproject = explicit or (find_pyproject(Path(paths[0])) if paths else None)
    if pyproject is None:
        return Config()
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return Config()
    section = data.get("tool", {}).get("secreview", {})
    return from_mapping(section) if section else Config()


@dataclass
class Overrides:
    """Command-line values; None means "not given" so pyproject settings stay."""

    values: dict = field(default_factory=dict)

    def apply(self, config: Config) -> Config:
        return replace(config, **{k: v for k, v in self.values.items() if v is not None})
