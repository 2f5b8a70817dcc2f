"""The consent documents and their current versions.

Each version's text is a template under templates/consent/. Publishing a new
version means adding `<kind>_v<N>.html` and bumping `version` here: users are
asked to accept it again at their next visit (required kinds) or see it next
time they opt in (optional kinds).
"""

from __future__ import annotations

from dataclasses import dataclass

from mindhaven.errors import NotFound


@dataclass(frozen=True)
class ConsentDocument:
    kind: str
    version: int
    title: str
    summary: str
    required: bool
    roles: tuple[str, ...]
    accept_label: str = "Yes"  # the words of the "yes" choice for an optional consent
    decline_label: str = "No, not now"

    @property
    def template(self) -> str:
        return f"consent/{self.kind.replace('-', '_')}_v{self.version}.html"


DOCUMENTS: dict[str, ConsentDocument] = {
    doc.kind: doc
    for doc in (
        ConsentDocument(
            kind="terms",
            version=1,
            title="Terms of use",
            summary="How MindHaven works, what it is not (an emergency service), and the rules for everyone.",
            required=True,
            roles=("client", "therapist", "admin"),
        ),
        ConsentDocument(
            kind="privacy",
            version=1,
            title="Privacy notice",
            summary="What we store, why, who can see it, and your rights to export and delete it.",
            required=True,
            roles=("client", "therapist", "admin"),
        ),
        ConsentDocument(
            kind="emotion-analysis",
            version=1,
            title="Facial-emotion analysis during video sessions",
            summary="Optional. Lets your therapist see an estimate of the emotions your face shows during a session.",
            required=False,
            roles=("client",),
            accept_label="Yes, my therapist may see the emotion estimate during sessions",
        ),
        ConsentDocument(
            kind="weekly-report-email",
            version=1,
            title="Your weekly report by email",
            summary="Optional. Each Monday, your week's report (mood, sessions, questionnaires) by email, as a PDF.",
            required=False,
            roles=("client",),
            accept_label="Yes, email me my weekly report",
            decline_label="No, I will read it in MindHaven",
        ),
    )
}


class UnknownConsent(NotFound):
    """No consent document of that kind."""


def document(kind: str) -> ConsentDocument:
    try:
        return DOCUMENTS[kind]
    except KeyError:
        raise UnknownConsent(f"no consent document called {kind!r}") from None


def documents_for(role: str) -> list[ConsentDocument]:
    return [doc for doc in DOCUMENTS.values() if role in doc.roles]
