"""Every question set's answers as one file, to prove a change keeps behaviour byte-identical.

Feeds every turn of every question set (tests/eval/*.yaml, tests/brain/questions.yaml and
../shared/eval/questions*.yaml where present) through `python -m bot ask --jsonl`, the contract
../shared/eval/score.py uses, and writes the JSON lines it answers with. Compare two snapshots
with `cmp` or `diff`:

    python tests/eval/snapshot.py before.jsonl                 # or: make snapshot OUT=before.jsonl
    python tests/eval/snapshot.py after.jsonl --seed 1         # PYTHONHASHSEED for the bot
    python tests/eval/snapshot.py after.jsonl --compare before.jsonl   # exit 1 when they differ
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "eval"
TIMEOUT_SECONDS = 600


def question_files() -> list[Path]:
    """Every question set present here, in a fixed order."""
    files = sorted((ROOT / "tests" / "eval").glob("*.yaml"))
    files = [f for f in files if f.name != "ratchets.yaml"]
    files.append(ROOT / "tests" / "brain" / "questions.yaml")
    files += [SHARED / "questions.yaml", SHARED / "questions-extra.yaml"]
    return [f for f in files if f.exists()]


def batch_lines(files: list[Path]) -> list[str]:
    """One JSON line per turn; each case is its own conversation."""
    lines = []
    for path in files:
        for number, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))):
            turns = case["q"] if isinstance(case["q"], list) else [case["q"]]
            for turn in turns:
                record = {"conversation": f"{path.name}:{number}", "text": str(turn)}
                lines.append(json.dumps(record, ensure_ascii=False))
    return lines


def answers(lines: list[str], seed: str | None) -> str:
    """The bot's JSON lines for `lines`, from one `ask --jsonl` process."""
    env = dict(os.environ)
    if seed is not None:
        env["PYTHONHASHSEED"] = seed
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--jsonl"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=TIMEOUT_SECONDS,
        check=True,
    )
    if done.stdout.count("\n") != len(lines):
        sys.exit(f"snapshot: sent {len(lines)} lines, got {done.stdout.count(chr(10))} back")
    return done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="where to write the answers (JSON lines)")
    parser.add_argument("--seed", help="PYTHONHASHSEED for the bot process")
    parser.add_argument("--compare", type=Path, help="an earlier snapshot that must be equal")
    args = parser.parse_args()
    files = question_files()
    lines = batch_lines(files)
    output = answers(lines, args.seed)
    args.out.write_text(output, encoding="utf-8")
    print(f"{len(lines)} answers from {len(files)} question sets -> {args.out}")
    if args.compare is None:
        return 0
    earlier = args.compare.read_text(encoding="utf-8").splitlines()
    if len(earlier) != len(lines):
        print(f"{args.compare} has {len(earlier)} answers, not {len(lines)}", file=sys.stderr)
        return 1
    now = output.splitlines()
    differing = [i for i, (a, b) in enumerate(zip(earlier, now, strict=True)) if a != b]
    if differing:
        for i in differing[:10]:
            print(f"differs: {json.loads(lines[i])}", file=sys.stderr)
        print(f"{len(differing)} answers differ from {args.compare}", file=sys.stderr)
        return 1
    print(f"identical to {args.compare}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
