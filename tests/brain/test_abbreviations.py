"""What an abbreviation of the material stands for, through the real knowledge base and brain:
the statement that writes it out answers, led by the meaning; an abbreviation that only stands
in a message asking something else changes nothing."""

from __future__ import annotations

import pytest

from bot.brain.brain import Brain
from bot.knowledge.loader import load_knowledge
from tests.auxil.conversation import last_reply, talk


@pytest.fixture(scope="module")
def brain() -> Brain:
    return Brain(load_knowledge())


@pytest.mark.parametrize(
    ("message", "meaning"),
    [
        ("waar staat NGB voor?", "NGB staat voor Nederlands Genootschap van Burgemeesters."),
        ("what does NGB stand for", "NGB stands for Nederlands Genootschap van Burgemeesters."),
        ("For what stands SED in the Breda project?", "SED stands for Sociaal Economisch Domein."),
        ("SED, wat betekent dat eigenlijk?", "SED staat voor Sociaal Economisch Domein."),
        # written out without "(RPO)": the capitals of the name spell it; asked the second time
        (
            "The page says to mail the RPO. What does RPO stand for?",
            "RPO stands for Risico Platform Overheden.",
        ),
    ],
)
def test_an_abbreviation_is_written_out(brain: Brain, message: str, meaning: str) -> None:
    assert talk(brain, message).startswith(meaning)


def test_an_abbreviation_far_from_the_asking_words_is_not_what_is_asked(brain: Brain) -> None:
    reply = last_reply(
        brain, "In Breda they want the LP in hoofd, hart and handen. What means each one?"
    )
    assert "LP stands for" not in reply.text


def test_an_abbreviation_the_material_never_writes_out_gets_no_meaning(brain: Brain) -> None:
    assert "staat voor" not in last_reply(brain, "waar staat XYZ voor?").text
