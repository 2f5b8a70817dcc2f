"""Outgoing email: SMTP when SMTP_HOST is set, otherwise printed to the console (development)."""

from __future__ import annotations

import smtplib
import sys
from collections.abc import Mapping, Sequence
from email.message import EmailMessage

# (filename, mimetype, content), e.g. ("session.ics", "text/calendar; method=PUBLISH", b"BEGIN:VCALENDAR...")
Attachment = tuple[str, str, bytes]


class MailError(RuntimeError):
    """The SMTP server refused or could not be reached."""


def build_message(
    sender: str, to: str, subject: str, body: str, attachments: Sequence[Attachment] = ()
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    for filename, mimetype, content in attachments:
        kind, *raw_params = (part.strip() for part in mimetype.split(";"))
        maintype, _, subtype = kind.partition("/")
        params = dict(p.partition("=")[::2] for p in raw_params if "=" in p)
        message.add_attachment(
            content, maintype=maintype, subtype=subtype or "octet-stream", filename=filename, params=params
        )
    return message


def send_email(
    config: Mapping, to: str, subject: str, body: str, attachments: Sequence[Attachment] | None = None
) -> None:
    """Send one plain-text email, with optional attachments; raises MailError when SMTP fails."""
    message = build_message(config["MAIL_FROM"], to, subject, body, attachments or ())
    host = config.get("SMTP_HOST")
    if not host:
        print(f"----- email (SMTP_HOST not set, printed instead) -----\n{message}\n-----", file=sys.stdout, flush=True)
        return
    try:
        with smtplib.SMTP(host, config["SMTP_PORT"], timeout=15) as smtp:
            if config.get("SMTP_STARTTLS"):
                smtp.starttls()
            if config.get("SMTP_USERNAME"):
                smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"could not send email via {host}: {exc}") from exc
