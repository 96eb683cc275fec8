"""Check a content folder against the built-in pack before it can break a page.

A practice's override (or a trainer's edit) is read with line numbers and compared key by key
with the pack it lies over:

* a key the built-in pack does not have (``headng`` for ``heading``), with the nearest known
  key suggested; only keys the pack documents as extensible (``more_phrases``...) may be new;
* a value of another shape (a list where a sentence belongs, a number for a list);
* a sentence whose ``{placeholders}`` differ from the built-in one (``{curent}``), which
  would fail when the page fills it in;
* an empty sentence.

Each problem names the file and the line. Nothing here imports anything beyond the standard
library and PyYAML, so the check runs anywhere the pack does.
"""

from __future__ import annotations

import difflib
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

#: Keys an override may add under any section: they extend a built-in list instead of
#: replacing it (see the header of risk.yaml and coach.yaml).
EXTENSIBLE = {"more_phrases", "more_figures_of_speech", "more_words"}


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    key: str
    text: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.key}: {self.text}"


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a sentence is filled with (format specs and conversions ignored)."""
    names = set()
    try:
        for _literal, field, _spec, _conv in string.Formatter().parse(text):
            if field is not None:
                names.add(field.split(".")[0].split("[")[0])
    except ValueError:
        names.add("{")  # an unbalanced brace: never the same as the built-in sentence
    return names


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, str):
        return "text"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "section"
    return "empty" if value is None else type(value).__name__


def _lines(node: yaml.Node, prefix: str, out: dict[str, int]) -> None:
    """Dotted key -> line number, for every mapping key in a composed YAML document."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = f"{prefix}.{key_node.value}" if prefix else str(key_node.value)
            out[key] = key_node.start_mark.line + 1
            _lines(value_node, key, out)


def check_folder(folder: Path, reference: dict[str, Any]) -> list[Problem]:
    """Problems in the YAML files of ``folder`` (one language) against ``reference`` (the
    built-in pack of that language, as loaded: one top-level section per file)."""
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.yaml")):
        section = path.stem
        text = path.read_text(encoding="utf-8")
        try:
            composed = yaml.compose(text, Loader=yaml.SafeLoader)
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problems.append(Problem(path.name, (mark.line + 1) if mark else 1, section,
                                    "this is not valid YAML"))
            continue
        lines: dict[str, int] = {}
        if composed is not None:
            _lines(composed, "", lines)
        if section not in reference:
            problems.append(Problem(path.name, 1, section,
                                    f"no built-in file is called {section}.yaml"))
            continue
        _compare(data, reference[section], section, "", path.name, lines, problems)
    return problems


def _compare(over: Any, base: Any, section: str, key: str, file: str, lines: dict[str, int],
             problems: list[Problem]) -> None:
    where = f"{section}.{key}" if key else section
    line = lines.get(key, 1)
    if isinstance(base, dict):
        if not isinstance(over, dict):
            problems.append(Problem(file, line, where, f"should be a section, found {_kind(over)}"))
            return
        for name, value in over.items():
            child = f"{key}.{name}" if key else str(name)
            if name in base:
                _compare(value, base[name], section, child, file, lines, problems)
            elif name in EXTENSIBLE:
                continue
            else:
                near = difflib.get_close_matches(str(name), [str(k) for k in base], n=1)
                hint = f" (did you mean '{near[0]}'?)" if near else ""
                problems.append(Problem(file, lines.get(child, line), f"{section}.{child}",
                                        f"not a key the pack knows{hint}"))
        return
    if isinstance(base, str):
        if not isinstance(over, str):
            problems.append(Problem(file, line, where, f"should be text, found {_kind(over)}"))
        elif not over.strip():
            problems.append(Problem(file, line, where, "is empty"))
        elif placeholders(over) != placeholders(base):
            want = ", ".join(f"{{{p}}}" for p in sorted(placeholders(base))) or "none"
            got = ", ".join(f"{{{p}}}" for p in sorted(placeholders(over))) or "none"
            problems.append(Problem(file, line, where,
                                    f"placeholders must be {want}; this has {got}"))
        return
    if isinstance(base, list) and not isinstance(over, list):
        problems.append(Problem(file, line, where, f"should be a list, found {_kind(over)}"))
    elif isinstance(base, bool) != isinstance(over, bool) or (
            isinstance(base, int | float) and not isinstance(over, int | float)):
        problems.append(Problem(file, line, where,
                                f"should be {_kind(base)}, found {_kind(over)}"))
