"""Imports every model so that Alembic and the tests see the whole schema."""

from mindhaven.accounts.models import PasswordResetToken, TherapistProfile, User
from mindhaven.consent.models import ConsentRecord
from mindhaven.records.models import CareAssignment, ClinicalNote
from mindhaven.security.audit import AuditEvent

__all__ = [
    "AuditEvent",
    "CareAssignment",
    "ClinicalNote",
    "ConsentRecord",
    "PasswordResetToken",
    "TherapistProfile",
    "User",
]
