"""The commands for backups and for a practice server: ``attachwork backup``, ``attachwork
restore`` and ``attachwork hub ...`` (added to the main parser by :func:`add_commands`)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

from sqlalchemy.engine import make_url


def _store_url(args: argparse.Namespace) -> str | None:
    """The store a backup command works on: ``--db-url``, a practice folder's, a data
    folder's SQLite file, or the configured one."""
    if getattr(args, "db_url", None):
        return str(args.db_url)
    if getattr(args, "hub", None):
        from attachwork.app.hub.settings import load

        return load(Path(args.hub)).db_url
    if getattr(args, "data_dir", None):
        return f"sqlite:///{Path(args.data_dir).resolve() / 'attachwork.sqlite3'}"
    return os.environ.get("ATTACHWORK_DB_URL") or None


def _backup_passphrase(args: argparse.Namespace, twice: bool) -> str:
    if args.passphrase_file:
        return Path(args.passphrase_file).read_text().strip()
    given = os.environ.get("ATTACHWORK_BACKUP_PASSPHRASE")
    if given:
        return given
    first = getpass.getpass("Backup passphrase: ")
    if twice and getpass.getpass("The same again: ") != first:
        raise SystemExit("attachwork: the two passphrases differ")
    return first


def _backup(args: argparse.Namespace) -> int:
    from attachwork.services import backup

    out = Path(args.out) if args.out else None
    if out is None and getattr(args, "hub", None):
        from attachwork.app.hub.settings import load

        out = load(Path(args.hub)).backup_folder
    out = (out or Path.cwd()).resolve()
    if not out.suffix:
        out.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        made = backup.make_backup(_store_url(args), out, _backup_passphrase(args, twice=True))
    except backup.BackupError as exc:
        print(f"attachwork: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {made.path} ({made.kind}, {made.size / 1e6:.1f} MB, encrypted); keep the "
          "passphrase apart from the file: without it the backup cannot be read")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from attachwork.services import backup

    try:
        kind = backup.restore_backup(Path(args.file), _store_url(args),
                                     _backup_passphrase(args, twice=False), force=args.force)
    except (backup.BackupError, OSError) as exc:
        print(f"attachwork: {exc}", file=sys.stderr)
        return 2
    print(f"attachwork: {kind} backup restored")
    return 0


def _hub_init(args: argparse.Namespace) -> int:
    from attachwork.app.hub import settings as hs
    from attachwork.store import Store

    folder = Path(args.folder).resolve()
    url = make_url(args.db_url)
    if url.get_backend_name() != "postgresql":
        raise SystemExit("attachwork: a practice server keeps its records in PostgreSQL")
    hub_url = args.hub_db_url or url.set(database=f"{url.database}_hub").render_as_string(
        hide_password=False)
    cert = Path(args.tls_cert).resolve() if args.tls_cert else None
    key = Path(args.tls_key).resolve() if args.tls_key else None
    if args.self_signed:
        from attachwork.app.hub.tls import self_signed

        cert, key, fingerprint = self_signed(folder / "tls", args.self_signed)
        print(f"attachwork: a self-signed certificate for {args.self_signed}; check this "
              f"fingerprint on each device the first time:\n  SHA-256 {fingerprint}")
    s = hs.HubSettings(
        folder=folder, db_url=url.render_as_string(hide_password=False), hub_db_url=hub_url,
        ip=args.ip, port=args.port, hub_port=args.hub_port, proxy_api_port=args.proxy_api_port,
        tls_cert=cert, tls_key=key, behind_tls_proxy=args.behind_tls_proxy,
        role_prefix=args.role_prefix, idle_minutes=args.idle_minutes,
        backup_folder=Path(args.backup_folder).resolve() if args.backup_folder else None,
        content_dir=Path(args.content_dir).resolve() if args.content_dir else None,
        proxy_command=args.proxy)
    _ensure_database(hub_url)
    store = Store.open(s.db_url)
    try:
        _lock_databases(store, s)
    finally:
        store.close()
    path = hs.write(s)
    for name in ("jupyterhub_cookie_secret", "proxy_auth_token", "admin_api_token"):
        s.secret(name)
    print(f"attachwork: practice server set up in {folder} ({path.name}); next: add accounts "
          f"(attachwork hub account add ...), then attachwork hub serve {folder}")
    return 0


def _ensure_database(url: str) -> None:
    """Create JupyterHub's database if the server lacks it (the owner needs CREATEDB)."""
    from sqlalchemy import create_engine, text

    target = make_url(url)
    engine = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                {"n": target.database}).scalar():
                conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    finally:
        engine.dispose()


def _lock_databases(store, s) -> None:  # noqa: ANN001 - a Store and HubSettings
    """Only the accounts' shared role may connect to the records, and nobody but the owner
    to JupyterHub's own database."""
    from sqlalchemy import text

    records = make_url(s.db_url).database
    hub = make_url(s.hub_db_url).database
    with store.engine.begin() as conn:
        conn.execute(text(f'REVOKE CONNECT ON DATABASE "{records}" FROM PUBLIC'))
        conn.execute(text(f'GRANT CONNECT ON DATABASE "{records}" TO attachwork_app'))
        conn.execute(text(f'REVOKE CONNECT ON DATABASE "{hub}" FROM PUBLIC'))


def _hub_serve(args: argparse.Namespace) -> int:
    from attachwork.app.hub.config import CONFIG_FILE
    from attachwork.app.hub.settings import load
    from attachwork.store import Store

    s = load(Path(args.folder))
    store = Store.open(s.db_url)  # brings the schema up to date
    try:
        store.sync_roles()
    finally:
        store.close()
    env = {**os.environ, "ATTACHWORK_HUB_DIR": str(s.folder)}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.pop("ATTACHWORK_DB_URL", None)
    print(f"attachwork: the practice server will answer at {s.public_url}", flush=True)
    os.chdir(s.folder)
    argv = [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG_FILE)]
    os.execve(sys.executable, argv, env)  # noqa: S606 - our own interpreter, no shell


def _hub_check(args: argparse.Namespace) -> int:
    from attachwork.app.hub.check import run_checks
    from attachwork.app.hub.settings import load

    s = load(Path(args.folder))
    if s.content_dir:
        os.environ["ATTACHWORK_CONTENT_DIR"] = str(s.content_dir)
    checks = run_checks(s)
    for c in checks:
        print(f"{'ok     ' if c.ok else 'MISSING'}  {c.name:<13} {c.detail}")
    missing = [c for c in checks if not c.ok]
    print("practice server: ready" if not missing else f"practice server: {len(missing)} to do")
    return 1 if missing else 0


def _admin_store(args: argparse.Namespace):  # noqa: ANN202
    from attachwork.app.hub.settings import load
    from attachwork.store import Store

    s = load(Path(args.folder))
    return s, Store.open(s.db_url)


def _account_password(args: argparse.Namespace) -> tuple[str, bool]:
    """(password, made here): from ATTACHWORK_ACCOUNT_PASSWORD, typed, or made up."""
    from attachwork.domain.passwords import new_password

    given = os.environ.get("ATTACHWORK_ACCOUNT_PASSWORD")
    if given:
        return given, False
    if getattr(args, "ask", False):
        first = getpass.getpass("Password: ")
        if getpass.getpass("The same again: ") != first:
            raise SystemExit("attachwork: the two passwords differ")
        return first, False
    return new_password(), True


def _say_password(name: str, password: str, made: bool) -> None:
    if made:
        print(f"attachwork: the password for {name} is {password} (shown once: give it to "
              "them in person; they should change it)")


def _hub_account_add(args: argparse.Namespace) -> int:
    from attachwork.services import practice
    from attachwork.store import AccountError

    s, store = _admin_store(args)
    password, made = _account_password(args)
    try:
        if args.therapist:
            practice.add_therapist(store, args.name, password, role_prefix=s.role_prefix)
        else:
            practice.add_client(store, args.name, password, pseudonym=args.client,
                                therapist=args.caseload_of, role_prefix=s.role_prefix)
    except (AccountError, ValueError) as exc:
        print(f"attachwork: {exc}", file=sys.stderr)
        return 2
    finally:
        store.close()
    print(f"attachwork: account {args.name} added")
    _say_password(args.name, password, made)
    return 0


def _hub_account_list(args: argparse.Namespace) -> int:
    _, store = _admin_store(args)
    try:
        names = {c.id: c.pseudonym for c in store.clients()}
        for a in store.accounts():
            extra = (f"profile {names.get(a.client_id or '', '(erased)')}" if a.kind == "client"
                     else f"{len(store.caseload(a.username))} on the caseload")
            print(f"{a.username:<20} {a.kind:<10} {'open' if a.active else 'closed':<7} {extra}")
    finally:
        store.close()
    return 0


def _client_id(store, who: str) -> str:  # noqa: ANN001
    account = store.account(who)
    if account and account.client_id:
        return str(account.client_id)
    client = store.client_by_pseudonym(who)
    if client is None:
        raise SystemExit(f"attachwork: no client account or profile called {who}")
    return client.id


def _hub_assign(args: argparse.Namespace) -> int:
    from attachwork.services import practice
    from attachwork.store import AccountError

    _, store = _admin_store(args)
    try:
        cid = _client_id(store, args.client)
        if args.command_name == "assign":
            practice.assign(store, args.to, cid)
        else:
            practice.unassign(store, args.to, cid)
    except AccountError as exc:
        print(f"attachwork: {exc}", file=sys.stderr)
        return 2
    finally:
        store.close()
    print("attachwork: caseload changed")
    return 0


def _hub_password(args: argparse.Namespace) -> int:
    from attachwork.services import practice
    from attachwork.store import AccountError

    _, store = _admin_store(args)
    password, made = _account_password(args)
    try:
        practice.reset_password(store, args.name, password)
    except (AccountError, ValueError) as exc:
        print(f"attachwork: {exc}", file=sys.stderr)
        return 2
    finally:
        store.close()
    print(f"attachwork: password for {args.name} reset")
    _say_password(args.name, password, made)
    return 0


def _hub_open_close(args: argparse.Namespace) -> int:
    from attachwork.services import practice
    from attachwork.store import AccountError

    s, store = _admin_store(args)
    try:
        if args.command_name == "deactivate":
            practice.deactivate(store, args.name)
        else:
            practice.reactivate(store, args.name)
    except AccountError as exc:
        print(f"attachwork: {exc}", file=sys.stderr)
        return 2
    finally:
        store.close()
    if args.command_name == "deactivate":
        _stop_server(s, args.name)
    print(f"attachwork: account {args.name} {'closed' if args.command_name == 'deactivate' else 'open'}")
    return 0


def _stop_server(s, name: str) -> None:  # noqa: ANN001 - HubSettings
    """Stop a running server of a closed account through the hub's API (if the hub runs)."""
    request = urllib.request.Request(  # noqa: S310 - the hub on 127.0.0.1
        f"{s.hub_api_url}/users/{name}/server", method="DELETE",
        headers={"Authorization": f"token {s.secret('admin_api_token')}"})
    try:
        urllib.request.urlopen(request, timeout=10).close()  # noqa: S310
        print(f"attachwork: {name}'s server stopped")
    except urllib.error.HTTPError as exc:
        if exc.code not in (400, 404):
            print(f"attachwork: the hub answered {exc.code} when asked to stop the server",
                  file=sys.stderr)
    except OSError:
        pass  # the hub is not running: there is no server to stop


def _store_args(p: argparse.ArgumentParser) -> None:
    where = p.add_mutually_exclusive_group()
    where.add_argument("--data-dir", help="a SQLite store's data folder")
    where.add_argument("--db-url", help="a SQLAlchemy URL (PostgreSQL)")
    where.add_argument("--hub", help="a practice folder (its database)")
    p.add_argument("--passphrase-file", help="read the passphrase from this file (scripts)")


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="an encrypted backup of the whole store")
    _store_args(p)
    p.add_argument("--out", help="a folder (a dated name is made) or a file")
    p.set_defaults(func=_backup)

    p = sub.add_parser("restore", help="restore an encrypted backup into an empty store")
    p.add_argument("file")
    _store_args(p)
    p.add_argument("--force", action="store_true", help="replace a store that holds records")
    p.set_defaults(func=_restore)

    p = sub.add_parser("hub", help="a practice server: JupyterHub on PostgreSQL")
    hsub = p.add_subparsers(dest="hub_command", required=True)
    h = hsub.add_parser("init", help="set up a practice folder and its database")
    h.add_argument("folder")
    h.add_argument("--db-url", required=True,
                   help="the practice database, as its owner: postgresql+psycopg://...")
    h.add_argument("--hub-db-url", help="JupyterHub's own database (default: <db>_hub)")
    h.add_argument("--ip", default="0.0.0.0")  # noqa: S104
    h.add_argument("--port", type=int, default=8443)
    h.add_argument("--hub-port", type=int, default=8081)
    h.add_argument("--proxy-api-port", type=int, default=8001)
    h.add_argument("--tls-cert")
    h.add_argument("--tls-key")
    h.add_argument("--self-signed", metavar="HOST", help="make a certificate for a LAN name")
    h.add_argument("--behind-tls-proxy", action="store_true",
                   help="TLS ends at a reverse proxy in front of the hub")
    h.add_argument("--role-prefix", default="aw_")
    h.add_argument("--idle-minutes", type=int, default=30)
    h.add_argument("--backup-folder")
    h.add_argument("--content-dir", help="the practice's content folder (its crisis lines)")
    h.add_argument("--proxy", default="configurable-http-proxy")
    h.set_defaults(func=_hub_init)
    h = hsub.add_parser("serve", help="run the practice server")
    h.add_argument("folder")
    h.set_defaults(func=_hub_serve)
    h = hsub.add_parser("check", help="say what the practice server still needs")
    h.add_argument("folder")
    h.set_defaults(func=_hub_check)

    h = hsub.add_parser("account", help="add or list accounts")
    asub = h.add_subparsers(dest="account_command", required=True)
    a = asub.add_parser("add", help="a therapist's or a client's account")
    a.add_argument("folder")
    a.add_argument("name", help="the login name: lower case letters, digits, _")
    kind = a.add_mutually_exclusive_group(required=True)
    kind.add_argument("--therapist", action="store_true")
    kind.add_argument("--client", metavar="CODE-NAME",
                      help="the client profile it opens (made if new)")
    a.add_argument("--caseload-of", metavar="THERAPIST", help="put the client on this caseload")
    a.add_argument("--ask", action="store_true", help="type the password instead of a made one")
    a.set_defaults(func=_hub_account_add)
    a = asub.add_parser("list", help="every account")
    a.add_argument("folder")
    a.set_defaults(func=_hub_account_list)
    for name, text in (("assign", "put a client on a therapist's caseload"),
                       ("unassign", "take a client off a therapist's caseload")):
        h = hsub.add_parser(name, help=text)
        h.add_argument("folder")
        h.add_argument("client", help="the client's account or code name")
        h.add_argument("--to", required=True, metavar="THERAPIST")
        h.set_defaults(func=_hub_assign, command_name=name)
    h = hsub.add_parser("password", help="reset an account's password")
    h.add_argument("folder")
    h.add_argument("name")
    h.add_argument("--ask", action="store_true")
    h.set_defaults(func=_hub_password)
    for name, text in (("deactivate", "close an account (its server stops)"),
                       ("reactivate", "open a closed account again")):
        h = hsub.add_parser(name, help=text)
        h.add_argument("folder")
        h.add_argument("name")
        h.set_defaults(func=_hub_open_close, command_name=name)
