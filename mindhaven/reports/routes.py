"""Trends, treatment goals, the weekly report (HTML and PDF) and the therapist's caseload digest.

Thin routes over the services in this package; domain errors become 4xx in mindhaven.errors.
"""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user

from mindhaven.accounts.models import Role
from mindhaven.dbtypes import utcnow
from mindhaven.errors import ValidationFailed
from mindhaven.extensions import db
from mindhaven.policy import role_required
from mindhaven.reports import goals, trends, weekly
from mindhaven.reports.pdf import report_pdf
from mindhaven.reports.weeks import parse_week
from mindhaven.security import audit
from mindhaven.web import request_actor

bp = Blueprint("reports", __name__)


def _week():
    return parse_week(request.args.get("week"), utcnow(), current_user.timezone)


# Trends ---------------------------------------------------------------------


@bp.route("/trends")
@role_required(Role.CLIENT)
def my_trends():
    client, data = trends.open_trends(db.session, current_user, request_actor(), current_user.id)
    return render_template("reports/trends.html", client=client, data=data)


@bp.route("/therapist/clients/<int:client_id>/trends")
@role_required(Role.THERAPIST, verified=True)
def client_trends(client_id: int):
    client, data = trends.open_trends(db.session, current_user, request_actor(), client_id)
    return render_template("reports/trends.html", client=client, data=data)


# Treatment goals -------------------------------------------------------------


def _goals_page(client_id: int, error: str | None = None, status: int = 200):
    client, items = goals.list_goals(db.session, current_user, request_actor(), client_id)
    return render_template(
        "reports/goals.html", client=client, goals=items, statuses=goals.STATUSES, error=error
    ), status


@bp.route("/therapist/clients/<int:client_id>/goals")
@role_required(Role.THERAPIST, verified=True)
def client_goals(client_id: int):
    return _goals_page(client_id)


@bp.route("/therapist/clients/<int:client_id>/goals", methods=["POST"])
@role_required(Role.THERAPIST, verified=True)
def add_goal(client_id: int):
    try:
        goals.add_goal(db.session, current_user, request_actor(), client_id, request.form.get("title", ""))
    except ValidationFailed as error:
        db.session.rollback()
        return _goals_page(client_id, error.message, 400)
    flash("Goal added.")
    return redirect(url_for("reports.client_goals", client_id=client_id))


@bp.route("/therapist/clients/<int:client_id>/goals/<int:goal_id>/progress", methods=["POST"])
@role_required(Role.THERAPIST, verified=True)
def add_progress(client_id: int, goal_id: int):
    try:
        goals.add_progress(
            db.session,
            current_user,
            request_actor(),
            client_id,
            goal_id,
            request.form.get("rating"),
            request.form.get("note", ""),
        )
    except ValidationFailed as error:
        db.session.rollback()
        return _goals_page(client_id, error.message, 400)
    flash("Progress noted.")
    return redirect(url_for("reports.client_goals", client_id=client_id))


@bp.route("/therapist/clients/<int:client_id>/goals/<int:goal_id>/status", methods=["POST"])
@role_required(Role.THERAPIST, verified=True)
def set_goal_status(client_id: int, goal_id: int):
    try:
        goals.set_status(db.session, current_user, request_actor(), client_id, goal_id, request.form.get("status", ""))
    except ValidationFailed as error:
        db.session.rollback()
        return _goals_page(client_id, error.message, 400)
    flash("Goal updated.")
    return redirect(url_for("reports.client_goals", client_id=client_id))


# Weekly report and digest ----------------------------------------------------


@bp.route("/reports/weekly")
@role_required(Role.CLIENT)
def weekly_report():
    report = weekly.client_report(db.session, current_user, _week())
    return render_template("reports/weekly.html", report=report, labels=trends.LABELS)


@bp.route("/reports/weekly.pdf")
@role_required(Role.CLIENT)
def weekly_report_pdf():
    report = weekly.client_report(db.session, current_user, _week())
    name = f"mindhaven-week-{report.week_start.isoformat()}.pdf"
    return Response(
        report_pdf(report),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


@bp.route("/therapist/digest")
@role_required(Role.THERAPIST, verified=True)
def digest():
    result = weekly.therapist_digest(db.session, current_user, _week())
    audit.record(
        db.session,
        request_actor(),
        "read",
        "weekly_digest",
        result.week_start.isoformat(),
        None,
        f"clients={len(result.rows)}",
    )
    db.session.commit()
    return render_template("reports/digest.html", digest=result)
