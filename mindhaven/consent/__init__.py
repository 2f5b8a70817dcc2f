"""Versioned consent: terms, privacy and the separate opt-in for facial-emotion analysis."""
