"""What a practice server still needs, said plainly: ``attachwork hub check``.

Each check gives ``ok`` or what is missing and how to fix it:

* **database**: the practice database answers and its schema is current (with row-level
  security), and JupyterHub's own database answers;
* **proxy**: ``configurable-http-proxy`` (from npm) is installed;
* **tls**: a certificate and key that match and are in date, or TLS ended by a proxy in
  front (``behind_proxy``);
* **crisis lines**: the pages would show crisis lines, each with a label and words, and the
  practice has confirmed them (``crisis: confirmed: true`` in its content folder, see
  :mod:`attachwork.domain.helplines`). This cannot tell whether each number still answers;
  a person must ring them;
* **backups**: a backup folder is set and holds a backup less than a day old, or a cron or
  systemd timer runs ``attachwork backup``;
* **accounts**: at least one therapist can log in.
"""

from __future__ import annotations

import glob
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from attachwork.app.hub.settings import HubSettings

DAY = 24 * 3600


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def _database(s: HubSettings) -> list[Check]:
    from sqlalchemy import create_engine, text

    from attachwork.store import HEAD_REVISION, Store

    out = []
    try:
        store = Store.open(s.db_url, migrate=False)
        try:
            revision = store.revision()
            with store.engine.connect() as conn:
                rls = conn.execute(text(
                    "SELECT count(*) FROM pg_tables WHERE rowsecurity")).scalar() \
                    if store.engine.dialect.name == "postgresql" else 0
            therapists = [a for a in store.accounts() if a.kind == "therapist" and a.active] \
                if revision == HEAD_REVISION else []
        finally:
            store.close()
        if store.engine.dialect.name != "postgresql":
            out.append(Check("database", False, "the practice database must be PostgreSQL"))
        elif revision != HEAD_REVISION:
            out.append(Check("database", False, f"schema at {revision}, not {HEAD_REVISION}: "
                             "run attachwork hub serve (it upgrades) or hub init"))
        elif not rls:
            out.append(Check("database", False, "row-level security is off"))
        else:
            out.append(Check("database", True, f"reachable, schema {revision}, row-level "
                             f"security on {rls} tables"))
        out.append(Check("accounts", bool(therapists),
                         f"{len(therapists)} therapist account(s)" if therapists else
                         "no therapist yet: attachwork hub account add NAME --therapist"))
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        out.append(Check("database", False, f"cannot reach the practice database "
                                            f"({type(exc).__name__})"))
    try:
        engine = create_engine(s.hub_db_url)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        out.append(Check("hub database", True, "reachable"))
    except Exception as exc:  # noqa: BLE001
        out.append(Check("hub database", False, f"cannot reach JupyterHub's database "
                                                f"({type(exc).__name__})"))
    return out


def _proxy(s: HubSettings) -> Check:
    found = shutil.which(s.proxy_command)
    if not found:
        return Check("proxy", False, f"{s.proxy_command} not found: "
                     "npm install -g configurable-http-proxy")
    try:
        version = subprocess.run([found, "--version"], capture_output=True, text=True,
                                 timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        version = "?"
    return Check("proxy", True, f"{found} {version}")


def _tls(s: HubSettings) -> Check:
    from attachwork.app.hub.tls import describe

    if s.tls:
        assert s.tls_cert is not None and s.tls_key is not None
        problems, notes = describe(s.tls_cert, s.tls_key)
        return Check("tls", not problems, "; ".join(problems or notes))
    if s.behind_tls_proxy:
        return Check("tls", True, "ended by the proxy in front (it must send "
                                  "X-Forwarded-Proto: https and redirect plain HTTP)")
    return Check("tls", False, "no certificate: set [tls] cert and key in hub.toml "
                               "(or hub init --self-signed HOST for a LAN)")


def _crisis(s: HubSettings) -> Check:
    from attachwork import content
    from attachwork.domain import helplines

    c = content.pack_from(s.content_dir)
    lines = helplines.lines("crisis", c)
    if not lines or not all(line.label and line.text for line in lines):
        return Check("crisis lines", False, "no crisis lines would show, or one lacks its "
                     "label or words (common.crisis in the content folder)")
    where = list(dict.fromkeys(line.country for line in lines if line.country))
    shown = f"{len(lines)} lines" + (f" ({', '.join(where)})" if where else "")
    if not helplines.confirmed(c):
        folder = s.content_dir or "the practice's content folder (hub.toml content_dir)"
        return Check("crisis lines", False, f"{shown} shown but not confirmed: check them and "
                     f"set crisis: confirmed: true in {folder}/en/common.yaml")
    return Check("crisis lines", True, f"{shown} shown, confirmed by the practice (ring each "
                 "one now and then to check it still answers)")


def _scheduled() -> str | None:
    """Where a cron or systemd timer runs ``attachwork backup``, if anywhere."""
    places = glob.glob("/etc/cron.d/*") + ["/etc/crontab"] + \
        glob.glob("/etc/systemd/system/*.service")
    for place in places:
        try:
            if "attachwork backup" in Path(place).read_text(errors="replace"):
                return place
        except OSError:
            continue
    try:
        table = subprocess.run(["crontab", "-l"], capture_output=True, text=True, timeout=10)
        if "attachwork backup" in table.stdout:
            return "your crontab"
    except (OSError, subprocess.TimeoutExpired):
        pass
    return None


def _backups(s: HubSettings) -> Check:
    from attachwork.services.backup import newest_backup

    scheduled = _scheduled()
    newest = newest_backup(s.backup_folder) if s.backup_folder else None
    if newest is not None and time.time() - newest.stat().st_mtime < DAY + 2 * 3600:
        return Check("backups", True, f"latest {newest.name}"
                     + (f"; scheduled in {scheduled}" if scheduled else ""))
    if scheduled:
        return Check("backups", s.backup_folder is not None,
                     f"scheduled in {scheduled}, but no backup from the last day in "
                     f"{s.backup_folder or '(no [backup] folder in hub.toml)'}")
    return Check("backups", False, "none scheduled: run attachwork backup --hub FOLDER each "
                 "night (a cron line is in the README)")


def run_checks(s: HubSettings) -> list[Check]:
    return [*_database(s), _proxy(s), _tls(s), _crisis(s), _backups(s)]
