from datetime import timedelta
from unittest import mock

import pytest

from mindhaven.consent import documents, services
from mindhaven.dbtypes import utcnow
from mindhaven.errors import NotFound, ValidationFailed


def test_new_client_must_accept_terms_and_privacy_but_not_emotion_analysis(session, make):
    client = make.client(consented=False)
    assert {d.kind for d in services.missing_required(session, client)} == {"terms", "privacy"}
    services.accept(session, client, "terms")
    services.accept(session, client, "privacy")
    assert services.missing_required(session, client) == []
    assert not services.has_current(session, client, "emotion-analysis")


def test_acceptance_records_version_and_time_and_is_idempotent(session, make):
    client = make.client()
    before = utcnow()
    first = services.accept(session, client, "emotion-analysis")
    again = services.accept(session, client, "emotion-analysis")
    assert first.id == again.id
    assert first.version == documents.document("emotion-analysis").version
    assert first.accepted_at >= before - timedelta(seconds=1)


def test_withdrawal_keeps_the_history(session, make):
    client = make.client()
    services.accept(session, client, "emotion-analysis")
    assert services.withdraw(session, client, "emotion-analysis") is True
    assert services.withdraw(session, client, "emotion-analysis") is False
    assert not services.has_current(session, client, "emotion-analysis")
    rows = [r for r in services.history(session, client.id) if r.kind == "emotion-analysis"]
    assert len(rows) == 1 and rows[0].withdrawn_at is not None


def test_a_new_version_asks_again(session, make):
    client = make.client()
    bumped = documents.ConsentDocument(**{**documents.DOCUMENTS["terms"].__dict__, "version": 2})
    with mock.patch.dict(documents.DOCUMENTS, {"terms": bumped}):
        assert [d.kind for d in services.missing_required(session, client)] == ["terms"]
        services.accept(session, client, "terms")
        assert services.missing_required(session, client) == []
        terms_rows = [r for r in services.history(session, client.id) if r.kind == "terms"]
        assert [r.version for r in terms_rows] == [1, 2]
        assert terms_rows[0].withdrawn_at is not None  # superseded


def test_emotion_analysis_consent_is_for_clients_only(session, make):
    therapist = make.therapist()
    with pytest.raises(ValidationFailed):
        services.accept(session, therapist, "emotion-analysis")
    with pytest.raises(NotFound):
        services.accept(session, therapist, "astrology")


def test_every_document_version_has_its_text():
    from pathlib import Path

    import mindhaven

    root = Path(mindhaven.__file__).parent / "templates"
    for doc in documents.DOCUMENTS.values():
        assert (root / doc.template).is_file(), doc.template
