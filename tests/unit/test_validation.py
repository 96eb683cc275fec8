"""Bad input gets a short, kind message tied to its field, never a traceback."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from attachwork.domain.records import ClientProfile, SessionRecord, Suds
from attachwork.domain.validation import validate


def test_valid_profile_is_cleaned():
    profile, errors = validate(ClientProfile, {"pseudonym": "  Otter-14 ", "initials": "a.b."})
    assert errors == {}
    assert profile.pseudonym == "Otter-14" and profile.initials == "AB"


def test_each_field_gets_its_own_message():
    _, errors = validate(ClientProfile, {"pseudonym": "x", "initials": "12345",
                                         "relationship_context": "married?"})
    assert errors["pseudonym"] == "Please use at least 2 characters."
    assert errors["initials"] == "Please keep this to 4 characters or fewer."
    assert errors["relationship_context"] == "Please pick one of the options."


def test_pseudonym_format_message():
    _, errors = validate(ClientProfile, {"pseudonym": "<script>"})
    assert errors["pseudonym"].startswith("Use letters, digits")


def test_numbers_out_of_range():
    assert validate(Suds, {"value": 11})[1] == {"value": "Please choose a number no higher than 10."}
    assert validate(Suds, {"value": -1})[1] == {"value": "Please choose a number no lower than 0."}
    assert validate(Suds, {"value": "lots"})[1] == {"value": "Please enter a whole number."}


def test_missing_and_dates():
    _, errors = validate(SessionRecord, {"workbook": "00_intake", "number": 0, "date": "soon"})
    assert errors == {"date": "Please enter a date such as 2026-03-14."}
    _, errors = validate(SessionRecord, {"number": 0, "date": "2026-01-02"})
    assert errors == {"workbook": "Please fill this in."}


@given(st.text(max_size=60), st.text(max_size=10))
def test_messages_never_echo_what_was_typed(pseudonym, initials):
    _, errors = validate(ClientProfile, {"pseudonym": pseudonym, "initials": initials})
    for message in errors.values():
        assert message and "{" not in message
        if len(pseudonym.strip()) > 3:
            assert pseudonym.strip() not in message
