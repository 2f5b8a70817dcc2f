"""Crisis helplines: which lines the crisis card shows, for which country.

Admins edit the `helplines` table (/admin/helplines). The client's country comes from their timezone (the zone.tab
that ships with tzdata maps each zone to a country code); the card lists that country's lines, then the "*"
fallback, each in `position` order. An empty table (a fresh database before seeding) falls back to `DEFAULTS`, so
the card never shows nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mindhaven.errors import ValidationFailed
from mindhaven.safety.models import Helpline

ANYWHERE = "*"


@dataclass(frozen=True)
class Line:
    country: str
    country_name: str
    name: str
    contact: str
    note: str = ""
    position: int = 0

    def as_tuple(self) -> tuple[str, str, str, str]:
        """The (country name, name, contact, note) shape of pages.routes.CRISIS_LINES."""
        return (self.country_name, self.name, self.contact, self.note)


DEFAULTS: tuple[Line, ...] = (
    Line("IN", "India", "Tele-MANAS", "14416 or 1-800-891-4416", "24 hours, free, many Indian languages", 10),
    Line("IN", "India", "KIRAN mental health helpline", "1800-599-0019", "24 hours, free", 20),
    Line("US", "United States", "988 Suicide & Crisis Lifeline", "Call or text 988", "24 hours", 10),
    Line("GB", "United Kingdom", "Samaritans", "116 123", "24 hours, free", 10),
    Line("IE", "Ireland", "Samaritans", "116 123", "24 hours, free", 10),
    # The countries of the languages the crisis check reads (docs/safety.md); numbers as each service publishes them.
    Line("ES", "España", "024, Línea de atención a la conducta suicida", "024", "24 horas, gratuita", 10),
    Line("MX", "México", "Línea de la Vida", "800 911 2000", "24 horas, gratuita", 10),
    Line("AR", "Argentina", "Centro de Asistencia al Suicida", "135 (Buenos Aires) o (011) 5275-1135", "", 10),
    Line("AR", "Argentina", "Línea de Salud Mental", "0800-999-0091", "24 horas, gratuita", 20),
    Line("BR", "Brasil", "CVV, Centro de Valorização da Vida", "188", "24 horas, gratuito", 10),
    Line("PT", "Portugal", "SNS 24, aconselhamento psicológico", "808 24 24 24, opção 4", "24 horas", 10),
    Line("PT", "Portugal", "Linha de prevenção do suicídio", "1411", "", 20),
    Line("FR", "France", "3114, numéro national de prévention du suicide", "3114", "24h/24, gratuit", 10),
    Line(
        "DE", "Deutschland", "TelefonSeelsorge", "0800 111 0 111 oder 0800 111 0 222", "rund um die Uhr, kostenlos", 10
    ),
    Line("AT", "Österreich", "TelefonSeelsorge", "142", "rund um die Uhr, kostenlos", 10),
    Line("CH", "Schweiz / Suisse", "Die Dargebotene Hand / La Main Tendue", "143", "24 h", 10),
    Line("CA", "Canada", "988 Suicide Crisis Helpline", "Call or text 988", "24 hours", 10),
    # Each country's own emergency number, after its crisis lines: "call your local emergency number" is no help to
    # someone who does not know it.
    Line("IN", "India", "Emergency services", "112", "If you are in immediate danger", 90),
    Line("US", "United States", "Emergency services", "911", "If you are in immediate danger", 90),
    Line("GB", "United Kingdom", "Emergency services", "999 or 112", "If you are in immediate danger", 90),
    Line("IE", "Ireland", "Emergency services", "112 or 999", "If you are in immediate danger", 90),
    Line("ES", "España", "Emergencias", "112", "Si estás en peligro inmediato", 90),
    Line("MX", "México", "Emergencias", "911", "Si estás en peligro inmediato", 90),
    Line("AR", "Argentina", "Emergencias", "911 o 107 (emergencias médicas)", "Si estás en peligro inmediato", 90),
    Line("BR", "Brasil", "SAMU", "192", "Se você está em perigo imediato", 90),
    Line("PT", "Portugal", "Emergência", "112", "Se está em perigo imediato", 90),
    Line("FR", "France", "Urgences", "112 ou 15 (SAMU)", "En cas de danger immédiat", 90),
    Line("DE", "Deutschland", "Notruf", "112", "Bei akuter Gefahr", 90),
    Line("AT", "Österreich", "Notruf", "112 oder 144 (Rettung)", "Bei akuter Gefahr", 90),
    Line(
        "CH",
        "Schweiz / Suisse",
        "Notruf / Urgences",
        "144 (Sanität / ambulance) oder/ou 112",
        "Bei akuter Gefahr / en cas de danger immédiat",
        90,
    ),
    Line("CA", "Canada", "Emergency services", "911", "If you are in immediate danger", 90),
    Line(
        ANYWHERE,
        "Anywhere",
        "Your local emergency number",
        "112 works from mobile phones in many countries",
        "If you are in immediate danger. findahelpline.com lists crisis lines by country.",
        100,
    ),
)


@lru_cache(maxsize=1)
def _zone_countries() -> dict[str, str]:
    """timezone -> ISO country code, from zone.tab (tzdata's copy, else the system's)."""
    candidates = []
    try:
        import tzdata  # type: ignore[import-not-found]

        candidates.append(Path(tzdata.__file__).parent / "zoneinfo" / "zone.tab")
    except ImportError:  # pragma: no cover - tzdata is a dependency
        pass
    candidates.append(Path("/usr/share/zoneinfo/zone.tab"))
    for path in candidates:
        if path.is_file():
            mapping = {}
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.startswith("#") or not line.strip():
                    continue
                parts = line.split("\t")
                if len(parts) >= 3:
                    mapping[parts[2]] = parts[0]
            return mapping
    return {}


_ALIASES = {"Asia/Calcutta": "IN", "US/Eastern": "US", "US/Central": "US", "US/Mountain": "US", "US/Pacific": "US"}


def country_for_timezone(zone: str | None) -> str | None:
    if not zone:
        return None
    return _zone_countries().get(zone) or _ALIASES.get(zone)


def _rows(session: Session) -> list[Line] | None:
    rows = session.scalars(select(Helpline).order_by(Helpline.position, Helpline.id)).all()
    if not rows:
        return None
    return [Line(r.country, r.country_name, r.name, r.contact, r.note or "", r.position) for r in rows]


def helplines_for(session: Session, user=None, country: str | None = None, likely: str | None = None) -> list[Line]:
    """The lines for the user's country (from their timezone), then the "*" fallback, in position order.

    Without a known country (or no lines for it) every country's lines are listed, each country's together (its
    crisis lines, then its emergency number), the `likely` country first (a signed-out visitor's browser language
    region), then the fallback.
    """
    lines = _rows(session) or list(DEFAULTS)
    code = country or country_for_timezone(getattr(user, "timezone", None))
    local = sorted((line for line in lines if code and line.country == code), key=lambda line: line.position)
    fallback = sorted((line for line in lines if line.country == ANYWHERE), key=lambda line: line.position)
    if local:
        return local + fallback
    everywhere = [line for line in lines if line.country != ANYWHERE]
    return sorted(everywhere, key=lambda line: (line.country != likely, line.country_name, line.position)) + fallback


def crisis_lines_for(session: Session, user=None, likely: str | None = None) -> list[tuple[str, str, str, str]]:
    """`helplines_for` in the tuple shape the existing crisis boxes render."""
    return [line.as_tuple() for line in helplines_for(session, user, likely=likely)]


def country_of_languages(accepted: list[str]) -> str | None:
    """The region of the first browser language that names one ("en-IN" → IN, "pt-BR" → BR), else None."""
    for tag in accepted:
        parts = tag.replace("_", "-").split("-")
        if len(parts) >= 2 and len(parts[-1]) == 2 and parts[-1].isalpha():
            return parts[-1].upper()
    return None


_NUMBER = re.compile(r"(?:\(\d{1,5}\)\s*)?\+?\d[\d\s\-.]*\d|\d")


def dial_parts(contact: str) -> list[tuple[str, str | None]]:
    """The contact text in pieces, each number with the digits to dial: "14416 or 1-800-891-4416" is two numbers.

    Pieces that are words ("Call or text", "or", "(option 4)") have no number. A number is digits with the spaces,
    dashes and dots people write inside it, after an area code in brackets; "808 24 24 24, opção 4" dials 808242424
    and leaves the option to the caller. Single digits (an option, a menu choice) are words.
    """
    parts: list[tuple[str, str | None]] = []
    position = 0
    for match in _NUMBER.finditer(contact):
        digits = re.sub(r"[^\d+]", "", match.group(0))
        if len(digits.lstrip("+")) < 3:
            continue
        if match.start() > position:
            parts.append((contact[position : match.start()], None))
        parts.append((match.group(0), digits))
        position = match.end()
    if position < len(contact):
        parts.append((contact[position:], None))
    return parts


def missing_defaults(session: Session) -> list[Line]:
    """The built-in lines not in the table (by country and name): new ones after an upgrade, or deleted ones."""
    present = {(country, name) for country, name in session.execute(select(Helpline.country, Helpline.name))}
    return [line for line in DEFAULTS if (line.country, line.name) not in present]


def add_missing_defaults(session: Session) -> int:
    """Insert the built-in lines the table lacks; returns how many. The admin asks for it; the caller commits."""
    missing = missing_defaults(session)
    for line in missing:
        session.add(Helpline(**line.__dict__))
    session.flush()
    return len(missing)


def seed_helplines(session: Session) -> int:
    """Insert the defaults when the table is empty; returns how many were added. Idempotent; the caller commits."""
    if session.scalar(select(func.count()).select_from(Helpline)):
        return 0
    for line in DEFAULTS:
        session.add(Helpline(**line.__dict__))
    session.flush()
    return len(DEFAULTS)


# --- admin editing ------------------------------------------------------------------------------------------------

_COUNTRY = re.compile(r"^(?:[A-Z]{2}|\*)$")


def validate(form) -> dict:
    """Clean an admin form; raises ValidationFailed (400) with a message for the first bad field."""
    country = (form.get("country") or "").strip().upper()
    if not _COUNTRY.match(country):
        raise ValidationFailed('Country must be a two-letter code such as IN, or "*" for anywhere.', "country")
    data = {"country": country}
    for field, label, limit, required in (
        ("country_name", "Country name", 80, True),
        ("name", "Name", 120, True),
        ("contact", "Contact", 120, True),
        ("note", "Note", 200, False),
    ):
        value = " ".join((form.get(field) or "").split())
        if required and not value:
            raise ValidationFailed(f"{label} is required.", field)
        if len(value) > limit:
            raise ValidationFailed(f"{label} must be at most {limit} characters.", field)
        data[field] = value
    raw = (form.get("position") or "0").strip()
    if not re.fullmatch(r"-?\d{1,6}", raw):
        raise ValidationFailed("Position must be a whole number.", "position")
    data["position"] = int(raw)
    return data


def create(session: Session, form) -> Helpline:
    line = Helpline(**validate(form))
    session.add(line)
    session.flush()
    return line


def update(session: Session, line: Helpline, form) -> Helpline:
    for key, value in validate(form).items():
        setattr(line, key, value)
    session.flush()
    return line
