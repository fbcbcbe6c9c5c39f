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
    # Low-confidence findings (heuristics that are often wrong) are shown only on request.
    min_confidence: Confidence = Confidence.MEDIUM
    # Findings in test code are shown only from this severity up (asserts in tests never).
    test_min_severity: Severity = Severity.HIGH
    exclude: tuple[str, ...] = DEFAULT_EXCLUDES
    extend_exclude: tuple[str, ...] = ()
    jobs: int = 0  # 0: one worker per core
    taint: bool = True
    # which data the dataflow engine treats as untrusted: "remote", "library" (also parameters of
    # public functions and methods) or "local" (also argv/environment/files at full severity)
    threat_model: str = "library"
    cache_dir: str | None = None
    # a file that could not be reviewed (syntax error, undecodable, too large) makes the run fail:
    # a CI must not pass code nobody looked at
    fail_on_unreviewed: bool = True
    # the `timeout=` (seconds) `--fix` gives a `requests` call that has none (SR406)
    fix_timeout_seconds: float = 30
    # skip files git ignores (.gitignore, .git/info/exclude, global excludes) when walking folders
    respect_gitignore: bool = True

    @property
    def all_excludes(self) -> tuple[str, ...]:
        return (*self.exclude, *self.extend_exclude)


class ConfigError(ValueError):
    """A setting that cannot be used; the command line reports it and exits with status 2."""


def _codes(value: object) -> tuple[str, ...]:
    """A list of strings, or one comma-separated string."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise TypeError("expected a list of strings")
    return tuple(v.strip() for v in value if v.strip())


def _enum(parse):
    def convert(value: object):
        if not isinstance(value, str):
            raise TypeError("expected a string")
        try:
            return parse(value)
        except KeyError:
            raise ValueError(f"unknown level {value!r}") from None
    return convert


def _typed(kind: type, label: str):
    def convert(value: object):
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise TypeError(f"expected {label}")
        return value
    return convert


def _seconds(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError("expected a number of seconds")
    if not value > 0:
        raise ValueError("must be more than 0")
    return value


def _choice(*allowed: str):
    def convert(value: object):
        if value not in allowed:
            raise ValueError(f"expected one of {', '.join(allowed)}")
        return value
    return convert


_CONVERTERS = {
    "min_severity": _enum(Severity.parse),
    "min_confidence": _enum(Confidence.parse),
    "test_min_severity": _enum(Severity.parse),
    "select": _codes,
    "ignore": _codes,
    "exclude": _codes,
    "extend_exclude": _codes,
    "jobs": _typed(int, "an integer"),
    "taint": _typed(bool, "true or false"),
    "cache_dir": _typed(str, "a string"),
    "fail_on_unreviewed": _typed(bool, "true or false"),
    "fix_timeout_seconds": _seconds,
    "respect_gitignore": _typed(bool, "true or false"),
    "threat_model": _choice("remote", "library", "local"),
}


def from_mapping(data: dict, base: Config | None = None, source: str = "[tool.secreview]") -> Config:
    """Build a Config from `[tool.secreview]`-style keys (dashes or underscores)."""
    known = {f.name for f in fields(Config)}
    updates = {}
    for key, value in data.items():
        name = key.replace("-", "_")
        if name not in known:
            raise ConfigError(f"unknown setting {key!r} in {source}")
        convert = _CONVERTERS.get(name)
        try:
            updates[name] = convert(value) if convert else value
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"bad value for {key!r} in {source}: {exc}") from None
    if updates.get("jobs", 0) < 0:
        raise ConfigError(f"bad value for 'jobs' in {source}: must be 0 or more")
    return replace(base or Config(), **updates)


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above `start` (a file's folder, or a folder)."""
    start = start.resolve()
    for directory in (start, *start.parents) if start.is_dir() else (start.parent, *start.parent.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load(paths: list[str], explicit: Path | None = None) -> Config:
    """Settings from `explicit`, or from the pyproject.toml nearest the first path.

    A pyproject.toml without a `[tool.secreview]` table gives the defaults; an unreadable or
    malformed one, or bad settings in it, raise ConfigError.
    """
    pyproject = explicit or (find_pyproject(Path(paths[0])) if paths else None)
    if pyproject is None:
        return Config()
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read {pyproject}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot parse {pyproject}: {exc}") from None
    tool = data.get("tool", {})
    section = tool.get("secreview", {}) if isinstance(tool, dict) else {}
    if not isinstance(section, dict):
        raise ConfigError(f"[tool.secreview] in {pyproject} must be a table")
    return from_mapping(section, source=f"[tool.secreview] in {pyproject}") if section else Config()


@dataclass
class Overrides:
    """Command-line values; None means "not given" so pyproject settings stay."""

    values: dict = field(default_factory=dict)

    def apply(self, config: Config) -> Config:
        return replace(config, **{k: v for k, v in self.values.items() if v is not None})
