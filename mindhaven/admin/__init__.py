"""Operator pages: therapist verification, client assignment, the audit log."""
