"""Answer composers: one per handler, each building the reply from the structured data, in
the language of the question. Split by subject; `Answers` binds them to one knowledge base."""

from __future__ import annotations

from collections.abc import Callable

from bot.brain.answers.base import ATTRIBUTE_CONCEPTS, CARD_ATTRIBUTES, Composed, Question
from bot.brain.answers.leernetwerk import LeernetwerkAnswers
from bot.brain.answers.projects import ProjectAnswers
from bot.brain.answers.sessions import SessionAnswers
from bot.brain.answers.toolkit import ToolkitAnswers
from bot.brain.readings import Scored
from bot.knowledge.loader import KnowledgeBase

__all__ = ["ATTRIBUTE_CONCEPTS", "CARD_ATTRIBUTES", "Answers", "Composed", "Question"]

Composer = Callable[[Question, Scored], Composed]


class Answers(LeernetwerkAnswers, ToolkitAnswers, ProjectAnswers, SessionAnswers):
    """The composers, bound to one knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        super().__init__(kb)
        self.composers: dict[str, Composer] = {
            "dagdeel": self.dagdeel,
            "programme": self.programme,
            "werkpakket": self.werkpakket,
            "compared_werkpakketten": self.compared,
            "theme": self.theme,
            "theme_sizes": self.theme_sizes,
            "toolkit": self.toolkit,
            "project": self.project,
            "projects_by_topic": self.projects_by_topic,
            "projects_by_year": self.projects_by_year,
            "projects_by_round": self.projects_by_round,
            "projects_overview": self.projects_overview,
            "person": self.person,
            "date": self.date,
            "signup": self.signup,
            "handoff": self.handoff,
            "smalltalk": self.smalltalk,
            "fact": self.fact,
            "sheet_sessions": self.sheet_sessions,
        }

    def compose(self, question: Question, scored: Scored) -> Composed:
        """Answer `question` with the composer of the matched target."""
        return self.composers[scored.target.handler](question, scored)
