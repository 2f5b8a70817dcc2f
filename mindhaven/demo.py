"""Demo data for `make run`: one admin, seven verified therapists, three clients.

Idempotent: accounts are looked up by email and only missing ones are created.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mindhaven.accounts import services as accounts
from mindhaven.accounts.models import Role, TherapistStatus, User
from mindhaven.consent import services as consent
from mindhaven.extensions import db
from mindhaven.records import services as records
from mindhaven.resources.seed import seed_resources
from mindhaven.security.audit import Actor

DEMO_PASSWORD = "haven-demo-2026"
DOMAIN = "mindhaven.example"

THERAPISTS = [
    # email name, full name, gender, languages, specialties, approaches, fee (cents of CURRENCY, USD by default:
    # one currency per server), timezone, bio
    (
        "asha",
        "Dr Asha Rao",
        "woman",
        ["en", "hi", "mr"],
        ["anxiety", "depression", "stress"],
        ["cbt", "mindfulness"],
        25_00,
        "Asia/Kolkata",
        "Clinical psychologist in Pune. Calm, structured CBT for anxiety and low mood.",
    ),
    (
        "vikram",
        "Vikram Menon",
        "man",
        ["en", "ta", "hi"],
        ["addiction", "stress", "relationships"],
        ["act", "solution-focused"],
        18_00,
        "Asia/Kolkata",
        "Counsellor working with young professionals on stress, habits and relationships.",
    ),
    (
        "maria",
        "María González",
        "woman",
        ["es", "en"],
        ["trauma", "grief", "anxiety"],
        ["emdr", "person-centred"],
        60_00,
        "Europe/Madrid",
        "Trauma-informed therapist; EMDR and gentle, person-centred work.",
    ),
    (
        "sam",
        "Sam Okafor",
        "non-binary",
        ["en", "fr"],
        ["self-esteem", "relationships", "depression"],
        ["person-centred", "act"],
        45_00,
        "Europe/London",
        "Affirming space for identity, self-worth and relationships.",
    ),
    (
        "fatima",
        "Fatima Siddiqui",
        "woman",
        ["ur", "hi", "en", "ar"],
        ["grief", "depression", "sleep"],
        ["cbt", "psychodynamic"],
        14_00,
        "Asia/Kolkata",
        "Works with loss, low mood and sleep, in Urdu, Hindi, Arabic or English.",
    ),
    (
        "daniel",
        "Daniel Weber",
        "man",
        ["de", "en"],
        ["sleep", "stress", "anxiety"],
        ["cbt", "mindfulness"],
        80_00,
        "Europe/Berlin",
        "CBT for insomnia (CBT-I), stress and worry.",
    ),
    (
        "ananya",
        "Ananya Banerjee",
        "woman",
        ["bn", "en", "hi"],
        ["trauma", "relationships", "other"],
        ["family-systems", "dbt"],
        0,
        "Asia/Kolkata",
        "Family and couples work; DBT skills. Free sessions for students.",
    ),
]

CLIENTS = [
    ("quietriver", "QuietRiver", "Asia/Kolkata", "asha"),
    ("bluekite", "BlueKite", "Europe/London", "sam"),
    ("morningtea", "MorningTea", "America/New_York", None),
]


@dataclass
class SeedResult:
    created: int = 0
    existing: int = 0
    logins: list[tuple[str, str, str]] = field(default_factory=list)


def _email(local: str) -> str:
    return f"{local}@{DOMAIN}"


def _accept_required(user: User) -> None:
    for state in consent.states(db.session, user):
        if state.document.required and not state.current:
            consent.accept(db.session, user, state.document.kind)


def _demo_hours(session, therapist: User, sliding_scale: bool) -> None:
    """Weekday hours, a Saturday reduced-fee morning for every other therapist, and a free first session."""
    from mindhaven.scheduling import availability

    if availability.weekly_windows(session, therapist):
        return
    profile = therapist.therapist_profile
    profile.free_consultation = sliding_scale
    if sliding_scale:
        profile.reduced_fee_minor = profile.fee_minor // 2
    for weekday in range(5):
        availability.add_window(session, therapist, weekday, "09:00", "13:00", reduced_fee=False)
        availability.add_window(session, therapist, weekday, "14:00", "18:00", reduced_fee=False)
    if sliding_scale:
        availability.add_window(session, therapist, 5, "10:00", "12:00", reduced_fee=True)


def seed() -> SeedResult:
    result = SeedResult()
    session = db.session

    def ensure(email: str, make) -> User:
        user = accounts.find_by_email(session, email)
        if user is None:
            user = make()
            result.created += 1
        else:
            result.existing += 1
        _accept_required(user)
        session.commit()
        return user

    admin = ensure(
        _email("admin"),
        lambda: accounts.create_admin(session, email=_email("admin"), name="Demo Admin", password=DEMO_PASSWORD),
    )
    result.logins.append(("admin", admin.email, admin.display_name))
    actor = Actor(admin.id, Role.ADMIN, "seed")

    therapists: dict[str, User] = {}
    for local, name, gender, langs, specs, approaches, fee, zone, bio in THERAPISTS:
        application = accounts.TherapistApplication(
            email=_email(local),
            password=DEMO_PASSWORD,
            full_name=name,
            licence_number=f"DEMO-{local.upper()}-001",
            specialties=specs,
            approaches=approaches,
            languages=langs,
            gender=gender,
            bio=bio,
            fee_minor=fee,
            timezone=zone,
        )
        user = ensure(application.email, lambda a=application: accounts.apply_as_therapist(session, a))
        if user.therapist_profile.status != TherapistStatus.VERIFIED:
            accounts.review_therapist(session, admin, actor, user.id, True, "Demo therapist")
        therapists[local] = user
        _demo_hours(session, user, sliding_scale=len(therapists) % 2 == 1)
        result.logins.append(("therapist", user.email, name))

    for local, pseudonym, zone, therapist_key in CLIENTS:
        user = ensure(
            _email(local),
            lambda e=_email(local), p=pseudonym, z=zone: accounts.register_client(
                session, email=e, pseudonym=p, password=DEMO_PASSWORD, timezone=z
            ),
        )
        if therapist_key and records.my_therapist(session, user) is None:
            records.assign_therapist(session, actor, user, therapists[therapist_key])
        result.logins.append(("client", user.email, pseudonym))
    seed_resources(session)  # the resource library, idempotent by slug
    from mindhaven.safety.helplines import seed_helplines

    seed_helplines(session)  # crisis helplines, only into an empty table
    session.commit()
    return result
