from cryptography.fernet import Fernet
from sqlalchemy import text

from mindhaven.accounts.models import User
from mindhaven.extensions import db
from mindhaven.records import services as records
from mindhaven.security.audit import Actor
from mindhaven.security.encryption import DataCipher, encrypted_columns, rotate_encrypted_columns


def test_encrypted_columns_are_discovered():
    names = {(table.name, column) for table, column in encrypted_columns(db.Model)}
    assert ("clinical_notes", "body") in names


def test_rotation_rewrites_every_value_with_the_new_key(app, session, make, app_factory):
    therapist, client = make.therapist(), make.client()
    make.assign(client, therapist)
    for n in range(3):
        records.add_note(session, therapist, Actor(therapist.id, "therapist"), client.id, f"note {n}")
    old_key = app.config["DATA_KEY"]
    new_key = Fernet.generate_key().decode()
    before = session.execute(text("SELECT body FROM clinical_notes ORDER BY id")).scalars().all()

    count = rotate_encrypted_columns(session, db.Model, DataCipher(f"{new_key},{old_key}"), batch=2)
    assert count == 3
    after = session.execute(text("SELECT body FROM clinical_notes ORDER BY id")).scalars().all()
    assert all(a != b for a, b in zip(after, before, strict=True))

    only_new = DataCipher(new_key)
    assert [only_new.decrypt(token) for token in after] == ["note 0", "note 1", "note 2"]

    # An app configured with the new key alone reads the notes.
    therapist_id, client_id = therapist.id, client.id
    fresh = app_factory(DATA_KEY=new_key)
    with fresh.app_context():
        viewer = db.session.get(User, therapist_id)
        notes = records.open_client_record(db.session, viewer, Actor(viewer.id, "therapist"), client_id).notes
        assert sorted(n.body for n in notes) == ["note 0", "note 1", "note 2"]
