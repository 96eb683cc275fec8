"""Session 5: ratings of people the client is weighing up, and the activation map.

The map never judges a relationship. For two regions of the plane it says, in the
content pack's words, how each one's way of coping may set off the other's worry, what
the two patterns tend to do together, and what could help each person.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from attachwork.content import ContentPack, pack
from attachwork.domain.instruments import REGIONS
from attachwork.domain.records import SECURE_SIGNS, Entry


def pair_key(a: str, b: str) -> str:
    """Content key of an unordered pair of regions (``dismissive+preoccupied``)."""
    if a not in REGIONS or b not in REGIONS:
        raise ValueError(f"unknown region in pair: {a}, {b}")
    return "+".join(sorted((a, b)))


@dataclass(frozen=True)
class ActivationMap:
    pair: str
    loop: str  # how the two patterns meet
    triggers: tuple[str, ...]  # how one's coping may land on the other's worry
    helps_me: str
    helps_them: str


def activation_map(mine: str, theirs: str, label: str,
                   content: ContentPack | None = None) -> ActivationMap:
    """Plain words for the client's region ``mine`` and the other person's ``theirs``."""
    pair = pair_key(mine, theirs)  # refuses an unknown region before any wording is looked up
    c = content or pack()
    base = "partner_choice.activation"
    pats = f"{base}.patterns"
    triggers = []
    for whose, other, region, other_region in (
            (c.text(f"{base}.yours"), label, mine, theirs),
            (c.text(f"{base}.theirs", label=label), c.text(f"{base}.you"), theirs, mine)):
        if region == "secure":
            continue  # a steadier way of coping is not described as setting anything off
        coping = c.text(f"{pats}.{region}.coping")
        if other_region == "secure":
            sentence = c.text(f"{base}.sentence_steady", whose=whose, coping=coping, other=other)
        else:
            sentence = c.text(f"{base}.sentence", whose=whose, coping=coping, other=other,
                              worry=c.text(f"{pats}.{other_region}.worry"))
        triggers.append(sentence)
    return ActivationMap(
        pair=pair, loop=c.text(f"{base}.pairs.{pair}"),
        triggers=tuple(triggers), helps_me=c.text(f"{pats}.{mine}.helps"),
        helps_them=c.text(f"{pats}.{theirs}.helps"))


# -- ratings -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Rated:
    """One dated rating of one person, ready for a radar chart."""

    entry_id: str
    partner_id: str
    when: str  # local date
    values: tuple[int, ...]  # in SECURE_SIGNS order, 0-2
    traps: tuple[str, ...]

    @property
    def total(self) -> int:
        return sum(self.values)


def rated(entry: Entry) -> Rated:
    p = entry.payload
    signs = p.get("signs", {})
    return Rated(entry.id, p["partner_id"], entry.created_at.astimezone().date().isoformat(),
                 tuple(int(signs.get(s, {}).get("rating", 0)) for s in SECURE_SIGNS),
                 tuple(p.get("traps", [])))


def ratings_by_person(entries: Iterable[Entry]) -> dict[str, list[Rated]]:
    """Every live rating, grouped by person id, oldest first."""
    out: dict[str, list[Rated]] = {}
    for e in entries:
        if e.kind == "partner_rating" and e.deleted_at is None:
            r = rated(e)
            out.setdefault(r.partner_id, []).append(r)
    return out
