"""The log: a private file in the data folder, and what it may hold.

It records what failed and where, never what anyone wrote: error lines carry the type of
the error and the code's frames, not its message (which can quote client text).
"""

from __future__ import annotations

import logging
import os

from attachwork.config import ensure_private_dir, settings

log = logging.getLogger("attachwork")


def setup_logging() -> None:
    """Log to a private file in the data folder. Only once per process."""
    if any(getattr(h, "_attachwork", False) for h in log.handlers):
        return
    path = settings().log_file
    try:
        ensure_private_dir(path.parent)
        fd = os.open(path, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600)
        os.close(fd)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler._attachwork = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
