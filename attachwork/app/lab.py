"""``attachwork lab``: the trainer's window. JupyterLab on the workbooks folder, on 127.0.0.1
with an access token, over a throwaway store of fictional demo clients (made fresh in a
temporary folder and deleted when JupyterLab stops), and with the project's Voila settings,
so a trainer reads the trainer notes, changes a notebook and previews it in Voila (the
notebook toolbar's Voila button, or ``/voila/render/<notebook>``) from the same window.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from attachwork.app import serve


class LabMissing(Exception):
    """JupyterLab is not installed (it comes with the ``trainer`` extra)."""


def lab_argv(root: Path, port: int, token: str) -> list[str]:
    """JupyterLab's arguments: the folder, this computer only, the token, and Voila's preview
    with the project's template, sources stripped and tracebacks kept from the page."""
    return [
        f"--ServerApp.root_dir={root}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        "--ServerApp.allow_remote_access=False",
        "--ServerApp.open_browser=False",
        "--VoilaConfiguration.template=attachwork",
        "--VoilaConfiguration.theme=light",
        "--VoilaConfiguration.strip_sources=True",
        "--VoilaConfiguration.show_tracebacks=False",
        '--VoilaConfiguration.extension_denylist=["jupyterlab-plotly"]',
        # a trainer adapts notebooks; a shell in the browser is not part of the kit
        "--ServerApp.terminals_enabled=False",
    ] + (["--ServerApp.allow_root=True"] if _root() else [])


def _root() -> bool:
    """Running as root (a container): JupyterLab refuses unless told; say so, and go on."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        print("attachwork: warning: running JupyterLab as root", flush=True)
        return True
    return False


def run(root: Path | None = None, port: int = 8888, *, token: str | None = None,
        open_browser: bool = False) -> None:
    """Run JupyterLab until it is stopped; the demo store goes with it."""
    try:
        from jupyterlab.labapp import LabApp
    except ImportError as exc:
        raise LabMissing("JupyterLab is not installed: pip install 'attachwork[trainer]' "
                         "(or use environment.yml)") from exc
    from attachwork.app.demo import ensure_demo_store

    root = (root or serve.default_workbooks_dir()).resolve()
    folder = Path(tempfile.mkdtemp(prefix="attachwork-lab-"))
    for name in ("ATTACHWORK_DB_URL", "ATTACHWORK_MODE", "ATTACHWORK_WORKSHOP"):
        os.environ.pop(name, None)
    os.environ["ATTACHWORK_DATA_DIR"] = str(folder)
    serve.prepare_environment()
    port = serve.free_port(port)
    token = token or serve.new_token()
    try:
        ensure_demo_store()
        print(f"attachwork: lab on {root}, with a throwaway store of fictional clients in "
              f"{folder} (deleted when JupyterLab stops)", flush=True)
        url = f"http://127.0.0.1:{port}/lab?token={token}"
        print(f"attachwork: open {url}", flush=True)
        if open_browser:
            import webbrowser

            webbrowser.open(url)
        LabApp.launch_instance(argv=lab_argv(root, port, token))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        print("attachwork: lab's demo store deleted", flush=True)
