"""`python -m bot signups`: the sign-ups for operators without Telegram.

    python -m bot signups               list with status and counts
    python -m bot signups --waitlist    the waiting list
    python -m bot signups --csv         CSV export (UTF-8 with BOM, ";") to stdout
    python -m bot signups --csv --out aanmeldingen.csv

The database is the bot's own (the same settings and `.env` as `python -m bot run`, from any
folder), or `--db PATH`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.config import load_settings
from bot.signup import reports
from bot.storage.sqlite import SqliteStorage


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `python -m bot signups`."""
    parser = argparse.ArgumentParser(
        prog="python -m bot signups", description="List or export the sign-ups for the Leernetwerk."
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--csv", action="store_true", help="CSV export for Excel (UTF-8 with BOM, ';'-separated)"
    )
    mode.add_argument("--waitlist", action="store_true", help="only the waiting list")
    parser.add_argument(
        "--out", type=Path, help="file for the CSV export (default: standard output)"
    )
    parser.add_argument(
        "--db", type=Path, help="the SQLite file (default: the bot's own, from the settings)"
    )
    return parser


def run_signups(argv: list[str]) -> int:
    """Run the command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.out is not None and not args.csv:
        parser.error("--out only works with --csv")
    db_path: Path = args.db or load_settings().db_path
    if not db_path.exists():
        print(
            f"Geen database gevonden op {db_path}; er zijn nog geen aanmeldingen.", file=sys.stderr
        )
        return 1
    storage = SqliteStorage(db_path)
    try:
        if args.csv:
            data = reports.export_csv(storage)
            if args.out is not None:
                args.out.write_bytes(data)
                print(f"{len(storage.list_signups())} aanmeldingen geschreven naar {args.out}")
            else:
                sys.stdout.flush()
                sys.stdout.buffer.write(data)
                sys.stdout.buffer.flush()
        elif args.waitlist:
            print(reports.waitlist_text(storage))
        else:
            print(reports.list_text(storage))
    finally:
        storage.close()
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(run_signups(sys.argv[1:]))
