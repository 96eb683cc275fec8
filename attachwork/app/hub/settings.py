"""The practice folder: ``hub.toml`` and the secrets beside it (each readable by its owner
only). Everything the hub needs to start is here, so one folder (and the database) is the
whole practice server."""

from __future__ import annotations

import os
import secrets
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from attachwork.config import ensure_private_dir

CONFIG_NAME = "hub.toml"


@dataclass(frozen=True)
class HubSettings:
    folder: Path
    db_url: str
    hub_db_url: str
    ip: str = "0.0.0.0"  # noqa: S104 - a practice server is reached from the network
    port: int = 8443
    hub_port: int = 8081
    proxy_api_port: int = 8001
    tls_cert: Path | None = None
    tls_key: Path | None = None
    behind_tls_proxy: bool = False
    role_prefix: str = "aw_"
    idle_minutes: int = 30
    backup_folder: Path | None = None
    content_dir: Path | None = None
    proxy_command: str = "configurable-http-proxy"
    max_failed_logins: int = 5
    extra: dict = field(default_factory=dict)

    @property
    def tls(self) -> bool:
        return self.tls_cert is not None and self.tls_key is not None

    @property
    def secure(self) -> bool:
        """Whether browsers reach the hub over TLS (its own, or a proxy's in front)."""
        return self.tls or self.behind_tls_proxy

    @property
    def hub_api_url(self) -> str:
        return f"http://127.0.0.1:{self.hub_port}/hub/api"

    @property
    def public_url(self) -> str:
        host = "127.0.0.1" if self.ip in ("0.0.0.0", "", "127.0.0.1") else self.ip  # noqa: S104
        return f"{'https' if self.tls else 'http'}://{host}:{self.port}/"

    def secret(self, name: str, nbytes: int = 32) -> str:
        """A secret kept in the folder (made the first time it is asked for)."""
        path = self.folder / "secrets" / name
        if not path.exists():
            ensure_private_dir(path.parent)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(nbytes))
        return path.read_text().strip()

    def secret_path(self, name: str) -> Path:
        self.secret(name)
        return self.folder / "secrets" / name


def _path(value: str | None, folder: Path) -> Path | None:
    if not value:
        return None
    p = Path(value).expanduser()
    return p if p.is_absolute() else folder / p


def load(folder: Path) -> HubSettings:
    folder = folder.resolve()
    path = folder / CONFIG_NAME
    if not path.exists():
        raise SystemExit(f"attachwork: no {CONFIG_NAME} in {folder} (run attachwork hub init)")
    raw = tomllib.loads(path.read_text())
    hub, db, tls = raw.get("hub", {}), raw.get("database", {}), raw.get("tls", {})
    servers, backup = raw.get("servers", {}), raw.get("backup", {})
    return HubSettings(
        folder=folder,
        db_url=db["url"],
        hub_db_url=db["hub_url"],
        ip=hub.get("ip", "0.0.0.0"),  # noqa: S104
        port=int(hub.get("port", 8443)),
        hub_port=int(hub.get("hub_port", 8081)),
        proxy_api_port=int(hub.get("proxy_api_port", 8001)),
        tls_cert=_path(tls.get("cert"), folder),
        tls_key=_path(tls.get("key"), folder),
        behind_tls_proxy=bool(tls.get("behind_proxy", False)),
        role_prefix=db.get("role_prefix", "aw_"),
        idle_minutes=int(servers.get("idle_minutes", 30)),
        backup_folder=_path(backup.get("folder"), folder),
        content_dir=_path(hub.get("content_dir"), folder),
        proxy_command=hub.get("proxy", "configurable-http-proxy"),
        max_failed_logins=int(hub.get("max_failed_logins", 5)),
        extra=raw,
    )


def _q(value: object) -> str:
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def write(s: HubSettings) -> Path:
    """Write ``hub.toml`` (0600: it may hold the database password)."""
    lines = [
        "# The attachwork practice server. `attachwork hub check` says what is missing.",
        "[hub]",
        f"ip = {_q(s.ip)}",
        f"port = {s.port}",
        "# the hub and the proxy's API listen on 127.0.0.1 only",
        f"hub_port = {s.hub_port}",
        f"proxy_api_port = {s.proxy_api_port}",
        f"proxy = {_q(s.proxy_command)}",
        f"max_failed_logins = {s.max_failed_logins}",
    ]
    if s.content_dir:
        lines.append(f"content_dir = {_q(s.content_dir)}")
    lines += ["", "[database]",
              "# The owner of the tables; each account's server uses a role of its own.",
              f"url = {_q(s.db_url)}", f"hub_url = {_q(s.hub_db_url)}",
              f"role_prefix = {_q(s.role_prefix)}", "", "[tls]"]
    if s.tls:
        lines += [f"cert = {_q(s.tls_cert)}", f"key = {_q(s.tls_key)}"]
    else:
        lines += ['# cert = "/etc/attachwork/tls/fullchain.pem"',
                  '# key = "/etc/attachwork/tls/privkey.pem"']
    lines.append(f"behind_proxy = {'true' if s.behind_tls_proxy else 'false'}")
    lines += ["", "[servers]", f"idle_minutes = {s.idle_minutes}", "", "[backup]"]
    lines.append(f"folder = {_q(s.backup_folder)}" if s.backup_folder
                 else "# folder = \"/var/backups/attachwork\"")
    ensure_private_dir(s.folder)
    path = s.folder / CONFIG_NAME
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write("\n".join(lines) + "\n")
    return path
