"""`python -m bot questions | feedback | curate`: the hand-off and feedback for operators.

    python -m bot questions              open questions for the coordinators, oldest first
    python -m bot feedback               👍/👎 per intent and the 👎 questions, newest first
    python -m bot curate [--out FILE]    the curator's YAML draft, written to FILE (default
                                         curate-draft-<date>.yaml here), never into knowledge/

The database is the bot's own (the same settings and `.env` as `python -m bot run`), or
`--db PATH`.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from bot.config import load_settings
from bot.handoff.curate import TIMEZONE, DraftLocationError, build_draft, write_draft
from bot.handoff.feedback import feedback_lines
from bot.handoff.service import HandoffService
from bot.storage.sqlite import SqliteStorage

DESCRIPTIONS = {
    "questions": "The questions handed to the coordinators and still open, oldest first.",
    "feedback": "Thumbs up/down per intent, and the thumbs-down questions, newest first.",
    "curate": "Write a YAML draft for the knowledge curator (never into knowledge/).",
}


def _parser(command: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"python -m bot {command}", description=DESCRIPTIONS[command]
    )
    parser.add_argument(
        "--db", type=Path, help="the SQLite file (default: the bot's own, from the settings)"
    )
    if command == "curate":
        parser.add_argument(
            "--out", type=Path, help="where the draft goes (default: curate-draft-<date>.yaml here)"
        )
        parser.add_argument(
            "--knowledge-dir",
            type=Path,
            help="the knowledge folder (default: KNOWLEDGE_DIR, else knowledge/)",
        )
    return parser


def _with_storage(args: argparse.Namespace, work: Callable[[SqliteStorage], int]) -> int:
    db_path: Path = args.db or load_settings().db_path
    if not db_path.exists():
        print(f"Geen database gevonden op {db_path}.", file=sys.stderr)
        return 1
    storage = SqliteStorage(db_path)
    try:
        return work(storage)
    finally:
        storage.close()


def run(command: str, argv: list[str]) -> int:
    """Run `questions`, `feedback` or `curate`; returns the exit code."""
    args = _parser(command).parse_args(argv)

    def questions(storage: SqliteStorage) -> int:
        print("\n".join(HandoffService(storage, ()).open_lines()))
        return 0

    def feedback(storage: SqliteStorage) -> int:
        print("\n".join(feedback_lines(storage.list_feedback())))
        return 0

    def curate(storage: SqliteStorage) -> int:
        from bot.brain.brain import Brain
        from bot.knowledge.loader import DEFAULT_KNOWLEDGE_DIR, load_knowledge

        knowledge_dir: Path = (
            args.knowledge_dir or load_settings().knowledge_dir or DEFAULT_KNOWLEDGE_DIR
        )
        now = time.time()
        stamp = datetime.fromtimestamp(now, TIMEZONE).strftime("%Y%m%d-%H%M")
        out: Path = args.out or Path(f"curate-draft-{stamp}.yaml")
        text = build_draft(Brain(load_knowledge(knowledge_dir)), storage, storage, now)
        try:
            written = write_draft(text, out, knowledge_dir)
        except DraftLocationError as error:
            print(str(error), file=sys.stderr)
            return 2
        print(f"Concept geschreven naar {written} ({text.count('- question:')} vragen).")
        return 0

    work = {"questions": questions, "feedback": feedback, "curate": curate}[command]
    return _with_storage(args, work)
