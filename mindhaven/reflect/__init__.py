"""Self-reflection between sessions: journal, CBT thought records, mood check-ins, live self-view."""
