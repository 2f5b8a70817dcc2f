"""Fixed vocabularies for therapist profiles (and, later, intake and matching)."""

from __future__ import annotations

SPECIALTIES: dict[str, str] = {
    "anxiety": "Anxiety",
    "depression": "Depression",
    "stress": "Stress",
    "relationships": "Relationships",
    "grief": "Grief and loss",
    "trauma": "Trauma",
    "sleep": "Sleep",
    "self-esteem": "Self-esteem",
    "addiction": "Addiction",
    "other": "Other concerns",
}

APPROACHES: dict[str, str] = {
    "cbt": "Cognitive behavioural therapy (CBT)",
    "act": "Acceptance and commitment therapy (ACT)",
    "dbt": "Dialectical behaviour therapy (DBT)",
    "psychodynamic": "Psychodynamic therapy",
    "person-centred": "Person-centred therapy",
    "mindfulness": "Mindfulness-based therapy",
    "emdr": "EMDR",
    "solution-focused": "Solution-focused brief therapy",
    "family-systems": "Family and systemic therapy",
}

LANGUAGES: dict[str, str] = {
    "en": "English",
    "hi": "Hindi",
    "bn": "Bengali",
    "ta": "Tamil",
    "te": "Telugu",
    "mr": "Marathi",
    "ur": "Urdu",
    "es": "Spanish",
    "fr": "French",
    "de": "German",
    "pt": "Portuguese",
    "ar": "Arabic",
    "zh": "Mandarin Chinese",
}

GENDERS: dict[str, str] = {
    "woman": "Woman",
    "man": "Man",
    "non-binary": "Non-binary",
    "undisclosed": "Prefers not to say",
}


def labels(vocabulary: dict[str, str], codes: list[str]) -> list[str]:
    return [vocabulary.get(code, code) for code in codes]
