"""Questionnaire pages: the client's list, form and result; the therapist's view of a client's results."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from mindhaven.accounts.models import Role
from mindhaven.assessments import instruments, services
from mindhaven.assessments.instruments import Instrument
from mindhaven.assessments.models import AssessmentResult
from mindhaven.errors import NotFound
from mindhaven.extensions import db
from mindhaven.policy import client_visible_to, role_required
from mindhaven.safety.helplines import crisis_lines_for
from mindhaven.security import audit
from mindhaven.web import request_actor

bp = Blueprint("assessments", __name__)


def _instrument_or_404(kind: str) -> Instrument:
    found = instruments.INSTRUMENTS.get(kind)
    if found is None:
        raise NotFound("No such questionnaire.")
    return found


def _parse(inst: Instrument, form) -> tuple[list[int], dict[str, str]]:
    """Answers from the radio groups q1..qN; an error per missing or invalid question."""
    answers, errors = [], {}
    for number in range(1, len(inst.items) + 1):
        raw = (form.get(f"q{number}") or "").strip()
        if raw not in ("0", "1", "2", "3"):
            errors[f"q{number}"] = (
                f"Please choose an answer for question {number}."
                if not raw
                else f"Question {number}: choose one of the four answers."
            )
            continue
        answers.append(int(raw))
    return answers, errors


def _result_page(result: AssessmentResult, status: int = 200):
    inst = instruments.instrument(result.kind)
    flagged = instruments.needs_safety_flow(result.kind, result.answers)
    return render_template(
        "assessments/result.html",
        inst=inst,
        result=result,
        band_range=instruments.band_range(result.kind, result.band),
        explanation=instruments.explain(result.kind, result.band),
        crisis_lines=crisis_lines_for(db.session, current_user) if flagged else None,
    ), status


@bp.route("/assessments")
@role_required(Role.CLIENT)
def index():
    return render_template(
        "assessments/index.html",
        schedule=services.schedule(db.session, current_user),
        results=services.history(db.session, current_user),
        instruments=instruments.INSTRUMENTS,
    )


@bp.route("/assessments/<kind>", methods=["GET", "POST"])
@role_required(Role.CLIENT)
def take(kind: str):
    inst = _instrument_or_404(kind)
    if request.method == "GET":
        return render_template("assessments/form.html", inst=inst, options=instruments.OPTIONS, answers={}, errors={})
    answers, errors = _parse(inst, request.form)
    if errors:
        given = {key: request.form.get(key, "") for key in request.form if key.startswith("q")}
        return render_template(
            "assessments/form.html", inst=inst, options=instruments.OPTIONS, answers=given, errors=errors
        ), 400
    submitted = services.submit(db.session, current_user, inst.kind, answers)
    if submitted.safety_flagged:  # crisis resources on this very response, no redirect in between
        return _result_page(submitted.result)
    return redirect(url_for("assessments.result", result_id=submitted.result.id))


@bp.route("/assessments/results/<int:result_id>")
@role_required(Role.CLIENT)
def result(result_id: int):
    found = services.result_for(db.session, current_user, result_id)
    if found is None:
        raise NotFound("No such result.")
    return _result_page(found)


@bp.route("/therapist/clients/<int:client_id>/assessments")
@role_required(Role.THERAPIST, verified=True)
def client_results(client_id: int):
    client = client_visible_to(db.session, current_user, client_id)
    results = services.history(db.session, client)
    audit.record(db.session, request_actor(), "read", "assessment_results", None, client.id, f"results={len(results)}")
    db.session.commit()
    return render_template(
        "assessments/therapist.html",
        client=client,
        results=results,
        schedule=services.schedule(db.session, client),
        instruments=instruments.INSTRUMENTS,
        safety_item=instruments.PHQ9_SAFETY_ITEM,
    )
