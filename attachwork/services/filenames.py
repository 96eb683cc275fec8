"""File names for what leaves the program (exports, summaries, hand-back files).

A name is built from a code name, a workbook id and a date, any of which may have come from an
imported file: :func:`safe_name` keeps it to one plain file name (letters, digits, dots,
dashes and underscores; never a folder, never hidden), so a writer that puts it under its
output folder cannot be led outside it.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
MAX_NAME = 120


def safe_name(name: str) -> str:
    """``name`` as one file name: spaces and anything unsafe become dashes, no leading dot."""
    cleaned = re.sub(r"\.{2,}", ".", _UNSAFE.sub("-", name))
    cleaned = cleaned.lstrip(".-")[:MAX_NAME].rstrip(".-")
    return cleaned or "attachwork-export"
