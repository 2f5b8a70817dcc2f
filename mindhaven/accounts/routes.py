"""Account pages. Thin: parse the form, call a service, render or redirect."""

from __future__ import annotations

import io
from decimal import Decimal

from flask import Blueprint, current_app, flash, redirect, render_template, request, send_file, session, url_for
from flask_login import current_user, login_user, logout_user

from mindhaven.accounts import data_rights, services
from mindhaven.accounts.forms import (
    ChangePasswordForm,
    DeleteAccountForm,
    ForgotPasswordForm,
    LoginForm,
    ResetPasswordForm,
    SignupForm,
    TherapistApplicationForm,
    TimezoneForm,
)
from mindhaven.accounts.validation import timezone_choices
from mindhaven.consent import services as consent
from mindhaven.errors import DomainError
from mindhaven.extensions import db
from mindhaven.mail import MailError, send_email
from mindhaven.policy import consent_exempt, public, signed_in
from mindhaven.security.ratelimit import limit_posts
from mindhaven.web import attach_error, render_form, request_actor, safe_next

bp = Blueprint("accounts", __name__)


def _start_session(user) -> None:
    session.clear()  # a fresh session on login: no fixation
    session.permanent = True
    login_user(user)


@bp.route("/signup", methods=["GET", "POST"])
@public
@limit_posts("SIGNUP_RATE_LIMIT")
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("pages.dashboard"))
    form = SignupForm()
    if form.validate_on_submit():
        try:
            user = services.register_client(
                db.session,
                email=form.email.data,
                pseudonym=form.pseudonym.data,
                password=form.password.data,
                timezone=form.timezone.data or "UTC",
            )
            db.session.commit()
        except DomainError as error:
            attach_error(form, error)
        else:
            _start_session(user)
            return redirect(url_for("consent.review"))
    return render_form("accounts/signup.html", form, zones=timezone_choices())


@bp.route("/therapists/apply", methods=["GET", "POST"])
@public
@limit_posts("SIGNUP_RATE_LIMIT")
def apply():
    if current_user.is_authenticated:
        return redirect(url_for("pages.dashboard"))
    form = TherapistApplicationForm()
    if form.validate_on_submit():
        application = services.TherapistApplication(
            email=form.email.data,
            password=form.password.data,
            full_name=form.full_name.data,
            licence_number=form.licence_number.data,
            specialties=form.specialties.data or [],
            approaches=form.approaches.data or [],
            languages=form.languages.data or [],
            gender=form.gender.data,
            bio=form.bio.data or "",
            fee_minor=int((form.fee.data or Decimal(0)) * 100),
            timezone=form.timezone.data or "UTC",
        )
        try:
            user = services.apply_as_therapist(db.session, application)
            db.session.commit()
        except DomainError as error:
            attach_error(form, error)
        else:
            _start_session(user)
            flash("Thank you for applying. An administrator will verify your licence before you can take clients.")
            return redirect(url_for("consent.review"))
    return render_form("accounts/apply.html", form, zones=timezone_choices(), currency=current_app.config["CURRENCY"])


@bp.route("/login", methods=["GET", "POST"])
@public
@limit_posts("LOGIN_RATE_LIMIT")
def login():
    if current_user.is_authenticated:
        return redirect(url_for("pages.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        config = current_app.config
        policy = services.LockoutPolicy(
            config["LOGIN_LOCKOUT_THRESHOLD"],
            config["LOGIN_LOCKOUT_MINUTES"],
            config["LOGIN_ACCOUNT_LOCKOUT_THRESHOLD"],
        )
        source = services.login_source(request.remote_addr, config["SECRET_KEY"])
        try:
            user = services.authenticate(db.session, form.email.data, form.password.data, policy, source=source)
        except services.AccountLocked as error:
            form.form_errors.append(error.message)
            return render_template("accounts/login.html", form=form), 429
        except DomainError as error:
            attach_error(form, error)
        else:
            _start_session(user)
            return redirect(safe_next(request.args.get("next")) or url_for("pages.dashboard"))
    return render_form("accounts/login.html", form)


@bp.route("/logout", methods=["POST"])
@public
@consent_exempt
def logout():
    logout_user()
    session.clear()
    flash("You have logged out.")
    return redirect(url_for("accounts.login"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@public
@limit_posts("RESET_RATE_LIMIT")
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        started = services.start_password_reset(
            db.session, form.email.data, current_app.config["PASSWORD_RESET_MINUTES"]
        )
        if started is not None:
            user, token = started
            base = current_app.config["BASE_URL"] or request.url_root.rstrip("/")
            link = base + url_for("accounts.reset_password", token=token)
            minutes = current_app.config["PASSWORD_RESET_MINUTES"]
            try:
                send_email(
                    current_app.config,
                    user.email,
                    "Reset your MindHaven password",
                    render_template("email/reset_password.txt", user=user, link=link, minutes=minutes),
                )
            except MailError:
                current_app.logger.exception("password reset mail failed")
        # The same answer whether or not the account exists: emails are not revealed.
        return render_template("accounts/forgot_sent.html")
    return render_form("accounts/forgot.html", form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    try:
        services.reset_token_user(db.session, token)
    except DomainError as error:
        return render_template("accounts/reset_invalid.html", message=error.message), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(db.session, token, form.password.data)
        except DomainError as error:
            attach_error(form, error)
        else:
            logout_user()
            session.clear()
            flash("Your password has been changed. Log in with the new one.")
            return redirect(url_for("accounts.login"))
    return render_form("accounts/reset.html", form)


@bp.route("/settings")
@signed_in
@consent_exempt
def settings():
    return _settings_page(200)


def _settings_page(status: int, **submitted):
    """The settings page; a refused form (in `submitted`) is shown with its errors, the others empty."""
    context = dict(
        consents=consent.states(db.session, current_user),
        timezone_form=TimezoneForm(formdata=None, timezone=current_user.timezone),
        password_form=ChangePasswordForm(formdata=None),
        delete_form=DeleteAccountForm(formdata=None),
        zones=timezone_choices(),
    )
    context.update(submitted)
    return render_template("accounts/settings.html", **context), status


@bp.route("/settings/timezone", methods=["POST"])
@signed_in
def change_timezone():
    form = TimezoneForm()
    if form.validate_on_submit():
        try:
            services.set_timezone(db.session, current_user, form.timezone.data)
        except DomainError as error:
            attach_error(form, error)
        else:
            flash("Time zone saved.")
            return redirect(url_for("accounts.settings"))
    return _settings_page(400, timezone_form=form)


@bp.route("/settings/password", methods=["POST"])
@signed_in
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(db.session, current_user, form.current_password.data, form.new_password.data)
        except DomainError as error:
            attach_error(form, error)
        else:
            login_user(current_user._get_current_object())  # keep this session; others are signed out
            flash("Password changed. Other devices have been signed out.")
            return redirect(url_for("accounts.settings"))
    return _settings_page(400, password_form=form)


@bp.route("/settings/export", methods=["POST"])
@signed_in
@consent_exempt
def export_data():
    archive = data_rights.build_export(db.session, current_user, request_actor())
    return send_file(
        io.BytesIO(archive),
        mimetype="application/zip",
        as_attachment=True,
        download_name=f"mindhaven-export-{current_user.id}.zip",
    )


@bp.route("/settings/delete", methods=["POST"])
@signed_in
@consent_exempt
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            data_rights.delete_client_account(
                db.session, current_user._get_current_object(), form.password.data, request_actor()
            )
        except DomainError as error:
            if error.status != 400:
                raise
            attach_error(form, error)
        else:
            logout_user()
            session.clear()
            return render_template("accounts/deleted.html")
    return _settings_page(400, delete_form=form)
