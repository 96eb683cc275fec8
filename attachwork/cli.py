"""``attachwork``: serve the workbooks, make demo data, check content."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def _serve(args: argparse.Namespace) -> int:
    from attachwork import serve

    if args.demo:
        from attachwork.demo import ensure_demo_store

        data_dir = Path(args.data_dir or Path.cwd() / ".demo-data").resolve()
        os.environ["ATTACHWORK_DATA_DIR"] = str(data_dir)
        os.environ.pop("ATTACHWORK_DB_URL", None)
        ensure_demo_store()
        print(f"attachwork: demo store with fictional clients in {data_dir}", flush=True)
    elif args.data_dir:
        os.environ["ATTACHWORK_DATA_DIR"] = str(Path(args.data_dir).resolve())
    if args.home:
        os.environ["ATTACHWORK_MODE"] = "home"
    serve.run(
        Path(args.path) if args.path else None, args.port, token=args.token,
        use_token=not args.no_token, preheat=args.preheat, open_browser=args.open,
    )
    return 0


def _demo(args: argparse.Namespace) -> int:
    from attachwork.demo import ensure_demo_store

    if args.data_dir:
        os.environ["ATTACHWORK_DATA_DIR"] = str(Path(args.data_dir).resolve())
    created = ensure_demo_store()
    print(f"attachwork: {created} fictional demo client(s) added")
    return 0


def _export_summary(args: argparse.Namespace) -> int:
    import datetime as dt

    from attachwork.content import pack
    from attachwork.export import ExportError, build, find_client, find_session
    from attachwork.store import Store

    if args.data_dir:
        os.environ["ATTACHWORK_DATA_DIR"] = str(Path(args.data_dir).resolve())
    store = Store.open()
    try:
        client = find_client(store, args.client)
        session = find_session(store, client, args.session)
    except ExportError as exc:
        print(f"attachwork: {exc}", file=sys.stderr)
        return 2
    workbook = session.payload["workbook"]
    date = dt.date.fromisoformat(session.payload["date"])
    out = Path(args.out or Path.cwd()).resolve()
    out.mkdir(parents=True, exist_ok=True)
    audiences = ["summary", "handout"] if args.audience == "both" else [args.audience]
    formats = {"html", "pdf"} if args.format == "both" else {args.format}

    def progress(step: str, fraction: float) -> None:
        if step != "done":
            print(f"  {fraction:4.0%}  {pack().text(f'export.steps.{step}')}", flush=True)

    status = 0
    for audience in audiences:
        built = build(store, client, workbook, date, audience=audience, session=session,
                      pdf="pdf" in formats, progress=progress)
        if "html" in formats:
            status |= _write(out / f"{built.summary.filename}.html", built.html.encode("utf-8"))
        if "pdf" in formats:
            if built.pdf is None:
                print(f"attachwork: {pack().text('export.pdf_unavailable')}", file=sys.stderr)
                status = 1
            else:
                status |= _write(out / f"{built.summary.filename}.pdf", built.pdf)
    return status


def _write(path: Path, data: bytes) -> int:
    """Write an export readable by its owner only; say where it went."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(path, 0o600)
    print(f"wrote {path}")
    return 0


def _content_check(args: argparse.Namespace) -> int:
    from attachwork.checks import check_content

    problems = check_content(args.lang)
    for p in problems:
        print(f"problem: {p}")
    print("content pack: ok" if not problems else f"content pack: {len(problems)} problem(s)")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="attachwork", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", help="start the workbooks in Voila on 127.0.0.1")
    p.add_argument("path", nargs="?", help="a workbooks folder or one notebook")
    p.add_argument("--port", type=int, default=8866)
    p.add_argument("--demo", action="store_true", help="use a store of fictional demo clients")
    p.add_argument("--data-dir", help="folder for the database and logs")
    p.add_argument("--home", action="store_true", help="client's home mode")
    p.add_argument("--token", help="access token to use (default: a random one)")
    p.add_argument("--no-token", action="store_true", help="serve without an access token")
    p.add_argument("--preheat", action="store_true", help="keep a kernel ready per notebook")
    p.add_argument("--open", action="store_true", help="open a browser tab")
    p.set_defaults(func=_serve)

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

    p = sub.add_parser("content", help="content pack tools")
    csub = p.add_subparsers(dest="content_command", required=True)
    c = csub.add_parser("check", help="check the content pack and instrument files")
    c.add_argument("--lang", default=None)
    c.set_defaults(func=_content_check)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
