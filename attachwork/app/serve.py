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
CULL_IDLE_SECONDS = 15 * 60
#: The page home mode opens on: homework first.
HOME_PAGE = f"voila/render/{workbooks.HOME_PAGE.notebook}"
CULL_INTERVAL_SECONDS = 60


def default_workbooks_dir() -> Path:
    """The ``workbooks/`` folder beside the package (a source checkout)."""
    return PACKAGE_DIR.parent / "workbooks"


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

    class AttachworkVoila(Voila):
        def init_settings(self):  # noqa: ANN202 - Voila's own signature
            settings = super().init_settings()
            settings["compress_response"] = True
            return settings

        def launch_browser(self) -> None:
            # Voila would open its root without the token; open the page printed below.
            webbrowser.open(url, new=self.webbrowser_open_new)

    print(f"attachwork: open {url}", flush=True)
    AttachworkVoila.launch_instance(
        argv=voila_argv(target, port, token=token, preheat=preheat, open_browser=open_browser)
    )
