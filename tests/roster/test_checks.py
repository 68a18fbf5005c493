from __future__ import annotations

from cryptography.fernet import Fernet

from roster import crypto
from roster.checks import check_field_encryption_key


def test_missing_key_outside_debug_warns(settings):
    settings.DEBUG = False
    settings.FIELD_ENCRYPTION_KEY = ""
    assert [message.id for message in check_field_encryption_key(None)] == ["roster.W001"]


def test_invalid_key_is_an_error(settings):
    settings.FIELD_ENCRYPTION_KEY = "not-a-key"
    assert [message.id for message in check_field_encryption_key(None)] == ["roster.E001"]


def test_configured_key_encrypts_and_a_different_key_cannot_read(settings):
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    token = crypto.encrypt("11010519491231002X")
    assert check_field_encryption_key(None) == []
    assert crypto.decrypt(token) == "11010519491231002X"
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    try:
        crypto.decrypt(token)
    except Exception as error:  # cryptography.fernet.InvalidToken
        assert type(error).__name__ == "InvalidToken"
    else:
        raise AssertionError("decrypted with the wrong key")
