"""What every record kind shares: the base model, trimmed free text, shared validators.

Also the two vocabularies every entry carries beside its payload (who wrote it, and where),
and the frequency check that workbooks 01 and 04 both use ("how often, lately").
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

#: Who wrote an entry.
Author = Literal["therapist", "client"]
AUTHORS: tuple[Author, ...] = get_args(Author)
#: Where it was written.
Place = Literal["clinic", "home"]
PLACES: tuple[Place, ...] = get_args(Place)


def _no_unstorable(value: str) -> str:
    """Refuse what one of the two databases cannot hold: a NUL character (PostgreSQL text
    cannot) or half of a surrogate pair (not UTF-8 at all), so both stores refuse alike."""
    if "\x00" in value or any("\ud800" <= ch <= "\udfff" for ch in value):
        raise PydanticCustomError("bad_character", "contains a character that cannot be saved")
    return value


#: The bounds below are what a person could really type into one box, with room to spare: a
#: long box holds about four pages, an item of a list about a paragraph.
TEXT_MAX, ITEM_MAX, NAME_MAX = 10_000, 2_000, 200
#: The most items any list or table in a record holds.
LIST_MAX = 50
#: All the text in one record together (about ten pages): past it a save is refused.
RECORD_TEXT_MAX = 50_000

FreeText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=TEXT_MAX),
                     AfterValidator(_no_unstorable)]
#: One item of a list of texts (another story, an emotion's name).
ItemText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=ITEM_MAX),
                     AfterValidator(_no_unstorable)]
_KEY = re.compile(r"[A-Za-z0-9_.:-]+")


def _key_chars(value: str) -> str:
    if not _KEY.fullmatch(value):
        raise PydanticCustomError("key_format", "letters, digits, dots, colons, dashes or underscores")
    return value


#: A key or id the program chose (an item id, an instrument id, an entry id, a flag).
Key = Annotated[str, StringConstraints(min_length=1, max_length=64), AfterValidator(_key_chars)]


def _text_size(value: Any) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, BaseModel):
        value = value.__dict__
    if isinstance(value, dict):
        return sum(_text_size(k) + _text_size(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return sum(_text_size(v) for v in value)
    return 0


class Record(BaseModel):
    """Base for every record kind: unknown fields are refused, text is trimmed, and every text
    and list is bounded (each field, and the record as a whole)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    kind: str = ""

    @model_validator(mode="after")
    def _not_too_much(self) -> Record:
        if _text_size(self.__dict__) > RECORD_TEXT_MAX:
            raise PydanticCustomError("record_too_long", "this is more text than one record holds")
        return self


def _required_text(value: str) -> str:
    if not value:
        raise PydanticCustomError("missing", "required")
    return value


#: How often, lately: never / once or twice / weekly / most days.
Frequency = Literal[0, 1, 2, 3]
FREQUENCIES: tuple[Frequency, ...] = get_args(Frequency)


def compare_frequencies(before: dict[str, int], now: dict[str, int]) -> dict[str, str]:
    """Per line rated both times: "less", "same" or "more" often than before."""
    out = {}
    for item, value in now.items():
        if item in before and before[item] is not None and value is not None:
            out[item] = "less" if value < before[item] else "more" if value > before[item] else "same"
    return out


class _FrequencyCheck(Record):
    ratings: dict[Key, Frequency] = Field(max_length=LIST_MAX)
    note: FreeText = ""

    @field_validator("ratings")
    @classmethod
    def _some_rated(cls, value: dict[str, int]) -> dict[str, int]:
        if not value:
            raise PydanticCustomError("rate_one", "rate at least one line")
        return value
