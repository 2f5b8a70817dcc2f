"""Standard questionnaires (PHQ-9, GAD-7): wording, scoring, severity bands, schedule."""
