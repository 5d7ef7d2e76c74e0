"""The command line through a real process: `ask`, the `--jsonl` batch contract, `check`,
`chat` with piped stdin, `run` without a token, and every sub-command is wired."""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.auxil.signup import form_turns

REPO = Path(__file__).resolve().parents[1]


def run_bot(
    tmp_path: Path, *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    environ["BOT_DATA_DIR"] = str(tmp_path / "data")
    environ.pop("BOT_DB_PATH", None)
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        env=environ,
        timeout=120,
    )


def test_ask_prints_the_answer_with_its_source(tmp_path: Path) -> None:
    result = run_bot(tmp_path, "ask", "wanneer is dagdeel 5")
    assert result.returncode == 0, result.stderr
    assert "19 mei" in result.stdout and "Bron: Leernetwerk" in result.stdout


def test_jsonl_contract_one_line_per_input_and_errors_do_not_stop_the_batch(
    tmp_path: Path,
) -> None:
    lines = [
        json.dumps({"conversation": "a", "text": "wanneer is dagdeel 5"}),
        "{not json",
        json.dumps({"conversation": "a", "text": "en wie is daar de spreker?"}),
        "wat kost het leernetwerk",
        json.dumps({"conversation": "b", "text": "ik wil me aanmelden"}),
        json.dumps({"conversation": "c", "text": "hoeveel kost een paspoort"}),
    ]
    result = run_bot(tmp_path, "ask", "--jsonl", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == len(lines)
    assert "19 mei" in out[0]["answer"] and out[0]["matched"] is True
    assert "error" in out[1] and out[1]["matched"] is False
    assert "Ruud Klarenbeek" in out[2]["answer"]
    assert out[3] == {  # a plain text line is no JSON object: the documented error object
        "error": "line 4: not JSON (Expecting value)",
        "matched": False,
        "answer": "",
        "action": None,
    }
    assert out[4]["action"] == "signup"
    assert out[5]["matched"] is False
    for record in out[:1] + out[2:3] + out[4:]:
        assert set(record) >= {
            "conversation",
            "text",
            "answer",
            "matched",
            "action",
            "intent",
            "confidence",
            "suggestions",
        }


def test_check_reports_no_collisions(tmp_path: Path) -> None:
    result = run_bot(tmp_path, "check")
    assert result.returncode == 0, result.stdout
    assert "0 collision(s)" in result.stdout


def test_chat_with_piped_stdin_answers_each_line(tmp_path: Path) -> None:
    result = run_bot(tmp_path, "chat", stdin="wat is werkpakket 9\nen werkpakket 10?\n")
    assert result.returncode == 0, result.stderr
    assert "Geef niet de oplossing" in result.stdout
    assert "Werkpakket 10: Werken vanuit de bedoeling" in result.stdout


def test_run_without_token_says_so_and_opens_the_chat(tmp_path: Path) -> None:
    result = run_bot(tmp_path, "run", stdin="hallo\n")
    assert result.returncode == 0, result.stderr
    assert "No TELEGRAM_BOT_TOKEN set" in result.stderr
    assert "Leernetwerk" in result.stdout


def test_run_with_malformed_setting_stops_with_one_line(tmp_path: Path) -> None:
    env = {"TELEGRAM_BOT_TOKEN": "123:abc", "COORDINATOR_CHAT_IDS": "not-a-number"}
    result = run_bot(tmp_path, "run", env=env)
    assert result.returncode == 2
    assert "COORDINATOR_CHAT_IDS" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["signups", "bench-outbox", "bench-telegram"])
def test_pass_through_subcommands_are_wired_to_their_own_parser(
    tmp_path: Path, command: str
) -> None:
    result = run_bot(tmp_path, command, "--help")
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout and "{run,chat" not in result.stdout


def test_bench_outbox_forwards_everything_once(tmp_path: Path) -> None:
    result = run_bot(tmp_path, "bench-outbox", "30", "--fake")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "every sign-up exactly once in every chat: True" in result.stdout


def test_bench_prints_its_figures_with_the_machine_reference(tmp_path: Path) -> None:
    result = run_bot(tmp_path, "bench", "--repeat", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^load \+ build: [\d.]+ ms \(CPU time [\d.]+ ms\)$", result.stdout, re.M)
    assert re.search(r"^latency per question: median [\d.]+ ms, p99 [\d.]+ ms", result.stdout, re.M)
    reference = r"^machine reference \(fixed pure-Python workload, median of 5\): "
    assert re.search(reference + r"[\d.]+ ms before, [\d.]+ ms after$", result.stdout, re.M)


def test_batch_runs_the_signup_form_and_the_operator_command_exports_it(tmp_path: Path) -> None:
    turns = form_turns("Anna <i>de Vries</i> 🌷", start="ik wil me aanmelden")
    lines = [json.dumps({"conversation": "form", "text": t}) for t in turns]
    result = run_bot(tmp_path, "ask", "--jsonl", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert out[0]["action"] == "signup"
    assert "ontvangen" in out[-1]["answer"], out[-1]["answer"]
    export = run_bot(tmp_path, "signups", "--csv")
    assert export.returncode == 0, export.stderr
    assert "Anna <i>de Vries</i> 🌷" in export.stdout and "anna@example.nl" in export.stdout


def test_signups_without_a_database_says_there_are_none(tmp_path: Path) -> None:
    result = run_bot(tmp_path, "signups")
    assert result.returncode == 1 and "nog geen aanmeldingen" in result.stderr


def test_check_catches_a_wrong_municipality_count_in_the_knowledge_dir_it_is_given(
    tmp_path: Path, knowledge_copy: Path
) -> None:
    knowledge = knowledge_copy
    gemeenten = knowledge / "gemeenten.yaml"
    gemeenten.write_text(
        gemeenten.read_text(encoding="utf-8").replace("expected_count: 342", "expected_count: 343"),
        encoding="utf-8",
    )
    result = run_bot(tmp_path, "check", "--knowledge-dir", str(knowledge))
    assert result.returncode == 3
    assert result.stderr.strip() == (
        "Knowledge base error: gemeenten.yaml: entry top level: "
        "Value error, 342 municipalities, expected_count says 343"
    )
    # The same knowledge folder through the environment, for every command.
    asked = run_bot(tmp_path, "ask", "hallo", env={"KNOWLEDGE_DIR": str(knowledge)})
    assert asked.returncode == 3 and "gemeenten.yaml" in asked.stderr


def test_help_describes_the_program_and_every_option_in_english(tmp_path: Path) -> None:
    wide = {"COLUMNS": "250"}  # one line per option, its help text beside it
    result = run_bot(tmp_path, "--help", env=wide)
    assert result.returncode == 0
    assert "answers questions about the Leernetwerk" in result.stdout
    commands = ["run", "chat", "ask", "check", "bench", "signups", "bench-outbox", "bench-telegram"]
    for command in [*commands, "questions", "feedback", "curate"]:
        shown = run_bot(tmp_path, command, "--help", env=wide)
        assert shown.returncode == 0, shown.stderr
        lines = [*shown.stdout.splitlines(), ""]
        undocumented = [
            line
            for line, after in itertools.pairwise(lines)
            if re.match(r"^  \S", line)
            and not re.search(r"\S {2,}\S", line.strip())  # help beside the option
            and not re.match(r"^ {6,}\S", after)  # or on the next line, indented
        ]
        assert undocumented == [], command
        for dutch in (" bestand", " alleen", "bekijken", " anders", " waar "):
            assert dutch not in shown.stdout.lower(), f"{command}: {dutch}"


def test_bench_telegram_without_the_emulator_says_what_to_run(tmp_path: Path) -> None:
    no_node = tmp_path / "bin"
    no_node.mkdir()
    result = run_bot(tmp_path, "bench-telegram", env={"PATH": str(no_node)})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "bench-telegram: Node.js is not installed (the Bot API emulator runs on it)"
    ]
