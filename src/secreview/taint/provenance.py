"""Where the data at a dangerous call may come from, and what the threat model makes of it.

One lattice for every sink argument: constant < sanitized < internal < local < parameter < remote.
The dataflow engine gives each sink the highest level any path reaches; the policy here (from
`data/provenance.toml`) says whether that level is reported under the chosen threat model.
Constant and sanitized values are never reported; internal values are left to the pattern rules
(a non-constant argument of unknown origin, reported at medium where the call is dangerous).
"""
from __future__ import annotations

import enum
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from secreview.taint.domain import CONFINED, HOST, SPLICED


class Provenance(enum.IntEnum):
    CONSTANT = 0
    SANITIZED = 1
    INTERNAL = 2
    LOCAL = 3
    PARAMETER = 4
    REMOTE = 5

    def __str__(self) -> str:
        return self.name.lower()


_MARKS = {"confined": CONFINED, "host": HOST}
THREAT_MODELS = ("remote", "library", "local")
DEFAULT_THREAT_MODEL = "library"


@dataclass(frozen=True)
class Policy:
    parameter_as_is: frozenset[int]
    parameter_never: frozenset[int]
    confirmed_by_pattern: frozenset[int]
    required_mark: dict  # cwe -> mark the splice must carry (domain.CONFINED / domain.HOST)
    local_low: frozenset[int]
    descriptions: dict

    def reports_parameters(self, threat_model: str) -> bool:
        return threat_model in ("library", "local")

    def parameter_reaches(self, cwe: int, marks: frozenset, direct: bool) -> bool:
        """Whether a public function's parameter arriving at a `cwe` sink (with these splice marks
        among its sanitized set; `direct`: spliced and used in the function itself) is a finding."""
        if cwe in self.parameter_never:
            return False
        if cwe in self.parameter_as_is:
            return True
        required = self.required_mark.get(cwe, SPLICED)
        if required == CONFINED and direct:
            required = SPLICED  # `open(os.path.join(base_dir, relative_name))` in the public function itself
        return SPLICED in marks and required in marks

    def marks_met(self, cwe: int, marks: frozenset) -> bool:
        """The splice carries the mark its CWE asks for (not only the direct-use allowance): medium
        confidence; `join(base_dir, name)` with both from the caller is a utility as often as a defect."""
        return cwe in self.parameter_as_is or self.required_mark.get(cwe, SPLICED) in marks

    def local_is_low(self, cwe: int, threat_model: str) -> bool:
        return threat_model != "local" and cwe in self.local_low


@lru_cache(maxsize=1)
def policy() -> Policy:
    text = resources.files("secreview").joinpath("data", "provenance.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return Policy(
        parameter_as_is=frozenset(data["parameter"]["as_is"]),
        parameter_never=frozenset(data["parameter"]["never"]),
        confirmed_by_pattern=frozenset(data["parameter"]["confirmed_by_pattern"]),
        required_mark={int(c): _MARKS[m] for c, m in data["parameter"]["require"].items()},
        local_low=frozenset(data["local"]["low_unless_local_model"]),
        descriptions=dict(data["threat_models"]),
    )


def describe() -> str:
    """The lattice and the policy, for `secreview explain provenance`."""
    p = policy()
    models = "\n".join(f"  {name:8} {text}" for name, text in p.descriptions.items())
    as_is = ", ".join(f"CWE-{c}" for c in sorted(p.parameter_as_is))
    never = ", ".join(f"CWE-{c}" for c in sorted(p.parameter_never))
    local_low = ", ".join(f"CWE-{c}" for c in sorted(p.local_low))
    return f"""Provenance: where the data at a dangerous call may come from

Every sink argument gets one level, the most untrusted any path reaches it with:
  constant < sanitized (for this CWE) < internal < local < parameter < remote

  remote     request data, sockets                        reported high (medium for some CWEs)
  parameter  a parameter of a public function or method   reported medium: "a defect if a caller
             (module level, no leading underscore; not a  passes untrusted data"
             framework view, not self/cls)
  local      argv, environment, stdin, files              reported; low for {local_low}
                                                           unless --threat-model local
  internal   program state of unknown origin              left to pattern rules (medium where the
                                                           call is dangerous whatever the value)
  sanitized  passed a sanitizer or guard for this CWE     never reported
  constant   proven constant                              never reported

A parameter counts when it is spliced into the value the sink gets ("rm " + name,
"... WHERE id = '%s'" % key, os.path.join(base, name) for `name`); passed as-is it is usually the
function's purpose, judged at its callers. Exceptions: reported as-is for {as_is};
never for {never}.

Threat models (--threat-model, or threat-model = "..." under [tool.secreview]):
{models}
"""
