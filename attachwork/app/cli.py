"""``attachwork``: serve the workbooks, make demo data, check content."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def _serve(args: argparse.Namespace) -> int:
    from attachwork.app import serve

    token = _serve_access(args)

    if args.workshop:
        return _workshop(args, token)
    if args.demo:
        from attachwork.app.demo import ensure_demo_store

        data_dir = Path(args.data_dir or Path.cwd() / ".demo-data").resolve()
        os.environ["ATTACHWORK_DATA_DIR"] = str(data_dir)
        os.environ.pop("ATTACHWORK_DB_URL", None)
        ensure_demo_store()
        print(f"attachwork: demo store with fictional clients in {data_dir}", flush=True)
        if args.home:
            # The client's side of the demo: its own copy holding Demo-Wren, from a starter file.
            from attachwork.app.demo import ensure_home_demo
            from attachwork.store import Store

            home_dir = data_dir.parent / f"{data_dir.name}-home"
            clinic = Store.open()
            home = Store.open(f"sqlite:///{home_dir / 'attachwork.sqlite3'}")
            ensure_home_demo(clinic, home)
            clinic.close()
            home.close()
            os.environ["ATTACHWORK_DATA_DIR"] = str(home_dir)
            print(f"attachwork: the client's demo copy (Demo-Wren) in {home_dir}", flush=True)
    elif args.data_dir:
        os.environ["ATTACHWORK_DATA_DIR"] = str(Path(args.data_dir).resolve())
    if args.home:
        os.environ["ATTACHWORK_MODE"] = "home"
    serve.run(
        Path(args.path) if args.path else None, args.port, token=token,
        use_token=not args.no_token, preheat=args.preheat, open_browser=args.open,
        start=serve.HOME_PAGE if args.home and not args.path else "",
    )
    return 0


def _workshop(args: argparse.Namespace, token: str | None) -> int:
    """A workshop: a store of fictional clients made fresh in a temporary folder, served
    with the workshop banner and larger text, and deleted when the server stops."""
    import shutil
    import tempfile

    from attachwork.app import serve
    from attachwork.app.demo import ensure_demo_store

    if args.home or args.demo or args.data_dir:
        raise SystemExit("attachwork: --workshop makes its own store of fictional clients; "
                         "leave out --home, --demo and --data-dir")
    folder = Path(tempfile.mkdtemp(prefix="attachwork-workshop-"))
    for name in ("ATTACHWORK_DB_URL", "ATTACHWORK_MODE"):
        os.environ.pop(name, None)
    os.environ["ATTACHWORK_DATA_DIR"] = str(folder)
    os.environ["ATTACHWORK_WORKSHOP"] = "1"
    try:
        ensure_demo_store()
        print(f"attachwork: workshop: a fresh store of fictional clients in {folder}; it is "
              "deleted when this server stops", flush=True)
        serve.run(Path(args.path) if args.path else None, args.port, token=token,
                  use_token=not args.no_token, preheat=args.preheat, open_browser=args.open)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        print("attachwork: workshop store deleted", flush=True)
    return 0


def _lab(args: argparse.Namespace) -> int:
    from attachwork.app import lab, serve

    try:
        token = serve.read_token(args.token_file)
        lab.run(Path(args.path) if args.path else None, args.port, token=token,
                open_browser=args.open)
    except (lab.LabMissing, serve.ServeRefused) as exc:
        raise SystemExit(f"attachwork: {exc}") from None
    return 0


NO_TOKEN_UNDERSTOOD = "--i-understand-anyone-on-this-computer-can-connect"  # noqa: S105 - a flag


def _serve_access(args: argparse.Namespace) -> str | None:
    """The access token to serve with (``None``: a random one), or refuse to start."""
    from attachwork.app import serve

    if args.token is not None:
        raise SystemExit(
            "attachwork: --token is no longer taken on the command line, where other users of "
            f"this computer can read it; set {serve.TOKEN_ENV} or use --token-file FILE "
            "(readable by you only)")
    if args.no_token:
        if not args.understood:
            raise SystemExit(
                "attachwork: --no-token lets anyone and any program on this computer open every "
                f"client's records; if that is really what you want, add {NO_TOKEN_UNDERSTOOD}")
        print("attachwork: WARNING: serving without an access token: anyone and any program on "
              "this computer can open every client's records", file=sys.stderr, flush=True)
        return None
    try:
        return serve.read_token(args.token_file)
    except serve.ServeRefused as exc:
        raise SystemExit(f"attachwork: {exc}") from None


def _demo(args: argparse.Namespace) -> int:
    from attachwork.app.demo import ensure_demo_store

    if args.data_dir:
        os.environ["ATTACHWORK_DATA_DIR"] = str(Path(args.data_dir).resolve())
    created = ensure_demo_store()
    print(f"attachwork: {created} fictional demo client(s) added")
    return 0


def _export_summary(args: argparse.Namespace) -> int:
    from attachwork.content import pack
    from attachwork.services.summaries import Audience, ExportError, find_client, find_day, make
    from attachwork.store import Store

    if args.data_dir:
        os.environ["ATTACHWORK_DATA_DIR"] = str(Path(args.data_dir).resolve())
    store = Store.open()
    try:
        client = find_client(store, args.client)
        spec, date = find_day(store, client, args.session)
    except ExportError as exc:
        print(f"attachwork: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out or Path.cwd()).resolve()
    out.mkdir(parents=True, exist_ok=True)
    audiences: list[Audience] = (["summary", "handout"] if args.audience == "both"
                                 else ["handout"] if args.audience == "handout" else ["summary"])
    formats = {"html", "pdf"} if args.format == "both" else {args.format}

    def progress(step: str, fraction: float) -> None:
        if step != "done":
            print(f"  {fraction:4.0%}  {pack().text(f'export.steps.{step}')}", flush=True)

    status = 0
    for audience in audiences:
        built = make(store, client, spec, date, actor="therapist", audience=audience,
                     pdf="pdf" in formats, progress=progress)
        if "html" in formats:
            status |= _write(out, f"{built.summary.filename}.html", built.html.encode("utf-8"))
        if "pdf" in formats:
            if built.pdf is None:
                print(f"attachwork: {pack().text('export.pdf_unavailable')}", file=sys.stderr)
                status = 1
            else:
                status |= _write(out, f"{built.summary.filename}.pdf", built.pdf)
    return status


def _write(folder: Path, name: str, data: bytes) -> int:
    """Write an export readable by its owner only, as ``name`` inside ``folder`` (never
    anywhere else, whatever the name holds); say where it went."""
    folder = folder.resolve()
    path = (folder / Path(name).name).resolve()
    if path.parent != folder or not Path(name).name or Path(name).name in (".", ".."):
        raise SystemExit(f"attachwork: refusing to write {name!r} outside {folder}")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(path, 0o600)
    print(f"wrote {path}")
    return 0


def _use_data_dir(args: argparse.Namespace) -> None:
    if getattr(args, "data_dir", None):
        os.environ["ATTACHWORK_DATA_DIR"] = str(Path(args.data_dir).resolve())
    if getattr(args, "home", False):
        os.environ["ATTACHWORK_MODE"] = "home"


def _passphrase(twice: bool) -> str:
    """From ``ATTACHWORK_PASSPHRASE`` (scripts) or typed without echo."""
    import getpass

    from attachwork.content import pack

    given = os.environ.get("ATTACHWORK_PASSPHRASE")
    if given:
        return given
    first = getpass.getpass(pack().text("bundles.send.passphrase") + ": ")
    if twice and getpass.getpass(pack().text("bundles.send.repeat") + ": ") != first:
        raise SystemExit("attachwork: " + pack().text("bundles.send.mismatch"))
    return first


def _one_client(store, name: str | None):  # noqa: ANN001, ANN202
    from attachwork.content import pack
    from attachwork.services.summaries import ExportError, find_client

    if name:
        try:
            return find_client(store, name)
        except ExportError as exc:
            raise SystemExit(f"attachwork: {exc}") from None
    clients = store.clients()
    if len(clients) != 1:
        raise SystemExit("attachwork: " + pack().text("bundles.errors.no_client"))
    return clients[0]


def _bundle_make(args: argparse.Namespace) -> int:
    from attachwork.services import bundle_file, handback
    from attachwork.store import Store

    _use_data_dir(args)
    store = Store.open()
    client = _one_client(store, getattr(args, "client", None))
    passphrase = _passphrase(twice=True)
    try:
        if args.bundle_command == "starter":
            made = handback.make_starter(store, client.id, passphrase, handouts=not args.no_handouts)
        else:
            made = handback.make_return(store, client.id, passphrase)
    except bundle_file.BundleError as exc:
        print(f"attachwork: {exc}", file=sys.stderr)
        return 2
    _write(Path(args.out or "."), made.filename, made.data)
    print(f"attachwork: {made.entries} entries, {made.handouts} handout(s); "
          "give the passphrase face to face, never with the file")
    return 0


def _bundle_import(args: argparse.Namespace) -> int:
    from attachwork.config import settings
    from attachwork.content import pack
    from attachwork.domain.when import local_time
    from attachwork.services import bundle_file, handback
    from attachwork.store import Store

    _use_data_dir(args)
    c = pack()
    mode = settings().mode
    store = Store.open()
    try:
        data = Path(args.file).read_bytes()
        client_id = _one_client(store, args.client).id if args.client else None
        needs_passphrase = data.startswith(bundle_file.MAGIC)
        opened, preview = handback.inspect(store, data, _passphrase(twice=False) if needs_passphrase
                                           else "", mode, client_id)
    except OSError:
        print("attachwork: " + c.text("bundles.errors.unreadable"), file=sys.stderr)
        return 2
    except bundle_file.BundleError as exc:
        print(f"attachwork: {exc}", file=sys.stderr)
        return 2
    print(c.text("bundles.receive.preview_heading", name=opened.pseudonym,
                 when=local_time(opened.made_at)))
    for part in handback.describe(opened, preview, c):
        print(f"  {part.text}")
        for line in part.lines:
            print(f"    - {line}")
    if preview.nothing_new:
        return 0
    if not args.yes and input(c.text("bundles.receive.confirm") + "? [y/N] ").strip().lower() != "y":
        return 1

    def progress(done: int, total: int) -> None:
        print(c.text("bundles.receive.progress", done=done, total=total), flush=True)

    try:
        counts = handback.take_in(store, opened, mode, client_id, progress)
    except bundle_file.BundleError as exc:
        print(f"attachwork: {exc}", file=sys.stderr)
        return 2
    print(c.text("bundles.receive.done", **counts))
    return 0


def _export_data(args: argparse.Namespace) -> int:
    from attachwork.config import settings
    from attachwork.content import pack
    from attachwork.services import portable
    from attachwork.store import Store

    _use_data_dir(args)
    store = Store.open()
    client = _one_client(store, args.client)
    for key in (portable.FORMATS if args.format == "all" else [args.format]):
        try:
            made = portable.export(store, client, key, actor=settings().author)
        except portable.NothingToExport:
            print(f"attachwork: {pack().text('bundles.data.none')}")
            continue
        _write(Path(args.out or "."), made.filename, made.data)
    print("attachwork: these files are not encrypted; keep them private")
    return 0


def _erase(args: argparse.Namespace) -> int:
    from attachwork.config import settings
    from attachwork.content import pack
    from attachwork.services.erasure import ErasureRefused, erase, finish
    from attachwork.store import Store

    _use_data_dir(args)
    c = pack()
    store = Store.open()
    if args.finish:
        if finish(store):
            print(c.text("bundles.erase.finished"))
            return 0
        print("attachwork: " + c.text("bundles.erase.still_open"), file=sys.stderr)
        return 1
    if not args.client:
        raise SystemExit("attachwork: name the client to erase (or --finish)")
    client = _one_client(store, args.client)
    print(c.text("bundles.erase.intro"))
    typed = args.confirm if args.confirm is not None else input(
        c.text("bundles.erase.confirm_label") + f" ({client.pseudonym}): ")
    try:
        said = erase(store, client, typed, by=settings().author)
    except ErasureRefused as exc:
        print(f"attachwork: {exc}", file=sys.stderr)
        return 1
    if said != c.text("bundles.erase.done", ref=client.id):
        print(f"attachwork: {said}", file=sys.stderr)
        return 3
    print(said)
    return 0


def _audit(args: argparse.Namespace) -> int:
    from attachwork.content import pack
    from attachwork.services.audit_words import action_words, detail_words
    from attachwork.store import Store

    _use_data_dir(args)
    c = pack()
    store = Store.open()
    events = store.audit_log(args.client_ref)
    if not events:
        print(c.text("bundles.audit.none"))
    from attachwork.domain.when import local_time

    for e in reversed(events):
        print(f"{local_time(e.at)}  {e.actor:<9}  {action_words(e.action):<24}  "
              f"{e.client_ref}  {detail_words(e.detail)}")
    return 0


def _content_preview(args: argparse.Namespace) -> int:
    from attachwork.app.preview import groups, render
    from attachwork.content import languages

    langs = args.lang or languages()
    unknown = [lang for lang in langs if lang not in languages()]
    if unknown:
        raise SystemExit(f"attachwork: no content pack for {', '.join(unknown)} "
                         f"(there are: {', '.join(languages())})")
    found = groups(langs, args.workbook)
    if not found:
        raise SystemExit(f"attachwork: no workbook {args.workbook!r}")
    print(render(found, langs, args.format))
    return 0


def _content_check(args: argparse.Namespace) -> int:
    from attachwork.app.checks import check_content

    problems = check_content(args.lang)
    for p in problems:
        print(f"problem: {p}")
    print("content pack: ok" if not problems else f"content pack: {len(problems)} problem(s)")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    from attachwork import __version__

    parser = argparse.ArgumentParser(prog="attachwork", description=__doc__)
    parser.add_argument("--version", action="version", version=f"attachwork {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", help="start the workbooks in Voila on 127.0.0.1")
    p.add_argument("path", nargs="?", help="a workbooks folder or one notebook")
    p.add_argument("--port", type=int, default=8866)
    p.add_argument("--demo", action="store_true", help="use a store of fictional demo clients")
    p.add_argument("--data-dir", help="folder for the database and logs")
    p.add_argument("--home", action="store_true", help="client's home mode")
    p.add_argument("--workshop", action="store_true",
                   help="a workshop: fresh fictional clients each start, deleted at the end, "
                        "a banner, larger text, no file taken in")
    p.add_argument("--token", help=argparse.SUPPRESS)  # refused: see _serve_access
    p.add_argument("--token-file", help="read the access token from this file (mode 0600); "
                   "or set ATTACHWORK_TOKEN (default: a random one)")
    p.add_argument("--no-token", action="store_true",
                   help=f"serve without an access token (needs {NO_TOKEN_UNDERSTOOD})")
    p.add_argument(NO_TOKEN_UNDERSTOOD, dest="understood", action="store_true",
                   help=argparse.SUPPRESS)
    p.add_argument("--preheat", action="store_true", help="keep a kernel ready per notebook")
    p.add_argument("--open", action="store_true", help="open a browser tab")
    p.set_defaults(func=_serve)

    p = sub.add_parser("lab", help="(trainers) JupyterLab on the workbooks, with a throwaway "
                                   "demo store and Voila's preview")
    p.add_argument("path", nargs="?", help="the workbooks folder (default: the package's)")
    p.add_argument("--port", type=int, default=8888)
    p.add_argument("--token-file", help="read the access token from this file (mode 0600); "
                                        "default: $ATTACHWORK_TOKEN or a random one")
    p.add_argument("--open", action="store_true", help="open a browser tab")
    p.set_defaults(func=_lab)

    p = sub.add_parser("demo", help="add fictional demo clients to the store")
    p.add_argument("--data-dir")
    p.set_defaults(func=_demo)

    p = sub.add_parser("export", help="make summaries and handouts")
    esub = p.add_subparsers(dest="export_command", required=True)
    e = esub.add_parser("summary", help="a session summary (and/or client handout) as HTML and PDF")
    e.add_argument("client", help="the client's code name (or id)")
    e.add_argument("--session", type=int, required=True,
                   help="session number: 0 intake ... 6 review (the latest such session)")
    e.add_argument("--audience", choices=("summary", "handout", "both"), default="summary",
                   help="summary for the record (default), client handout, or both")
    e.add_argument("--format", choices=("html", "pdf", "both"), default="both")
    e.add_argument("--out", help="folder to write to (default: the current folder)")
    e.add_argument("--data-dir", help="folder holding the database")
    e.set_defaults(func=_export_summary)

    e = esub.add_parser("data", help="all of a client's data as JSON, CSV tables or FHIR")
    e.add_argument("client", nargs="?", help="code name (or id); at home, leave it out")
    e.add_argument("--format", choices=("json", "csv", "fhir", "all"), default="all")
    e.add_argument("--out", help="folder to write to (default: the current folder)")
    e.add_argument("--data-dir")
    e.add_argument("--home", action="store_true", help="home mode (you are the client)")
    e.set_defaults(func=_export_data)

    p = sub.add_parser("bundle", help="encrypted hand-back files between clinic and home")
    bsub = p.add_subparsers(dest="bundle_command", required=True)
    b = bsub.add_parser("starter", help="(clinic) make the starter file for a client to take home")
    b.add_argument("client", help="the client's code name (or id)")
    b.add_argument("--no-handouts", action="store_true", help="leave the latest handout out")
    b.add_argument("--out")
    b.add_argument("--data-dir")
    b.set_defaults(func=_bundle_make)
    b = bsub.add_parser("return", help="(home) make the return file of the work done at home")
    b.add_argument("--out")
    b.add_argument("--data-dir")
    b.add_argument("--home", action="store_true", default=True, help=argparse.SUPPRESS)
    b.set_defaults(func=_bundle_make)
    b = bsub.add_parser("import", help="take in a bundle (or a JSON export), after a preview")
    b.add_argument("file")
    b.add_argument("--client", help="(clinic) the client the file should belong to")
    b.add_argument("--yes", action="store_true", help="take it in without asking")
    b.add_argument("--home", action="store_true", help="home mode (you are the client)")
    b.add_argument("--data-dir")
    b.set_defaults(func=_bundle_import)

    p = sub.add_parser("erase", help="delete a client and everything about them, for good")
    p.add_argument("client", nargs="?")
    p.add_argument("--finish", action="store_true",
                   help="empty the database's journal of erased words (once other windows close)")
    p.add_argument("--confirm", help="the code name again (otherwise you are asked to type it)")
    p.add_argument("--data-dir")
    p.set_defaults(func=_erase)

    p = sub.add_parser("audit", help="show the audit log of imports, exports and erasures")
    p.add_argument("client_ref", nargs="?", help="only this record id")
    p.add_argument("--data-dir")
    p.set_defaults(func=_audit)

    p = sub.add_parser("content", help="content pack tools")
    csub = p.add_subparsers(dest="content_command", required=True)
    c = csub.add_parser("check", help="check the content pack and instrument files")
    c.add_argument("--lang", default=None)
    c.set_defaults(func=_content_check)
    c = csub.add_parser("preview", help="every client-facing string by workbook and step, with "
                                        "its key, in each language")
    c.add_argument("--lang", action="append", help="only this language (repeat for several)")
    c.add_argument("--workbook", help="only this workbook (its id, e.g. 01_pattern_awareness)")
    c.add_argument("--format", choices=("text", "md"), default="text")
    c.set_defaults(func=_content_preview)

    from attachwork.app.practice_cli import add_commands

    add_commands(sub)  # backup, restore, hub ...
    args = parser.parse_args(argv)
    return _run(args)


def _run(args: argparse.Namespace) -> int:
    """Run a command; whatever goes wrong is one plain sentence, never a traceback (the type
    and the frames go to the private log, never the message, which may quote client text)."""
    import traceback

    from attachwork.store import StoreError

    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except StoreError as exc:
        print(f"attachwork: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - the one place every other failure is caught
        from attachwork.logs import log, setup_logging

        setup_logging()
        log.error("command %s failed: %s\n%s", args.command, type(exc).__name__,
                  "".join(traceback.format_tb(exc.__traceback__)))
        print(f"attachwork: that did not work ({type(exc).__name__}); nothing more was changed. "
              "The log in the data folder says where it failed.", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
