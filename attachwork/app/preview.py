"""``attachwork content preview``: every client-facing string, by workbook and step, with its
key, in each language, so a trainer finds the line to change without opening YAML blind.

A workbook's words live in its content file (``content/<lang>/<key>.yaml``); a section of
that file belongs to the step it is named after (``trigger`` to ``trigger_log``, ``protest_check``
to ``checks``...: :data:`STEP_SECTIONS`), and the rest is listed as the workbook's other words.
Words every page shares (``common.yaml``, ``export.yaml``) come last. The readers' phrase
lists (risk screen, coach) are data, not sentences, and are left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from attachwork import workbooks
from attachwork.app.checks import _compared
from attachwork.content import PACKAGE_DIR, built_in, languages

#: Sections named otherwise than their step: workbook key -> step -> sections.
STEP_SECTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "pattern_awareness": {"learn": ("learn", "styles"), "trigger_log": ("trigger",),
                          "checks": ("frequency", "protest_check", "silencing_check")},
    "regulation": {"why": ("why", "tools", "suds_before", "suds_after", "note_label", "save",
                           "saved", "drop", "pacer")},
}
#: Files every page shares, listed after the workbooks.
SHARED = ("common", "export", "bundles", "start")


@dataclass(frozen=True)
class Line:
    key: str
    texts: dict[str, str]  # language -> text ("" when the language lacks the key)


@dataclass(frozen=True)
class Group:
    workbook: str
    step: str
    lines: list[Line]


def _flat(node: Any, prefix: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _flat(v, f"{prefix}.{k}")
    elif isinstance(node, list):
        for n, v in enumerate(node):
            yield from _flat(v, f"{prefix}.{n}")
    elif isinstance(node, str | int | float) and not isinstance(node, bool):
        yield prefix, str(node)


def _lines(section_key: str, packs: dict[str, dict[str, Any]]) -> list[Line]:
    file, _, rest = section_key.partition(".")
    keys: dict[str, dict[str, str]] = {}
    for lang, data in packs.items():
        node: Any = data.get(file, {})
        for part in rest.split(".") if rest else []:
            node = node.get(part, {}) if isinstance(node, dict) else {}
        for key, text in _flat(node, section_key):
            if _compared(key):
                keys.setdefault(key, {})[lang] = text
    return [Line(k, {lang: texts.get(lang, "") for lang in packs}) for k, texts in keys.items()]


def groups(langs: list[str] | None = None, workbook: str | None = None) -> list[Group]:
    """The words of every workbook (or one, by id or key) grouped by step, then the shared
    files', each line with its key and its text in each of ``langs``."""
    langs = langs or languages()
    packs = {lang: built_in(lang) for lang in langs}
    out: list[Group] = []
    for spec in workbooks.ALL:
        if workbook and workbook not in (spec.id, spec.key):
            continue
        sections = list(packs["en" if "en" in packs else langs[0]].get(spec.key, {}))
        used: set[str] = set()
        page = [s for s in ("title", "subtitle", "steps") if s in sections]
        out.append(Group(spec.id, "page", [ln for s in page for ln in _lines(f"{spec.key}.{s}", packs)]))
        used |= set(page)
        for step in spec.steps:
            mine = STEP_SECTIONS.get(spec.key, {}).get(step, (step,))
            found = [s for s in sections if s in mine and s not in used]
            used |= set(found)
            out.append(Group(spec.id, step, [ln for s in found for ln in _lines(f"{spec.key}.{s}", packs)]))
        rest = [s for s in sections if s not in used]
        if rest:
            out.append(Group(spec.id, "other", [ln for s in rest for ln in _lines(f"{spec.key}.{s}", packs)]))
    if not workbook:
        for file in SHARED:
            if file in {s.key for s in workbooks.ALL}:
                continue
            out.append(Group("every page", file, _lines(file, packs)))
        out += _instruments(langs)
    return [g for g in out if g.lines]


def _instruments(langs: list[str]) -> list[Group]:
    """The check-in's wording (``content/<lang>/instruments/*.yaml``): items, scale labels,
    the notice. Its ids and keying are not words to change (docs/TRAINERS.md)."""
    import yaml

    files = sorted({p.name for lang in langs for p in (PACKAGE_DIR / lang / "instruments").glob("*.yaml")})
    out = []
    for name in files:
        packs = {}
        for lang in langs:
            path = PACKAGE_DIR / lang / "instruments" / name
            packs[lang] = {"instruments": yaml.safe_load(path.read_text(encoding="utf-8"))
                           if path.exists() else {}}
        out.append(Group(f"check-in ({name})", "instrument", [
            ln for ln in _lines("instruments", packs)
            if not ln.key.endswith((".id", ".subscale", ".kind", ".version", ".reverse"))]))
    return out


def render(found: list[Group], langs: list[str], fmt: str = "text") -> str:
    """The groups as plain text or Markdown (a table per step)."""
    out: list[str] = []
    for g in found:
        if fmt == "md":
            out += [f"## {g.workbook} · {g.step}", "", "| key | " + " | ".join(langs) + " |",
                    "|---|" + "---|" * len(langs)]
            out += ["| `" + ln.key + "` | " + " | ".join(
                " ".join(ln.texts[lang].split()).replace("|", "\\|") for lang in langs) + " |"
                for ln in g.lines]
            out.append("")
        else:
            out.append(f"== {g.workbook} · {g.step}")
            for ln in g.lines:
                out.append(f"  {ln.key}")
                out += [f"    {lang}: {' '.join(ln.texts[lang].split()) or '(missing)'}"
                        for lang in langs]
            out.append("")
    return "\n".join(out)
