"""Check-in instruments as data, and how they are scored.

An instrument is a YAML file: its items, response scale, which items are reverse
keyed, its subscales, and optionally a cut point and norms per subscale. The
project ships its own reflection check-in; a practice holding a licence for a
validated questionnaire drops that questionnaire's definition file into its
instruments folder and it is offered in the workbook.

Scoring rules:

* a reverse-keyed answer ``x`` counts as ``min + max - x`` (``8 - x`` on a 1-7 scale);
* a subscale score is the mean of its answered items when at most
  ``max_missing_fraction`` (20 % by default) of its items are unanswered;
  beyond that it is *incomplete* and has no number;
* the plane region uses each dimension's cut point: the file's, else the scale
  midpoint. A score strictly above the cut is on the "higher" side;
* an instrument may set ``near_middle``, a half-width around each cut: a score within it
  (``|score - cut| <= near_middle``) is read as "near the middle", never as one side;
* ``version`` changes whenever the wording of an item changes. Item ids, subscales and
  reverse keys never change under the same id (a change there is a new instrument id), so
  answers saved under an earlier version score exactly as they did. The earlier file is
  kept, unchanged, in the folder's ``earlier`` subfolder: it is never offered for a new
  check-in, and an export shows old answers with the wording they were given to.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from attachwork.content import SAFE_LOADER

REGIONS = ("secure", "preoccupied", "dismissive", "fearful")


class Scale(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min: int
    max: int
    labels: dict[int, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        if self.max <= self.min:
            raise ValueError("scale max must be greater than scale min")
        bad = [k for k in self.labels if not self.min <= k <= self.max]
        if bad:
            raise ValueError(f"scale labels outside the scale: {bad}")
        return self

    @property
    def midpoint(self) -> float:
        return (self.min + self.max) / 2

    def values(self) -> list[int]:
        return list(range(self.min, self.max + 1))


class Population(BaseModel):
    """The mean and SD of one comparison group, for clinical significance."""

    model_config = ConfigDict(extra="forbid")
    mean: float
    sd: float = Field(gt=0)
    source: str = ""


class Norms(BaseModel):
    """``sd`` and ``reliability`` give reliable change; ``clinical`` (people seeking help)
    and ``nonclinical`` (people who are not) give clinical significance (see
    ``attachwork.domain.review``)."""

    model_config = ConfigDict(extra="forbid")
    mean: float | None = None
    sd: float = Field(gt=0)
    reliability: float = Field(gt=0, lt=1)
    source: str = ""
    clinical: Population | None = None
    nonclinical: Population | None = None


class Subscale(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    label: str
    description: str = ""
    cut: float | None = None
    norms: Norms | None = None
    #: which way is easing: for attachment anxiety and avoidance, lower scores
    better: Literal["lower", "higher"] = "lower"

    @model_validator(mode="after")
    def _groups_in_order(self) -> Subscale:
        n = self.norms
        if n and n.clinical and n.nonclinical:
            worse = n.clinical.mean > n.nonclinical.mean if self.better == "lower" \
                else n.clinical.mean < n.nonclinical.mean
            if not worse:
                raise ValueError(f"the clinical mean of '{self.id}' must lie on the "
                                 f"{'higher' if self.better == 'lower' else 'lower'} side "
                                 "of the non-clinical mean")
        return self


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    text: str
    subscale: str
    reverse: bool = False


class Plane(BaseModel):
    """Which subscales are the two attachment dimensions."""

    model_config = ConfigDict(extra="forbid")
    anxiety: str
    avoidance: str


class Instrument(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{1,63}$")
    version: str
    title: str
    kind: Literal["reflection", "validated"]
    notice: str
    instructions: str = ""
    licence: str = ""
    scale: Scale
    subscales: list[Subscale]
    items: list[Item]
    max_missing_fraction: float = Field(default=0.2, ge=0, lt=1)
    near_middle: float = Field(default=0, ge=0)
    plane: Plane | None = None

    @field_validator("items")
    @classmethod
    def _unique_items(cls, items: list[Item]) -> list[Item]:
        ids = [i.id for i in items]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"item ids used twice: {dupes}")
        if not items:
            raise ValueError("an instrument needs at least one item")
        return items

    @model_validator(mode="after")
    def _references(self) -> Instrument:
        known = {s.id for s in self.subscales}
        if len(known) != len(self.subscales):
            raise ValueError("subscale ids must be unique")
        for item in self.items:
            if item.subscale not in known:
                raise ValueError(f"item {item.id} names unknown subscale '{item.subscale}'")
        for sub in self.subscales:
            if not any(i.subscale == sub.id for i in self.items):
                raise ValueError(f"subscale '{sub.id}' has no items")
            if sub.cut is not None and not self.scale.min <= sub.cut <= self.scale.max:
                raise ValueError(f"cut point of '{sub.id}' lies outside the scale")
        if self.plane:
            for dim in (self.plane.anxiety, self.plane.avoidance):
                if dim not in known:
                    raise ValueError(f"plane names unknown subscale '{dim}'")
        return self

    # -- look-ups -----------------------------------------------------------------
    def subscale(self, subscale_id: str) -> Subscale:
        for sub in self.subscales:
            if sub.id == subscale_id:
                return sub
        raise KeyError(subscale_id)

    def items_of(self, subscale_id: str) -> list[Item]:
        return [i for i in self.items if i.subscale == subscale_id]

    def cut(self, subscale_id: str) -> float:
        sub = self.subscale(subscale_id)
        return sub.cut if sub.cut is not None else self.scale.midpoint

    def near_middle_of(self, subscale_id: str, score: float) -> bool:
        """Whether ``score`` lies within the file's ``near_middle`` band around the cut
        (never, when the file sets no band)."""
        return self.near_middle > 0 and abs(score - self.cut(subscale_id)) <= self.near_middle + 1e-9

    def allowed_missing(self, subscale_id: str) -> int:
        """How many of a subscale's items may be left blank and it is still scored."""
        return math.floor(len(self.items_of(subscale_id)) * self.max_missing_fraction + 1e-9)

    def keyed(self, item: Item, answer: int) -> int:
        return self.scale.min + self.scale.max - answer if item.reverse else answer

    # -- scoring ------------------------------------------------------------------
    def check_responses(self, responses: Mapping[str, int | None]) -> dict[str, int]:
        """Drop blanks; raise ``ValueError`` on unknown items or off-scale answers."""
        known = {i.id for i in self.items}
        clean: dict[str, int] = {}
        for item_id, value in responses.items():
            if item_id not in known:
                raise ValueError(f"'{item_id}' is not an item of {self.id}")
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"answer to {item_id} must be a whole number")
            if not self.scale.min <= value <= self.scale.max:
                raise ValueError(
                    f"answer to {item_id} must lie between {self.scale.min} and {self.scale.max}"
                )
            clean[item_id] = value
        return clean

    def score(self, responses: Mapping[str, int | None]) -> Scores:
        answers = self.check_responses(responses)
        subs: dict[str, SubscaleScore] = {}
        for sub in self.subscales:
            items = self.items_of(sub.id)
            answered = [self.keyed(i, answers[i.id]) for i in items if i.id in answers]
            missing = len(items) - len(answered)
            allowed = self.allowed_missing(sub.id)
            complete = bool(answered) and missing <= allowed
            mean = sum(answered) / len(answered) if complete else None
            subs[sub.id] = SubscaleScore(sub.id, mean, len(answered), len(items), allowed)
        return Scores(self, subs)


@dataclass(frozen=True)
class SubscaleScore:
    subscale: str
    mean: float | None
    answered: int
    total: int
    allowed_missing: int

    @property
    def complete(self) -> bool:
        return self.mean is not None

    @property
    def needed(self) -> int:
        """How many more answers would make an incomplete subscale scorable."""
        return max(0, (self.total - self.allowed_missing) - self.answered)


@dataclass(frozen=True)
class Scores:
    instrument: Instrument
    subscales: dict[str, SubscaleScore]

    def mean(self, subscale_id: str) -> float | None:
        return self.subscales[subscale_id].mean

    @property
    def complete(self) -> bool:
        return all(s.complete for s in self.subscales.values())

    def point(self) -> tuple[float, float] | None:
        """(avoidance, anxiety) on the plane, or ``None`` when either is incomplete."""
        plane = self.instrument.plane
        if plane is None:
            return None
        anx, avo = self.mean(plane.anxiety), self.mean(plane.avoidance)
        if anx is None or avo is None:
            return None
        return (avo, anx)

    def region(self) -> str | None:
        point = self.point()
        if point is None:
            return None
        plane = self.instrument.plane
        assert plane is not None
        avo, anx = point
        high_anx = anx > self.instrument.cut(plane.anxiety)
        high_avo = avo > self.instrument.cut(plane.avoidance)
        return region_for(high_anx, high_avo)

    def near_middle(self) -> list[str]:
        """The plane's dimensions whose score sits in the near-the-middle band."""
        plane = self.instrument.plane
        if plane is None:
            return []
        return [sid for sid in (plane.anxiety, plane.avoidance)
                if (m := self.mean(sid)) is not None and self.instrument.near_middle_of(sid, m)]

    def as_dict(self) -> dict:
        """What a saved check-in keeps: means (or None) and how many were answered."""
        return {
            sid: {"mean": s.mean, "answered": s.answered, "total": s.total}
            for sid, s in self.subscales.items()
        }


def region_for(high_anxiety: bool, high_avoidance: bool) -> str:
    if high_anxiety:
        return "fearful" if high_avoidance else "preoccupied"
    return "dismissive" if high_avoidance else "secure"


# -- loading ---------------------------------------------------------------------
class InstrumentError(Exception):
    pass


def load_instrument(path: Path) -> Instrument:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506 - a safe loader
    except (OSError, yaml.YAMLError) as exc:
        raise InstrumentError(f"{path.name}: cannot be read ({exc.__class__.__name__})") from exc
    if not isinstance(raw, dict):
        raise InstrumentError(f"{path.name}: expected a mapping at the top of the file")
    try:
        return Instrument.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "file"
        raise InstrumentError(f"{path.name}: {where}: {first['msg']}") from exc


@dataclass
class Catalogue:
    instruments: dict[str, Instrument]
    problems: list[str]
    #: earlier versions, by (id, version): never offered for a new check-in, kept so a
    #: check-in saved under one is exported with the wording it was answered with
    earlier: dict[tuple[str, str], Instrument] = field(default_factory=dict)

    def get(self, instrument_id: str) -> Instrument | None:
        return self.instruments.get(instrument_id)

    def version(self, instrument_id: str, version: str) -> Instrument | None:
        """The definition a check-in was answered with: the current one when the versions
        match, else an earlier one kept in an ``earlier`` folder, else ``None``."""
        current = self.instruments.get(instrument_id)
        if current is not None and current.version == version:
            return current
        return self.earlier.get((instrument_id, version))

    def default(self) -> Instrument:
        return next(iter(self.instruments.values()))


def scoring_key(inst: Instrument) -> tuple:
    """What decides a score: the scale's ends and each item's id, subscale and keying."""
    return (inst.scale.min, inst.scale.max,
            sorted((i.id, i.subscale, i.reverse) for i in inst.items))


def _files(folder: Path) -> list[Path]:
    return sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])


def load_catalogue(folders: list[Path]) -> Catalogue:
    """Every instrument in ``folders`` (and earlier versions in their ``earlier``
    subfolders); a broken file is reported, never fatal."""
    found: dict[str, Instrument] = {}
    problems: list[str] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in _files(folder):
            try:
                inst = load_instrument(path)
            except InstrumentError as exc:
                problems.append(str(exc))
                continue
            if inst.id in found:
                problems.append(f"{path.name}: instrument id '{inst.id}' is already loaded")
                continue
            found[inst.id] = inst
    earlier: dict[tuple[str, str], Instrument] = {}
    for folder in folders:
        for path in _files(folder / "earlier") if (folder / "earlier").is_dir() else []:
            try:
                old = load_instrument(path)
            except InstrumentError as exc:
                problems.append(f"earlier/{exc}")
                continue
            current = found.get(old.id)
            key = (old.id, old.version)
            if current is not None and current.version == old.version:
                problems.append(f"earlier/{path.name}: version {old.version} of '{old.id}' "
                                "is the current one")
            elif current is not None and scoring_key(old) != scoring_key(current):
                # answers to the old version would score differently under the new file
                problems.append(f"earlier/{path.name}: version {old.version} of '{old.id}' "
                                "has other items, subscales or reverse keys than the current "
                                "one; a change there needs a new instrument id")
            elif key in earlier:
                problems.append(f"earlier/{path.name}: version {old.version} of '{old.id}' "
                                "is already loaded")
            else:
                earlier[key] = old
    return Catalogue(found, problems, earlier)
