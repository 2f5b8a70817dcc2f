"""Password reset end to end, through a real SMTP server (aiosmtpd) on localhost."""

import re
import socket
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller

from mindhaven.mail import MailError, send_email
from tests.helpers import Browser, Factory


class Inbox:
    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def mail_app(app_factory, smtp):
    controller, _ = smtp
    app = app_factory(
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=str(controller.port),
        SMTP_STARTTLS="0",
        MAIL_FROM="MindHaven <care@mindhaven.example>",
        BASE_URL="https://care.example",
    )
    with app.app_context():
        yield app


def test_reset_link_arrives_by_mail_and_works_once(mail_app, smtp):
    from mindhaven.extensions import db
    from tests.helpers import Factory as F

    _, inbox = smtp
    user = F(db.session).client()
    browser = Browser(mail_app.test_client())
    response = browser.post("/password/forgot", data={"email": user.email})
    assert response.status_code == 200 and "Check your email" in response.text

    assert len(inbox.messages) == 1
    recipients, message = inbox.messages[0]
    assert recipients == [user.email]
    assert message["Subject"] == "Reset your MindHaven password"
    body = message.get_payload(decode=True).decode()
    link = re.search(r"https://care\.example(/password/reset/\S+)", body).group(1)

    assert browser.post(link, data={"password": "short"}).status_code == 400
    done = browser.post(link, data={"password": "a quiet new harbour"})
    assert done.status_code == 302 and done.location == "/login"
    assert browser.get(link).status_code == 404  # spent
    login = browser.post("/login", data={"email": user.email, "password": "a quiet new harbour"})
    assert login.status_code == 302
    old = Browser(mail_app.test_client()).post("/login", data={"email": user.email, "password": Factory.PASSWORD})
    assert old.status_code == 400


def test_unknown_email_gets_the_same_answer_and_no_mail(mail_app, smtp):
    _, inbox = smtp
    response = Browser(mail_app.test_client()).post("/password/forgot", data={"email": "nobody@example.org"})
    assert response.status_code == 200 and "Check your email" in response.text
    assert inbox.messages == []


def test_a_made_up_token_is_refused(browser):
    response = browser.get("/password/reset/made-up-token")
    assert response.status_code == 404 and "does not work" in response.text


def test_an_unreachable_smtp_server_is_a_clear_error():
    config = {"MAIL_FROM": "a@example.org", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": _free_port()}
    with pytest.raises(MailError, match="could not send"):
        send_email(config, "b@example.org", "hi", "body")


def test_without_smtp_mail_is_printed(capsys):
    send_email({"MAIL_FROM": "a@example.org", "SMTP_HOST": ""}, "b@example.org", "Hello", "the body")
    out = capsys.readouterr().out
    assert "Subject: Hello" in out and "the body" in out
