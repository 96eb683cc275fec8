"""Tiers, partner danger and reasons (issue 13). Every sentence here is written for these
tests, fictional, and in none of the corpora."""

from __future__ import annotations

import pytest

from attachwork import content
from attachwork.domain import risk

CLEAR = [
    # from the issue, read as a client would write them
    "I've been cutting again and I took all my pills tonight",
    "I took too many pills",
    "I scratched myself",
    "started cutting again",
    "held a hot spoon against my leg",
    "hit my head on the wall on purpose",
    # thoughts of suicide, plain and in shorthand
    "Some evenings I sit in the car and think about ending my life.",
    "honestly kms, cant do another week of this",
    "The suicidal thoughts have been loud since Tuesday.",
    # self-harm without "myself"
    "Burned the inside of my arm with a match after the phone call.",
    "relapsed tonight, two new cuts on my thigh",
    # means and rehearsal
    "I've been saving up my sleeping tablets in a jar at the back of the cupboard.",
    "Drove to the top of the multi-storey and stood right at the edge for ages.",
    "Looked up how many of my painkillers would be a lethal dose.",
    # finality
    "I've left a letter for my brother for after I'm gone.",
    "Found a new home for my cat so she's looked after when I'm not here.",
    # vital medicine on purpose
    "I haven't used my insulin since Friday, on purpose.",
]

POSSIBLE = [
    "I just want to sleep and not wake up",
    "he'd be happier with me gone",
    "dying is on my mind all the time",
    "what's the point anymore",
    "Lately I keep wishing I could disappear for good.",
    "I'm not planning anything but I wouldn't mind if I didn't wake up tomorrow.",
    "My children would have an easier life without me around.",
    "Everyone would be better off without me, that's just the truth.",
    "There's no point in going on when nothing ever changes.",
    "I'm so tired of being alive.",
]

QUIET = [
    # from the issue
    "years ago I used to cut, I haven't since",
    "I cut my ex out of my life",
    "this traffic is killing me",
    "a nurse's shift on the oncology ward",
    "I'm not suicidal, just tired",
    # history, work, study, someone else
    "When I was nineteen I self-harmed. It's been fifteen years and I'm well.",
    "As a nurse on the hospice ward I sat with a patient who said she wanted to die.",
    "My sociology essay is about why overdoses rise in the winter months.",
    "My flatmate told me she's been self-harming, so I went with her to the GP.",
    # figures of speech, everyday injuries, holidays, endings
    "This deadline is going to be the death of me.",
    "I could murder a pizza after that shift.",
    "Burnt my hand on the kettle making tea, ouch.",
    "I'm disappearing to Cornwall for a fortnight, no signal at all.",
    "We ended it on good terms and I feel lighter.",
    # negation
    "No thoughts of hurting myself this week, just tired and sad.",
    "I don't feel like a burden anymore.",
    # everyday writing, short and long
    "fine",
    "ok",
    "a calm day",
    "I went to the shop",
    "Had pasta for dinner",
    "slept badly",
    "Good session today, we practised asking for a lift to the station.",
    "Trigger log: he went quiet after dinner and I wanted to text him twenty times. I texted "
    "once, then went for a walk with my sister and felt calmer by nine.",
]

PARTNER = [
    "He told me he'd kill me if I ever left.",
    "My husband slapped me across the kitchen last night.",
    "He grabbed my throat and squeezed until I couldn't breathe.",
    "She locked me in the spare room for the whole evening.",
    "he checks my phone every night and won't let me see my sister",
    "My ex keeps turning up outside the office where I work.",
    "He doesn't let me see my friends anymore.",
    "He said he'd hurt the dog if I went to my mum's.",
    "He forced me to have sex when I said no.",
]

PARTNER_QUIET = [
    "We had a row about the washing up and then we laughed about it.",
    "My partner has never hurt me and I feel safe with him.",
    "My brother joked that he'd kill me if I spoiled the match score, lol.",
    "I checked my phone a lot today, which is the anxiety talking.",
]


@pytest.mark.parametrize("text", CLEAR)
def test_clear_signs_are_screened_clear(text):
    result = risk.screen(text)
    assert result.tier == "clear", result.reasons
    assert result.flagged and not result.partner_danger


@pytest.mark.parametrize("text", POSSIBLE)
def test_quieter_signs_are_screened_possible(text):
    result = risk.screen(text)
    assert result.tier == "possible", result.reasons
    assert result.flagged


@pytest.mark.parametrize("text", QUIET)
def test_everyday_and_near_miss_sentences_stay_quiet(text):
    result = risk.screen(text)
    assert result.tier is None and not result.partner_danger, result.reasons
    assert not result.flagged and result.reasons == () and result.categories == []


@pytest.mark.parametrize("text", PARTNER)
def test_danger_from_a_partner_has_its_own_category(text):
    result = risk.screen(text)
    assert result.partner_danger, result.reasons
    assert "partner_danger" in result.categories
    assert result.tier is None  # not the suicide panel
    assert result.flagged


@pytest.mark.parametrize("text", PARTNER_QUIET)
def test_ordinary_rows_and_jokes_are_not_partner_danger(text):
    assert not risk.screen(text).partner_danger


def test_reasons_are_words_for_the_therapist_never_the_clients_words():
    text = "I took too many pills and I feel like a burden to my sister Philippa"
    result = risk.screen(text)
    assert result.tier == "clear"
    assert result.reasons[0] == "a plan, the means, or rehearsing an attempt"
    assert "feeling a burden others would be better off without" in result.reasons
    joined = " ".join(result.reasons) + repr(result)
    for word in ("pills", "Philippa", "sister", "took"):
        assert word not in joined


def test_a_possible_sign_from_the_model_says_what_it_is_close_to():
    # no rule knows this phrasing; the statistical reader finds it close to others
    result = risk.screen("Counting down the days until I do not have to feel anything ever again.")
    assert result.tier == "possible"
    assert all(r.startswith("close to sentences") for r in result.reasons), result.reasons


def test_clear_outranks_possible_and_partner_danger_is_counted_apart():
    result = risk.screen("He hit me again. I want to kill myself.")
    assert result.tier == "clear" and result.partner_danger
    assert {"partner_danger", "suicide"} <= set(result.categories)


def test_a_record_takes_the_strongest_tier_of_its_fields():
    payload = {"happened": "I wish I could disappear for good", "note": "I cut myself tonight"}
    result = risk.screen_values(payload)
    assert result.tier == "clear" and "self_harm" in result.categories


def test_risk_buried_in_a_long_everyday_entry_is_found():
    entry = ("Diary. Took the recycling out, rang the bank about the overdraft, made soup. "
             "Ben didn't reply all afternoon. Later I sat on the bathroom floor and cut my "
             "forearm with a razor, the first time since spring. Then I watched the quiz and "
             "went to bed.")
    assert risk.screen(entry).tier == "clear"


def test_a_practice_can_add_words_and_contexts(tmp_path, monkeypatch):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "risk.yaml").write_text(
        "more_words:\n  pills: [jellybeans]\n"
        "contexts:\n  work:\n    more_phrases:\n      - \"on the helpline\"\n")
    assert risk.screen("I took too many jellybeans").tier is None
    assert risk.screen("I took too many pills").tier == "clear"
    monkeypatch.setenv("ATTACHWORK_CONTENT_DIR", str(tmp_path))
    content.reload()
    assert risk.screen("I took too many jellybeans").tier == "clear"
    assert risk.screen("On the helpline tonight a caller said he took too many pills.").tier is None


def test_a_broken_risk_file_is_a_clear_content_error():
    config = dict(risk.screener().config)
    config["signals"] = {"x": {"tier": "maybe", "phrases": ["a b"]}}
    with pytest.raises(content.ContentError, match="tier"):
        risk.RiskScreen(config)
    config["signals"] = {"x": {"phrases": ["a b"], "unless": ["nowhere"]}}
    with pytest.raises(content.ContentError, match="unknown context"):
        risk.RiskScreen(config)


#: A routine, a helpline, a grief group or an accident named beside the writer's own words of
#: risk: the context that quiets the everyday sentence must never quiet these (a review found
#: each of them silenced by a first version of the contexts).
RISK_BESIDE_A_ROUTINE = [
    "I have a plan to hang myself, I practised the knot at climbing club.",
    "I took the whole box of tablets for my migraine.",
    "I have a plan to take all my tablets for the headache.",
    "I have a plan to drown myself after swimming practice.",
    "I have been looking up lethal doses of my new prescription.",
    "I stood on the edge of the bridge for a photo but really I wanted to jump.",
    "I have counted out the tablets in my blister packs, thirty should be plenty.",
    "I have a plan, I told the hotline.",
    "I rang the helpline last night because I had the pills lined up.",
    "I know the warning signs of suicide and I have a plan.",
    "I went to the grief group, I have a plan to kill myself.",
    "Since losing her to cancer I have a plan to end my life.",
    "I cut my wrist again at the gym.",
]
RIESGO_JUNTO_A_UNA_RUTINA = [
    "Tengo un plan para ahorcarme con la cuerda del tendedero.",
    "Tengo un plan para tomarme todas las pastillas de la receta nueva.",
    "Me corté el brazo con la lata porque me lo merecía.",
    "Me tomé la caja entera de ibuprofeno por la migraña.",
]
#: ... while the everyday sentences themselves are not read as clear risk.
EVERYDAY_ROUTINES = [
    ("en", "Counting the pills in my weekly organiser to make sure I haven't missed any doses. All good."),
    ("en", "Looked up how many paracetamol I can take in a day for this tooth. Eight max."),
    ("en", "Practised tying the knot from a video. Bowline, for the sailing course on Saturday."),
    ("es", "Tengo las pastillas guardadas en el pastillero de la semana para no olvidarme ninguna toma."),
    ("es", "Compré una cuerda en la ferretería para el tendedero del balcón."),
]


@pytest.mark.parametrize("text", RISK_BESIDE_A_ROUTINE)
def test_a_routine_beside_the_writers_own_risk_words_never_quiets_them(text):
    assert risk.screen(text).tier == "clear", text


@pytest.mark.parametrize("text", RIESGO_JUNTO_A_UNA_RUTINA)
def test_a_routine_beside_risk_words_never_quiets_them_in_spanish(text):
    assert risk.screener(content.pack("es")).screen(text).tier == "clear", text


@pytest.mark.parametrize(("lang", "text"), EVERYDAY_ROUTINES)
def test_an_everyday_routine_with_the_same_words_is_not_clear_risk(lang, text):
    assert risk.screener(content.pack(lang)).screen(text).tier != "clear", text


#: Round 6: words that once made a context quiet the writer's own risk ("now I" read as
#: history; a night in A&E, "urgencias", read as someone's work), and overdoses named by a
#: medicine's own name or in a shape the rules did not know ...
TAKEN_AND_SAID = [
    ("en", "I'm going to kill myself, and now I know which day."),
    ("en", "Overdosed on Sunday night. They kept me in hospital till Tuesday."),
    ("en", "Took half a box of co-codamol on Friday and woke up in A and E."),
    ("es", "Me tomé medio frasco de sertralina y desperté en urgencias."),
    ("es", "Me he tragado un blíster entero de paracetamol esta tarde."),
]
#: ... and the everyday sentences beside them, which stay quiet.
NEAR_THEM = [
    ("en", "My uncle overdosed years ago and has been well for a decade now."),
    ("en", "We ended it last spring and now I have a new job I love."),
    ("es", "Trabajo en urgencias y anoche atendimos a un señor que se tomó medio frasco de pastillas."),
]


@pytest.mark.parametrize(("lang", "text"), TAKEN_AND_SAID)
def test_an_overdose_or_a_plan_stays_clear_beside_a_hospital_or_a_now(lang, text):
    assert risk.screener(content.pack(lang)).screen(text).tier == "clear", text


@pytest.mark.parametrize(("lang", "text"), NEAR_THEM)
def test_someone_elses_overdose_or_a_past_ending_is_not_clear_risk(lang, text):
    assert risk.screener(content.pack(lang)).screen(text).tier != "clear", text


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Tracking my steps with the new watch, 9k today."),
    ("en", "She hid my car keys because I'd had four pints, fair enough."),
    ("es", "Esta camisa me ahorca, me la cambio en cuanto llegue."),
    ("es", "Me escondió las llaves porque había tomado en la boda, y tenía razón."),
])
def test_tracking_ones_own_habits_or_keys_kept_from_a_drunk_driver_is_not_partner_danger(lang, text):
    assert not risk.screener(content.pack(lang)).screen(text).partner_danger, text
