"""Class order of every model that obeys the contract (FER2013 order)."""

LABELS: tuple[str, ...] = ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")
NEGATIVE: frozenset[str] = frozenset({"angry", "disgust", "fear", "sad"})
