"""Chatbot conversations: messages encrypted at rest; the client can delete a conversation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from mindhaven.dbtypes import UTCDateTime, utcnow
from mindhaven.extensions import db
from mindhaven.security.encryption import EncryptedText


class Conversation(db.Model):
    __tablename__ = "chatbot_conversations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    state: Mapped[dict] = mapped_column(JSON, default=dict)  # the running exercise flow and its step, if any
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ChatbotMessage(db.Model):
    __tablename__ = "chatbot_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("chatbot_conversations.id", ondelete="CASCADE"), index=True)
    sender: Mapped[str] = mapped_column(String(10))  # client | bot
    body: Mapped[str] = mapped_column(EncryptedText)
    intent: Mapped[str | None] = mapped_column(String(40))
    risk_level: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
