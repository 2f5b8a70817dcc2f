"""The crisis check: does a piece of client-written text suggest risk of suicide or self-harm?

Deliberately simple and offline: phrase patterns, tuned to over-flag rather than miss, because a false alarm only
shows crisis resources while a miss can cost a life. It never sends text anywhere. Later features (journal,
chatbot) call `crisis_check` too and may add a model behind the same interface.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PATTERNS = [
    r"suicid\w*",
    r"kill(?:ing)?\s+my\s*self",
    r"end(?:ing)?\s+(?:my|it)\s+(?:life|all)",
    r"take\s+my\s+(?:own\s+)?life",
    r"(?:want|wanna|going|plan(?:ning)?)\s+to\s+die",
    r"(?:wish|rather)\s+(?:i\s+)?(?:was|were)\s+dead",
    r"better\s+off\s+dead",
    r"no\s+(?:reason|point)\s+(?:to|in)\s+(?:live|living|going\s+on)",
    r"don'?t\s+want\s+to\s+(?:live|be\s+alive|wake\s+up)",
    r"self[\s-]?harm\w*",
    r"(?:hurt|harm|cut|cutting|burn)(?:ing)?\s+my\s*self",
    r"overdos\w*",
    r"hang(?:ing)?\s+my\s*self",
    r"jump(?:ing)?\s+(?:off|from)\s+(?:a|the)\s+(?:bridge|building|roof)",
]
_RISK = re.compile(r"\b(?:" + "|".join(_PATTERNS) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class CrisisAssessment:
    at_risk: bool
    matched: tuple[str, ...] = ()


def crisis_check(text: str | None) -> CrisisAssessment:
    """Flag text that mentions suicide or self-harm; the caller shows crisis resources at once."""
    if not text:
        return CrisisAssessment(False)
    found = tuple(dict.fromkeys(m.group(0).lower() for m in _RISK.finditer(" ".join(text.split()))))
    return CrisisAssessment(bool(found), found)
