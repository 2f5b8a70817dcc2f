"""Record ids taken from URLs, query strings and forms.

Every key column is an `Integer`: 32 signed bits in PostgreSQL (SQLite allows 64), so a larger number names no
record. Handed to the database it fails (PostgreSQL: "integer out of range"; SQLite's driver past 64 bits:
OverflowError), which was a 500. Such ids are refused here, before any query: in a path they do not match the
route (a 404), in a query string or form they are a 400.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Flask
from werkzeug.routing import IntegerConverter

from mindhaven.errors import ValidationFailed

MAX_ID = 2**31 - 1  # PostgreSQL's INTEGER, the narrowest of the databases MindHaven runs on
MAX_ID_DIGITS = len(str(MAX_ID))


def _up_to(bound: int) -> str:
    """A regex for the decimal numbers 0..bound, so that larger ones never match a route at all.

    Refusing them in the pattern, not only in to_python, keeps the answer a 404 for every method: werkzeug
    answers 405 when a converter refuses a path that another rule would take with a different method.
    """
    digits = str(bound)
    shorter = [f"[0-9]{{1,{len(digits) - 1}}}"] if len(digits) > 1 else []
    same_length = [
        f"{digits[:i]}[0-{int(d) - 1}][0-9]{{{len(digits) - i - 1}}}" for i, d in enumerate(digits) if d != "0"
    ]
    return "(?:" + "|".join([*shorter, *same_length, digits]) + ")"


class IdConverter(IntegerConverter):
    """`<int:...>` that matches only ids a row could have (0 to MAX_ID); anything larger is simply not found."""

    regex = _up_to(MAX_ID)


def install(app: Flask) -> None:
    """Make every `<int:...>` route use IdConverter. Must run before the blueprints are registered."""
    app.url_map.converters["int"] = IdConverter


def parse_id(raw: str | None) -> int | None:
    """An id from text, or None when the text is not one (empty, not plain digits, or too large)."""
    text = (raw or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > MAX_ID_DIGITS:
        return None
    number = int(text)
    return number if number <= MAX_ID else None


def id_arg(values: Mapping[str, str], name: str, label: str | None = None) -> int | None:
    """The id in values[name] (request.args, .form or .values): None when absent, a 400 when malformed."""
    raw = (values.get(name) or "").strip()
    if not raw:
        return None
    number = parse_id(raw)
    if number is None:
        readable = label or name.replace("_", " ").capitalize()
        if raw.isascii() and raw.isdigit():
            raise ValidationFailed(f"{readable} is too large: no record has that number.", name)
        raise ValidationFailed(f"{readable} must be a whole number, such as 42.", name)
    return number
