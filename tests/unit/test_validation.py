import pytest

from mindhaven.accounts import validation
from mindhaven.accounts.vocab import LANGUAGES
from mindhaven.errors import ValidationFailed


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Someone@Example.ORG", "someone@example.org"),
        ("  a.b+c@sub.example.co.in ", "a.b+c@sub.example.co.in"),
    ],
)
def test_emails_are_normalised(raw, expected):
    assert validation.normalize_email(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "no-at-sign", "a@b", "a@@b.org", "a b@c.org", "a@-bad.org", "x@" + "a" * 250 + ".org"]
)
def test_bad_emails_are_refused(raw):
    with pytest.raises(ValidationFailed) as error:
        validation.normalize_email(raw)
    assert error.value.field == "email"


@pytest.mark.parametrize(
    "password, fragment",
    [
        ("short", "at least 10"),
        ("x" * 129, "at most 128"),
        ("aaaaaaaaaaaa", "too easy"),
        ("river-blue-1234", "pseudonym"),
    ],
)
def test_weak_passwords_are_refused(password, fragment):
    with pytest.raises(ValidationFailed, match=fragment):
        validation.check_password(password, email="river@example.org", name="BlueRiver")


def test_a_reasonable_password_passes():
    assert validation.check_password("four calm words here", email="x@example.org", name="Kite")


@pytest.mark.parametrize("raw, expected", [("  Quiet   River ", "Quiet River"), ("Ana-María", "Ana-María")])
def test_pseudonyms_are_tidied(raw, expected):
    assert validation.check_pseudonym(raw) == expected


@pytest.mark.parametrize("raw", ["x", "a" * 41, "<script>", "name@host"])
def test_bad_pseudonyms_are_refused(raw):
    with pytest.raises(ValidationFailed):
        validation.check_pseudonym(raw)


def test_timezones_must_be_real_iana_zones():
    assert validation.check_timezone("Asia/Kolkata") == "Asia/Kolkata"
    with pytest.raises(ValidationFailed):
        validation.check_timezone("Mars/Olympus")
    assert "Europe/London" in validation.timezone_choices()


def test_codes_must_come_from_the_vocabulary():
    assert validation.check_codes(["hi", "en", "hi"], LANGUAGES, "languages", "language") == ["hi", "en"]
    with pytest.raises(ValidationFailed, match="Unknown language: xx"):
        validation.check_codes(["xx"], LANGUAGES, "languages", "language")
    with pytest.raises(ValidationFailed, match="at least one"):
        validation.check_codes([], LANGUAGES, "languages", "language")
