"""Seed the library with MindHaven's own entries. Idempotent: entries are matched by slug and never duplicated;
an existing entry is left as it is, so an administrator's edits survive a re-seed."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mindhaven.resources import services
from mindhaven.resources.content import ENTRIES
from mindhaven.resources.models import Resource


@dataclass
class ResourceSeedResult:
    created: int = 0
    existing: int = 0


def seed_resources(session: Session) -> ResourceSeedResult:
    """Add any seeded entry whose slug is not yet in the library; the caller commits."""
    result = ResourceSeedResult()
    present = set(session.scalars(select(Resource.slug)))
    for entry in ENTRIES:
        if entry["slug"] in present:
            result.existing += 1
            continue
        data = services.validate({**entry, "published": True})
        session.add(Resource(**data.__dict__))
        present.add(entry["slug"])
        result.created += 1
    session.flush()
    return result
