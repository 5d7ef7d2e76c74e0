"""Where else the material names someone or a place ("komt die spreker ook ergens anders
voor?", "where else is Oss mentioned?"): the statements of other entities and documents that
name them, one per entity, each with its source.

A message asks this with a phrase of calibration.yaml `elsewhere_asks`. Who or what it is
about: the people or places the message names, else the people the last answer named ("die
spreker", "hij"). The subject the conversation is about is left out: that is where the person
was just found.

A phrase of `named_in_asks` ("zit er in de toolkit iets over Oss?") asks the same of the one
document the message names: that document's statements naming them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from bot.brain.answer import Answer, joined
from bot.brain.context import DialogueContext
from bot.brain.entities import Analysis, analyse_tokens, document_ids
from bot.brain.language import is_english
from bot.brain.normalize import tokenise
from bot.brain.statement_parts import Entry, StatementHit
from bot.brain.statements import StatementIndex

PERSON, PLACE = "person", "gemeente"
MAX_PLACES = 5  # at most this many other entities are named


class Elsewhere:
    """Answers where else the material names someone or a place; see the module docstring."""

    def __init__(
        self, statements: StatementIndex, asks: Iterable[str], named_in: Iterable[str] = ()
    ) -> None:
        """`asks`: phrases asking where else; `named_in`: phrases asking what a document the
        message names says of them ("iets over")."""
        self.statements = statements
        self.asks = [f" {' '.join(tokenise(phrase))} " for phrase in asks]
        self.named_in = [f" {' '.join(tokenise(phrase))} " for phrase in named_in]
        self._words = frozenset(w for phrase in self.asks + self.named_in for w in phrase.split())

    def answer(self, text: str, context: DialogueContext) -> Answer | None:
        """The other places that name the people or places asked about, or None when the
        message asks no such thing or nothing else names them."""
        tokens = tokenise(text)
        if self._words.isdisjoint(tokens):
            return None
        padded = f" {' '.join(tokens)} "
        elsewhere = any(phrase in padded for phrase in self.asks)
        if not elsewhere and not any(phrase in padded for phrase in self.named_in):
            return None
        lexicon = self.statements.lexicon
        candidates = lexicon.normaliser.candidates(text)
        if not candidates:
            return None
        analysis = analyse_tokens(candidates[0], lexicon)
        documents = set(document_ids(analysis))
        if not elsewhere and not documents:
            return None  # ("staat er iets over ...": no document named to look in)
        english = is_english(candidates[0], default=context.language == "en")
        return self._places(analysis, context, english, documents if not elsewhere else set())

    def _places(
        self, analysis: Analysis, context: DialogueContext, english: bool, documents: set[str]
    ) -> Answer | None:
        """One statement of each other entity naming the people or places asked about (in
        `documents`, when given)."""
        named = [
            " ".join(tokenise(ref.ids[0]))
            for mention in analysis.mentions
            for ref in mention.refs
            if ref.kind in (PERSON, PLACE)
        ]
        keys = named or ([] if documents else list(context.last_people))
        subject = (context.subject_kind, context.subject_id)
        found: dict[tuple[str, str], Entry] = {}
        for key in keys:
            for entry in self.statements.naming_text(f" {key} "):
                where = (entry.kind, entry.entity_id)
                if where != subject and (not documents or entry.document in documents):
                    found.setdefault(where, entry)
        if not found:
            return None
        hits = [StatementHit(entry, 1.0, scoped=True) for entry in found.values()]
        answers = [Answer(hit.reply(english), hit.context(english)) for hit in hits[:MAX_PLACES]]
        for answer in answers:
            answer.reply.language = "en" if english else "nl"
        return Answer(joined(answers).reply, replace(context, language=answers[0].reply.language))
