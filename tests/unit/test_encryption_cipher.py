import pytest
from cryptography.fernet import Fernet

from mindhaven.security.encryption import DataCipher, DataKeyError


def test_round_trip_and_ciphertext_hides_the_text():
    cipher = DataCipher(Fernet.generate_key().decode())
    token = cipher.encrypt("I felt panicky on the bus")
    assert "panicky" not in token
    assert cipher.decrypt(token) == "I felt panicky on the bus"


def test_old_key_still_decrypts_and_rotation_moves_to_the_new_key():
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    token = DataCipher(old).encrypt("note")
    both = DataCipher(f"{new},{old}")
    assert both.decrypt(token) == "note"
    rotated = both.rotate(token)
    assert DataCipher(new).decrypt(rotated) == "note"
    with pytest.raises(DataKeyError):
        DataCipher(new).decrypt(token)


@pytest.mark.parametrize("key", ["", " , ", "not-a-key"])
def test_malformed_keys_are_a_clear_error(key):
    with pytest.raises(DataKeyError):
        DataCipher(key)
