"""A page's kernel takes widget messages from the browser, never code.

Voila runs a notebook's cells itself, on the server; the page then only talks to widgets
(comm messages) and asks the kernel who it is. Voila's kernel websocket would still pass on
an ``execute_request`` typed into the browser's console, so on the practice server every
incoming message that is not one of those few kinds is dropped before it reaches the kernel.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

log = logging.getLogger("attachwork")

#: What a page may send on the shell channel; anything else (code, completion, inspection,
#: history, shutdown, input) never reaches the kernel.
ALLOWED = frozenset({"comm_open", "comm_msg", "comm_close", "comm_info_request",
                     "kernel_info_request"})


def message_kind(message: str | bytes) -> tuple[str | None, str | None]:
    """(channel, msg_type) of a websocket message in either wire format, or Nones."""
    try:
        if isinstance(message, str):
            msg = json.loads(message)
            return msg.get("channel"), (msg.get("header") or {}).get("msg_type")
        count = int.from_bytes(message[:8], "little")
        if count < 3 or len(message) < 8 * (count + 1):
            return None, None
        offsets = [int.from_bytes(message[8 * (i + 1):8 * (i + 2)], "little")
                   for i in range(count)]
        channel = message[offsets[0]:offsets[1]].decode("utf-8")
        header = json.loads(message[offsets[1]:offsets[2]].decode("utf-8"))
        return channel, header.get("msg_type")
    except (ValueError, UnicodeDecodeError, AttributeError, TypeError):
        return None, None


def allowed(message: str | bytes) -> bool:
    channel, kind = message_kind(message)
    return channel == "shell" and kind in ALLOWED


class GuardedKernelWebsocketHandler(VoilaKernelWebsocketHandler):
    """Voila's kernel websocket, passing on widget messages only."""

    def on_message(self, ws_message: Any) -> Any:
        if not allowed(ws_message):
            channel, kind = message_kind(ws_message)
            log.warning("kernel message refused: channel %s, type %s", channel, kind)
            return None
        return super().on_message(ws_message)
