"""The JupyterHub configuration, built from the practice folder.

``attachwork hub serve`` runs ``jupyterhub -f`` on :data:`CONFIG_FILE`, which calls
:func:`configure` with the folder named in ``ATTACHWORK_HUB_DIR``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from attachwork.app.hub import settings as hub_settings

CONFIG_FILE = Path(__file__).resolve().parent / "jupyterhub_config.py"
CULLER = "idle-culler"


def current_settings() -> hub_settings.HubSettings:
    return hub_settings.load(Path(os.environ["ATTACHWORK_HUB_DIR"]))


def configure(c: Any, s: hub_settings.HubSettings) -> None:
    """Fill JupyterHub's config object ``c`` for the practice ``s``."""
    c.JupyterHub.ip = s.ip
    c.JupyterHub.port = s.port
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = s.hub_port
    c.JupyterHub.db_url = s.hub_db_url
    c.JupyterHub.cookie_secret_file = str(s.secret_path("jupyterhub_cookie_secret"))
    c.JupyterHub.pid_file = str(s.folder / "jupyterhub.pid")
    c.JupyterHub.log_level = "INFO"
    c.ConfigurableHTTPProxy.auth_token = s.secret("proxy_auth_token")
    c.ConfigurableHTTPProxy.command = [s.proxy_command]
    c.ConfigurableHTTPProxy.pid_file = str(s.folder / "proxy.pid")
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{s.proxy_api_port}"
    if s.tls:
        c.JupyterHub.ssl_cert = str(s.tls_cert)
        c.JupyterHub.ssl_key = str(s.tls_key)
    if s.secure:
        c.JupyterHub.cookie_host_prefix_enabled = False
        c.JupyterHub.tornado_settings = {
            "cookie_options": {"secure": True, "samesite": "Lax"},
            "headers": {"Strict-Transport-Security": "max-age=31536000",
                        "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"},
        }
    c.JupyterHub.authenticator_class = "attachwork.app.hub.auth.AttachworkAuthenticator"
    c.AttachworkAuthenticator.max_failures = s.max_failed_logins
    c.Authenticator.admin_users = set()
    c.Authenticator.auth_refresh_age = 60
    c.Authenticator.refresh_pre_spawn = True
    c.JupyterHub.spawner_class = "attachwork.app.hub.spawner.AttachworkSpawner"
    c.Spawner.home_dir_template = str(s.folder / "users" / "{username}")
    c.Spawner.default_url = "/"
    c.Spawner.start_timeout = 60
    c.Spawner.http_timeout = 60
    c.Spawner.env_keep = ["PATH", "LANG", "LC_ALL", "VIRTUAL_ENV", "JUPYTER_PATH"]
    c.JupyterHub.allow_named_servers = False
    c.JupyterHub.redirect_to_server = True
    c.JupyterHub.shutdown_on_logout = True
    c.JupyterHub.cleanup_servers = True
    c.JupyterHub.template_vars = {"announcement_login": "attachwork: the practice's workbooks"}
    c.JupyterHub.services = [{
        "name": CULLER,
        "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                    f"--timeout={s.idle_minutes * 60}", "--cull-every=60", "--concurrency=2"],
    }, {"name": "attachwork-admin", "api_token": s.secret("admin_api_token")}]
    c.JupyterHub.load_roles = [
        {"name": CULLER, "services": [CULLER],
         "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]},
        {"name": "attachwork-admin", "services": ["attachwork-admin"],
         "scopes": ["list:users", "read:servers", "delete:servers", "admin:users",
                    "read:services"]},
        # Each account reaches its own server and nothing else.
        {"name": "user", "scopes": ["self"]},
    ]
