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


def helplines_for(session: Session, user=None, country: str | None = None) -> list[Line]:
    """The lines for the user's country (from their timezone), then the "*" fallback, in position order.

    Without a known country (or no lines for it) every country's lines are listed, then the fallback.
    """
    lines = _rows(session) or list(DEFAULTS)
    code = country or country_for_timezone(getattr(user, "timezone", None))
    local = [line for line in lines if code and line.country == code]
    fallback = [line for line in lines if line.country == ANYWHERE]
    if not local:
        local = [line for line in lines if line.country != ANYWHERE]
    key = lambda line: (line.position, line.country)  # noqa: E731
    return sorted(local, key=key) + sorted(fallback, key=key)


def crisis_lines_for(session: Session, user=None) -> list[tuple[str, str, str, str]]:
    """`helplines_for` in the tuple shape the existing crisis boxes render."""
    return [line.as_tuple() for line in helplines_for(session, user)]


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
