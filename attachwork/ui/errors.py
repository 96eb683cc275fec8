"""Errors on a page: logged with where they happened, shown as a kind message.

No traceback ever reaches the person at the screen; the log keeps the type and the frames
(never the message, which may quote client text) with the time shown on the page.
"""

from __future__ import annotations

import datetime as dt
import functools
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from attachwork.content import pack
from attachwork.logs import log, setup_logging

if TYPE_CHECKING:
    from attachwork.ui.widgets import Notice


def report_error(exc: BaseException, notice: Notice | None = None) -> str:
    """Log the error's type and where it happened (never its message, which may quote
    client text) and show a friendly message. Returns the reference time shown."""
    setup_logging()
    stamp = dt.datetime.now().strftime("%H:%M:%S")
    frames = "".join(traceback.format_tb(exc.__traceback__))
    log.error("error shown to user at %s: %s\n%s", stamp, type(exc).__name__, frames)
    if notice is not None:
        notice.show("error", pack().text("common.errors.friendly", time=stamp))
    return stamp


def guard(notice: Notice | None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator for widget callbacks: an exception becomes a kind message, not a traceback."""

    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def inner(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - every error becomes a message
                report_error(exc, notice)
                return None

        return inner

    return wrap
