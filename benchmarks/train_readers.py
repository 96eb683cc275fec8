"""Train the statistical layer of the risk screen, and measure what each layer adds.

Run:  .venv/bin/python benchmarks/train_readers.py [--lang en] [--write] [--cv]

The model is a set of logistic regressions (scikit-learn, a test-only dependency) over the
hashed word and character n-grams of :mod:`attachwork.domain.textmodel`, trained on the
development parts of the corpora only (``tests/fixtures/readers/<lang>/*_dev.yaml``) and
the project's older labelled sentences (``tests/fixtures/risk_sentences.yaml``,
``coach_sentences.yaml``). It never reads the blind parts. Heads:

* ``self``: risk to self (labelled clear or possible) against none (with everyday writing
  from the dev parts of the coach and trap corpora as more sentences without risk);
* ``partner``: danger from a partner;
* one head per kind of risk sentence (``passive``, ``burden`` ...), trained on the risk
  sentences whose kind says what they are about, used only to word the reason
  ("close to sentences about ...").

``--write`` writes ``attachwork/content/<lang>/risk_model.json`` (weights quantised to bytes,
read at run time in pure Python). ``--cv`` prints a five-fold cross-validation on the
development part: the rules alone, the model alone and the two together at the thresholds
in ``risk.yaml``, so the gain of each layer can be seen without touching the blind part.
The training is deterministic: ``tests/unit/test_reader_model.py`` rebuilds the model from
the data and checks it matches the committed file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from readers import coach_rows, group_fold, grouped_rows, risk_rows, trap_rows  # noqa: E402

from attachwork.domain import textmodel  # noqa: E402

DIMS = 2**18
KIND_DIMS = 2**14  # the heads that only word the reason can be small
C = 4.0
#: The regularisation per language, chosen by the grouped cross-validation (--cv): both
#: read better with a weaker penalty than the default (English gained about a point of
#: recall at the same precision going from 4 to 16 on the round-4 dev part).
C_BY_LANG = {"en": 16.0, "es": 16.0}
FOLDS = 5

#: Kinds of risk sentence that say what they are about, grouped for the reason heads.
KIND_HEADS = {
    "ideation": ["explicit_ideation"],
    "plan": ["plan", "means_rehearsal"],
    "self_harm": ["self_harm_no_myself", "self_harm_with_myself", "self_harm_no_pronoun",
                  "self_harm_with_pronoun"],
    "finality": ["finality_act"],
    "medicine": ["vital_medicine"],
    "passive": ["passive_ideation"],
    "burden": ["burden_worthless"],
    "hopeless": ["hopeless_death"],
}


def builtin_screen(lang: str = "en"):
    """The rules of the built-in content pack alone (no practice folder, no model): what the
    model's text is read through, at training as at run time."""
    from attachwork.domain.risk import RiskScreen

    return RiskScreen(builtin_config(lang, "risk"), model=False)


def builtin_config(lang: str, name: str) -> dict[str, Any]:
    """A file of the built-in content pack, as written (no practice folder)."""
    from attachwork.content import PACKAGE_DIR, SAFE_LOADER

    text = (PACKAGE_DIR / lang / f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader


def model_text(screen: Any, text: str) -> str:
    return screen.model_text(text)


def everyday_rows(lang: str = "en") -> list[dict[str, Any]]:
    """Everyday writing from the development parts of the coach and trap corpora (and the
    project's older coach drafts), as sentences without risk: drafts to a partner and
    anxious thoughts, the bulk of what clients save. Any the rules flag are left out."""
    texts = [text for _, _, text in coach_rows(lang, "dev")]
    texts += [text for text, _ in trap_rows(lang, "dev")]
    if lang == "en":
        old = yaml.safe_load((ROOT / "tests/fixtures/coach_sentences.yaml").read_text(encoding="utf-8"))
        texts += [row[2] for row in old["sentences"]]
    screen = builtin_screen(lang)
    return [{"text": t, "self": "none", "partner": False, "kind": "everyday"}
            for t in dict.fromkeys(texts) if not screen.rule_hits(t)[0]]


def training_rows(lang: str = "en") -> list[dict[str, Any]]:
    """The dev corpus, the project's older labelled sentences (English only) and everyday
    writing from the other readers' dev corpora."""
    rows = list(risk_rows(lang, "dev"))
    known = {r["text"] for r in rows}
    if lang == "en":
        old = yaml.safe_load((ROOT / "tests/fixtures/risk_sentences.yaml").read_text(encoding="utf-8"))
        rows += [{"text": t, "self": "risk", "partner": False, "kind": "old_fixture"}
                 for t in old["risk"] if t not in known]
        rows += [{"text": t, "self": "none", "partner": False, "kind": "old_fixture"}
                 for t in old["negatives"] if t not in known]
    known = {r["text"] for r in rows}
    rows += [r for r in everyday_rows(lang) if r["text"] not in known]
    return rows


def _matrix(texts: list[str], dims: int):
    from scipy.sparse import csr_matrix

    data, indices, indptr = [], [], [0]
    for t in texts:
        feats = textmodel.features(t, dims)
        for i in sorted(feats):
            indices.append(i)
            data.append(feats[i])
        indptr.append(len(indices))
    return csr_matrix((data, indices, indptr), shape=(len(texts), dims))


def _fit(x, y: list[int], c: float = C):
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=c, class_weight="balanced", solver="liblinear", max_iter=1000,
                             random_state=0)
    clf.fit(x, y)
    return float(clf.intercept_[0]), [float(w) for w in clf.coef_[0]]


def train(rows: list[dict[str, Any]], dims: int = DIMS, lang: str = "en",
          kinds: bool = True) -> dict[str, Any]:
    """The model file's contents, trained on ``rows`` (each read as the screen's rules leave
    it: :meth:`RiskScreen.model_text`). ``kinds=False`` leaves out the heads that only word
    the reason (quicker, for cross-validation)."""
    screen = builtin_screen(lang)
    texts = [r["text"] for r in rows]
    x = _matrix([model_text(screen, t) for t in texts], dims)
    heads: dict[str, Any] = {}

    def head(name: str, index: list[int], y: list[int], size: int = dims) -> None:
        sub = x[index]
        if size != dims:  # a smaller head: buckets folded (the index modulo its size)
            from scipy.sparse import csr_matrix

            sub = csr_matrix((sub.data, sub.indices % size, sub.indptr), shape=(sub.shape[0], size))
            sub.sum_duplicates()
        heads[name] = _packed_head(sub, y, C_BY_LANG.get(lang, C))

    every = list(range(len(rows)))
    head("self", every, [int(r["self"] != "none") for r in rows])
    head("partner", every, [int(bool(r["partner"])) for r in rows])
    # clear against everything else: whether a clear rule's match reads like the clear
    # sentences (kept clear) or like near misses and quieter signs (kept as possible)
    head("clear", every, [int(r["self"] == "clear") for r in rows])
    if not kinds:
        return {"format": textmodel.FORMAT, "dims": dims, "chars": [3, 5], "heads": heads}
    kinded = [i for i, r in enumerate(rows) if r["self"] != "none"
              and any(r["kind"] in kinds for kinds in KIND_HEADS.values())]
    for name, kinds in KIND_HEADS.items():
        head(name, kinded, [int(rows[i]["kind"] in kinds) for i in kinded], KIND_DIMS)
    return _model_contents(heads, texts, dims, "sentences", "benchmarks/train_readers.py")


def _packed_head(x, y: list[int], c: float) -> dict[str, Any]:
    """One head fitted and its weights quantised, as the model file keeps it."""
    bias, weights = _fit(x, y, c)
    packed, scale = textmodel.encode_weights(weights)
    return {"bias": round(bias, 6), "scale": scale, "weights": packed}


def _model_contents(heads: dict[str, Any], texts: list[str], dims: int, unit: str,
                    by: str) -> dict[str, Any]:
    """A model file's contents: its heads, and what it was trained on (a count and a digest
    of the texts, never the texts)."""
    digest = hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:16]
    return {"format": textmodel.FORMAT, "dims": dims, "chars": [3, 5],
            "trained_on": {unit: len(texts), "digest": digest, "by": by},
            "heads": heads}


def model_file(lang: str) -> Path:
    return ROOT / "attachwork" / "content" / lang / "risk_model.json"


def dump(model: dict[str, Any]) -> str:
    return json.dumps(model, indent=1, sort_keys=True) + "\n"


# -- cross-validation -------------------------------------------------------------------
class _Combined:
    """The rules with a model trained on the other folds (the screen's own code path)."""

    def __init__(self, screen: Any, model: textmodel.LinearModel | None, rules: bool = True):
        self.screen, self.model, self.rules = screen, model, rules

    def __call__(self, text: str):
        from attachwork.domain.risk import Screen, _Reading

        if self.rules:
            hits, r = self.screen.rule_hits(text)
        else:
            hits, r = [], _Reading(self.screen, text)
        if self.model is not None:
            hits = self.screen._with_model(self.model, hits, r)
        return Screen(tuple(hits))


def schemes(dev: list[dict[str, Any]]) -> dict[str, Any]:
    """Grouped ways to hold sentences out: five folds over blocks of neighbouring sentences
    (a minimal pair stays in one fold), and each dev file held out in turn (another author's
    sentences, the nearest thing to the blind part)."""
    out: dict[str, Any] = {"blocks": lambda r: group_fold(r, FOLDS)}
    if len({r["file"] for r in dev}) > 1:
        out["files"] = lambda r: r["file"]
    return out


def out_of_fold(lang: str, dims: int = DIMS) -> dict[str, list[dict[str, Any]]]:
    """For each scheme, every dev sentence read by the rules and scored by a model that was
    trained without its fold (the extra everyday sentences are always in training)."""
    dev = risk_rows(lang, "dev")
    extra = [r for r in training_rows(lang) if r["kind"] in ("old_fixture", "everyday")]
    base = builtin_screen(lang)
    readings = []
    for r in dev:
        hits, reading = base.rule_hits(r["text"])
        tiers = {h.tier for h in hits if h.category != "partner_danger"}
        text = reading.remaining()
        readings.append({
            "row": r, "rule_tier": "clear" if "clear" in tiers else "possible" if tiers else None,
            "rule_partner": any(h.category == "partner_danger" for h in hits), "text": text,
            "has_text": any(c.isalpha() for c in re.sub(r"\bxx[a-z_]+", "", text)),
            "short": base.short_text(text), "firm": base.firm(hits)})
    out: dict[str, list[dict[str, Any]]] = {}
    for name, split in schemes(dev).items():
        ids = [split(r) for r in dev]
        scored = [dict(x) for x in readings]
        for k in sorted(set(ids), key=str):
            model = textmodel.LinearModel(train(
                [r for r, i in zip(dev, ids, strict=True) if i != k] + extra, dims, lang, kinds=False))
            for x, i in zip(scored, ids, strict=True):
                if i == k:
                    x.update(model.scores(x["text"], ("self", "partner", "clear")))
        out[name] = scored
    return out


def policy(scored: list[dict[str, Any]], possible_at: float, partner_at: float, clear_at: float,
           short_at: float) -> dict[str, float]:
    """The screen's decision (as in :meth:`RiskScreen._with_model`) at these thresholds,
    scored: recall, precision, clear precision, clear kept clear, partner recall and
    precision."""
    n = {k: 0 for k in ("risky", "caught", "raised", "right", "craised", "cright", "clear",
                        "ckept", "partner", "pcaught", "praised", "pright")}
    for x in scored:
        r = x["row"]
        tier, partner = x["rule_tier"], x["rule_partner"]
        if x["has_text"]:
            if (tier == "clear" and not x["short"] and not x["firm"] and x["clear"] < clear_at
                    and x["self"] < possible_at):
                tier = "possible"
            if tier is None and x["self"] >= max(possible_at, short_at if x["short"] else 0.0):
                tier = "possible"
            if not partner and x["partner"] >= max(partner_at, short_at if x["short"] else 0.0):
                partner = True
        want = r["self"] if r["self"] in ("clear", "possible") else None
        n["risky"] += want is not None
        n["caught"] += want is not None and tier is not None
        n["raised"] += tier is not None
        n["right"] += tier is not None and want is not None
        n["craised"] += tier == "clear"
        n["cright"] += tier == "clear" and want == "clear"
        n["clear"] += want == "clear"
        n["ckept"] += want == "clear" and tier == "clear"
        n["partner"] += bool(r["partner"])
        n["pcaught"] += bool(r["partner"]) and partner
        n["praised"] += partner
        n["pright"] += partner and bool(r["partner"])

    def q(a: str, b: str) -> float:
        return n[a] / n[b] if n[b] else float("nan")

    return {"risk_recall": q("caught", "risky"), "risk_precision": q("right", "raised"),
            "clear_precision": q("cright", "craised"), "clear_kept": q("ckept", "clear"),
            "partner_recall": q("pcaught", "partner"), "partner_precision": q("pright", "praised")}


GRID = [round(0.3 + 0.025 * i, 3) for i in range(23)]  # 0.3 ... 0.85
CLEAR_GRID = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
#: A clear rule's match is kept clear unless the model finds little of it: the most clear
#: matches the clear_at check may move to possible (a plan read as a quieter sign still
#: brings only the gentler message), measured as clear sentences kept clear.
MAX_CLEAR_LOSS = 0.025
TARGETS = {"risk_precision": 0.85, "clear_precision": 0.95, "partner_recall": 0.90}
#: The precision ``possible_at`` must hold on the cross-validation: two points under the
#: target. The dev part holds the hardest near misses written on purpose (the quiet-sign
#: parts), and in rounds 4 and 5 each language's blind precision came in 3 to 4 points above
#: the cross-validation's at the chosen threshold (88.5 to 89.4 % against about 85 %), while
#: its recall came in within a point or two: a missed sign costs more than a gentle message
#: shown once too often. (Fixed before the round-6 blind parts were scored; there it cost
#: English precision: 81.0 % on the blind part, 2.6 points under the cross-validation, while
#: Spanish came in at 85.3 %, a point over. Reconsider before round 7.)
CV_PRECISION = 0.83
PARTNER_MARGIN = 0.02  # partner recall held a little above its target: a new author reads lower


def choose(oof: dict[str, list[dict[str, Any]]], short_at: float) -> dict[str, float]:
    """Thresholds chosen on the cross-validation, the mean over the schemes deciding:
    ``possible_at`` the one with the best recall whose precision holds ``CV_PRECISION``;
    ``partner_at`` the highest whose partner recall holds its target (with a margin);
    ``clear_at`` the lowest whose clear precision holds its target, but never one that
    moves more than ``MAX_CLEAR_LOSS`` of the clear sentences from clear to possible (the
    highest within that when none reaches the target): missing a plan's urgency costs more
    than a crisis panel shown once too often."""
    def mean(key: str, **at: float) -> float:
        base = {"possible_at": 0.5, "partner_at": 0.5, "clear_at": 0.0, **at}
        vals = [policy(s, base["possible_at"], base["partner_at"], base["clear_at"], short_at)[key]
                for s in oof.values()]
        return sum(vals) / len(vals)

    ok = [t for t in GRID if mean("risk_precision", possible_at=t) >= CV_PRECISION]
    possible_at = min(ok) if ok else GRID[-1]
    want = TARGETS["partner_recall"] + PARTNER_MARGIN
    ok = [t for t in GRID if mean("partner_recall", partner_at=t) >= want]
    partner_at = max(ok) if ok else GRID[0]
    kept = mean("clear_kept", possible_at=possible_at)
    ok = [c for c in CLEAR_GRID if kept - mean("clear_kept", possible_at=possible_at, clear_at=c)
          <= MAX_CLEAR_LOSS]
    at_target = [c for c in ok if mean("clear_precision", possible_at=possible_at, clear_at=c)
                 >= TARGETS["clear_precision"]]
    clear_at = min(at_target) if at_target else max(ok)
    return {"possible_at": possible_at, "partner_at": partner_at, "clear_at": clear_at}


def cross_validate(lang: str, dims: int = DIMS, sweep: bool = False) -> None:
    spec = builtin_screen(lang).model_spec
    at = {k: float(spec.get(k, 0.0)) for k in ("possible_at", "partner_at", "clear_at")}
    short_at = float(spec.get("short_at", 1.0))
    oof = out_of_fold(lang, dims)
    n = len(next(iter(oof.values())))
    keys = ("risk_recall", "risk_precision", "clear_precision", "clear_kept", "partner_recall",
            "partner_precision")
    print(f"grouped cross-validation on {lang} dev ({n} sentences, files: "
          f"{', '.join(sorted({x['row']['file'] for x in next(iter(oof.values()))}))})")
    print(f"thresholds in risk.yaml: {at}, short_at {short_at}")
    for name, scored in oof.items():
        print(f"\n  {name}:{'':<21}{'rules':>10}{'model':>10}{'both':>10}")
        only_rules = policy(scored, 2.0, 2.0, 0.0, short_at)
        no_rules = [{**x, "rule_tier": None, "rule_partner": False} for x in scored]
        only_model = policy(no_rules, at["possible_at"], at["partner_at"], at["clear_at"], short_at)
        both = policy(scored, at["possible_at"], at["partner_at"], at["clear_at"], short_at)
        for key in keys:
            print(f"    {key:<24}" + "".join(f"{f[key]:>10.1%}" for f in (only_rules, only_model, both)))
    if sweep:
        print("\nsweep (both layers; one column group per scheme, in the order above):")
        for t in GRID:
            cells = [policy(s, t, t, at["clear_at"], short_at) for s in oof.values()]
            line = " | ".join(f"{c['risk_recall']:6.1%} {c['risk_precision']:6.1%} p "
                              f"{c['partner_recall']:6.1%} {c['partner_precision']:6.1%}" for c in cells)
            print(f"  t={t:<6} recall precision, partner recall precision: {line}")
        for c in CLEAR_GRID:
            cells = [policy(s, at["possible_at"], at["partner_at"], c, short_at) for s in oof.values()]
            print(f"  clear_at={c:<4} clear precision / clear kept: " + " | ".join(
                f"{x['clear_precision']:6.1%} {x['clear_kept']:6.1%}" for x in cells))
        chosen = choose(oof, short_at)
        print(f"\nchosen on the cross-validation: {chosen}")
        for name, scored in oof.items():
            f = policy(scored, chosen["possible_at"], chosen["partner_at"], chosen["clear_at"], short_at)
            print(f"  {name}: " + ", ".join(f"{k} {f[k]:.1%}" for k in keys))


# -- the trap hints' statistical layer ----------------------------------------------------
TRAP_DIMS = 2**16
TRAP_C = {"en": 4.0, "es": 4.0}
#: ``suggest_at`` is chosen on the cross-validation as the lowest threshold whose precision
#: (all traps together, mean over the schemes) holds this, a margin above the 90 % target:
#: a new author's thoughts read lower than held-out folds of the dev part.
TRAP_PRECISION = 0.92
TRAP_GRID = [round(0.3 + 0.025 * i, 3) for i in range(25)]  # 0.3 ... 0.9
#: ``veto_below``: a phrase's hint is dropped where the model reads its trap below this
#: (0: never). It is chosen on the dev files no phrase was tuned on yet (the round-5 blind
#: part retired into dev, and the round-6 extra part; move them out of ``TRAP_FRESH`` once the
#: phrases are tuned on them): the phrases alone read 79.5 % (en) and 85.4 % (es) precise
#: there, and 80.8 to 89.4 % on the round-4 and round-5 blind parts, against 89 to 94 % on
#: the dev files they were tuned on, where a veto seems to cost more than it saves.
TRAP_VETO = [0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4]
TRAP_FRESH = ("traps_dev_round5_retired", "traps_dev_round6")
TRAP_VETO_LOSS = 0.005


def builtin_spotter(lang: str = "en", model: Any = None):
    """The trap rules of the built-in content pack alone (no practice folder)."""
    from attachwork.domain.traps import TrapSpotter, rules_only

    return TrapSpotter(rules_only(builtin_config(lang, "core_beliefs")), model)


def trap_training_rows(lang: str = "en") -> list[dict[str, Any]]:
    """Every thought of the trap corpora's dev files, with its file and block for folds."""
    return [{**r, "traps": set(r.get("traps") or ())} for r in grouped_rows(lang, "traps", "dev", "thoughts")]


def train_traps(rows: list[dict[str, Any]], lang: str = "en", dims: int = TRAP_DIMS) -> dict[str, Any]:
    """The trap model file's contents: one head per trap of the content pack, over the raw
    text of each thought."""
    codes = list(builtin_spotter(lang).patterns)
    texts = [r["text"] for r in rows]
    x = _matrix(texts, dims)
    heads: dict[str, Any] = {}
    for code in codes:
        y = [int(code in r["traps"]) for r in rows]
        if not any(y):
            continue
        heads[code] = _packed_head(x, y, TRAP_C.get(lang, C))
    return _model_contents(heads, texts, dims, "thoughts", "benchmarks/train_readers.py --traps")


def traps_model_file(lang: str) -> Path:
    return ROOT / "attachwork" / "content" / lang / "traps_model.json"


def trap_out_of_fold(lang: str) -> dict[str, list[dict[str, Any]]]:
    """For each scheme (blocks, and each dev file held out), every dev thought with the
    traps the rules name and each head's probability from a model trained without it."""
    dev = trap_training_rows(lang)
    rules = builtin_spotter(lang)
    named = [{s.trap for s in rules.suggest(r["text"])} for r in dev]
    splits = schemes(dev)
    out: dict[str, list[dict[str, Any]]] = {}
    for name, split in splits.items():
        ids = [split(r) for r in dev]
        scored = [{"row": r, "rules": n, "p": {}, "quiet": rules.stands_back(r["text"])}
                  for r, n in zip(dev, named, strict=True)]
        for k in sorted(set(ids), key=str):
            model = textmodel.LinearModel(train_traps(
                [r for r, i in zip(dev, ids, strict=True) if i != k], lang))
            for x, i in zip(scored, ids, strict=True):
                if i == k:
                    x["p"] = model.scores(x["row"]["text"])
        out[name] = scored
    return out


def trap_policy(scored: list[dict[str, Any]], at: float, rules: bool = True,
                veto: float = 0.0) -> dict[str, float]:
    """Precision and recall of all traps together: the rules' traps (less those whose head
    reads below ``veto``, as ``TrapSpotter.suggest`` drops them), and each head at or above
    ``at`` for a trap the rules did not name."""
    tp = fp = fn = 0
    for x in scored:
        got = {c for c in x["rules"] if x["p"].get(c, 1.0) >= veto} if rules else set()
        got |= {code for code, p in x["p"].items() if p >= at and code not in x["quiet"]}
        want = x["row"]["traps"]
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
    return {"precision": tp / (tp + fp) if tp + fp else float("nan"),
            "recall": tp / (tp + fn) if tp + fn else float("nan")}


def choose_trap_threshold(oof: dict[str, list[dict[str, Any]]], veto: float = 0.0) -> float:
    """``suggest_at``: the lowest threshold whose precision (all traps together, mean over
    the schemes, phrases vetoed below ``veto``) holds ``TRAP_PRECISION``."""
    def mean(key: str, at: float) -> float:
        vals = [trap_policy(s, at, veto=veto)[key] for s in oof.values()]
        return sum(vals) / len(vals)

    ok = [t for t in TRAP_GRID if mean("precision", t) >= TRAP_PRECISION]
    return min(ok) if ok else TRAP_GRID[-1]


def fresh_rows(oof: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The thoughts of ``TRAP_FRESH``, each scored by a model trained without its file."""
    return [x for x in oof["files"] if x["row"]["file"] in TRAP_FRESH]


def choose_trap_veto(oof: dict[str, list[dict[str, Any]]], at: float) -> float:
    """``veto_below``, chosen on the files the phrase lists were never tuned on (on the rest
    the phrases look better than they are, so no veto seems needed): the highest that costs
    at most ``TRAP_VETO_LOSS`` of recall there at ``at``."""
    rows = fresh_rows(oof)
    if not rows:
        return 0.0
    base = trap_policy(rows, at)["recall"]
    ok = [v for v in TRAP_VETO if base - trap_policy(rows, at, veto=v)["recall"] <= TRAP_VETO_LOSS]
    return max(ok)


def trap_cross_validate(lang: str) -> None:
    config = builtin_config(lang, "core_beliefs")
    at = float((config.get("trap_model") or {}).get("suggest_at", 1.0))
    veto = float((config.get("trap_model") or {}).get("veto_below", 0.0))
    oof = trap_out_of_fold(lang)
    n = len(next(iter(oof.values())))
    print(f"grouped cross-validation of the trap hints on {lang} dev ({n} thoughts); "
          f"suggest_at in core_beliefs.yaml: {at}, veto_below {veto}")
    for name, scored in oof.items():
        rules = trap_policy(scored, 2.0)
        model = trap_policy(scored, at, rules=False)
        both = trap_policy(scored, at, veto=veto)
        print(f"  {name:<8} precision / recall: rules {rules['precision']:.1%} / {rules['recall']:.1%}"
              f"   model {model['precision']:.1%} / {model['recall']:.1%}"
              f"   both {both['precision']:.1%} / {both['recall']:.1%}")
    print(f"sweep (both layers, veto_below {veto}; one pair per scheme):")
    for t in TRAP_GRID:
        cells = [trap_policy(s, t, veto=veto) for s in oof.values()]
        print(f"  at={t:<6}" + " | ".join(f"{c['precision']:6.1%} {c['recall']:6.1%}" for c in cells))
    fresh = fresh_rows(oof)
    print(f"veto_below on the files no phrase was tuned on ({len(fresh)} thoughts), at {at}:")
    for v in TRAP_VETO:
        c = trap_policy(fresh, at, veto=v)
        print(f"  veto={v:<5} precision {c['precision']:6.1%} recall {c['recall']:6.1%}")
    chosen_veto = choose_trap_veto(oof, at)
    print(f"chosen: veto_below {chosen_veto} (the fresh files), then suggest_at "
          f"{choose_trap_threshold(oof, chosen_veto)} (the cross-validation)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lang", default="en")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--cv", action="store_true")
    ap.add_argument("--dims", type=int, default=DIMS)
    ap.add_argument("--sweep", action="store_true", help="with --cv: print a threshold sweep")
    ap.add_argument("--traps", action="store_true",
                    help="the trap hints' model instead of the risk screen's (with --cv, --write)")
    args = ap.parse_args()
    if args.traps:
        if args.cv:
            trap_cross_validate(args.lang)
        if args.write:
            path = traps_model_file(args.lang)
            path.write_text(dump(train_traps(trap_training_rows(args.lang), args.lang)), encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size / 1024:.0f} KiB)")
        return
    if args.cv:
        cross_validate(args.lang, args.dims, args.sweep)
    if args.write:
        model = train(training_rows(args.lang), args.dims, args.lang)
        path = model_file(args.lang)
        path.write_text(dump(model), encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
