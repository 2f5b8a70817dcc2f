"""Chatbot conversations in the database: the client's only; therapists and admins have no way in.

Messages are encrypted at rest (EncryptedText); the conversation's JSON state holds only the exercise step.
Every client message is checked for risk before anything else; on risk a SafetyEvent is recorded and the
therapist is notified. The caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from mindhaven.accounts.models import User
from mindhaven.chatbot import engine
from mindhaven.chatbot.models import ChatbotMessage, Conversation
from mindhaven.dbtypes import utcnow
from mindhaven.errors import NotFound, ValidationFailed
from mindhaven.safety.events import record_safety_event

MAX_MESSAGE = 1000
HISTORY_FOR_LLM = 6


@dataclass
class Exchange:
    conversation: Conversation
    message: ChatbotMessage
    reply: ChatbotMessage
    crisis: bool
    links: tuple[tuple[str, str], ...] = ()


def conversations_of(session: Session, client: User) -> list[Conversation]:
    return list(
        session.scalars(
            select(Conversation)
            .where(Conversation.client_id == client.id)
            .order_by(Conversation.updated_at.desc(), Conversation.id.desc())
        )
    )


def conversation_for(session: Session, client: User, conversation_id: int) -> Conversation:
    found = session.get(Conversation, conversation_id)
    if found is None or found.client_id != client.id:
        raise NotFound("That conversation does not exist.")
    return found


def active_conversation(session: Session, client: User, create: bool = False) -> Conversation | None:
    found = session.scalars(
        select(Conversation)
        .where(Conversation.client_id == client.id)
        .order_by(Conversation.updated_at.desc(), Conversation.id.desc())
        .limit(1)
    ).first()
    if found is None and create:
        found = new_conversation(session, client)
    return found


def new_conversation(session: Session, client: User) -> Conversation:
    now = utcnow()
    conversation = Conversation(client_id=client.id, state={}, created_at=now, updated_at=now)
    session.add(conversation)
    session.flush()
    return conversation


def messages_of(session: Session, conversation: Conversation) -> list[ChatbotMessage]:
    return list(
        session.scalars(
            select(ChatbotMessage).where(ChatbotMessage.conversation_id == conversation.id).order_by(ChatbotMessage.id)
        )
    )


def validate(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationFailed("Write a message first.", "message")
    if len(text) > MAX_MESSAGE:
        raise ValidationFailed(f"Please keep a message to {MAX_MESSAGE} characters or fewer.", "message")
    return text


def send(session: Session, client: User, text: str | None, llm=None, conversation_id: int | None = None) -> Exchange:
    """Store the client's message, answer it, and on risk record a safety event; flushed, not committed."""
    text = validate(text)
    if conversation_id is not None:
        conversation = conversation_for(session, client, conversation_id)
    else:
        conversation = active_conversation(session, client, create=True)
    history = [(m.sender, m.body) for m in messages_of(session, conversation)[-HISTORY_FOR_LLM:]]
    reply = engine.respond(text, conversation.state or {}, history=history, llm=llm)
    message = ChatbotMessage(
        conversation_id=conversation.id,
        sender="client",
        body=text,
        intent=reply.intent,
        risk_level=reply.risk_level,
    )
    session.add(message)
    session.flush()
    if reply.crisis:
        record_safety_event(session, client, "chatbot", message.id)
    answer = ChatbotMessage(
        conversation_id=conversation.id,
        sender="bot",
        body=reply.text,
        intent=reply.intent,
        risk_level=reply.risk_level,
    )
    session.add(answer)
    conversation.state = reply.state
    conversation.updated_at = utcnow()
    session.flush()
    return Exchange(conversation, message, answer, reply.crisis, reply.links)


def delete_conversation(session: Session, client: User, conversation_id: int) -> None:
    conversation = conversation_for(session, client, conversation_id)
    session.execute(delete(ChatbotMessage).where(ChatbotMessage.conversation_id == conversation.id))
    session.delete(conversation)
    session.flush()


def delete_all(session: Session, client: User) -> int:
    ids = list(session.scalars(select(Conversation.id).where(Conversation.client_id == client.id)))
    if ids:
        session.execute(delete(ChatbotMessage).where(ChatbotMessage.conversation_id.in_(ids)))
        session.execute(delete(Conversation).where(Conversation.id.in_(ids)))
    session.expire_all()
    return len(ids)


def chatbot_export(session: Session, user: User) -> dict[str, object]:
    """The client's conversations, decrypted, for the data export."""
    conversations = conversations_of(session, user)
    if not conversations:  # nothing held, no file (therapists and admins never have any)
        return {}
    return {
        "chatbot_conversations.json": [
            {
                "id": c.id,
                "created_at": c.created_at.isoformat() if c.created_at else None,
                "messages": [
                    {
                        "sender": m.sender,
                        "body": m.body,
                        "intent": m.intent,
                        "risk_level": m.risk_level,
                        "at": m.created_at.isoformat() if m.created_at else None,
                    }
                    for m in messages_of(session, c)
                ],
            }
            for c in conversations
        ]
    }
