"""Fictional demo clients for trying the workbooks and for workshops.

Every name and sentence here is invented; the code names all start with ``Demo-``
so demo data can never be mistaken for a real client's.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from attachwork import workbooks
from attachwork.content import instrument_folders
from attachwork.domain.instruments import Instrument, load_catalogue
from attachwork.domain.records import (
    SECURE_SIGNS,
    BeliefRatings,
    CheckIn,
    ClientProfile,
    CycleMap,
    PartnerCheckIn,
    PartnerProfile,
    PartnerRating,
    Practice,
    ProtestCheck,
    Record,
    RequestPractice,
    SessionRecord,
    SmallNo,
    Suds,
    ThoughtRecord,
    TriggerLog,
)
from attachwork.store import Store

#: Invented moments for the trigger log of a demo client: (days ago, hour, kind,
#: what happened, story, other story, intensity, stress that day).
DEMO_TRIGGERS = [
    (40, 21, "distance", "(Fictional) No reply to my message all evening.",
     "He's losing interest.", "He was at his sister's birthday.", 8, 6),
    (36, 13, "conflict", "(Fictional) A short answer when I asked about the weekend.",
     "I annoyed him again.", "He was in a meeting and typing fast.", 6, 4),
    (31, 23, "stress", "(Fictional) Couldn't sleep after a hard day at work and read old messages.",
     "Nobody really wants me around.", "I'm exhausted and everything looks darker at night.", 7, 8),
    (27, 19, "distance", "(Fictional) Plans moved from Friday to Saturday.",
     "I'm not a priority.", "Friday really was busy for him.", 6, 5),
    (22, 8, "distance", "(Fictional) He liked a photo but didn't answer my text.",
     "He's avoiding me.", "He saw the photo while scrolling and meant to reply later.", 5, 3),
    (17, 20, "conflict", "(Fictional) We disagreed about money and he went quiet.",
     "This is the beginning of the end.", "He needs time to think before he talks.", 7, 7),
    (12, 22, "other", "(Fictional) A friend cancelled at the last minute.",
     "People get tired of me.", "Her child was ill.", 4, 4),
    (8, 18, "distance", "(Fictional) No good-night message.", "He's pulling away.",
     "He fell asleep early after his shift.", 4, 3),
    (3, 21, "stress", "(Fictional) Busy week, and he was slow to reply again.",
     "Everything is slipping.", "I'm stretched thin; his reply came the next morning.", 5, 8),
]

@dataclass(frozen=True)
class DemoClient:
    """A fictional client: their profile, check-in means and distress per round, homework."""

    profile: ClientProfile
    anxiety: tuple[float, ...] = ()
    avoidance: tuple[float, ...] = ()
    suds: tuple[int, ...] = ()
    homework: str = ""
    worksheets: bool = False
    year: bool = False


DEMO_CLIENTS = [
    DemoClient(
        profile=ClientProfile(
            pseudonym="Demo-Wren", initials="DW", relationship_context="partnered",
            goals="(Fictional) Feel steadier when a partner is slow to reply, and ask for what I "
                  "need without a fight.",
        ),
        anxiety=(5.9, 5.4, 4.9, 4.3), avoidance=(2.4, 2.5, 2.3, 2.2),
        suds=(7, 6, 5, 4),
        homework="(Fictional) Note two moments this week when the urge to text again showed up.",
        worksheets=True,
    ),
    DemoClient(
        profile=ClientProfile(
            pseudonym="Demo-Tide", initials="DT", relationship_context="dating",
            goals="(Fictional) Notice when calm feels boring, and give steady people a chance.",
        ),
        anxiety=(5.2, 4.8), avoidance=(4.6, 4.2), suds=(6, 5),
        homework="(Fictional) Write down one moment of calm contact and how it felt.",
    ),
    DemoClient(
        profile=ClientProfile(
            pseudonym="Demo-Juniper", initials="DJ", relationship_context="dating",
            goals="(Fictional) Stay steady while getting to know someone new, a year into this work.",
        ),
        anxiety=(), avoidance=(), suds=(), homework="", year=True,
    ),
    DemoClient(
        profile=ClientProfile(
            pseudonym="Demo-Cedar", relationship_context="single",
            goals="(Fictional) Understand why I shrink my own needs so quickly.",
        ),
        anxiety=(), avoidance=(), suds=(), homework="",
    ),
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
    if instrument is None:
        raise RuntimeError("the built-in reflection check-in is missing from the content pack")
    rng = random.Random(7)
    today = today or dt.date.today()
    added = 0
    for spec in DEMO_CLIENTS:
        profile = spec.profile
        if store.client_by_pseudonym(profile.pseudonym):
            continue
        client = store.create_client(profile)
        added += 1
        rounds = len(spec.anxiety)
        for n in range(rounds):
            when = dt.datetime.combine(today - dt.timedelta(weeks=6 * (rounds - n)),
                                       dt.time(10, 30), tzinfo=dt.UTC)
            answers = _answers_for(instrument, spec.anxiety[n], spec.avoidance[n], rng)
            scores = instrument.score(answers)
            checkin = store.add_entry(
                client.id, "checkin",
                CheckIn(instrument_id=instrument.id, instrument_version=instrument.version,
                        responses=answers, scores=scores.as_dict(), region=scores.region()),
                author="therapist", place="clinic", workbook=workbooks.INTAKE.id, at=when,
            )
            suds = store.add_entry(client.id, "suds", Suds(value=spec.suds[n]),
                                   author="therapist", place="clinic", workbook=workbooks.INTAKE.id,
                                   at=when)
            if n == 0:
                store.add_entry(
                    client.id, "session",
                    SessionRecord(workbook=workbooks.INTAKE.id, number=0, date=when.date(),
                                  consent_discussed=True,
                                  therapist_note="(Fictional demo note.) Warm first meeting.",
                                  homework=spec.homework, checkin_id=checkin.id,
                                  suds_id=suds.id),
                    author="therapist", place="clinic", workbook=workbooks.INTAKE.id, at=when,
                )
        if spec.worksheets:
            _demo_worksheets(store, client.id, today)
            _demo_partners(store, client.id, today, instrument, rng)
        if spec.year:
            year_of_entries(store, client.id, today, instrument)
    return added


def _at(today: dt.date, days_ago: int, hour: int) -> dt.datetime:
    return dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(hour, 15), tzinfo=dt.UTC)


def _demo_worksheets(store: Store, client_id: str, today: dt.date) -> None:
    """A few weeks of invented trigger logs, checks, a cycle map and practices."""
    for n, (ago, hour, kind, happened, story, other, intensity, stress) in enumerate(DEMO_TRIGGERS):
        when = _at(today, ago, hour)
        home = n % 3 != 0
        store.add_entry(client_id, "trigger_log", TriggerLog(
            occurred=when.replace(tzinfo=None), happened=happened, trigger_kind=kind,
            trigger_other="(Fictional) a friend's plans" if kind == "other" else "",
            story=story, other_stories=[other], intensity=intensity,
            body=["tight_chest", "racing_thoughts"] if intensity > 5 else ["restlessness"],
            urge="(Fictional) Text again, and again.", did="(Fictional) Waited, then wrote once.",
            baseline_stress=stress,
        ), author="client" if home else "therapist", place="home" if home else "clinic",
            workbook=workbooks.PATTERN_AWARENESS.id, at=when)
    for ago, ratings in ((35, {"repeat_contact": 3, "reassurance": 3, "keep_score": 2}),
                         (7, {"repeat_contact": 1, "reassurance": 2, "keep_score": 1})):
        store.add_entry(client_id, "protest_check", ProtestCheck(ratings=ratings),
                        author="therapist", place="clinic", workbook=workbooks.PATTERN_AWARENESS.id,
                        at=_at(today, ago, 10))
    store.add_entry(client_id, "cycle_map", CycleMap(
        title="(Fictional) The late-reply loop", trigger="No reply by evening",
        my_feeling="Panicky and unwanted", my_move="Send more messages, then go cold",
        their_feeling="Crowded and criticised", their_move="Goes quiet until morning",
        conclusion="I was right to worry",
    ), author="therapist", place="clinic", workbook=workbooks.PATTERN_AWARENESS.id, at=_at(today, 35, 11))
    for ago, tool, before, after in ((33, "breathing", 7, 5), (26, "grounding", 6, 4),
                                     (19, "breathing", 6, 3), (11, "reset", 8, 5),
                                     (5, "breathing", 5, 2)):
        store.add_entry(client_id, "practice", Practice(
            tool=tool, suds_before=before, suds_after=after,
            seconds=120 if tool == "breathing" else None,
            breaths=12 if tool == "breathing" else None,
            reset="walk" if tool == "reset" else "",
        ), author="client", place="home", workbook=workbooks.REGULATION.id, at=_at(today, ago, 20))
    for ago, scale in ((30, 0), (16, 1), (2, 2)):
        store.add_entry(client_id, "belief_ratings", BeliefRatings(
            ratings={"too_much": 80 - 10 * scale, "relax_lose": 90 - 20 * scale,
                     "needs_burden": 70 - 10 * scale},
        ), author="therapist", place="clinic", workbook=workbooks.CORE_BELIEFS.id, at=_at(today, ago, 11))
    store.add_entry(client_id, "thought_record", ThoughtRecord(
        situation="(Fictional) He went quiet at dinner.", thought="He's bored of me.",
        belief_before=80, emotions=[{"name": "anxious", "before": 80, "after": 40}],
        traps=["mind_reading"], evidence_for="(Fictional) He looked at his phone.",
        evidence_against="(Fictional) He'd had a long shift and said so.",
        balanced="(Fictional) He was tired; quiet is not the same as leaving.", belief_after=30,
    ), author="client", place="home", workbook=workbooks.CORE_BELIEFS.id, at=_at(today, 15, 21))
    store.add_entry(client_id, "request_practice", RequestPractice(
        draft="(Fictional) You never text me back when you're out.",
        rewrite="(Fictional) I feel uneasy when the evening goes quiet. Would a quick text when "
                "you arrive work for us?", flags=["no_feeling"], accepted=True,
    ), author="therapist", place="clinic", workbook=workbooks.BOUNDARIES.id, at=_at(today, 14, 11))
    experiments: tuple[tuple[int, str, int, int, int | None], ...] = (
            (13, "(Fictional) Say I'd rather stay in on Friday", 70, 8, 3),
            (9, "(Fictional) Choose the restaurant for once", 40, 6, 2),
            (4, "(Fictional) Say no to a second late phone call", 60, 7, None))
    for ago, plan, harm, before, felt in experiments:
        store.add_entry(client_id, "small_no", SmallNo(
            plan=plan, predicted_harm=harm, predicted_distress=before,
            completed=felt is not None,
            happened="(Fictional) It went fine; we made other plans." if felt is not None else "",
            actual_distress=felt, actual_harm=10 if felt is not None else None,
        ), author="client", place="home", workbook=workbooks.BOUNDARIES.id, at=_at(today, ago, 19))
    store.add_entry(client_id, "session", SessionRecord(
        workbook=workbooks.PATTERN_AWARENESS.id, number=1, date=today - dt.timedelta(days=7),
        homework_items=[{"kind": "trigger_log", "count": 3}, {"kind": "practice_breathing", "count": 2}],
        homework="(Fictional) Try a breathing practice before checking the phone.",
        therapist_note="(Fictional demo note.) Mapped the late-reply loop together.",
    ), author="therapist", place="clinic", workbook=workbooks.PATTERN_AWARENESS.id, at=_at(today, 7, 11))


def _demo_partners(store: Store, client_id: str, today: dt.date, instrument: Instrument,
                   rng: random.Random) -> None:
    """Two people on Demo-Wren's list, one rated twice, and an estimated check-in."""
    def person(label: str, relation: str, ago: int) -> str:
        return store.add_entry(client_id, "partner", PartnerProfile(label=label, relation=relation),
                               author="therapist", place="clinic", workbook=workbooks.PARTNER_CHOICE.id,
                               at=_at(today, ago, 11)).id

    partner = person("Partner A", "current", 3)
    past = person("Summer fling", "past", 3)
    for who, ago, ratings, traps in (
            (past, 3, (1, 0, 0, 1, 2, 1, 0, 0), ["hot_cold", "intensity_as_chemistry"]),
            (partner, 3, (1, 2, 1, 1, 1, 2, 1, 2), ["calm_as_boredom"]),
            (partner, 1, (2, 2, 1, 2, 1, 2, 2, 2), [])):
        store.add_entry(client_id, "partner_rating", PartnerRating(
            partner_id=who, traps=traps,
            signs={s: {"rating": r, "evidence": "(Fictional) seen a few times" if r else ""}
                   for s, r in zip(SECURE_SIGNS, ratings, strict=True)},
            reflection="(Fictional) Steady feels strange, but I sleep better.",
        ), author="client", place="home", workbook=workbooks.PARTNER_CHOICE.id, at=_at(today, ago, 20))
    answers = _answers_for(instrument, 2.6, 4.9, rng)
    scores = instrument.score(answers)
    store.add_entry(client_id, "partner_checkin", PartnerCheckIn(
        partner_id=partner, source="estimate", instrument_id=instrument.id,
        instrument_version=instrument.version, responses=answers, scores=scores.as_dict(),
        region=scores.region()), author="therapist", place="clinic", workbook=workbooks.PARTNER_CHOICE.id,
        at=_at(today, 3, 11))


def year_of_entries(store: Store, client_id: str, today: dt.date, instrument: Instrument, *,
                    per_week: float = 5.0, weeks: int = 52, seed: int = 11) -> int:
    """A year (``weeks``) of invented, slowly improving work: check-ins every six weeks,
    fortnightly sessions with homework, and about ``per_week`` trigger logs, practices,
    belief ratings and experiments a week. Returns how many entries were written. Also
    used by the review benchmark with a large ``per_week``."""
    rng = random.Random(seed)
    batch: list[tuple[str, Record, dt.datetime, str, str, str | None]] = []
    for week in range(weeks):
        progress = week / max(weeks - 1, 1)  # 0 at the start, 1 now
        start = today - dt.timedelta(weeks=weeks - week)

        def at(day: int, hour: int, start: dt.date = start) -> dt.datetime:
            return dt.datetime.combine(start + dt.timedelta(days=day),
                                       dt.time(hour, rng.randint(0, 59)), tzinfo=dt.UTC)
        if week % 6 == 0:
            answers = _answers_for(instrument, 5.8 - 2.2 * progress, 2.6 - 0.4 * progress, rng)
            scores = instrument.score(answers)
            batch.append(("checkin", CheckIn(
                instrument_id=instrument.id, instrument_version=instrument.version,
                responses=answers, scores=scores.as_dict(), region=scores.region()),
                at(0, 10), "therapist", "clinic", workbooks.INTAKE.id))
        if week % 2 == 0:
            spec = (workbooks.PATTERN_AWARENESS, workbooks.REGULATION, workbooks.CORE_BELIEFS,
                    workbooks.BOUNDARIES)[(week // 2) % 4]
            workbook = spec.id
            batch.append(("session", SessionRecord(
                workbook=workbook, number=spec.number or 0, date=(start + dt.timedelta(days=1)),
                homework_items=[{"kind": "trigger_log", "count": 3},
                                {"kind": "practice_breathing", "count": 2}],
                therapist_note="(Fictional demo note.) Steady work this fortnight."),
                at(1, 11), "therapist", "clinic", workbook))
        if week % 4 == 1:
            batch.append(("belief_ratings", BeliefRatings(ratings={
                "too_much": round(85 - 45 * progress), "relax_lose": round(90 - 50 * progress),
                "needs_burden": round(70 - 30 * progress)}), at(2, 11), "therapist", "clinic",
                workbooks.CORE_BELIEFS.id))
        share = max(1, round(per_week))
        for n in range(share):
            day, hour = rng.randint(0, 6), rng.choice((8, 13, 19, 21, 23))
            when = at(day, hour)
            what = n % 4
            if what in (0, 1):
                intensity = max(1, min(10, round(8 - 4 * progress + rng.uniform(-2, 2))))
                batch.append(("trigger_log", TriggerLog(
                    occurred=when.replace(tzinfo=None), happened="(Fictional) A quiet evening with no reply.",
                    trigger_kind=rng.choice(("distance", "conflict", "stress")),
                    story="(Fictional) They are drifting away.",
                    other_stories=["(Fictional) They are busy and will reply later."],
                    intensity=intensity, baseline_stress=rng.randint(2, 8)),
                    when, "client", "home", workbooks.PATTERN_AWARENESS.id))
            elif what == 2:
                before = rng.randint(5, 9)
                batch.append(("practice", Practice(
                    tool=rng.choice(("breathing", "grounding", "reset")), suds_before=before,
                    suds_after=max(0, before - rng.randint(1, 2 + round(3 * progress)))),
                    when, "client", "home", workbooks.REGULATION.id))
            else:
                predicted = rng.randint(5, 9)
                batch.append(("small_no", SmallNo(
                    plan="(Fictional) Say no to a late plan.", predicted_harm=rng.choice((40, 60, 80)),
                    predicted_distress=predicted, completed=True,
                    happened="(Fictional) It went better than feared.",
                    actual_distress=max(0, predicted - rng.randint(1, 4)), actual_harm=10),
                    when, "client", "home", workbooks.BOUNDARIES.id))
    return store.add_entries(client_id, batch)


def ensure_home_demo(clinic: Store, home: Store, pseudonym: str = "Demo-Wren") -> bool:
    """Give an empty home copy one fictional client, the way a real one gets it: a starter
    file from the clinic's demo store, taken in. Returns whether anything was done."""
    import secrets

    from attachwork.services import bundle_file, handback

    if home.clients():
        return False
    client = clinic.client_by_pseudonym(pseudonym)
    if client is None:
        return False
    phrase = secrets.token_urlsafe(16)  # used once, in memory; never shown or kept
    made = handback.make_starter(clinic, client.id, phrase, handouts=False)
    handback.take_in(home, bundle_file.open_bundle(made.data, phrase), "home")
    return True
