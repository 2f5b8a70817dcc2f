"""Self-reflection pages: the client's journal, check-ins and webcam self-view, and the therapist's shared view.

Thin routes over reflect.services: they translate forms to calls, commit once, and show crisis resources at once
when something the client wrote suggests risk.
"""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user

from mindhaven.accounts.models import Role
from mindhaven.errors import DomainError, ValidationFailed
from mindhaven.extensions import db
from mindhaven.ids import id_arg
from mindhaven.live.analysis import MAX_FRAME_BYTES, FrameRejected, LiveAnalyser
from mindhaven.policy import role_required
from mindhaven.reflect import services
from mindhaven.reflect.prompts import EMOTION_TAGS, KINDS, PROMPTS, THOUGHT_FIELDS
from mindhaven.reflect.sentiment import describe
from mindhaven.safety.helplines import crisis_lines_for
from mindhaven.web import request_actor

bp = Blueprint("reflect", __name__)

# The self-view's own analyser (the live sessions keep theirs): its smoothers are keyed by the client's id.
mirror_analyser = LiveAnalyser()


def _context(**extra):
    return {
        "kinds": KINDS,
        "prompts": PROMPTS,
        "thought_fields": THOUGHT_FIELDS,
        "emotion_tags": EMOTION_TAGS,
        "describe": describe,
        "thought_record_of": services.thought_record_of,
        **extra,
    }


# Overview ---------------------------------------------------------------------------------------------------


@bp.route("/reflect")
@role_required(Role.CLIENT)
def overview():
    return render_template(
        "reflect/overview.html",
        **_context(
            streak=services.current_streak(db.session, current_user),
            checkins=services.checkins_of(db.session, current_user, limit=7),
            entries=services.entries_of(db.session, current_user, limit=5),
        ),
    )


# Journal ----------------------------------------------------------------------------------------------------


@bp.route("/reflect/journal")
@role_required(Role.CLIENT)
def journal():
    return render_template("reflect/journal.html", **_context(entries=services.entries_of(db.session, current_user)))


@bp.route("/reflect/journal/new", methods=["GET", "POST"])
@role_required(Role.CLIENT)
def new_entry():
    kind = request.values.get("kind", "free")
    if kind not in KINDS:
        kind = "free"
    if request.method == "GET":
        prompt = request.args.get("prompt", PROMPTS[0] if kind == "prompt" else "")
        return render_template("reflect/entry_form.html", **_context(kind=kind, form={"prompt": [prompt]}, error=None))
    try:
        saved = services.create_entry(db.session, current_user, kind, request.form)
    except DomainError as error:
        db.session.rollback()
        form = {key: request.form.getlist(key) for key in request.form}
        return render_template("reflect/entry_form.html", **_context(kind=kind, form=form, error=error)), 400
    db.session.commit()
    if saved.at_risk:
        return _show_crisis_card("journal", saved.record.id)
    flash("Your entry is saved.")
    return redirect(url_for("reflect.entry", entry_id=saved.record.id))


# A risky entry or check-in shows the crisis card on the page the post redirects to, so a reload cannot save it (and
# alert the therapist) twice. The signed session cookie carries only which record, never the client's words.
_CRISIS_CARD = "reflect_crisis_card"


def _show_crisis_card(kind: str, record_id: int):
    session[_CRISIS_CARD] = f"{kind}:{record_id}"
    target = "reflect.entry" if kind == "journal" else "reflect.checkin"
    arguments = {"entry_id": record_id} if kind == "journal" else {"saved": record_id}
    return redirect(url_for(target, **arguments))


def _crisis_card_due(kind: str, record_id: int) -> bool:
    """Whether the post that just redirected here saved this record with a risk (once: a reload shows no card)."""
    if session.get(_CRISIS_CARD) != f"{kind}:{record_id}":
        return False
    session.pop(_CRISIS_CARD)
    return True


def _form_of(entry) -> dict[str, list]:
    """An entry as form values (lists, as a submitted form has them), to fill the edit form."""
    form: dict[str, list] = {"shared": ["on"] if entry.shared else []}
    record = services.thought_record_of(entry)
    if record is None:
        form["body"] = [entry.body]
        return form
    for name in THOUGHT_FIELDS:
        form[name] = [record.get(name) or ""]
    emotions = record.get("emotions") or []
    form["emotion_name"] = [e.get("name", "") for e in emotions]
    form["emotion_intensity"] = [str(e.get("intensity", "")) for e in emotions]
    form["emotion_rerated"] = ["" if e.get("rerated") is None else str(e["rerated"]) for e in emotions]
    return form


def _entry_page(entry, crisis: bool = False, error=None, form=None, status: int = 200, crisis_text: str = ""):
    form = form if form is not None else _form_of(entry)
    return render_template(
        "reflect/entry.html",
        **_context(
            entry=entry,
            record=services.thought_record_of(entry),
            crisis_lines=crisis_lines_for(db.session, current_user) if crisis else None,
            crisis_text=crisis_text,
            error=error,
            form=form,
        ),
    ), status


@bp.route("/reflect/journal/<int:entry_id>", methods=["GET", "POST"])
@role_required(Role.CLIENT)
def entry(entry_id: int):
    found = services.entry_for(db.session, current_user, entry_id)
    if request.method == "GET":
        if _crisis_card_due("journal", entry_id):
            return _entry_page(found, crisis=True, crisis_text=services.text_of(found))
        return _entry_page(found)
    try:
        saved = services.update_entry(db.session, current_user, entry_id, request.form)
    except DomainError as error:
        db.session.rollback()
        found = services.entry_for(db.session, current_user, entry_id)
        form = {key: request.form.getlist(key) for key in request.form}
        return _entry_page(found, error=error, form=form, status=400)
    db.session.commit()
    if saved.at_risk:
        return _show_crisis_card("journal", saved.record.id)
    flash("Your changes are saved.")
    return redirect(url_for("reflect.entry", entry_id=entry_id))


@bp.route("/reflect/journal/<int:entry_id>/share", methods=["POST"])
@role_required(Role.CLIENT)
def share_entry(entry_id: int):
    shared = request.form.get("shared") == "on"
    services.set_entry_shared(db.session, current_user, entry_id, shared)
    db.session.commit()
    flash("Your therapist can now read this entry." if shared else "This entry is private again.")
    return redirect(url_for("reflect.entry", entry_id=entry_id))


@bp.route("/reflect/journal/<int:entry_id>/delete", methods=["POST"])
@role_required(Role.CLIENT)
def delete_entry(entry_id: int):
    services.delete_entry(db.session, current_user, entry_id)
    db.session.commit()
    flash("The entry is deleted.")
    return redirect(url_for("reflect.journal"))


# Mood check-ins ---------------------------------------------------------------------------------------------


@bp.route("/reflect/checkin", methods=["GET", "POST"])
@role_required(Role.CLIENT)
def checkin():
    if request.method == "GET":
        saved_id = id_arg(request.args, "saved", "Check-in")
        saved = services.checkin_for(db.session, current_user, saved_id) if saved_id is not None else None
        crisis = saved is not None and _crisis_card_due("checkin", saved.id)
        return render_template(
            "reflect/checkin.html",
            **_context(
                form={"shared": ["on"]},
                error=None,
                crisis_lines=crisis_lines_for(db.session, current_user) if crisis else None,
                crisis_text=(saved.note or "") if crisis else "",
                saved=saved,
            ),
        )
    try:
        saved = services.add_checkin(db.session, current_user, request.form)
    except DomainError as error:
        db.session.rollback()
        form = {key: request.form.getlist(key) for key in request.form}
        return render_template(
            "reflect/checkin.html", **_context(form=form, error=error, crisis_lines=None, saved=None)
        ), 400
    db.session.commit()
    if saved.at_risk:
        return _show_crisis_card("checkin", saved.record.id)
    flash("Check-in saved. Thank you for taking a moment for yourself.")
    return redirect(url_for("reflect.overview"))


@bp.route("/reflect/checkin/<int:checkin_id>/share", methods=["POST"])
@role_required(Role.CLIENT)
def share_checkin(checkin_id: int):
    shared = request.form.get("shared") == "on"
    services.set_checkin_shared(db.session, current_user, checkin_id, shared)
    db.session.commit()
    flash("Your therapist can now see this check-in." if shared else "This check-in is private again.")
    return redirect(url_for("reflect.overview"))


# Webcam self-view -------------------------------------------------------------------------------------------


@bp.route("/reflect/mirror")
@role_required(Role.CLIENT)
def mirror():
    mirror_analyser.forget(current_user.id)  # a fresh reading for a fresh reflection
    from mindhaven.emotion.labels import LABELS

    return render_template("reflect/mirror.html", labels=list(LABELS))


@bp.route("/api/reflect/frame", methods=["POST"])
@role_required(Role.CLIENT)
def mirror_frame():
    """One camera frame in (raw JPEG bytes), the emotion estimate out; the frame is analysed in memory only."""
    if (request.content_length or 0) > MAX_FRAME_BYTES:
        raise ValidationFailed("That frame is larger than 1 MB; send at most 320 pixels wide.", "image")
    data = request.get_data(cache=False)
    try:
        result = mirror_analyser.analyse(current_user.id, data)
    except FrameRejected as error:
        raise ValidationFailed(str(error), "image") from None
    finally:
        del data
    return jsonify(result)


@bp.route("/api/reflect/summary", methods=["POST"])
@role_required(Role.CLIENT)
def mirror_summary():
    """Only when the client clicks 'Save a summary': their reflection's emotion counts become a private entry."""
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise ValidationFailed("Send the summary as a JSON object.")
    entry = services.save_mirror_summary(db.session, current_user, payload)
    db.session.commit()
    return jsonify({"id": entry.id, "body": entry.body, "url": url_for("reflect.entry", entry_id=entry.id)}), 201


# The therapist's view ---------------------------------------------------------------------------------------


@bp.route("/therapist/clients/<int:client_id>/journal")
@role_required(Role.THERAPIST, verified=True)
def therapist_journal(client_id: int):
    page = services.page_number(request.args.get("page"))
    shared = services.shared_entries(db.session, current_user, client_id, actor=request_actor(), page=page)
    db.session.commit()  # the audit entries
    return render_template("reflect/therapist_journal.html", **_context(shared=shared))
