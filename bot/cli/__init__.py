"""Command line: a thin layer that only parses arguments and wires the pieces together.

python -m bot run              Telegram bot (terminal chat when no TELEGRAM_BOT_TOKEN is set)
python -m bot chat             terminal chat
python -m bot ask "vraag"      one answer
python -m bot ask --jsonl      batch contract (stdin JSON lines -> stdout JSON lines)
python -m bot check            validate the knowledge base and report example collisions
python -m bot bench            knowledge-base load time and per-question latency
python -m bot signups          list sign-ups (--csv, --waitlist) for operators
python -m bot web              web chat on WEB_HOST:WEB_PORT (also served by `run` with WEB_PORT)
python -m bot bench-web        web chat load benchmark: 200 sessions x 10 questions over HTTP
python -m bot questions        open questions for the coordinators (hand-offs)
python -m bot feedback         👍/👎 per intent and the 👎 questions
python -m bot curate           the curator's YAML draft (written to a file, never knowledge/)
python -m bot bench-handoff    n hand-offs forwarded and answered through the outbox, outage
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from bot.config import ConfigError, Settings, load_settings
from bot.core.assistant import Assistant
from bot.domain import Language
from bot.knowledge.loader import KnowledgeError


def _settings() -> Settings:
    """The settings every command reads (environment over the .env next to the code)."""
    return load_settings()


def build_local_assistant(*, ephemeral_conversations: bool) -> Assistant:
    """The assistant for the terminal and batch channels, on the bot's own data directory."""
    from bot.core.factory import build_assistant_for

    return build_assistant_for(_settings(), ephemeral_conversations=ephemeral_conversations)


def _cmd_run(args: argparse.Namespace) -> int:
    from bot.web.settings import load_web_settings

    settings = _settings()
    web = load_web_settings()
    if not settings.telegram_bot_token:
        if web.enabled:
            from bot.cli.web import run_web

            print("No TELEGRAM_BOT_TOKEN set: serving the web chat only.", file=sys.stderr)
            return run_web(settings, web)
        print(
            "No TELEGRAM_BOT_TOKEN set: starting the terminal chat on the same brain.",
            file=sys.stderr,
        )
        return _cmd_chat(args)
    from bot.telegram.app import run_telegram

    logging.getLogger().setLevel(settings.log_level)
    return run_telegram(settings, web=web if web.enabled else None)


def _cmd_web(args: argparse.Namespace) -> int:
    from bot.cli.web import run_web
    from bot.web.settings import load_web_settings

    settings = _settings()
    logging.getLogger().setLevel(settings.log_level)
    return run_web(settings, load_web_settings())


def _cmd_bench_web(args: argparse.Namespace) -> int:
    from bot.cli.bench_web import main as bench_web

    return bench_web(args.rest)


def _cmd_chat(args: argparse.Namespace) -> int:
    from bot.channels.terminal import locale_language, run_chat

    chosen = getattr(args, "lang", None)
    language = Language(chosen) if chosen else locale_language(os.environ)
    assistant = build_local_assistant(ephemeral_conversations=False)
    return run_chat(assistant, user=getattr(args, "user", None), language=language)


def _cmd_ask(args: argparse.Namespace) -> int:
    from bot.channels.batch import run_batch
    from bot.channels.terminal import TERMINAL_ORIGIN

    assistant = build_local_assistant(ephemeral_conversations=True)
    if args.jsonl:
        for line in run_batch(assistant, sys.stdin):
            sys.stdout.write(line + "\n")
            sys.stdout.flush()
        return 0
    question = " ".join(args.question)
    if not question:
        print('Usage: python -m bot ask "vraag"  (or --jsonl)', file=sys.stderr)
        return 2
    print(assistant.handle("ask:once", question, TERMINAL_ORIGIN).plain_text())
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from bot.brain.check import run_check

    return run_check(knowledge_dir=args.knowledge_dir or _settings().knowledge_dir)


def _cmd_bench(args: argparse.Namespace) -> int:
    from bot.cli.bench import run_benchmark

    return run_benchmark(repeat=args.repeat, knowledge_dir=_settings().knowledge_dir)


def _cmd_bench_telegram(args: argparse.Namespace) -> int:
    from bot.cli.bench_telegram import main as bench_telegram

    return bench_telegram(args.rest)


def _cmd_bench_outbox(args: argparse.Namespace) -> int:
    from bot.cli.bench_outbox import main as bench_outbox

    return bench_outbox(args.rest)


def _cmd_health(args: argparse.Namespace) -> int:
    from bot import health

    problem = health.problem(_settings().data_dir)
    print(problem or "ok", file=sys.stderr if problem else sys.stdout)
    return 1 if problem else 0


def _cmd_signups(args: argparse.Namespace) -> int:
    from bot.cli.signups import run_signups

    return run_signups(args.rest)


def _cmd_bench_handoff(args: argparse.Namespace) -> int:
    from bot.cli.bench_handoff import main as bench_handoff

    return bench_handoff(args.rest)


def _cmd_handoff(args: argparse.Namespace) -> int:
    from bot.cli.handoff import run

    return run(args.command, args.rest)


HANDOFF_COMMANDS = (
    ("questions", "open questions for the coordinators, oldest first"),
    ("feedback", "thumbs up/down per intent and the thumbs-down questions"),
    ("curate", "write the curator's YAML draft to a file (--out)"),
)
BENCH_HANDOFF = ("bench-handoff", "200 hand-offs forwarded and answered, with an outage")
PROGRAM_DESCRIPTION = (
    "The Werken volgens de Bedoeling assistant: answers questions about the Leernetwerk, the "
    "Verandertoolkit and the municipal projects, takes sign-ups for the Leernetwerk and "
    "passes questions on to its coordinators, in Telegram, a terminal chat or a batch."
)
PASS_THROUGH = frozenset(
    {
        "signups",
        "bench-telegram",
        "bench-outbox",
        "bench-web",
        BENCH_HANDOFF[0],
        *(name for name, _ in HANDOFF_COMMANDS),
    }
)


def main(argv: list[str] | None = None) -> int:
    """Entry point of `python -m bot`."""
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "WARNING").upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description=PROGRAM_DESCRIPTION,
        epilog="Settings come from the environment and the .env next to the code (see "
        ".env.example). Run `python -m bot COMMAND --help` for a command's options.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser(
        "run", help="run the Telegram bot (the terminal chat when TELEGRAM_BOT_TOKEN is not set)"
    )
    chat = sub.add_parser("chat", help="terminal chat")
    chat.add_argument(
        "--user",
        help="who you are in this chat; the same name finds your conversation and sign-up "
        "again (default: a new person each time)",
    )
    chat.add_argument(
        "--lang",
        choices=[each.value for each in Language],
        help="the language to greet you in and to start in (default: the locale's, LC_ALL / "
        "LC_MESSAGES / LANG, when it is Dutch or English; else a greeting in both)",
    )
    ask = sub.add_parser("ask", help="answer a question, or a batch with --jsonl")
    ask.add_argument(
        "--jsonl",
        action="store_true",
        help='batch: one JSON object per stdin line ({"conversation": ID, "text": MESSAGE}), '
        "one JSON answer per stdout line; a line that is not such an object gets an error object",
    )
    ask.add_argument("question", nargs="*", help="the question, e.g. wanneer is dagdeel 5")
    check = sub.add_parser("check", help="validate the knowledge base and report collisions")
    check.add_argument(
        "--knowledge-dir",
        type=Path,
        help="the knowledge folder to check (default: KNOWLEDGE_DIR, else knowledge/)",
    )
    sub.add_parser("health", help="exit 0 when the running bot is alive (container HEALTHCHECK)")
    sub.add_parser("web", help="serve the web chat on WEB_HOST:WEB_PORT (default 127.0.0.1:8080)")
    bench = sub.add_parser("bench", help="load time and per-question latency")
    bench.add_argument(
        "--repeat", type=int, default=20, help="how often every question is asked (default 20)"
    )
    # These hand their own arguments (and --help) to their own parser.
    for name, helptext in (
        ("signups", "list or export sign-ups (--csv, --waitlist)"),
        ("bench-telegram", "load benchmark: 50 users x 20 questions through the emulator"),
        ("bench-outbox", "1,000 sign-ups stored and forwarded through the outbox"),
        ("bench-web", "load benchmark: 200 browser sessions x 10 questions over HTTP"),
        *HANDOFF_COMMANDS,
        BENCH_HANDOFF,
    ):
        sub.add_parser(name, help=helptext, add_help=False)
    args, rest = parser.parse_known_args(argv)
    if rest and args.command not in PASS_THROUGH:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    args.rest = rest
    commands = {
        "run": _cmd_run,
        "chat": _cmd_chat,
        "ask": _cmd_ask,
        "check": _cmd_check,
        "bench": _cmd_bench,
        "signups": _cmd_signups,
        "health": _cmd_health,
        "bench-telegram": _cmd_bench_telegram,
        "bench-outbox": _cmd_bench_outbox,
        "web": _cmd_web,
        "bench-web": _cmd_bench_web,
        **{name: _cmd_handoff for name, _ in HANDOFF_COMMANDS},
        BENCH_HANDOFF[0]: _cmd_bench_handoff,
    }
    try:
        return commands[args.command](args)
    except ConfigError as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        return 2
    except KnowledgeError as exc:
        print(f"Knowledge base error: {exc}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. piped into `head`: stop quietly
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keep Python's exit flush quiet
        return 0
