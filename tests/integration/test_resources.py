"""The resource library end to end: seeding, browsing, search, filters, detail pages and admin CRUD."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from mindhaven.resources.models import Resource
from mindhaven.resources.seed import seed_resources


@pytest.fixture
def seeded(session):
    seed_resources(session)
    session.commit()
    return session


def add(session, slug, title, body="A plain body that is long enough to pass.", **kw):
    kw.setdefault("kind", "article")
    kw.setdefault("topics", ["stress"])
    kw.setdefault("summary", "")
    kw.setdefault("published", True)
    resource = Resource(slug=slug, title=title, body=body, **kw)
    session.add(resource)
    session.commit()
    return resource


def titles(page) -> list[str]:
    import re

    return re.findall(r'<h2><a href="/resources/[^"]+">([^<]+)</a></h2>', page.text)


# Seeding ----------------------------------------------------------------------------------------------------


def test_seed_creates_twenty_entries_across_ten_topics_and_is_idempotent(session):
    first = seed_resources(session)
    session.commit()
    assert first.created >= 20
    rows = list(session.scalars(select(Resource)))
    assert len(rows) >= 20
    assert len({t for r in rows for t in r.topics}) >= 10
    second = seed_resources(session)
    session.commit()
    assert second.created == 0 and second.existing == first.created
    assert session.scalar(select(func.count(Resource.id))) == len(rows)


def test_seed_keeps_admin_edits(seeded):
    entry = seeded.scalars(select(Resource).where(Resource.slug == "box-breathing")).one()
    entry.title = "Box breathing (edited)"
    seeded.commit()
    seed_resources(seeded)
    seeded.commit()
    assert seeded.scalars(select(Resource.title).where(Resource.slug == "box-breathing")).one().endswith("(edited)")


# Browsing and search ----------------------------------------------------------------------------------------


def test_library_is_public_and_lists_seeded_entries(browser, seeded):
    page = browser.get("/resources")
    assert page.status_code == 200
    assert "Understanding anxiety" in page.text
    assert "Box breathing" in page.text


@pytest.mark.parametrize("role", ["client", "therapist", "admin"])
def test_library_for_every_signed_in_role(make, login, seeded, role):
    user = getattr(make, role)()
    page = login(user).get("/resources")
    assert page.status_code == 200
    assert 'href="/resources">Resources</a>' in page.text  # the nav link


def test_search_ranks_title_matches_first(browser, session):
    add(session, "body-only", "Aaa first alphabetically", body="Here the word Lighthouse appears in the body only.")
    add(session, "summary-only", "Bbb middle", summary="A lighthouse in the summary.")
    add(session, "title-match", "Zzz the lighthouse keeper")
    add(session, "unrelated", "Nothing to see", body="No match in this body at all, none.")
    assert titles(browser.get("/resources?q=LIGHTHOUSE")) == [
        "Zzz the lighthouse keeper",
        "Bbb middle",
        "Aaa first alphabetically",
    ]


def test_search_matches_body_text(browser, seeded):
    found = titles(browser.get("/resources?q=corner shop"))
    assert found == ["Planning one small good thing (behavioural activation)"]


def test_search_escapes_percent_and_underscore(browser, session):
    add(session, "percent", "Save 100% of effort")
    add(session, "plain", "Save 1000 of effort")
    add(session, "under", "snake_case title")
    add(session, "nounder", "snakeXcase title")
    assert titles(browser.get("/resources?q=100%25")) == ["Save 100% of effort"]
    assert titles(browser.get("/resources?q=%25")) == ["Save 100% of effort"]
    assert titles(browser.get("/resources?q=snake_case")) == ["snake_case title"]
    assert titles(browser.get("/resources?q=_")) == ["snake_case title"]


def test_search_with_no_results_says_so(browser, seeded):
    page = browser.get("/resources?q=xylophone-quartz")
    assert page.status_code == 200
    assert titles(page) == []
    assert "No resources match" in page.text and "xylophone-quartz" in page.text


def test_search_output_is_escaped(browser, seeded):
    page = browser.get("/resources?q=<script>alert(1)</script>")
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.text


def test_topic_and_kind_filters(browser, seeded):
    sleep = titles(browser.get("/resources?topic=sleep"))
    assert "A wind-down routine for better sleep" in sleep and "Sleep myths" in sleep
    assert "Understanding anxiety" not in sleep
    exercises = titles(browser.get("/resources?kind=exercise"))
    assert "Box breathing" in exercises and "Understanding anxiety" not in exercises
    both = titles(browser.get("/resources?topic=panic&kind=exercise"))
    assert set(both) == {"Box breathing", "5-4-3-2-1 grounding"}
    assert titles(browser.get("/resources?kind=helpline")) == ["Crisis helplines"]
    assert titles(browser.get("/resources?topic=sleep&q=myth")) == ["Sleep myths"]


@pytest.mark.parametrize("query", ["topic=astrology", "kind=video", "topic=%00"])
def test_unknown_filters_are_400(browser, seeded, query):
    assert browser.get(f"/resources?{query}").status_code == 400


def test_unpublished_entries_are_hidden_from_non_admins(browser, make, login, session):
    add(session, "draft-entry", "Draft about tides", published=False)
    assert titles(browser.get("/resources?q=tides")) == []
    assert browser.get("/resources/draft-entry").status_code == 404
    client = login(make.client())
    assert client.get("/resources/draft-entry").status_code == 404
    admin = login(make.admin())
    page = admin.get("/resources/draft-entry")
    assert page.status_code == 200 and "Unpublished" in page.text


# Detail -----------------------------------------------------------------------------------------------------


def test_detail_renders_paragraphs_and_lists(browser, seeded):
    page = browser.get("/resources/box-breathing")
    assert page.status_code == 200
    assert "<h1>Box breathing</h1>" in page.text
    assert "<ol><li>Breathe in gently through your nose for a count of four.</li>" in page.text
    assert page.text.count("<p>") >= 3


def test_detail_escapes_body(browser, session):
    add(session, "xss", "Escaping", body="Before <script>alert(1)</script> after.\n\n- <b>bold</b>")
    page = browser.get("/resources/xss")
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;" in page.text and "&lt;b&gt;bold&lt;/b&gt;" in page.text


def test_link_entry_shows_address_as_text(browser, seeded):
    page = browser.get("/resources/who-public-mental-health")
    assert "<code>https://www.who.int/health-topics/mental-health</code>" in page.text
    assert 'href="https://www.who.int' not in page.text


@pytest.mark.parametrize("slug", ["no-such-thing", "UPPER", "x" * 300])
def test_unknown_detail_is_404(browser, seeded, slug):
    assert browser.get(f"/resources/{slug}").status_code == 404


# Admin ------------------------------------------------------------------------------------------------------


def form(**overrides):
    data = {
        "slug": "tidal-breathing",
        "title": "Tidal breathing",
        "kind": "exercise",
        "topics": ["anxiety", "sleep"],
        "summary": "Breathe like the tide.",
        "body": "In like the tide coming in.\n\nOut like the tide going out.",
        "url": "",
        "published": "on",
    }
    data.update(overrides)
    return data


def test_admin_creates_edits_and_deletes(make, login, session, browser):
    admin = login(make.admin())
    assert admin.get("/admin/resources").status_code == 200
    assert admin.get("/admin/resources/new").status_code == 200
    response = admin.post("/admin/resources/new", data=form())
    assert response.status_code == 302
    created = session.scalars(select(Resource).where(Resource.slug == "tidal-breathing")).one()
    assert created.topics == ["anxiety", "sleep"] and created.published
    assert "Tidal breathing" in titles(browser.get("/resources?q=tide"))

    edit = admin.get(f"/admin/resources/{created.id}")
    assert edit.status_code == 200 and "Tidal breathing" in edit.text
    response = admin.post(f"/admin/resources/{created.id}", data=form(title="Ocean breathing", published=""))
    assert response.status_code == 302
    session.refresh(created)
    assert created.title == "Ocean breathing" and not created.published
    assert browser.get("/resources/tidal-breathing").status_code == 404

    entry_id = created.id
    response = admin.post(f"/admin/resources/{entry_id}/delete")
    assert response.status_code == 302
    assert session.scalars(select(Resource).where(Resource.slug == "tidal-breathing")).first() is None
    assert admin.post(f"/admin/resources/{entry_id}/delete").status_code == 404
    assert admin.get(f"/admin/resources/{entry_id}").status_code == 404


def test_admin_library_page_lists_every_entry_with_its_topics(make, login, session):
    """The admin menu's "Library" page, with entries in it (an empty list never rendered the topic labels)."""
    add(session, "tidal-breathing", "Tidal breathing", kind="exercise", topics=["anxiety", "sleep"])
    add(session, "draft-entry", "A draft entry", topics=["grief"], published=False)
    page = login(make.admin()).get("/admin/resources")
    assert page.status_code == 200
    assert "Tidal breathing" in page.text and "A draft entry" in page.text
    assert "/resources/tidal-breathing · Anxiety, Sleep" in page.text
    assert "Grief and loss" in page.text and "Unpublished" in page.text
    assert "Exercise" in page.text


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"slug": "Bad Slug!"}, "The slug must be"),
        ({"title": "x"}, "The title must be"),
        ({"title": "x" * 201}, "The title must be"),
        ({"topics": ["astrology"]}, "Unknown topic"),
        ({"topics": []}, "Choose at least one topic"),
        ({"kind": "podcast"}, "Choose a kind"),
        ({"body": ""}, "The body must be at least"),
        ({"body": "x" * 20_001}, "The body must be at most"),
        ({"kind": "link", "url": ""}, "A link needs an address"),
        ({"url": "ftp://example.org"}, "The address must start"),
        ({"slug": "box-breathing"}, "already uses that slug"),
    ],
)
def test_admin_validation_is_400_with_message(make, login, seeded, overrides, message):
    admin = login(make.admin())
    before = seeded.scalar(select(func.count(Resource.id)))
    response = admin.post("/admin/resources/new", data=form(**overrides))
    assert response.status_code == 400
    assert message in response.text
    assert seeded.scalar(select(func.count(Resource.id))) == before


def test_admin_edit_validation_keeps_the_entry(make, login, seeded):
    admin = login(make.admin())
    entry = seeded.scalars(select(Resource).where(Resource.slug == "sleep-myths")).one()
    response = admin.post(f"/admin/resources/{entry.id}", data=form(slug="worry-time"))
    assert response.status_code == 400 and "already uses that slug" in response.text
    seeded.refresh(entry)
    assert entry.slug == "sleep-myths"


def test_admin_form_missing_fields_is_400(make, login, seeded):
    admin = login(make.admin())
    assert admin.post("/admin/resources/new", data={}).status_code == 400
    assert admin.post("/admin/resources/new", data=form(), csrf=False).status_code == 400


@pytest.mark.parametrize("role", ["client", "therapist"])
def test_non_admins_are_forbidden_on_admin_pages(make, login, seeded, role):
    user = login(getattr(make, role)())
    entry_id = seeded.scalars(select(Resource.id)).first()
    assert user.get("/admin/resources").status_code == 403
    assert user.get("/admin/resources/new").status_code == 403
    assert user.post("/admin/resources/new", data=form()).status_code == 403
    assert user.get(f"/admin/resources/{entry_id}").status_code == 403
    assert user.post(f"/admin/resources/{entry_id}/delete").status_code == 403
    assert seeded.get(Resource, entry_id) is not None


def test_anonymous_is_sent_to_login_from_admin_pages(browser, seeded):
    for url in ("/admin/resources", "/admin/resources/new", "/admin/resources/1"):
        response = browser.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    response = browser.post("/admin/resources/1/delete")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_json_clients_get_json_errors(make, login, seeded):
    admin = login(make.admin())
    response = admin.get("/resources/nope", headers={"Accept": "application/json"})
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"
