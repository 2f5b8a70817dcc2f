"""Encryption at rest for free text (notes, journal, chat).

DATA_KEY holds one or more Fernet keys separated by commas. The first key
encrypts; every key decrypts. To rotate: put a new key first, run
`mindhaven rotate-data-key` (re-encrypts every EncryptedText column with the
new key), then drop the old key from DATA_KEY.
"""

from __future__ import annotations

from collections.abc import Iterator

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app
from sqlalchemy import Text, select, type_coerce, update
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

EXTENSION_KEY = "mindhaven_cipher"


class DataKeyError(ValueError):
    """DATA_KEY is missing or malformed, or a value was encrypted with a key that is gone."""


class DataCipher:
    """Encrypts with the newest key and decrypts with any configured key."""

    def __init__(self, data_key: str) -> None:
        keys = [part.strip() for part in data_key.split(",") if part.strip()]
        if not keys:
            raise DataKeyError("DATA_KEY is empty: set at least one key (mindhaven generate-keys).")
        try:
            self._fernet = MultiFernet([Fernet(key.encode()) for key in keys])
        except (ValueError, TypeError) as exc:
            raise DataKeyError("DATA_KEY must be comma-separated Fernet keys (32 url-safe base64 bytes each).") from exc

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except InvalidToken as exc:
            raise DataKeyError("a stored value cannot be decrypted with any key in DATA_KEY") from exc

    def rotate(self, token: str) -> str:
        """Re-encrypt a stored token with the newest key."""
        try:
            return self._fernet.rotate(token.encode("ascii")).decode("ascii")
        except InvalidToken as exc:
            raise DataKeyError("a stored value cannot be decrypted with any key in DATA_KEY") from exc


def current_cipher() -> DataCipher:
    return current_app.extensions[EXTENSION_KEY]


class EncryptedText(TypeDecorator):
    """A text column stored as a Fernet token; reads and writes plain str in Python."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect) -> str | None:
        if value is None:
            return None
        return current_cipher().encrypt(value)

    def process_result_value(self, value: str | None, dialect) -> str | None:
        if value is None:
            return None
        return current_cipher().decrypt(value)


def encrypted_columns(base) -> Iterator[tuple[object, str]]:
    """Every (table, column name) of a mapped model whose type is EncryptedText."""
    for mapper in base.registry.mappers:
        table = mapper.local_table
        for column in table.columns:
            if isinstance(column.type, EncryptedText):
                yield table, column.name


def rotate_encrypted_columns(session: Session, base, cipher: DataCipher, batch: int = 500) -> int:
    """Re-encrypt every EncryptedText value with the newest key; returns how many were rewritten.

    Works on the stored tokens (type_coerce skips EncryptedText's own
    processing), so it never depends on which key encrypted a row.
    """
    rewritten = 0
    for table, name in encrypted_columns(base):
        column = table.c[name]
        pk = list(table.primary_key.columns)[0]
        last = None
        while True:
            query = select(pk, type_coerce(column, Text)).where(column.isnot(None)).order_by(pk).limit(batch)
            if last is not None:
                query = query.where(pk > last)
            rows = session.execute(query).all()
            if not rows:
                break
            for row_id, token in rows:
                new_token = type_coerce(cipher.rotate(token), Text)
                session.execute(update(table).where(pk == row_id).values({name: new_token}))
                rewritten += 1
                last = row_id
            session.commit()
    return rewritten
