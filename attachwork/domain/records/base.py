"""What every record kind shares: the base model, trimmed free text, shared validators.

Also the two vocabularies every entry carries beside its payload (who wrote it, and where),
and the frequency check that workbooks 01 and 04 both use ("how often, lately").
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

#: Who wrote an entry.
Author = Literal["therapist", "client"]
AUTHORS: tuple[Author, ...] = get_args(Author)
#: Where it was written.
Place = Literal["clinic", "home"]
PLACES: tuple[Place, ...] = get_args(Place)

FreeText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=10_000)]


class Record(BaseModel):
    """Base for every record kind: unknown fields are refused, text is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    kind: str = ""


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
    ratings: dict[str, Frequency]
    note: FreeText = ""

    @field_validator("ratings")
    @classmethod
    def _some_rated(cls, value: dict[str, int]) -> dict[str, int]:
        if not value:
            raise PydanticCustomError("rate_one", "rate at least one line")
        return value
