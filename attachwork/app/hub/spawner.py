"""A server per account, on this machine: its mode and its own database role.

Each start makes a new password for the account's PostgreSQL role and hands it to that
server alone (JupyterHub passes a spawned server only the environment named here, not its
own). A closed account gets no server.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from jupyterhub.spawner import SimpleLocalProcessSpawner

from attachwork.services import practice
from attachwork.store import Store


class AttachworkSpawner(SimpleLocalProcessSpawner):
    """``python -m attachwork.app.hub.singleuser`` with the account's environment."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.cmd = [sys.executable, "-m", "attachwork.app.hub.singleuser"]

    def get_env(self) -> dict[str, str]:
        from attachwork.app.hub.config import current_settings

        env = super().get_env()
        hub = current_settings()
        store = Store.open(hub.db_url, migrate=False)
        try:
            env.update(practice.server_environment(store, self.user.name, hub.db_url))
        finally:
            store.close()
        home = Path(self.home_dir_template.format(username=self.user.name))
        env["ATTACHWORK_DATA_DIR"] = str(home / "data")
        if hub.secure:
            env["ATTACHWORK_HUB_SECURE"] = "1"
        if hub.content_dir:
            env["ATTACHWORK_CONTENT_DIR"] = str(hub.content_dir)
        return env
