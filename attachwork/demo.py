"""Fictional demo clients for trying the workbooks and for workshops.

Every name and sentence here is invented; the code names all start with ``Demo-``
so demo data can never be mistaken for a real client's.
"""

from __future__ import annotations

import datetime as dt
import random

from attachwork.content import instrument_folders
from attachwork.instruments import Instrument, load_catalogue
from attachwork.records import CheckIn, ClientProfile, SessionRecord, Suds
from attachwork.store import Store

DEMO_CLIENTS = [
    {
        "profile": ClientProfile(
            pseudonym="Demo-Wren", initials="DW", relationship_context="partnered",
            goals="(Fictional) Feel steadier when a partner is slow to reply, and ask for what I "
                  "need without a fight.",
        ),
        "anxiety": [5.9, 5.4, 4.9, 4.3], "avoidance": [2.4, 2.5, 2.3, 2.2],
        "suds": [7, 6, 5, 4],
        "homework": "(Fictional) Note two moments this week when the urge to text again showed up.",
    },
    {
        "profile": ClientProfile(
            pseudonym="Demo-Tide", initials="DT", relationship_context="dating",
            goals="(Fictional) Notice when calm feels boring, and give steady people a chance.",
        ),
        "anxiety": [5.2, 4.8], "avoidance": [4.6, 4.2], "suds": [6, 5],
        "homework": "(Fictional) Write down one moment of calm contact and how it felt.",
    },
    {
        "profile": ClientProfile(
            pseudonym="Demo-Cedar", relationship_context="single",
            goals="(Fictional) Understand why I shrink my own needs so quickly.",
        ),
        "anxiety": [], "avoidance": [], "suds": [], "homework": "",
    },
]


def _answers_for(instrument: Instrument, anxiety: float, avoidance: float,
                 rng: random.Random) -> dict[str, int]:
    """Answers whose subscale means land near the wanted values."""
    assert instrument.plane is not None
    target = {instrument.plane.anxiety: anxiety, instrument.plane.avoidance: avoidance}
    lo, hi = instrument.scale.min, instrument.scale.max
    out = {}
    for item in instrument.items:
        want = target.get(item.subscale, instrument.scale.midpoint) + rng.choice([-0.5, 0, 0.5])
        value = int(min(hi, max(lo, round(want))))
        out[item.id] = lo + hi - value if item.reverse else value
    return out


def ensure_demo_store(store: Store | None = None, *, today: dt.date | None = None) -> int:
    """Add the demo clients that are missing; returns how many were added."""
    store = store or Store.open()
    instrument = load_catalogue(instrument_folders()).get("reflection-checkin")
    rng = random.Random(7)
    today = today or dt.date.today()
    added = 0
    for spec in DEMO_CLIENTS:
        profile: ClientProfile = spec["profile"]
        if store.client_by_pseudonym(profile.pseudonym):
            continue
        client = store.create_client(profile)
        added += 1
        rounds = len(spec["anxiety"])
        for n in range(rounds):
            when = dt.datetime.combine(today - dt.timedelta(weeks=6 * (rounds - n)),
                                       dt.time(10, 30), tzinfo=dt.UTC)
            answers = _answers_for(instrument, spec["anxiety"][n], spec["avoidance"][n], rng)
            scores = instrument.score(answers)
            checkin = store.add_entry(
                client.id, "checkin",
                CheckIn(instrument_id=instrument.id, instrument_version=instrument.version,
                        responses=answers, scores=scores.as_dict(), region=scores.region()),
                author="therapist", place="clinic", workbook="00_intake", at=when,
            )
            suds = store.add_entry(client.id, "suds", Suds(value=spec["suds"][n]),
                                   author="therapist", place="clinic", workbook="00_intake",
                                   at=when)
            if n == 0:
                store.add_entry(
                    client.id, "session",
                    SessionRecord(workbook="00_intake", number=0, date=when.date(),
                                  consent_discussed=True,
                                  therapist_note="(Fictional demo note.) Warm first meeting.",
                                  homework=spec["homework"], checkin_id=checkin.id,
                                  suds_id=suds.id),
                    author="therapist", place="clinic", workbook="00_intake", at=when,
                )
    return added
