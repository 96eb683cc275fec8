"""Start the workbooks in Voila with the project's settings.

* listens on 127.0.0.1 only, with a random access token in the printed URL;
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
    """Run Voila in this process until interrupted."""
    import webbrowser

    from voila.app import Voila

    prepare_environment()
    target = target or default_workbooks_dir()
    port = free_port(port)
    token = (token or new_token()) if use_token else None
    url = f"http://127.0.0.1:{port}/{start}" + (f"?token={token}" if token else "")

    front = HOME_PAGE if os.environ.get("ATTACHWORK_MODE") == "home" else START_PAGE

    class AttachworkVoila(Voila):
        def init_settings(self):  # noqa: ANN202 - Voila's own signature
            settings = super().init_settings()
            settings["compress_response"] = True
            return settings

        def init_handlers(self) -> list:
            return attachwork_handlers(super().init_handlers(), self.server_url, front)

        def launch_browser(self) -> None:
            # Voila would open its root without the token; open the page printed below.
            webbrowser.open(url, new=self.webbrowser_open_new)

    print(f"attachwork: open {url}", flush=True)
    AttachworkVoila.launch_instance(
        argv=voila_argv(target, port, token=token, preheat=preheat, open_browser=open_browser)
    )


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

    out = []
    for spec in handlers:
        pattern, handler = spec[0], spec[1]
        if handler is TornadoVoilaTreeHandler:
            out.append((pattern, FrontDoor))
        elif handler is VoilaShutdownKernelHandler:
            out.append((pattern, SameOriginShutdown, *spec[2:]))
        elif "voila/api/contents" in pattern:
            continue
        else:
            out.append(spec)
    return out
