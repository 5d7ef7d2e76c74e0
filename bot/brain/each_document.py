"""One question about two documents ("wat duurt langer: het leernetwerk of de leergang?",
"wat kosten het leernetwerk en de leergang?"): read as a whole, the question's match is split
between the two; asked of each document on its own, each is answered, and the two answers are
given together (the user compares them)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from itertools import pairwise

from bot.brain.answer import Answer, joined
from bot.brain.context import DialogueContext
from bot.brain.entities import Analysis, analyse_tokens, document_ids
from bot.brain.lexicon import DOCUMENT, Lexicon
from bot.brain.matcher import IntentMatcher
from bot.brain.picked import Again
from bot.brain.readings import interpretations
from bot.brain.tentative import is_weak

# Two documents this many small words apart or closer are named side by side ("of de");
# two names with nothing between are one name ("NGB opleidingenboekje").
MAX_WORDS_BETWEEN = 3


class EachDocument:
    """Answers a question asked of several documents, one document at a time."""

    def __init__(
        self,
        lexicon: Lexicon,
        matcher: IntentMatcher,
        titles: dict[str, str],
        split: Callable[[str], list[str]],
    ) -> None:
        """`titles`: each document's title by its id; `split`: a message's questions."""
        self.lexicon = lexicon
        self.matcher = matcher
        self.titles = titles
        self.split = split

    def answer(
        self,
        text: str,
        whole: Answer,
        context: DialogueContext,
        answer_again: Callable[[Again], Answer],
    ) -> Answer | None:
        """The answers for each document the message names, when the whole message got no
        sure answer (or one from a weak match, or one from only one of them) and each
        document's own reading gets one."""
        if whole.reply.action is not None:
            return None
        sure = whole.reply.matched and not is_weak(whole.reply)
        for asked in self._questions(text):
            candidates = self.lexicon.normaliser.candidates(asked)
            if not candidates:
                return None
            analysis = analyse_tokens(candidates[0], self.lexicon)
            documents = list(dict.fromkeys(document_ids(analysis)))
            if len(documents) < 2 or not self._listed(analysis):
                return None
            if sure and whole.reply.source not in self._titles(documents):
                return None  # (about something else the message names)
            answered = self._each(analysis, documents, candidates, context, answer_again)
            if answered is not None:
                return answered
        return None

    def _questions(self, text: str) -> Iterator[str]:
        """The whole message, then (when it holds several) the one question of it naming the
        documents ("Wat duurt langer, het leernetwerk of de leergang? En hoeveel scheelt
        dat?"); split only when the whole names documents side by side but got no answer."""
        yield text
        parts = self.split(text)
        if len(parts) > 1:
            yield from parts

    def _each(
        self,
        analysis: Analysis,
        documents: list[str],
        candidates: list[list[str]],
        context: DialogueContext,
        answer_again: Callable[[Again], Answer],
    ) -> Answer | None:
        """The answers to `analysis` asked of each of `documents`, when all are sure."""
        answers = []
        for document in documents:
            own = replace(
                analysis,
                mentions=[
                    m
                    for m in analysis.mentions
                    if all(r.kind != DOCUMENT or r.ids[0] == document for r in m.refs)
                ],
            )
            ranked = [
                s
                for s in self.matcher.score(interpretations(own))
                if s.target.document is not None and s.target.document.id == document
            ]
            if not ranked:
                return None
            answer = answer_again(Again(ranked[0], own, candidates, context))
            if not answer.reply.matched:
                return None
            answers.append(answer)
        return joined(answers)

    def _titles(self, documents: list[str]) -> set[str]:
        """The titles of `documents` (ids), as a reply names its source."""
        return {self.titles[d] for d in documents if d in self.titles}

    def _listed(self, analysis: Analysis) -> bool:
        """True when two documents are named side by side ("het leernetwerk of de leergang"):
        a few small words between them; "het boekje over de leergang" names one of them."""
        named = [m for m in analysis.mentions if any(r.kind == DOCUMENT for r in m.refs)]
        small = self.lexicon.stopwords
        return any(
            0 < len(between) <= MAX_WORDS_BETWEEN and all(t in small for t in between)
            for first, second in pairwise(named)
            for between in [analysis.tokens[first.end : second.start]]
        )
