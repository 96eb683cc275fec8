"""Start the workbooks in Voila with the project's settings.

* listens on 127.0.0.1 only, with a random access token in the printed URL (or one read from
  ``ATTACHWORK_TOKEN`` or a private file: never from the command line, which other users of
  the computer can read in the process list);
* answers only requests addressed to this computer by name (the Host header: 127.0.0.1,
  localhost, [::1] and the names in ``ATTACHWORK_ALLOWED_HOSTS``), so a page elsewhere that
  points its own name at 127.0.0.1 gets a 403 before any handler runs; the websocket to a
  kernel must come from this server's own page (its Origin), token or not;
* every page carries a full Content-Security-Policy (:data:`CONTENT_SECURITY_POLICY`);
* sources stripped, tracebacks never sent to the page (they go to the log);
* idle kernels culled (Voila keeps a kernel alive after its tab closes otherwise);
* the ``attachwork`` template: no request leaves the machine, calm colours;
* plotly's own JupyterLab extension (about 5 MB) is not loaded: charts use a
  small local bundle instead;
* responses are gzip-compressed, which cuts the page weight roughly by four.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from attachwork import workbooks

PACKAGE_DIR = Path(__file__).resolve().parent.parent
SHARE_DIR = PACKAGE_DIR / "share" / "jupyter"
#: A kernel nobody is connected to is shut down after this long (a closed tab's kernel is
#: normally shut down at once, by the page itself; this is the safety net).
CULL_IDLE_SECONDS = 10 * 60
#: The page home mode opens on: homework first.
HOME_PAGE = f"voila/render/{workbooks.HOME_PAGE.notebook}"
#: The clinic's front door: the caseload.
START_PAGE = f"voila/render/{workbooks.START.notebook}"
CULL_INTERVAL_SECONDS = 60
#: The names this computer answers to, besides those a practice adds in
#: ``ATTACHWORK_ALLOWED_HOSTS`` (comma-separated).
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
#: What a served page may load and reach: this server only (its scripts, styles and images,
#: and the kernel's websocket, which 'self' covers in CSP 3), no outside origin, no frames,
#: workers, plugins or form posts elsewhere. Measured in Chromium on the review and regulation
#: pages with a client chosen (charts, the pacer) by removing one source at a time: the page
#: fails without inline scripts (Voila's page set-up), without blob: scripts (anywidget loads
#: its modules from blob: URLs) and without inline styles (widget layouts); it needs no eval,
#: no worker, no data: font. Every browser test fails on any violation (tests/browser/conftest.py).
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'none'",
    "script-src 'self' 'unsafe-inline' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'none'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
])
TOKEN_ENV = "ATTACHWORK_TOKEN"  # noqa: S105 - the name of a variable, not a token


class ServeRefused(Exception):
    """The server is not started; the message says why and what to do."""


def allowed_hosts(env: MutableMapping[str, str] | None = None) -> frozenset[str]:
    """The host names requests may be addressed to (lower case, without a port)."""
    env = os.environ if env is None else env
    extra = [h.strip().lower() for h in env.get("ATTACHWORK_ALLOWED_HOSTS", "").split(",")]
    return frozenset([*LOCAL_HOSTS, *(h for h in extra if h)])


def host_name(host: str) -> str:
    """The name in a Host header, without its port (``[::1]:8866`` -> ``::1``)."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def read_token(token_file: str | None, env: MutableMapping[str, str] | None = None) -> str | None:
    """The access token from a file only its owner can read, or from ``ATTACHWORK_TOKEN``;
    ``None`` when neither is given (a random one is made)."""
    env = os.environ if env is None else env
    if token_file:
        path = Path(token_file)
        try:
            info = path.stat()
            text = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ServeRefused(f"the token file {path} cannot be read ({exc.strerror})") from None
        if info.st_mode & 0o077:
            raise ServeRefused(f"the token file {path} can be read by others: "
                               f"run  chmod 600 {path}  first")
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            raise ServeRefused(f"the token file {path} belongs to someone else")
        if len(text) < 16:
            raise ServeRefused("the token file holds fewer than 16 characters")
        return text
    given = env.get(TOKEN_ENV, "").strip()
    if given and len(given) < 16:
        raise ServeRefused(f"{TOKEN_ENV} holds fewer than 16 characters")
    return given or None


def default_workbooks_dir() -> Path:
    """The notebooks shipped in the package (an installed wheel), else the ``workbooks/``
    folder beside the package (a source checkout)."""
    shipped = PACKAGE_DIR / "notebooks"
    return shipped if shipped.is_dir() else PACKAGE_DIR.parent / "workbooks"


def free_port(preferred: int = 8866) -> int:
    for port in (preferred, 0):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise OSError("no free port on 127.0.0.1")


def prepare_environment(env: MutableMapping[str, str] | None = None) -> MutableMapping[str, str]:
    """Make the attachwork Voila template findable (prepends to ``JUPYTER_PATH``)."""
    if env is None:
        env = os.environ
    parts = [str(SHARE_DIR)] + [p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    env["JUPYTER_PATH"] = os.pathsep.join(dict.fromkeys(parts))
    return env


def voila_argv(
    target: Path, port: int, *, token: str | None, preheat: bool = False,
    open_browser: bool = False,
) -> list[str]:
    argv = [
        str(target),
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--template=attachwork",
        "--theme=light",
        "--VoilaConfiguration.strip_sources=True",
        "--VoilaConfiguration.show_tracebacks=False",
        '--VoilaConfiguration.extension_denylist=["jupyterlab-plotly"]',
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL_SECONDS}",
        "--MappingKernelManager.cull_connected=False",
        f"--token={token or ''}",
    ]
    if not open_browser:
        argv.append("--no-browser")
    if preheat:
        argv += ["--preheat_kernel=True", "--pool_size=1"]
    return argv


def new_token() -> str:
    return secrets.token_urlsafe(24)


def run(
    target: Path | None = None, port: int = 8866, *, token: str | None = None,
    use_token: bool = True, preheat: bool = False, open_browser: bool = False, start: str = "",
) -> None:
    """Run Voila in this process until interrupted (``token`` from :func:`read_token`)."""
    import webbrowser

    from voila.app import Voila

    prepare_environment()
    target = target or default_workbooks_dir()
    port = free_port(port)
    token = (token or new_token()) if use_token else None
    url = f"http://127.0.0.1:{port}/{start}" + (f"?token={token}" if token else "")

    front = HOME_PAGE if os.environ.get("ATTACHWORK_MODE") == "home" else START_PAGE
    hosts = allowed_hosts()

    class AttachworkVoila(Voila):
        def init_settings(self):  # noqa: ANN202 - Voila's own signature
            settings = super().init_settings()
            settings["compress_response"] = True
            # Voila turns jupyter_server's own Host check off; turn it back on.
            settings["allow_remote_access"] = False
            settings["local_hostnames"] = sorted(hosts)
            settings.setdefault("headers", {})["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
            return settings

        def init_handlers(self) -> list:
            return attachwork_handlers(super().init_handlers(), self.server_url, front)

        def listen(self) -> None:
            guard_hosts(self.app, hosts)
            super().listen()

        def launch_browser(self) -> None:
            # Voila would open its root without the token; open the page printed below.
            webbrowser.open(url, new=self.webbrowser_open_new)

    from attachwork.content import pack
    from attachwork.domain import helplines

    if not helplines.confirmed(pack()):
        print("attachwork: warning: " + pack().text("common.crisis.unconfirmed_notice"), flush=True)
    print(f"attachwork: open {url}", flush=True)
    AttachworkVoila.launch_instance(
        argv=voila_argv(target, port, token=token, preheat=preheat, open_browser=open_browser)
    )


def guard_hosts(app, hosts: frozenset[str]) -> None:  # noqa: ANN001 - a tornado Application
    """Put a first rule in front of every handler: a request addressed to any other name
    (DNS rebinding: a page elsewhere pointing its own name at 127.0.0.1) gets a 403."""
    import tornado.web
    from tornado.routing import Matcher, Rule

    class ForeignHost(Matcher):
        def match(self, request):  # noqa: ANN001, ANN202 - tornado's signature
            return None if host_name(request.host or "") in hosts else {}

    class Forbidden(tornado.web.RequestHandler):
        def prepare(self) -> None:
            self.set_status(403)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish("This server answers only to this computer's own address.\n")

    app.default_router.rules.insert(0, app.default_router.process_rule(
        Rule(ForeignHost(), Forbidden)))


class PinnedOrigin:
    """For a websocket handler: the connection must come from this server's own page (its
    Origin is this host and port), whether or not the request carries the token."""

    request: Any

    async def get(self, *args: Any, **kwargs: Any) -> Any:
        # Tornado asks check_origin only when an Origin is sent; a browser always sends one.
        if not self.request.headers.get("Origin"):
            import tornado.web

            raise tornado.web.HTTPError(403, "a kernel is reached only from its own page")
        return await super().get(*args, **kwargs)  # type: ignore[misc]

    def check_origin(self, origin: str | None = None) -> bool:
        from urllib.parse import urlsplit

        origin = origin or self.request.headers.get("Origin")
        if not origin:
            return False
        parts = urlsplit(origin)
        return parts.scheme in ("http", "https") and parts.netloc == self.request.host


def attachwork_handlers(handlers: list, server_url: str, front: str) -> list:
    """Voila's handlers, with the project's front door and kernel shutdown.

    * The root and Voila's file list (which fetches Font Awesome from a public CDN and shows
      notebook file names) redirect to the front door: the caseload in the clinic, the
      client's start page at home. The contents API the file list used goes too.
    * The page's own shutdown request on leaving (a beacon, which cannot carry the ``_xsrf``
      token) is accepted when it comes from this server's own page, so a closed tab's kernel
      ends at once instead of waiting to be culled.
    """
    from urllib.parse import urlsplit

    import tornado.web
    from jupyter_server.utils import url_path_join
    from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
    from voila.tornado.treehandler import TornadoVoilaTreeHandler

    class FrontDoor(tornado.web.RequestHandler):
        def get(self, *_args: str, **_kwargs: str) -> None:
            query = self.request.query
            self.redirect(url_path_join(server_url, front) + (f"?{query}" if query else ""))

    class SameOriginShutdown(VoilaShutdownKernelHandler):
        def check_xsrf_cookie(self) -> None:
            origin = self.request.headers.get("Origin", "")
            site = self.request.headers.get("Sec-Fetch-Site", "")
            if site == "same-origin" or (origin and urlsplit(origin).netloc == self.request.host):
                return
            raise tornado.web.HTTPError(403, "a kernel is shut down only from its own page")

        async def post(self, kernel_id: str) -> None:
            if kernel_id not in self.kernel_manager:
                self.set_status(204)
                self.finish()
                return
            await super().post(kernel_id)

    from tornado.websocket import WebSocketHandler

    out = []
    for spec in handlers:
        pattern, handler = spec[0], spec[1]
        if isinstance(handler, type) and issubclass(handler, WebSocketHandler):
            pinned = type(f"Pinned{handler.__name__}", (PinnedOrigin, handler), {})
            out.append((pattern, pinned, *spec[2:]))
        elif handler is TornadoVoilaTreeHandler:
            out.append((pattern, FrontDoor))
        elif handler is VoilaShutdownKernelHandler:
            out.append((pattern, SameOriginShutdown, *spec[2:]))
        elif "voila/api/contents" in pattern:
            continue
        else:
            out.append(spec)
    return out
