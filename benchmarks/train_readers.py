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
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from readers import coach_rows, fold, risk_rows, score_risk, trap_rows  # noqa: E402

from attachwork.domain import textmodel  # noqa: E402

DIMS = 2**18
KIND_DIMS = 2**14  # the heads that only word the reason can be small
C = 4.0
FOLDS = 5

#: Kinds of risk sentence that say what they are about, grouped for the reason heads.
KIND_HEADS = {
    "ideation": ["explicit_ideation"],
    "plan": ["plan", "means_rehearsal"],
    "self_harm": ["self_harm_no_myself", "self_harm_with_myself"],
    "finality": ["finality_act"],
    "medicine": ["vital_medicine"],
    "passive": ["passive_ideation"],
    "burden": ["burden_worthless"],
    "hopeless": ["hopeless_death"],
}


def builtin_screen(lang: str = "en"):
    """The rules of the built-in content pack alone (no practice folder, no model): what the
    model's text is read through, at training as at run time."""
    from attachwork.content import PACKAGE_DIR, SAFE_LOADER
    from attachwork.domain.risk import RiskScreen

    config = yaml.load((PACKAGE_DIR / lang / "risk.yaml").read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506 - a safe loader
    return RiskScreen(config, model=False)


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


def _fit(x, y: list[int]):
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", max_iter=1000,
                             random_state=0)
    clf.fit(x, y)
    return float(clf.intercept_[0]), [float(w) for w in clf.coef_[0]]


def train(rows: list[dict[str, Any]], dims: int = DIMS) -> dict[str, Any]:
    """The model file's contents, trained on ``rows`` (each read as the screen's rules leave
    it: :meth:`RiskScreen.model_text`)."""
    screen = builtin_screen()
    texts = [r["text"] for r in rows]
    x = _matrix([model_text(screen, t) for t in texts], dims)
    heads: dict[str, Any] = {}

    def head(name: str, index: list[int], y: list[int], size: int = dims) -> None:
        sub = x[index]
        if size != dims:  # a smaller head: buckets folded (the index modulo its size)
            from scipy.sparse import csr_matrix

            sub = csr_matrix((sub.data, sub.indices % size, sub.indptr), shape=(sub.shape[0], size))
            sub.sum_duplicates()
        bias, weights = _fit(sub, y)
        packed, scale = textmodel.encode_weights(weights)
        heads[name] = {"bias": round(bias, 6), "scale": scale, "weights": packed}

    every = list(range(len(rows)))
    head("self", every, [int(r["self"] != "none") for r in rows])
    head("partner", every, [int(bool(r["partner"])) for r in rows])
    kinded = [i for i, r in enumerate(rows) if r["self"] != "none"
              and any(r["kind"] in kinds for kinds in KIND_HEADS.values())]
    for name, kinds in KIND_HEADS.items():
        head(name, kinded, [int(rows[i]["kind"] in kinds) for i in kinded], KIND_DIMS)
    digest = hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:16]
    return {"format": textmodel.FORMAT, "dims": dims, "chars": [3, 5],
            "trained_on": {"sentences": len(rows), "digest": digest,
                           "by": "benchmarks/train_readers.py"},
            "heads": heads}


def model_file(lang: str) -> Path:
    return ROOT / "attachwork" / "content" / lang / "risk_model.json"


def dump(model: dict[str, Any]) -> str:
    return json.dumps(model, indent=1, sort_keys=True) + "\n"


# -- cross-validation -------------------------------------------------------------------
class _Combined:
    """The rules with a model trained on the other folds."""

    def __init__(self, screen: Any, model: textmodel.LinearModel | None, rules: bool = True):
        self.screen, self.model, self.rules = screen, model, rules

    def __call__(self, text: str):
        from attachwork.domain.risk import Screen, _Reading

        if self.rules:
            hits, r = self.screen.rule_hits(text)
        else:
            hits, r = [], _Reading(self.screen, text)
        if self.model is not None:
            hits = hits + self.screen._model_hits(self.model, hits, r)
        return Screen(tuple(hits))


def cross_validate(lang: str, dims: int = DIMS, sweep: bool = False) -> None:
    dev = risk_rows(lang, "dev")
    extra = [r for r in training_rows(lang) if r["kind"] in ("old_fixture", "everyday")]
    base = builtin_screen(lang)
    rules_only = score_risk(dev, _Combined(base, None))
    per_fold = []
    for k in range(FOLDS):
        train_rows = [r for r in dev if fold(r["text"], FOLDS) != k] + extra
        test_rows = [r for r in dev if fold(r["text"], FOLDS) == k]
        model = textmodel.LinearModel(train(train_rows, dims))
        per_fold.append((test_rows, model))

    def pooled(rules: bool) -> Any:
        total = None
        for test_rows, model in per_fold:
            s = score_risk(test_rows, _Combined(base, model, rules))
            if total is None:
                total = s
            else:
                for f in vars(s):
                    if f != "wrong":
                        setattr(total, f, getattr(total, f) + getattr(s, f))
        return total

    print(f"five-fold cross-validation on {lang} dev ({len(dev)} sentences), thresholds from risk.yaml")
    print(f"{'':<26}{'rules':>10}{'model':>10}{'both':>10}")
    model_only, both = pooled(False), pooled(True)
    for key in ("risk_recall", "risk_precision", "clear_precision", "clear_precision_any",
                "partner_recall", "partner_precision"):
        cells = "".join(f"{s.figures[key]:>10.1%}" for s in (rules_only, model_only, both))
        print(f"  {key:<24}{cells}")
    if sweep:
        # out-of-fold scores, and what the rules say, for every dev sentence
        oof = []
        for test_rows, model in per_fold:
            for r in test_rows:
                hits, _ = base.rule_hits(r["text"])
                rule_self = any(h.category != "partner_danger" for h in hits)
                rule_partner = any(h.category == "partner_danger" for h in hits)
                sc = model.scores(base.model_text(r["text"]), ("self", "partner"))
                if base.short_text(base.model_text(r["text"])):
                    sc = {k: v if v >= base.short_at else 0.0 for k, v in sc.items()}
                oof.append((r, rule_self, rule_partner, sc["self"], sc["partner"]))
        print("\nthreshold sweep (rules OR model >= t): self recall / precision | partner recall / precision")
        for t in (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6):
            tp = sum(1 for r, rs, _, ps, _ in oof if r["self"] != "none" and (rs or ps >= t))
            fp = sum(1 for r, rs, _, ps, _ in oof if r["self"] == "none" and (rs or ps >= t))
            pos = sum(1 for r, *_ in oof if r["self"] != "none")
            mtp = sum(1 for r, _, _, ps, _ in oof if r["self"] != "none" and ps >= t)
            mfp = sum(1 for r, _, _, ps, _ in oof if r["self"] == "none" and ps >= t)
            ptp = sum(1 for r, _, rp, _, pp in oof if r["partner"] and (rp or pp >= t))
            pfp = sum(1 for r, _, rp, _, pp in oof if not r["partner"] and (rp or pp >= t))
            ppos = sum(1 for r, *_ in oof if r["partner"])
            print(f"  t={t:<5} both {tp / pos:6.1%} / {tp / max(1, tp + fp):6.1%}   model "
                  f"{mtp / pos:6.1%} / {mtp / max(1, mtp + mfp):6.1%}   | partner "
                  f"{ptp / ppos:6.1%} / {ptp / max(1, ptp + pfp):6.1%}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lang", default="en")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--cv", action="store_true")
    ap.add_argument("--dims", type=int, default=DIMS)
    ap.add_argument("--sweep", action="store_true", help="with --cv: print a threshold sweep")
    args = ap.parse_args()
    if args.cv:
        cross_validate(args.lang, args.dims, args.sweep)
    if args.write:
        model = train(training_rows(args.lang), args.dims)
        path = model_file(args.lang)
        path.write_text(dump(model), encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
