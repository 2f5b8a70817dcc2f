"""Library rules: validation, listing with filters and search, and admin create/edit/delete.

Search is case-insensitive on SQLite and PostgreSQL alike (lower(column) LIKE lower(term), with % and _
escaped), and ranks title matches first, then summary matches, then body-only matches.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from mindhaven.dbtypes import utcnow
from mindhaven.errors import NotFound, ValidationFailed
from mindhaven.resources.models import Resource
from mindhaven.resources.topics import KINDS, TOPICS

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 120
TITLE_MIN, TITLE_MAX = 3, 200
SUMMARY_MAX = 500
BODY_MAX = 20_000
URL_MAX = 500
QUERY_MAX = 100
URL_RE = re.compile(r"^https?://[^\s<>\"']+$")


@dataclass(frozen=True)
class ResourceData:
    slug: str
    title: str
    kind: str
    topics: list[str]
    summary: str
    body: str
    url: str | None
    published: bool


def _text(form: Mapping, name: str) -> str:
    value = form.get(name, "")
    if not isinstance(value, str):
        raise ValidationFailed(f"The {name} must be text.", name)
    return value.replace("\r\n", "\n").strip()


def _topics_of(form: Mapping) -> list[str]:
    if hasattr(form, "getlist"):
        raw = form.getlist("topics")
    else:
        raw = form.get("topics", [])
        if isinstance(raw, str):
            raw = [raw]
    if not isinstance(raw, list | tuple) or not all(isinstance(t, str) for t in raw):
        raise ValidationFailed("Topics must be a list of topic names.", "topics")
    topics: list[str] = []
    for topic in raw:
        topic = topic.strip()
        if topic not in TOPICS:
            raise ValidationFailed(f"Unknown topic: {topic[:40]!r}.", "topics")
        if topic not in topics:
            topics.append(topic)
    if not topics:
        raise ValidationFailed("Choose at least one topic.", "topics")
    return topics


def validate(form: Mapping) -> ResourceData:
    """Check a submitted form (or a plain dict) and return clean values; ValidationFailed otherwise."""
    slug = _text(form, "slug").lower()
    if not slug or len(slug) > SLUG_MAX or not SLUG_RE.match(slug):
        raise ValidationFailed(
            "The slug must be 1 to 120 lowercase letters, digits and single hyphens, like 'box-breathing'.", "slug"
        )
    title = " ".join(_text(form, "title").split())
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        raise ValidationFailed(f"The title must be {TITLE_MIN} to {TITLE_MAX} characters.", "title")
    kind = _text(form, "kind")
    if kind not in KINDS:
        raise ValidationFailed("Choose a kind: article, exercise, helpline or link.", "kind")
    topics = _topics_of(form)
    summary = " ".join(_text(form, "summary").split())
    if len(summary) > SUMMARY_MAX:
        raise ValidationFailed(f"The summary must be at most {SUMMARY_MAX} characters.", "summary")
    body = _text(form, "body")
    if len(body) > BODY_MAX:
        raise ValidationFailed(f"The body must be at most {BODY_MAX} characters.", "body")
    if kind != "link" and len(body) < 20:
        raise ValidationFailed("The body must be at least 20 characters.", "body")
    url = _text(form, "url") or None
    if url is not None and (len(url) > URL_MAX or not URL_RE.match(url)):
        raise ValidationFailed("The address must start with http:// or https:// and have no spaces.", "url")
    if kind == "link" and url is None:
        raise ValidationFailed("A link needs an address.", "url")
    published = form.get("published") in {"on", "true", "1", True}
    return ResourceData(slug, title, kind, topics, summary, body, url, published)


# Reading ----------------------------------------------------------------------------------------------------


def escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def normalise_query(raw: str | None) -> str:
    return " ".join((raw or "").split())[:QUERY_MAX]


def search(
    session: Session,
    q: str = "",
    topic: str | None = None,
    kind: str | None = None,
    include_unpublished: bool = False,
) -> list[Resource]:
    """Entries matching the filters; with a query, title matches first, then summary, then body."""
    if topic is not None and topic not in TOPICS:
        raise ValidationFailed("Unknown topic.", "topic")
    if kind is not None and kind not in KINDS:
        raise ValidationFailed("Unknown kind.", "kind")
    statement = select(Resource)
    if not include_unpublished:
        statement = statement.where(Resource.published.is_(True))
    if kind:
        statement = statement.where(Resource.kind == kind)
    q = normalise_query(q)
    if q:
        pattern = "%" + escape_like(q.lower()) + "%"
        in_title = func.lower(Resource.title).like(pattern, escape="\\")
        in_summary = func.lower(Resource.summary).like(pattern, escape="\\")
        in_body = func.lower(Resource.body).like(pattern, escape="\\")
        statement = statement.where(in_title | in_summary | in_body).order_by(
            case((in_title, 0), (in_summary, 1), else_=2), Resource.title
        )
    else:
        statement = statement.order_by(Resource.title)
    found = list(session.scalars(statement))
    if topic:
        # Topics are a JSON list; filtering in Python keeps this identical on SQLite and PostgreSQL.
        found = [r for r in found if topic in (r.topics or [])]
    return found


def topic_counts(session: Session) -> dict[str, int]:
    counts = dict.fromkeys(TOPICS, 0)
    for topics in session.scalars(select(Resource.topics).where(Resource.published.is_(True))):
        for topic in topics or []:
            if topic in counts:
                counts[topic] += 1
    return counts


def get_by_slug(session: Session, slug: str, include_unpublished: bool = False) -> Resource:
    resource = session.scalars(select(Resource).where(Resource.slug == slug)).first()
    if resource is None or (not resource.published and not include_unpublished):
        raise NotFound("No such resource.")
    return resource


def get(session: Session, resource_id: int) -> Resource:
    resource = session.get(Resource, resource_id)
    if resource is None:
        raise NotFound("No such resource.")
    return resource


def related(session: Session, resource: Resource, limit: int = 3) -> list[Resource]:
    mine = set(resource.topics or [])
    others = session.scalars(
        select(Resource).where(Resource.published.is_(True), Resource.id != resource.id).order_by(Resource.title)
    )
    scored = [(len(mine & set(r.topics or [])), r) for r in others]
    return [r for score, r in sorted(scored, key=lambda pair: -pair[0]) if score][:limit]


def paragraphs(body: str) -> list[dict]:
    """Split a body into blocks for safe rendering: {'kind': 'p', 'text'} or {'kind': 'ul'|'ol', 'items'}.

    Blocks are separated by blank lines; a block whose lines all start with '- ' becomes a bulleted list,
    one whose lines all start with '1. ', '2. ' … a numbered list. The template autoescapes every string.
    """
    blocks: list[dict] = []
    for chunk in re.split(r"\n\s*\n", (body or "").strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            blocks.append({"kind": "ul", "items": [line[2:].strip() for line in lines]})
        elif all(re.match(r"^\d+\.\s", line) for line in lines):
            blocks.append({"kind": "ol", "items": [re.sub(r"^\d+\.\s+", "", line) for line in lines]})
        else:
            blocks.append({"kind": "p", "text": " ".join(lines)})
    return blocks


# Writing ----------------------------------------------------------------------------------------------------


def _slug_taken(session: Session, slug: str, except_id: int | None = None) -> bool:
    statement = select(Resource.id).where(Resource.slug == slug)
    if except_id is not None:
        statement = statement.where(Resource.id != except_id)
    return session.scalars(statement).first() is not None


def create(session: Session, form: Mapping) -> Resource:
    data = validate(form)
    if _slug_taken(session, data.slug):
        raise ValidationFailed("Another resource already uses that slug.", "slug")
    resource = Resource(**data.__dict__)
    session.add(resource)
    session.flush()
    return resource


def update(session: Session, resource_id: int, form: Mapping) -> Resource:
    resource = get(session, resource_id)
    data = validate(form)
    if _slug_taken(session, data.slug, except_id=resource.id):
        raise ValidationFailed("Another resource already uses that slug.", "slug")
    for name, value in data.__dict__.items():
        setattr(resource, name, value)
    resource.updated_at = utcnow()
    session.flush()
    return resource


def delete(session: Session, resource_id: int) -> str:
    resource = get(session, resource_id)
    title = resource.title
    session.delete(resource)
    session.flush()
    return title
