"""What the steps answering one message share (bot/brain/per_message.py): inside one message a
value is made once for all of them; nothing is kept from one message to the next, and threads
answering at the same time never share. The brain answers the same with sharing as without."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from bot.brain.brain import Brain
from bot.brain.context import DialogueContext
from bot.brain.entities import Analysis, analyse_tokens
from bot.brain.per_message import once, one_message
from bot.knowledge.loader import load_knowledge


@pytest.fixture(scope="module")
def brain() -> Brain:
    return Brain(load_knowledge())


def _counting() -> tuple[list[int], Callable[[], int]]:
    made: list[int] = []

    def make() -> int:
        made.append(1)
        return len(made)

    return made, make


def test_outside_a_message_each_value_is_made_anew() -> None:
    made, make = _counting()
    assert [once(("k",), make), once(("k",), make)] == [1, 2]
    assert len(made) == 2


def test_inside_a_message_a_value_is_made_once_and_forgotten_after() -> None:
    made, make = _counting()

    @one_message
    def inner() -> int:  # a step inside the same message shares its values
        return once(("k",), make)

    @one_message
    def message() -> tuple[int, int, int]:
        return once(("k",), make), inner(), once(("other",), make)

    assert message() == (1, 1, 2)
    assert message() == (3, 3, 4)  # the next message makes its own
    assert len(made) == 4


def test_threads_never_share() -> None:
    _made, make = _counting()
    inside, done = threading.Event(), threading.Event()
    seen: list[int] = []

    @one_message
    def answered_in_other_thread() -> int:
        return once(("k",), make)

    def other_thread() -> None:
        inside.wait(timeout=10)
        seen.append(once(("k",), make))
        seen.append(answered_in_other_thread())
        done.set()

    @one_message
    def message() -> list[int]:
        first = once(("k",), make)
        inside.set()
        assert done.wait(timeout=10)
        return [first, once(("k",), make)]

    worker = threading.Thread(target=other_thread)
    worker.start()
    assert message() == [1, 1]
    worker.join(timeout=10)
    assert seen == [2, 3]


def test_tokens_are_analysed_once_per_message(brain: Brain) -> None:
    tokens = ["welk", "project", "ging", "over", "burgerparticipatie"]

    @one_message
    def message() -> tuple[Analysis, Analysis]:
        return analyse_tokens(tokens, brain.lexicon), analyse_tokens(list(tokens), brain.lexicon)

    first, again = message()
    assert again is first
    fresh = analyse_tokens(tokens, brain.lexicon)
    assert fresh is not first and fresh == first


@pytest.mark.parametrize(
    "turns",
    [
        ["welk project ging over burgerparticipatie"],
        [
            "Goedemiddag, wij hebben in ons team moeite met eigenaarschap. Welk werkpakket "
            "past daarbij? En wie is de contactpersoon van het project in Deurne?"
        ],
        ["wat kost het leernetwerk", "en hoe lang duurt het?"],
    ],
)
def test_the_brain_answers_the_same_with_sharing_as_without(brain: Brain, turns: list[str]) -> None:
    unshared = Brain.answer.__wrapped__  # type: ignore[attr-defined]
    shared_context = plain_context = DialogueContext()
    for turn in turns:
        shared = brain.answer(turn, shared_context)
        plain = unshared(brain, turn, plain_context)
        assert shared.reply == plain.reply
        assert shared.context == plain.context
        shared_context, plain_context = shared.context, plain.context
