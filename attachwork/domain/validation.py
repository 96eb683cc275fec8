"""Turn schema errors into short, kind messages shown beside the field.

Messages come from the content pack (``common.validation.<error type>``), so a
trainer can reword them; the placeholders ``{min_length}``, ``{max_length}``,
``{ge}`` and ``{le}`` are filled from the rule that failed. A message never echoes
what the person typed.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from attachwork.content import ContentPack, pack

M = TypeVar("M", bound=BaseModel)

_ALIASES = {
    "int_parsing": "number",
    "int_from_float": "number",
    "int_type": "number",
    "float_parsing": "number",
    "less_than_equal": "too_high",
    "less_than": "too_high",
    "greater_than_equal": "too_low",
    "greater_than": "too_low",
    "literal_error": "choice",
    "enum": "choice",
    "date_parsing": "date",
    "date_from_datetime_parsing": "date",
    "date_type": "date",
    "datetime_parsing": "datetime",
    "datetime_type": "datetime",
    "datetime_from_date_parsing": "datetime",
    "string_type": "missing",
}


def message_for(error: dict[str, Any], content: ContentPack | None = None) -> str:
    content = content or pack()
    etype = _ALIASES.get(error["type"], error["type"])
    if error.get("input", "") is None and etype in ("number", "date", "datetime", "choice",
                                                    "missing"):
        etype = "missing_choice"  # a picker left empty: ask for a choice, not a number
    ctx = {k: v for k, v in (error.get("ctx") or {}).items() if isinstance(v, int | float | str)}
    template = content.get(f"common.validation.{etype}", None) or content.text(
        "common.validation.default"
    )
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return content.text("common.validation.default")


def validate(model: type[M], data: dict[str, Any]) -> tuple[M | None, dict[str, str]]:
    """Return ``(record, {})`` or ``(None, {field: message})``; the first error per field."""
    try:
        return model.model_validate(data), {}
    except ValidationError as exc:
        content = pack()
        errors: dict[str, str] = {}
        for err in exc.errors():
            loc = [str(part) for part in err["loc"]]
            key = loc[0] if loc else "__all__"
            message = message_for(dict(err), content)
            errors.setdefault(key, message)
            if len(loc) > 1:  # a part of a group (one sign of eight) has its own place too
                errors.setdefault(f"{loc[0]}.{loc[1]}", message)
        return None, errors
