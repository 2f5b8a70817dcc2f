"""Therapist availability, matching, booking, reminders and calendars."""
