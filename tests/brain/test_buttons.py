"""Every button the brain offers, pressed, answers about exactly what its label names."""

from __future__ import annotations

import pytest

from bot.brain.brain import Brain
from bot.brain.context import DialogueContext
from bot.knowledge.loader import load_knowledge


@pytest.fixture(scope="module")
def brain() -> Brain:
    return Brain(load_knowledge())


def test_every_project_button_finds_its_own_project(brain: Brain) -> None:
    """Through the real composer: a list of all projects, each as a button."""
    answers = brain.answers
    projects = list(answers.projects.values())
    for choice, project in zip(answers._project_choices(projects), projects, strict=True):
        reply = brain.answer(choice.text, DialogueContext()).reply
        first_line = reply.text.splitlines()[0]
        assert first_line.startswith(f"{project.organisation}: {project.title}"), (
            choice.text,
            reply.text[:200],
        )


@pytest.mark.parametrize(
    "question", ["welke projecten had Breda", "welke projecten gingen over zelforganisatie"]
)
def test_buttons_of_a_list_answer(brain: Brain, question: str) -> None:
    reply = brain.answer(question, DialogueContext()).reply
    assert len(reply.choices) >= 2
    for choice in reply.choices:
        pressed = brain.answer(choice.text, DialogueContext()).reply
        assert pressed.text.splitlines()[0].startswith("Gemeente " + choice.label.split(":")[0])
