"""The PHQ-9 and GAD-7 questionnaires: their published wording, scoring and severity bands.

Pure data and pure functions, no database: a score is the sum of the answers (each 0-3) and the band is looked up
in the published cut-offs. PHQ-9 and GAD-7 were developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt
Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission is required to reproduce,
translate, display or distribute them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mindhaven.errors import ValidationFailed


class InvalidAnswers(ValidationFailed, ValueError):
    """Answers that do not fit the questionnaire (a 400 in routes, a ValueError for plain callers)."""


OPTIONS: tuple[tuple[int, str], ...] = (
    (0, "Not at all"),
    (1, "Several days"),
    (2, "More than half the days"),
    (3, "Nearly every day"),
)


@dataclass(frozen=True)
class Instrument:
    kind: str  # the value stored in AssessmentResult.kind
    name: str
    about: str  # what it screens for, in plain words
    stem: str
    items: tuple[str, ...]
    bands: tuple[tuple[int, str], ...]  # (highest score in the band, band name), ascending

    @property
    def max_score(self) -> int:
        return 3 * len(self.items)


STEM = "Over the last 2 weeks, how often have you been bothered by any of the following problems?"

PHQ9 = Instrument(
    kind="phq9",
    name="PHQ-9",
    about="low mood and depression",
    stem=STEM,
    items=(
        "Little interest or pleasure in doing things",
        "Feeling down, depressed, or hopeless",
        "Trouble falling or staying asleep, or sleeping too much",
        "Feeling tired or having little energy",
        "Poor appetite or overeating",
        "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety "
        "or restless that you have been moving around a lot more than usual",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
    ),
    bands=((4, "minimal"), (9, "mild"), (14, "moderate"), (19, "moderately severe"), (27, "severe")),
)

GAD7 = Instrument(
    kind="gad7",
    name="GAD-7",
    about="anxiety",
    stem=STEM,
    items=(
        "Feeling nervous, anxious or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid as if something awful might happen",
    ),
    bands=((4, "minimal"), (9, "mild"), (14, "moderate"), (21, "severe")),
)

INSTRUMENTS: dict[str, Instrument] = {PHQ9.kind: PHQ9, GAD7.kind: GAD7}

PHQ9_SAFETY_ITEM = 8  # zero-based index of item 9, "Thoughts that you would be better off dead ..."

# Gentle, plain-language meaning of each band; never a diagnosis.
EXPLANATIONS = {
    "minimal": "Your answers suggest few or no {about} symptoms over the last two weeks.",
    "mild": "Your answers suggest some mild {about} symptoms over the last two weeks.",
    "moderate": "Your answers suggest a moderate level of {about} symptoms over the last two weeks.",
    "moderately severe": "Your answers suggest quite a lot of {about} symptoms over the last two weeks.",
    "severe": "Your answers suggest a high level of {about} symptoms over the last two weeks.",
}


def instrument(kind: str) -> Instrument:
    """The instrument for a kind ("phq9" or "gad7"); InvalidAnswers for anything else."""
    found = INSTRUMENTS.get(kind)
    if found is None:
        raise InvalidAnswers(f"Unknown questionnaire {kind!r}; choose one of: {', '.join(INSTRUMENTS)}.", "kind")
    return found


def validate(kind: str, answers: Sequence[object]) -> list[int]:
    """The answers as ints, or InvalidAnswers (a ValidationFailed and a ValueError) naming the first problem."""
    inst = instrument(kind)
    if isinstance(answers, (str, bytes)) or not isinstance(answers, Sequence):
        raise InvalidAnswers(f"{inst.name} answers must be a list of {len(inst.items)} numbers.", "answers")
    if len(answers) != len(inst.items):
        raise InvalidAnswers(f"{inst.name} needs exactly {len(inst.items)} answers; {len(answers)} given.", "answers")
    clean = []
    for number, value in enumerate(answers, start=1):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3:
            raise InvalidAnswers(f"Question {number} needs an answer from 0 to 3.", f"q{number}")
        clean.append(value)
    return clean


def score(kind: str, answers: Sequence[object]) -> int:
    return sum(validate(kind, answers))


def band_for(kind: str, total: int) -> str:
    inst = instrument(kind)
    if not 0 <= total <= inst.max_score:
        raise ValueError(f"{inst.name} scores run from 0 to {inst.max_score}; got {total}.")
    return next(name for upper, name in inst.bands if total <= upper)


def band_range(kind: str, band: str) -> tuple[int, int]:
    """The lowest and highest score of a band, for display ("10–14")."""
    low = 0
    for upper, name in instrument(kind).bands:
        if name == band:
            return low, upper
        low = upper + 1
    raise ValueError(f"unknown band {band!r}")


def explain(kind: str, band: str) -> str:
    return EXPLANATIONS[band].format(about=instrument(kind).about)


def needs_safety_flow(kind: str, answers: Sequence[int]) -> bool:
    """Any answer above 0 on PHQ-9 item 9 (thoughts of being better off dead or of self-harm)."""
    return kind == PHQ9.kind and answers[PHQ9_SAFETY_ITEM] > 0
