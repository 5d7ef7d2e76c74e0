"""`python -m bot bench`: knowledge-base load time and per-question latency, in-process.

Figures, not a test: load time (YAML + validation, and building the brain) and the median and
p99 latency of `Brain.answer` over all shared questions (../shared/eval/questions.yaml, falling
back to the project's own table), repeated, on one core (`taskset -c 0`). Repeats find the
brain's caches warm, so the first pass is also shown on its own; and the CPU time of each
answer (the thread's, which leaves out time other processes took the core) beside the wall
time, for machines that are not idle. A machine reference figure, the time of a fixed
pure-Python workload taken before and after the run, tells a slow host from a slow brain; it
is printed beside the figures, never used to rescale them.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import yaml

from bot.brain.brain import Brain
from bot.brain.context import DialogueContext
from bot.core.startup import long_lived
from bot.knowledge.loader import load_knowledge

# The machine reference: this many timings of the fixed workload, before and after the run.
REFERENCE_RUNS = 5
REPO = Path(__file__).resolve().parents[2]
QUESTION_FILES = (
    REPO.parent / "shared" / "eval" / "questions.yaml",
    REPO / "tests" / "brain" / "questions.yaml",
)


def _questions() -> tuple[Path, list[list[str]]]:
    for path in QUESTION_FILES:
        if path.exists():
            cases = yaml.safe_load(path.read_text(encoding="utf-8"))
            return path, [c["q"] if isinstance(c["q"], list) else [c["q"]] for c in cases]
    raise FileNotFoundError("no question file found")


def run_benchmark(repeat: int = 20, knowledge_dir: Path | None = None) -> int:
    """Print load time and latency figures."""
    reference_before = _reference_ms()
    started, cpu_started = time.perf_counter(), time.thread_time()
    with long_lived():  # as the assistant's factory builds them
        kb = load_knowledge(knowledge_dir)
        loaded = time.perf_counter()
        brain = Brain(kb)
    built, cpu_built = time.perf_counter(), time.thread_time()
    path, conversations = _questions()
    latencies: list[float] = []
    cpu_times: list[float] = []
    for _ in range(repeat):
        for turns in conversations:
            context = DialogueContext()
            for turn in turns:
                t0, c0 = time.perf_counter(), time.thread_time()
                context = brain.answer(turn, context).context
                cpu_times.append(time.thread_time() - c0)
                latencies.append(time.perf_counter() - t0)
    first_pass = sorted(latencies[: sum(len(turns) for turns in conversations)])
    print(f"knowledge base load (YAML + validation): {(loaded - started) * 1000:.1f} ms")
    print(f"brain build (lexicon, examples, index):  {(built - loaded) * 1000:.1f} ms")
    cpu_load_build = (cpu_built - cpu_started) * 1000
    print(f"load + build: {(built - started) * 1000:.1f} ms (CPU time {cpu_load_build:.1f} ms)")
    print(f"questions: {path.name}, {len(latencies)} answers ({repeat} repeats)")
    print(f"latency per question: {_figures(latencies)}")
    print(f"first pass only (cold caches): {_figures(first_pass)}")
    print(f"CPU time per question: {_figures(cpu_times)}")
    print(
        f"machine reference (fixed pure-Python workload, median of {REFERENCE_RUNS}): "
        f"{reference_before:.2f} ms before, {_reference_ms():.2f} ms after"
    )
    return 0


def _reference_workload() -> int:
    """A fixed, deterministic few milliseconds of typical interpreter work (str and dict)."""
    counts: dict[str, int] = {}
    for i in range(3000):
        word = f"woord{i % 211}-{i % 17}"
        key = word.upper().replace("-", " ").split()[0]
        counts[key] = counts.get(key, 0) + len(word)
    return sum(counts.values()) + len(" ".join(sorted(counts)))


def _reference_ms() -> float:
    """The median wall time of the reference workload, in milliseconds."""
    timings = []
    for _ in range(REFERENCE_RUNS):
        started = time.perf_counter()
        _reference_workload()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def _figures(seconds: list[float]) -> str:
    """ "median ... ms, p99 ... ms, max ... ms" of `seconds`."""
    ordered = sorted(seconds)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (
        f"median {statistics.median(ordered) * 1000:.3f} ms, "
        f"p99 {p99 * 1000:.3f} ms, max {ordered[-1] * 1000:.3f} ms"
    )
