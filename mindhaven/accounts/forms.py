"""Account forms. Field rules live in validation.py and the services; these only parse."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DecimalField,
    EmailField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from mindhaven.accounts import validation
from mindhaven.accounts.validation import PASSWORD_MAX, PASSWORD_MIN
from mindhaven.accounts.vocab import APPROACHES, GENDERS, LANGUAGES, SPECIALTIES
from mindhaven.errors import ValidationFailed


def _rule(check):
    """Turn a validation.py rule into a WTForms validator, so every field error shows at once."""

    def validator(form, field) -> None:
        if not field.data:
            return
        try:
            check(field.data)
        except ValidationFailed as error:
            raise ValidationError(error.message) from None

    return validator


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _choices(vocabulary: dict[str, str]) -> list[SelectChoice]:
    return [SelectChoice(code, label) for code, label in vocabulary.items()]


def _password(label: str = "Password", description: str = "") -> PasswordField:
    length = f"Use {PASSWORD_MIN} to {PASSWORD_MAX} characters: at least {PASSWORD_MIN} keeps your account safe."
    return PasswordField(
        label,
        validators=[DataRequired(), Length(min=PASSWORD_MIN, max=PASSWORD_MAX, message=length)],
        render_kw={"autocomplete": "new-password"},
        description=description,
    )


PASSWORD_HINT = f"At least {PASSWORD_MIN} characters. A few unrelated words make a strong password."


class SignupForm(FlaskForm):
    pseudonym = StringField(
        "Pseudonym",
        validators=[DataRequired(), Length(max=40), _rule(validation.check_pseudonym)],
        description="What your therapist will call you. Please do not use your real name.",
        render_kw={"autocomplete": "nickname"},
    )
    email = EmailField(
        "Email",
        validators=[DataRequired(), Length(max=254), _rule(validation.normalize_email)],
        description="Only for logging in and reminders. Your therapist does not see it.",
        render_kw={"autocomplete": "email"},
    )
    password = _password(description=PASSWORD_HINT)
    timezone = StringField("Time zone", default="UTC", validators=[Length(max=64), _rule(validation.check_timezone)])


class TherapistApplicationForm(FlaskForm):
    full_name = StringField(
        "Full name", validators=[DataRequired(), Length(max=120)], render_kw={"autocomplete": "name"}
    )
    email = EmailField(
        "Email",
        validators=[DataRequired(), Length(max=254), _rule(validation.normalize_email)],
        render_kw={"autocomplete": "email"},
    )
    password = _password(description=PASSWORD_HINT)
    licence_number = StringField("Licence or registration number", validators=[DataRequired(), Length(max=60)])
    specialties = CheckboxesField("Specialties", choices=_choices(SPECIALTIES))
    approaches = CheckboxesField("Approaches", choices=_choices(APPROACHES))
    languages = CheckboxesField("Languages you offer therapy in", choices=_choices(LANGUAGES))
    gender = SelectField("Gender", choices=_choices(GENDERS), default="undisclosed")
    fee = DecimalField(
        "Standard fee per session",
        places=2,
        validators=[InputRequired(message="Enter your fee (0 for free)."), NumberRange(min=0, max=100000)],
    )
    bio = TextAreaField(
        "Short bio", validators=[Length(max=2000)], description="Shown to clients: how you work and who you work with."
    )
    timezone = StringField("Time zone", default="UTC", validators=[Length(max=64), _rule(validation.check_timezone)])


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)], render_kw={"autocomplete": "username"})
    password = PasswordField(
        "Password",
        validators=[DataRequired(), Length(max=PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)], render_kw={"autocomplete": "email"})


class ResetPasswordForm(FlaskForm):
    password = _password("New password", PASSWORD_HINT)


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password",
        validators=[DataRequired(), Length(max=PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = _password("New password", PASSWORD_HINT)


class TimezoneForm(FlaskForm):
    timezone = StringField("Time zone", validators=[DataRequired(), Length(max=64), _rule(validation.check_timezone)])


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        "Your password",
        validators=[DataRequired(), Length(max=PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )
    confirm = BooleanField(
        "I understand that this cannot be undone",
        validators=[DataRequired(message="Tick this box to confirm that your account should be deleted.")],
    )


class ReviewForm(FlaskForm):
    decision = RadioField(
        "Decision",
        choices=[SelectChoice("verify", "Verify"), SelectChoice("reject", "Reject")],
        validators=[DataRequired()],
    )
    note = StringField("Note (kept with the decision)", validators=[Length(max=500)])
