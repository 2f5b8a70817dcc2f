"""The support chat: a plain form-post page (JS only scrolls and focuses), for clients only."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from mindhaven.accounts.models import Role
from mindhaven.chatbot import services
from mindhaven.chatbot.intents import LINKS
from mindhaven.chatbot.llm import client_from_config
from mindhaven.errors import DomainError
from mindhaven.extensions import db
from mindhaven.ids import id_arg
from mindhaven.policy import role_required
from mindhaven.safety.helplines import crisis_lines_for

bp = Blueprint("chatbot", __name__)


def _page(conversation=None, error=None, draft: str = "", status: int = 200):
    conversation = conversation or services.active_conversation(db.session, current_user)
    messages = services.messages_of(db.session, conversation) if conversation is not None else []
    return render_template(
        "chatbot/support.html",
        conversation=conversation,
        conversations=services.conversations_of(db.session, current_user),
        messages=messages,
        links=LINKS,
        crisis_lines=crisis_lines_for(db.session, current_user),
        error=error,
        draft=draft,
        max_length=services.MAX_MESSAGE,
    ), status


@bp.route("/support")
@role_required(Role.CLIENT)
def support():
    chosen = id_arg(request.args, "conversation", "Conversation")
    conversation = services.conversation_for(db.session, current_user, chosen) if chosen else None
    return _page(conversation)


@bp.route("/support/messages", methods=["POST"])
@role_required(Role.CLIENT)
def send_message():
    text = request.form.get("message", "")
    conversation_id = id_arg(request.form, "conversation_id", "Conversation")
    try:
        exchange = services.send(
            db.session, current_user, text, llm=client_from_config(current_app.config), conversation_id=conversation_id
        )
    except DomainError as error:
        db.session.rollback()
        return _page(error=error, draft=text[: services.MAX_MESSAGE * 2], status=400)
    db.session.commit()
    # A crisis reply too: its card sits under the reply at #latest. Redirecting means a reload cannot send the
    # message (and the therapist's alert) twice.
    return redirect(url_for("chatbot.support", conversation=exchange.conversation.id, _anchor="latest"))


@bp.route("/support/conversations/new", methods=["POST"])
@role_required(Role.CLIENT)
def new_conversation():
    conversation = services.new_conversation(db.session, current_user)
    db.session.commit()
    return redirect(url_for("chatbot.support", conversation=conversation.id))


@bp.route("/support/conversations/<int:conversation_id>/delete", methods=["POST"])
@role_required(Role.CLIENT)
def delete_conversation(conversation_id: int):
    services.delete_conversation(db.session, current_user, conversation_id)
    db.session.commit()
    flash("The conversation is deleted.")
    return redirect(url_for("chatbot.support"))


@bp.route("/support/conversations/delete-all", methods=["POST"])
@role_required(Role.CLIENT)
def delete_all():
    if request.form.get("confirm") != "yes":  # deleting everything for good asks first (the page shows the question)
        return redirect(url_for("chatbot.support", confirm="delete-all", _anchor="delete-all"))
    services.delete_all(db.session, current_user)
    db.session.commit()
    flash("All your conversations are deleted.")
    return redirect(url_for("chatbot.support"))
