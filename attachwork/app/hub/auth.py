"""Logins to the practice server, checked against the accounts in the practice's database.

There is no JupyterHub administrator: the administrator works on the server with the
``attachwork hub`` commands, so no web login can reach another account's server. Wrong
passwords are counted per account and per address; past the limit, tries are refused for a
while (whatever the password), and the log notes it without the name typed.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from jupyterhub.auth import Authenticator
from traitlets import Integer

from attachwork.domain.throttle import Throttle
from attachwork.services import practice
from attachwork.store import Store

log = logging.getLogger("attachwork")


class AttachworkAuthenticator(Authenticator):
    """Accounts from ``attachwork hub account ...``; therapists and clients only."""

    max_failures = Integer(5, config=True, help="Wrong passwords allowed per window.")
    window_seconds = Integer(15 * 60, config=True, help="The window, in seconds.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Per account, a few tries; per address (a practice's office shares one), more.
        self._per_user = Throttle(self.max_failures, self.window_seconds)
        self._per_address = Throttle(self.max_failures * 5, self.window_seconds)
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            from attachwork.app.hub.config import current_settings

            self._store = Store.open(current_settings().db_url)
        return self._store

    def check_allowed(self, username: str, authentication: Any = None) -> bool:
        account = self.store.account(username)
        return bool(account and account.active)

    def is_admin(self, handler: Any, authentication: Any) -> bool:
        return False

    async def authenticate(self, handler: Any, data: dict[str, str]) -> dict | None:
        name = (data.get("username") or "").strip().lower()[:64]
        password = data.get("password") or ""
        address = handler.request.remote_ip if handler is not None else "-"
        user, ip = (f"user:{name}",), (f"ip:{address}",)
        now = time.monotonic()
        if self._per_user.blocked(user, now) or self._per_address.blocked(ip, now):
            log.warning("login refused: too many failures (address %s)", address)
            await asyncio.sleep(1)
            return None
        account = await asyncio.to_thread(practice.check_login, self.store, name, password)
        if account is None:
            self._per_user.failed(user, now)
            self._per_address.failed(ip, now)
            log.info("login failed (address %s)", address)
            return None
        self._per_user.succeeded(user)
        return {"name": account.username, "admin": False}

    async def refresh_user(self, user: Any, handler: Any = None) -> bool | dict:
        """A closed account is logged out at its next request."""
        account = await asyncio.to_thread(self.store.account, user.name)
        return bool(account and account.active)
