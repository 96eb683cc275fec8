"""What a practice server's per-account server runs: our Voila and nothing else, behind
the hub's login.

JupyterHub starts this with the account's environment (its mode and its own database role,
from :mod:`attachwork.app.hub.spawner`). Every page, API call and kernel websocket is
checked with JupyterHub's own OAuth identity provider (the one ``jupyterhub-singleuser``
uses), which lets through only the account that owns this server. There is no JupyterLab,
terminal, file browser or contents API to reach, and the kernel takes widget messages only
(:mod:`attachwork.app.hub.kernel_guard`). Activity (page requests and kernel traffic) is
reported to the hub, so the idle culler can stop a server nobody uses.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from typing import Any
from urllib.parse import urlsplit

from jupyterhub.singleuser.extension import JupyterHubIdentityProvider
from tornado.log import access_log

from attachwork.app import serve

#: Seconds between activity reports to the hub.
ACTIVITY_INTERVAL = 60
_last_request: dict[str, dt.datetime] = {}


class HubIdentityProvider(JupyterHubIdentityProvider):
    """JupyterHub's OAuth login for a Voila server (Voila offers a token, which the hub's
    provider takes from the hub instead)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("token", None)
        kwargs.pop("login_handler_class", None)
        super().__init__(**kwargs)


def _log_request(handler: Any) -> None:
    """Note when a page or API call was last made (not static files), and log the line."""
    status = handler.get_status()
    path = handler.request.path
    if status < 400 and "/static/" not in path and "/labextensions/" not in path:
        _last_request["at"] = dt.datetime.now(dt.UTC)
    method = access_log.info if status < 400 else access_log.warning
    method("%d %s %s %.1fms", status, handler.request.method, path,
           1000 * handler.request.request_time())


def _last_activity(kernel_manager: Any) -> dt.datetime | None:
    times = [t for t in (_last_request.get("at"), getattr(kernel_manager, "last_kernel_activity",
                                                         None)) if t is not None]
    times = [t if t.tzinfo else t.replace(tzinfo=dt.UTC) for t in times]
    return max(times) if times else None


def start_activity_reports(kernel_manager: Any) -> None:
    """Tell the hub when this server was last used, once a minute, if it was used since."""
    from tornado.httpclient import AsyncHTTPClient, HTTPRequest
    from tornado.ioloop import PeriodicCallback

    url = os.environ.get("JUPYTERHUB_ACTIVITY_URL")
    token = os.environ.get("JUPYTERHUB_API_TOKEN")
    name = os.environ.get("JUPYTERHUB_SERVER_NAME", "")
    if not url or not token:
        return
    reported: dict[str, dt.datetime] = {}

    async def report() -> None:
        last = _last_activity(kernel_manager)
        if last is None or reported.get("at") == last:
            return
        stamp = last.isoformat().replace("+00:00", "Z")
        body = {"servers": {name: {"last_activity": stamp}}, "last_activity": stamp}
        try:
            await AsyncHTTPClient().fetch(HTTPRequest(
                url, method="POST", body=json.dumps(body),
                headers={"Authorization": f"token {token}", "Content-Type": "application/json"}))
            reported["at"] = last
        except Exception as exc:  # noqa: BLE001 - the hub may be restarting; try again later
            access_log.warning("activity report failed: %s", type(exc).__name__)

    PeriodicCallback(report, ACTIVITY_INTERVAL * 1000).start()


def voila_argv(prefix: str, port: int) -> list[str]:
    argv = [a for a in serve.voila_argv(serve.default_workbooks_dir(), port, token=None)
            if not a.startswith("--token")]
    return [*argv, f"--Voila.base_url={prefix}", f"--Voila.server_url={prefix}",
            f"--Voila.identity_provider_class={HubIdentityProvider.__module__}."
            f"{HubIdentityProvider.__name__}"]


def hub_handlers(handlers: list, prefix: str, front: str) -> list:
    """Voila's handlers for a per-account server: the kernel websocket takes widget messages
    only (the guard), every websocket is pinned to its page's origin and the front door and
    shutdown are the project's (:func:`serve.attachwork_handlers`), all under ``prefix``."""
    from jupyter_server.utils import url_path_join
    from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

    from attachwork.app.hub.kernel_guard import GuardedKernelWebsocketHandler

    # the guard first: attachwork_handlers then pins every websocket to its origin
    guarded = [(spec[0], GuardedKernelWebsocketHandler, *spec[2:])
               if spec[1] is VoilaKernelWebsocketHandler else spec for spec in handlers]
    out = []
    for spec in serve.attachwork_handlers(guarded, prefix, front):
        pattern = spec[0]
        if not pattern.startswith(prefix):  # the OAuth callback and logout
            pattern = url_path_join(prefix, pattern.lstrip("/"))
        out.append((pattern, *spec[1:]))
    return out


def main(argv: list[str] | None = None) -> int:
    from voila.app import Voila

    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/")
    service = urlsplit(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:8888/"))
    port = service.port or 8888
    serve.prepare_environment()
    front = serve.HOME_PAGE if os.environ.get("ATTACHWORK_MODE") == "home" else serve.START_PAGE

    class HubVoila(Voila):
        def init_settings(self):  # noqa: ANN202 - Voila's own signature
            settings = super().init_settings()
            settings["compress_response"] = True
            settings["log_function"] = _log_request
            if os.environ.get("ATTACHWORK_HUB_SECURE") == "1":
                settings["xsrf_cookie_kwargs"] = {"secure": True, "samesite": "Lax"}
            start_activity_reports(self.kernel_manager)
            return settings

        def init_handlers(self) -> list:
            return hub_handlers(super().init_handlers(), prefix, front)

    HubVoila.launch_instance(argv=voila_argv(prefix, port))
    return 0


if __name__ == "__main__":
    sys.exit(main())
