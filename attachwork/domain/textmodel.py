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


def features(text: str, dims: int, chars: tuple[int, int] = (3, 5)) -> dict[int, float]:
    """Hashed features of ``text``: bucket -> value."""
    words = tokens(text)
    word_feats: set[str] = set()
    prev = ""
    for w in words:
        if w == CLAUSE:
            prev = ""
            continue
        word_feats.add("w:" + w)
        if prev:
            word_feats.add(f"b:{prev} {w}")
        prev = w
    char_feats: set[str] = set()
    lo, hi = chars
    for w in {w for w in words if w != CLAUSE}:
        padded = f"<{w}>"
        for n in range(lo, hi + 1):
            for i in range(len(padded) - n + 1):
                char_feats.add("c:" + padded[i:i + n])
    out: dict[int, float] = {}
    for family in (word_feats, char_feats):
        if not family:
            continue
        value = 1.0 / math.sqrt(len(family))
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


def strongest_run(model: LinearModel, head: str, text: str, most: int = 6) -> str:
    """The writer's own words that weigh most towards ``head``: the run of at most ``most``
    neighbouring words, inside one clause, whose features add the most to its score (each
    word's own feature, half of each word pair it is in, its character n-grams). Empty when
    no word weighs towards it."""
    _bias, scale, q = model.heads[head]
    d = len(q)
    read = _reader().read(str(text))
    words = read.words

    def weight(feature: str) -> float:
        return scale * q[(zlib.crc32(feature.encode("utf-8")) % model.dims) % d]

    real = [w for w in words if w != CLAUSE]
    lo, hi = model.chars
    grams = {w: [f"<{w}>"[i:i + n] for n in range(lo, hi + 1) for i in range(len(w) + 3 - n)]
             for w in set(real)}
    n_chars = len({g for gs in grams.values() for g in gs})
    if not real or not n_chars:
        return ""
    word_value = 1.0 / math.sqrt(len(set(real)) + len({(a, b) for a, b in zip(words, words[1:], strict=False)
                                                        if CLAUSE not in (a, b)}))
    char_value = 1.0 / math.sqrt(n_chars)
    gain = []
    for i, w in enumerate(words):
        if w == CLAUSE:
            gain.append(float("-inf"))
            continue
        g = word_value * weight("w:" + w) + char_value * sum(weight("c:" + x) for x in grams[w])
        for j in (i - 1, i + 1):
            if 0 <= j < len(words) and words[j] != CLAUSE:
                a, b = (words[j], w) if j < i else (w, words[j])
                g += 0.5 * word_value * weight(f"b:{a} {b}")
        gain.append(g)
    best, span = 0.0, (0, 0)
    for start in range(len(words)):
        total = 0.0
        for end in range(start, min(start + most, len(words))):
            if gain[end] == float("-inf"):
                break
            total += gain[end]
            if total > best:
                best, span = total, (start, end + 1)
    return read.quote(*span).strip(" ,.;:!?")
