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

    p = sub.add_parser("content", help="content pack tools")
    csub = p.add_subparsers(dest="content_command", required=True)
    c = csub.add_parser("check", help="check the content pack and instrument files")
    c.add_argument("--lang", default=None)
    c.set_defaults(func=_content_check)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
