"""The crisis check: does a piece of client-written text suggest risk? A thin layer over `mindhaven.safety.risk`.

`crisis_check(text).at_risk` is true for any level above none (concern, high or imminent): erring towards safety,
every caller shows crisis resources and records a safety event for a concern too. `level` lets a caller word the
card more gently for a concern. It never sends text anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from mindhaven.safety.risk import Risk, assess


@dataclass(frozen=True)
class CrisisAssessment:
    at_risk: bool
    matched: tuple[str, ...] = ()
    level: str = "none"
    categories: tuple[str, ...] = ()


def from_risk(risk: Risk) -> CrisisAssessment:
    return CrisisAssessment(risk.level != "none", risk.evidence, risk.level, risk.categories)


def crisis_check(text: str | None) -> CrisisAssessment:
    """Flag text with any sign of risk; the caller shows crisis resources at once."""
    return from_risk(assess(text))
