"""A small linear text model read in pure Python: the statistical layer of the readers.

The model is trained offline with scikit-learn (``benchmarks/train_readers.py``) and shipped
as a JSON file in the content pack. At run time nothing heavier than the standard library
is imported: a text becomes hashed word and character n-grams (the same function the
training script uses), and each *head* of the model (``self``, ``partner``, one per kind of
sentence) is a logistic regression over them, its weights quantised to bytes.

Features of a text, each present or absent (no counts):

* ``w:`` the words, lower case, contractions opened ("didn't" -> did not);
* ``b:`` pairs of neighbouring words inside a clause;
* ``c:`` character 3- to 5-grams of each word, with ``<`` and ``>`` marking its ends
  (so "suicde" still shares most of its pieces with "suicide").

Each family is scaled to unit length, and every feature is hashed (CRC-32) into ``dims``
buckets.
"""

from __future__ import annotations

import base64
import json
import math
import zlib
from array import array
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from attachwork.domain.phrases import CLAUSE, Reader

FORMAT = "attachwork-linear-1"


@lru_cache(maxsize=1)
def _reader() -> Reader:
    return Reader({}, [], set())


def tokens(text: str) -> list[str]:
    """The words the model reads (``"."`` for a clause break)."""
    return list(_reader().read(str(text)).words)


def word_features(words: Sequence[str], chars: tuple[int, int] = (3, 5)
                  ) -> list[tuple[set[str], set[str]]]:
    """Each word's features (a clause break has none): its word family (``w:`` the word,
    ``b:`` the pair it makes with the word before it in its clause) and its character
    n-grams. A text's features are the union of its words'; :func:`strongest_run` reads
    them word by word."""
    lo, hi = chars
    out: list[tuple[set[str], set[str]]] = []
    prev = ""
    for w in words:
        if w == CLAUSE:
            out.append((set(), set()))
            prev = ""
            continue
        family = {"w:" + w} | ({f"b:{prev} {w}"} if prev else set())
        padded = f"<{w}>"
        grams = {"c:" + padded[i:i + n] for n in range(lo, hi + 1) for i in range(len(padded) - n + 1)}
        out.append((family, grams))
        prev = w
    return out


def _families(per_word: list[tuple[set[str], set[str]]]) -> list[tuple[set[str], float]]:
    """The text's two families (word features, n-grams), each with the value of one of its
    features: each family is scaled to unit length."""
    words: set[str] = set().union(*(f for f, _ in per_word))
    grams: set[str] = set().union(*(g for _, g in per_word))
    return [(family, 1.0 / math.sqrt(len(family)) if family else 0.0) for family in (words, grams)]


def features(text: str, dims: int, chars: tuple[int, int] = (3, 5)) -> dict[int, float]:
    """Hashed features of ``text``: bucket -> value."""
    out: dict[int, float] = {}
    for family, value in _families(word_features(tokens(text), chars)):
        for f in family:
            idx = zlib.crc32(f.encode("utf-8")) % dims
            out[idx] = out.get(idx, 0.0) + value
    return out


def encode_weights(weights: Sequence[float]) -> tuple[str, float]:
    """Weights quantised to signed bytes: (base64 of the zlib-packed bytes, scale)."""
    top = max((abs(w) for w in weights), default=0.0) or 1.0
    scale = top / 127.0
    q = array("b", (max(-127, min(127, round(w / scale))) for w in weights))
    return base64.b64encode(zlib.compress(q.tobytes(), 9)).decode("ascii"), scale


def decode_weights(packed: str) -> array:
    q = array("b")
    q.frombytes(zlib.decompress(base64.b64decode(packed)))
    return q


class LinearModel:
    """Heads of logistic regressions over one hashed feature space."""

    def __init__(self, data: dict):
        if data.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} model file")
        self.dims = int(data["dims"])
        self.chars = tuple(data.get("chars", (3, 5)))
        self.heads: dict[str, tuple[float, float, array]] = {}
        for name, head in data["heads"].items():
            q = decode_weights(head["weights"])
            if not q or self.dims % len(q):
                raise ValueError(f"head '{name}' has {len(q)} weights, which must divide {self.dims}")
            self.heads[name] = (float(head["bias"]), float(head["scale"]), q)

    def features(self, text: str) -> dict[int, float]:
        return features(text, self.dims, self.chars)

    def score(self, feats: dict[int, float], head: str) -> float:
        """The probability head ``head`` gives a text with features ``feats``."""
        bias, scale, q = self.heads[head]
        d = len(q)
        z = bias + scale * sum(q[i % d] * v for i, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))

    def scores(self, text: str, heads: Sequence[str] | None = None) -> dict[str, float]:
        """The probability each head (all of them by default) gives ``text``."""
        feats = self.features(text)
        return {name: self.score(feats, name) for name in (heads or self.heads)}


def load(path: str | Path) -> LinearModel:
    return LinearModel(json.loads(Path(path).read_text(encoding="utf-8")))


def model_path(content: Any, name: str) -> Path | None:
    """The model file ``name`` from the practice's folder if it has one, else the pack's
    (``content`` is a :class:`attachwork.content.ContentPack`)."""
    for folder in reversed(content.folders):
        if (folder / name).is_file():
            return folder / name
    return None


def with_model_file(config: dict[str, Any], key: str, content: Any) -> dict[str, Any]:
    """``config`` with the model file named under ``config[key]["file"]`` found in the
    content's folders (:func:`model_path`; empty when there is none)."""
    spec = dict(config.get(key) or {})
    if not spec.get("file"):
        return dict(config)
    path = model_path(content, str(spec["file"]))
    return {**config, key: {**spec, "file": str(path) if path else ""}}


def strongest_run(model: LinearModel, head: str, text: str, most: int = 6) -> str:
    """The writer's own words that weigh most towards ``head``: the run of at most ``most``
    neighbouring words, inside one clause, whose features (the same as :func:`features`
    gives the text, each counted once however often its word comes) add the most to the
    head's score. Empty when no run weighs towards it."""
    _bias, scale, q = model.heads[head]
    d = len(q)
    read = _reader().read(str(text))
    per_word = word_features(read.words, model.chars)
    (_, word_value), (_, char_value) = _families(per_word)

    def weight(feature: str) -> float:
        return scale * q[(zlib.crc32(feature.encode("utf-8")) % model.dims) % d]

    best, span = 0.0, (0, 0)
    for start in range(len(per_word)):
        seen: set[str] = set()
        total = 0.0
        for end in range(start, min(start + most, len(per_word))):
            if read.words[end] == CLAUSE:
                break
            word_feats, char_feats = per_word[end]
            # a pair counts once both its words are in the run; each feature once
            new = ({f for f in word_feats if f.startswith("w:") or end > start} | char_feats) - seen
            seen |= new
            total += sum((word_value if f[0] != "c" else char_value) * weight(f) for f in new)
            if total > best:
                best, span = total, (start, end + 1)
    return read.quote(*span).strip(" ,.;:!?")
