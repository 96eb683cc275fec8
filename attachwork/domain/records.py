"""What the workbooks record, as validated models.

Each record kind has a pydantic schema. The store keeps an entry's payload as the
schema's JSON, with the metadata every entry shares (who wrote it, where, when,
a stable id) held beside it in :class:`Entry`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

RELATIONSHIP_CONTEXTS = ("single", "dating", "partnered", "separated", "other")
AUTHORS = ("therapist", "client")
PLACES = ("clinic", "home")

_PSEUDONYM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]*$")
_INITIALS = re.compile(r"^[^\W\d_]{1,4}$")

FreeText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=10_000)]


class Record(BaseModel):
    """Base for every record kind: unknown fields are refused, text is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    kind: str = ""


class ClientProfile(Record):
    kind: Literal["profile"] = "profile"
    pseudonym: str = Field(min_length=2, max_length=32)
    initials: str = Field(default="", max_length=4)
    relationship_context: Literal["single", "dating", "partnered", "separated", "other"] = "other"
    goals: FreeText = ""

    @field_validator("pseudonym")
    @classmethod
    def _pseudonym(cls, value: str) -> str:
        if not _PSEUDONYM.match(value):
            raise PydanticCustomError(
                "pseudonym_format", "letters, digits, spaces, dots, dashes or underscores"
            )
        return value

    @field_validator("initials")
    @classmethod
    def _initials(cls, value: str) -> str:
        value = value.replace(".", "").replace(" ", "")
        if value and not _INITIALS.match(value):
            raise PydanticCustomError("initials_format", "up to four letters")
        return value.upper()


class CheckIn(Record):
    kind: Literal["checkin"] = "checkin"
    instrument_id: str
    instrument_version: str
    responses: dict[str, int]
    scores: dict[str, dict[str, Any]] = Field(default_factory=dict)
    region: str | None = None


class Suds(Record):
    """Subjective units of distress, 0 (calm) to 10 (the most distress imaginable)."""

    kind: Literal["suds"] = "suds"
    value: int = Field(ge=0, le=10)
    moment: Literal["baseline", "before", "after"] = "baseline"


#: Worksheets a therapist can set as homework, in the order they are offered.
HOMEWORK_KINDS = ("trigger_log", "protest_check", "silencing_check", "cycle_map",
                  "practice_breathing", "practice_grounding", "practice_reset",
                  "request_practice", "boundary_script", "small_no", "overfunctioning_audit",
                  "belief_ratings", "thought_record", "partner_rating")


class HomeworkItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal[HOMEWORK_KINDS]  # type: ignore[valid-type]
    count: int = Field(ge=1, le=50)


class SessionRecord(Record):
    kind: Literal["session"] = "session"
    workbook: str
    number: int = Field(ge=0, le=999)
    date: dt.date
    consent_discussed: bool = False
    therapist_note: FreeText = ""
    homework: FreeText = ""
    homework_items: list[HomeworkItem] = Field(default_factory=list)
    homework_due: dt.date | None = None
    checkin_id: str | None = None
    suds_id: str | None = None


def _required_text(value: str) -> str:
    if not value:
        raise PydanticCustomError("missing", "required")
    return value


TRIGGER_KINDS = ("distance", "conflict", "stress", "other")
BODY_SENSATIONS = ("tight_chest", "racing_thoughts", "sinking_stomach", "restlessness", "other")


class TriggerLog(Record):
    """One activating moment: what happened, the story the mind told, and another story."""

    kind: Literal["trigger_log"] = "trigger_log"
    occurred: dt.datetime
    happened: FreeText
    trigger_kind: Literal["distance", "conflict", "stress", "other"]
    trigger_other: FreeText = Field(default="", validate_default=True)
    story: FreeText
    other_stories: list[FreeText] = Field(default_factory=list, validate_default=True)
    intensity: int = Field(ge=0, le=10)
    body: list[Literal["tight_chest", "racing_thoughts", "sinking_stomach", "restlessness",
                       "other"]] = Field(default_factory=list)
    body_other: FreeText = ""
    urge: FreeText = ""
    did: FreeText = ""
    baseline_stress: int | None = Field(default=None, ge=0, le=10)

    _happened = field_validator("happened", "story")(_required_text)

    @field_validator("trigger_other")
    @classmethod
    def _other_named(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("trigger_kind") == "other" and not value:
            raise PydanticCustomError("trigger_other_needed", "say what kind of trigger")
        return value

    @field_validator("other_stories")
    @classmethod
    def _another_story(cls, value: list[str]) -> list[str]:
        stories = [s for s in value if s]
        if not stories:
            raise PydanticCustomError("other_story_needed", "at least one other story")
        return stories


#: How often, lately: never / once or twice / weekly / most days.
FREQUENCIES = (0, 1, 2, 3)


def compare_frequencies(before: dict[str, int], now: dict[str, int]) -> dict[str, str]:
    """Per line rated both times: "less", "same" or "more" often than before."""
    out = {}
    for item, value in now.items():
        if item in before and before[item] is not None and value is not None:
            out[item] = "less" if value < before[item] else "more" if value > before[item] else "same"
    return out


class _FrequencyCheck(Record):
    ratings: dict[str, Literal[0, 1, 2, 3]]
    note: FreeText = ""

    @field_validator("ratings")
    @classmethod
    def _some_rated(cls, value: dict[str, int]) -> dict[str, int]:
        if not value:
            raise PydanticCustomError("rate_one", "rate at least one line")
        return value


class ProtestCheck(_FrequencyCheck):
    kind: Literal["protest_check"] = "protest_check"


class SilencingCheck(_FrequencyCheck):
    kind: Literal["silencing_check"] = "silencing_check"


CYCLE_STEPS = ("trigger", "my_feeling", "my_move", "their_feeling", "their_move", "conclusion")


class CycleMap(Record):
    """The client's own pursue-withdraw loop, in their words."""

    kind: Literal["cycle_map"] = "cycle_map"
    title: FreeText = ""
    trigger: FreeText
    my_feeling: FreeText = ""
    my_move: FreeText
    their_feeling: FreeText = ""
    their_move: FreeText = ""
    conclusion: FreeText = ""

    _needed = field_validator("trigger", "my_move")(_required_text)


PRACTICE_TOOLS = ("breathing", "grounding", "reset")
GROUNDING_SENSES = ("seen", "heard", "touched", "smelled", "tasted")
RESETS = ("cold_water", "walk", "call", "other")


class Practice(Record):
    """One regulation practice, with distress before and after."""

    kind: Literal["practice"] = "practice"
    tool: Literal["breathing", "grounding", "reset"]
    suds_before: int = Field(ge=0, le=10)
    suds_after: int = Field(ge=0, le=10)
    seconds: int | None = Field(default=None, ge=0, le=24 * 3600)
    breaths: int | None = Field(default=None, ge=0, le=10_000)
    inhale: float | None = Field(default=None, ge=1, le=15)
    exhale: float | None = Field(default=None, ge=1, le=20)
    grounding: dict[Literal["seen", "heard", "touched", "smelled", "tasted"], FreeText] = Field(
        default_factory=dict)
    reset: Literal["cold_water", "walk", "call", "other", ""] = ""
    note: FreeText = ""

    @property
    def drop(self) -> int:
        return self.suds_before - self.suds_after


class OverfunctioningAudit(_FrequencyCheck):
    kind: Literal["overfunctioning_audit"] = "overfunctioning_audit"


class RequestPractice(Record):
    """A complaint turned into a request with the coach: the draft, the rewrite, what the
    coach saw in the last text it read, and whether that text read as a request."""

    kind: Literal["request_practice"] = "request_practice"
    draft: FreeText
    rewrite: FreeText = ""
    flags: list[str] = Field(default_factory=list)
    accepted: bool = False

    _needed = field_validator("draft")(_required_text)


class BoundaryScript(Record):
    kind: Literal["boundary_script"] = "boundary_script"
    situation: FreeText
    need: FreeText
    say: FreeText
    if_not: FreeText = ""
    rehearsal: FreeText = ""

    _needed = field_validator("situation", "need", "say")(_required_text)


class SmallNo(Record):
    """A small honest no, in two stages: the plan with predictions, then how it went."""

    kind: Literal["small_no"] = "small_no"
    plan: FreeText
    predicted_harm: int = Field(ge=0, le=100)
    predicted_distress: int = Field(ge=0, le=10)
    completed: bool = False
    happened: FreeText = Field(default="", validate_default=True)
    actual_distress: int | None = Field(default=None, ge=0, le=10, validate_default=True)
    actual_harm: int | None = Field(default=None, ge=0, le=100)
    learned: FreeText = ""

    _needed = field_validator("plan")(_required_text)

    @field_validator("happened", "actual_distress")
    @classmethod
    def _outcome(cls, value: Any, info: ValidationInfo) -> Any:
        if info.data.get("completed") and value in (None, ""):
            code = "missing_choice" if info.field_name == "actual_distress" else "missing"
            raise PydanticCustomError(code, "required to complete the experiment")
        return value


class OwnBelief(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    text: FreeText
    rating: int = Field(ge=0, le=100)


class BeliefRatings(Record):
    """How true each belief feels today, 0 to 100; rated again at later sessions."""

    kind: Literal["belief_ratings"] = "belief_ratings"
    ratings: dict[str, int] = Field(default_factory=dict)
    own: list[OwnBelief] = Field(default_factory=list, validate_default=True)

    @field_validator("ratings")
    @classmethod
    def _in_range(cls, value: dict[str, int]) -> dict[str, int]:
        if any(not 0 <= v <= 100 for v in value.values()):
            raise PydanticCustomError("less_than_equal", "0 to 100", {"le": 100})
        return value

    @field_validator("own")
    @classmethod
    def _something_rated(cls, value: list[OwnBelief], info: ValidationInfo) -> list[OwnBelief]:
        if not value and not info.data.get("ratings"):
            raise PydanticCustomError("rate_one", "rate at least one belief")
        return value


ORIGINS = ("unpredictable", "parentification", "family_culture", "later")


class OriginReflection(Record):
    kind: Literal["origin_reflection"] = "origin_reflection"
    unpredictable: FreeText = ""
    parentification: FreeText = ""
    family_culture: FreeText = ""
    later: FreeText = ""
    note: FreeText = Field(default="", validate_default=True)

    @field_validator("note")
    @classmethod
    def _something_written(cls, value: str, info: ValidationInfo) -> str:
        if not value and not any(info.data.get(k) for k in ORIGINS):
            raise PydanticCustomError("write_one", "write in any box")
        return value


THINKING_TRAPS = ("mind_reading", "catastrophising", "personalising", "all_or_nothing",
                  "fortune_telling", "emotional_reasoning", "discounting_positive")


class Emotion(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
    before: int = Field(ge=0, le=100)
    after: int | None = Field(default=None, ge=0, le=100)


class ThoughtRecord(Record):
    """Started in session and often finished at home: only the situation and the thought
    are needed to save; it is complete once the balanced view and re-ratings are in."""

    kind: Literal["thought_record"] = "thought_record"
    situation: FreeText
    thought: FreeText
    belief_before: int | None = Field(default=None, ge=0, le=100)
    emotions: list[Emotion] = Field(default_factory=list)
    traps: list[Literal["mind_reading", "catastrophising", "personalising", "all_or_nothing",
                        "fortune_telling", "emotional_reasoning", "discounting_positive"]] = Field(
        default_factory=list)
    evidence_for: FreeText = ""
    evidence_against: FreeText = ""
    balanced: FreeText = ""
    belief_after: int | None = Field(default=None, ge=0, le=100)

    _needed = field_validator("situation", "thought")(_required_text)

    @property
    def complete(self) -> bool:
        return bool(self.balanced) and self.belief_after is not None and all(
            e.after is not None for e in self.emotions)


class YoungerSelf(Record):
    kind: Literal["younger_self"] = "younger_self"
    note: FreeText
    private: bool = False

    _needed = field_validator("note")(_required_text)


#: Secure-partner signs (session 5), rated on the evidence seen so far.
SECURE_SIGNS = ("consistent", "follows_through", "names_space", "care_lands", "closeness_ok",
                "responds_to_bids", "repairs", "respects_boundaries")
#: Signs of the anxious-avoidant trap, ticked when noticed.
TRAP_SIGNS = ("hot_cold", "intensity_as_chemistry", "calm_as_boredom", "earning_warmth")
#: Evidence seen for a sign: not seen / mixed / clearly yes.
EVIDENCE = (0, 1, 2)
PARTNER_RELATIONS = ("current", "past", "date", "other")


class PartnerProfile(Record):
    """A person the client is weighing up, under a label of the client's choosing."""

    kind: Literal["partner"] = "partner"
    label: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)]
    relation: Literal["current", "past", "date", "other"]
    note: FreeText = ""

    _needed = field_validator("label")(_required_text)


class SignRating(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    rating: Literal[0, 1, 2]
    evidence: FreeText = ""


class PartnerRating(Record):
    """One dated look at one person: every secure sign rated on evidence, traps ticked."""

    kind: Literal["partner_rating"] = "partner_rating"
    partner_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    signs: dict[Literal["consistent", "follows_through", "names_space", "care_lands",
                        "closeness_ok", "responds_to_bids", "repairs", "respects_boundaries"],
                SignRating]
    traps: list[Literal["hot_cold", "intensity_as_chemistry", "calm_as_boredom",
                        "earning_warmth"]] = Field(default_factory=list)
    trap_note: FreeText = ""
    reflection: FreeText = ""

    @field_validator("signs")
    @classmethod
    def _all_rated(cls, value: dict[str, SignRating]) -> dict[str, SignRating]:
        missing = [s for s in SECURE_SIGNS if s not in value]
        if missing:
            raise PydanticCustomError("rate_every_sign", "rate every sign", {"missing": missing})
        return value

    def score(self) -> int:
        """Evidence points across the eight signs, 0 to 16."""
        return sum(r.rating for r in self.signs.values())


class PartnerCheckIn(CheckIn):
    """The check-in for the other person: answered by them, or the client's estimate."""

    kind: Literal["partner_checkin"] = "partner_checkin"  # type: ignore[assignment]
    partner_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    source: Literal["partner", "estimate"]


class RelapsePlan(Record):
    """Session 6: early warning signs, what helps, who I can reach, and my first steps."""

    kind: Literal["relapse_plan"] = "relapse_plan"
    warning_signs: FreeText
    what_helps: FreeText
    people: FreeText
    first_steps: FreeText = ""
    progress_noticed: FreeText = ""

    _needed = field_validator("warning_signs", "what_helps", "people")(_required_text)


RECORD_KINDS: dict[str, type[Record]] = {
    "profile": ClientProfile,
    "checkin": CheckIn,
    "suds": Suds,
    "session": SessionRecord,
    "trigger_log": TriggerLog,
    "protest_check": ProtestCheck,
    "silencing_check": SilencingCheck,
    "cycle_map": CycleMap,
    "practice": Practice,
    "overfunctioning_audit": OverfunctioningAudit,
    "request_practice": RequestPractice,
    "boundary_script": BoundaryScript,
    "small_no": SmallNo,
    "belief_ratings": BeliefRatings,
    "origin_reflection": OriginReflection,
    "thought_record": ThoughtRecord,
    "younger_self": YoungerSelf,
    "partner": PartnerProfile,
    "partner_rating": PartnerRating,
    "partner_checkin": PartnerCheckIn,
    "relapse_plan": RelapsePlan,
}


def schema_for(kind: str) -> type[Record]:
    try:
        return RECORD_KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown record kind '{kind}'") from None


@dataclass(frozen=True)
class Client:
    id: str
    pseudonym: str
    initials: str
    relationship_context: str
    goals: str
    created_at: dt.datetime
    updated_at: dt.datetime

    def profile(self) -> ClientProfile:
        return ClientProfile(
            pseudonym=self.pseudonym,
            initials=self.initials,
            relationship_context=self.relationship_context,  # type: ignore[arg-type]
            goals=self.goals,
        )


@dataclass(frozen=True)
class Entry:
    id: str
    client_id: str
    kind: str
    payload: dict[str, Any]
    author: str
    place: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int = 1
    workbook: str | None = None
    deleted_at: dt.datetime | None = None
    flagged: bool = False

    def record(self) -> Record:
        return schema_for(self.kind).model_validate(self.payload)


@dataclass(frozen=True)
class EntryVersion:
    entry_id: str
    version: int
    payload: dict[str, Any]
    author: str
    place: str
    saved_at: dt.datetime


@dataclass(frozen=True)
class RiskFlag:
    """A saved text that the risk screen flagged; it holds categories, never the text."""

    id: str
    client_id: str
    record_id: str
    record_kind: str
    categories: tuple[str, ...]
    created_at: dt.datetime
    reviewed_at: dt.datetime | None = None
    reviewed_by: str | None = None
    workbook: str | None = None


@dataclass(frozen=True)
class Draft:
    client_id: str
    form_key: str
    payload: dict[str, Any] = field(default_factory=dict)
    updated_at: dt.datetime | None = None
