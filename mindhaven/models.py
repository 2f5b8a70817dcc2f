"""Imports every model so that Alembic and the tests see the whole schema."""

from mindhaven.accounts.models import PasswordResetToken, TherapistProfile, User
from mindhaven.assessments.models import AssessmentResult
from mindhaven.chatbot.models import ChatbotMessage, Conversation
from mindhaven.consent.models import ConsentRecord
from mindhaven.live.models import ChatMessage, EmotionSecond, LiveSession, SessionMark
from mindhaven.records.models import CareAssignment, ClinicalNote
from mindhaven.reflect.models import JournalEntry, MoodCheckin
from mindhaven.reports.models import GoalProgress, TreatmentGoal, WeeklyReport
from mindhaven.resources.models import Resource
from mindhaven.safety.models import Helpline, SafetyEvent
from mindhaven.scheduling.models import (
    AvailabilityWindow,
    Booking,
    BookingClaim,
    CalendarFeed,
    DateOverride,
    Intake,
    Notification,
    ReminderDelivery,
    TimeOff,
)
from mindhaven.security.audit import AuditEvent

__all__ = [
    "ChatbotMessage",
    "Conversation",
    "Helpline",
    "Resource",
    "AssessmentResult",
    "GoalProgress",
    "JournalEntry",
    "MoodCheckin",
    "SafetyEvent",
    "TreatmentGoal",
    "WeeklyReport",
    "AuditEvent",
    "AvailabilityWindow",
    "Booking",
    "BookingClaim",
    "CalendarFeed",
    "ChatMessage",
    "EmotionSecond",
    "LiveSession",
    "SessionMark",
    "DateOverride",
    "Intake",
    "Notification",
    "ReminderDelivery",
    "TimeOff",
    "CareAssignment",
    "ClinicalNote",
    "ConsentRecord",
    "PasswordResetToken",
    "TherapistProfile",
    "User",
]
