"""The support chat through HTTP: replies, crisis path, encryption, deletion, export and access control."""

from __future__ import annotations

import io
import json
import zipfile

from sqlalchemy import func, select, text

from mindhaven.accounts.data_rights import build_export
from mindhaven.chatbot.models import ChatbotMessage, Conversation
from mindhaven.safety.models import SafetyEvent
from mindhaven.scheduling.models import Notification
from mindhaven.security.audit import Actor


def _count(session, model, **where) -> int:
    query = select(func.count()).select_from(model)
    for key, value in where.items():
        query = query.where(getattr(model, key) == value)
    return session.scalar(query)


def test_a_conversation_with_an_exercise(login, make, session) -> None:
    client = make.client()
    browser = login(client)
    assert browser.get("/support").status_code == 200
    response = browser.post("/support/messages", data={"message": "I feel anxious"})
    assert response.status_code == 302
    page = browser.get(response.headers["Location"]).text
    assert "I feel anxious" in page and "breathing" in page
    browser.post("/support/messages", data={"message": "yes"})
    conversation = session.scalars(select(Conversation).where(Conversation.client_id == client.id)).one()
    assert conversation.state["flow"] == "box_breathing"
    assert _count(session, ChatbotMessage, conversation_id=conversation.id) == 4


def test_empty_and_too_long_messages_are_400(login, make) -> None:
    browser = login(make.client())
    empty = browser.post("/support/messages", data={"message": "   "})
    assert empty.status_code == 400 and "Write a message first." in empty.text
    long = browser.post("/support/messages", data={"message": "a" * 1001})
    assert long.status_code == 400 and "1000 characters" in long.text


def test_risk_shows_the_crisis_card_records_an_event_and_notifies_the_therapist(login, make, session) -> None:
    client, therapist = make.client(), make.therapist()
    make.assign(client, therapist)
    session.commit()
    browser = login(client)
    browser.post("/support/messages", data={"message": "grounding"})
    posted = browser.post("/support/messages", data={"message": "I want to kill myself"})
    assert posted.status_code == 302 and posted.location.endswith("#latest")  # a reload cannot send it twice
    response = browser.get(posted.location)
    assert response.text.count('role="alert"') == 1  # one card, under the reply
    assert "Tele-MANAS" in response.text and "116 123" in response.text
    risky = session.scalars(select(ChatbotMessage).where(ChatbotMessage.sender == "client")).all()[-1]
    assert risky.risk_level == "high"
    [event] = session.scalars(select(SafetyEvent).where(SafetyEvent.client_id == client.id)).all()
    assert event.source == "chatbot" and event.record_id == risky.id and event.therapist_id == therapist.id
    note = session.scalars(select(Notification).where(Notification.user_id == therapist.id)).all()[-1]
    assert "kill" not in note.message
    conversation = session.scalars(select(Conversation).where(Conversation.client_id == client.id)).one()
    assert "flow" not in conversation.state


def test_a_crisis_in_another_language_gets_the_plea_in_that_language(login, make) -> None:
    browser = login(make.client())
    posted = browser.post("/support/messages", data={"message": "Ya no quiero vivir, estoy cansada de todo"})
    response = browser.get(posted.location)
    assert 'role="alert"' in response.text
    plea = '<p class="crisis-plea" lang="es" dir="ltr">Si estás en peligro ahora, llama a una de estas líneas'
    assert response.text.count(plea) == 1
    english = browser.get(browser.post("/support/messages", data={"message": "I want to kill myself"}).location)
    assert english.text.count('class="crisis-plea"') == 1  # the Spanish turn's card keeps its plea; none for English
    assert english.text.count('role="alert"') == 1  # only the newest card is an alert; the older one is history


def test_messages_are_encrypted_at_rest(login, make, session) -> None:
    browser = login(make.client())
    browser.post("/support/messages", data={"message": "My secret worry about Jupiter"})
    raw = [row[0] for row in session.execute(text("SELECT body FROM chatbot_messages"))]
    assert raw and all("Jupiter" not in str(value) for value in raw)
    assert "My secret worry about Jupiter" in [m.body for m in session.scalars(select(ChatbotMessage))]


def test_delete_one_and_all(login, make, session) -> None:
    client, other = make.client(), make.client()
    browser, other_browser = login(client), login(other)
    browser.post("/support/messages", data={"message": "hello"})
    browser.post("/support/conversations/new")
    browser.post("/support/messages", data={"message": "thanks"})
    other_browser.post("/support/messages", data={"message": "hello"})
    first, second = session.scalars(
        select(Conversation).where(Conversation.client_id == client.id).order_by(Conversation.id)
    ).all()
    first_id, second_id = first.id, second.id
    # Someone else's conversation cannot be deleted (nor its existence learnt).
    assert other_browser.post(f"/support/conversations/{first_id}/delete").status_code == 404
    assert browser.post(f"/support/conversations/{first_id}/delete").status_code == 302
    assert _count(session, Conversation, id=first_id) == 0
    assert _count(session, ChatbotMessage, conversation_id=first_id) == 0
    assert _count(session, ChatbotMessage, conversation_id=second_id) == 2
    unconfirmed = browser.post("/support/conversations/delete-all")  # asks first: nothing is deleted
    assert unconfirmed.status_code == 302 and "confirm=delete-all" in unconfirmed.location
    assert _count(session, Conversation, client_id=client.id) == 1
    assert browser.post("/support/conversations/delete-all", data={"confirm": "yes"}).status_code == 302
    assert _count(session, Conversation, client_id=client.id) == 0
    assert _count(session, Conversation, client_id=other.id) == 1


def test_only_clients_reach_the_chat(login, make, browser) -> None:
    assert browser.get("/support").status_code == 302  # to the login page
    for user in (make.therapist(), make.admin()):
        assert login(user).get("/support").status_code == 403
        assert login(user).post("/support/messages", data={"message": "hi"}).status_code == 403


def test_export_includes_the_conversations(login, make, session) -> None:
    client = make.client()
    login(client).post("/support/messages", data={"message": "hello there"})
    archive = zipfile.ZipFile(io.BytesIO(build_export(session, client, Actor(client.id, "client"))))
    data = json.loads(archive.read("chatbot_conversations.json"))
    assert [m["body"] for m in data[0]["messages"]][0] == "hello there"
