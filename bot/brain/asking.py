"""Which sentences of a message ask something: a question word, an opening that asks ("kunt u
...", "how ..."), or only the kinds of value asked for ("phone number pls"). A sentence that
asks nothing beside one that does is context ("we komen met drie mensen"), so an answer need not
explain it (see bot/brain/calibration.py)."""

from __future__ import annotations

from bot.brain.answer_values import ValueCheck
from bot.brain.entities import Analysis, analyse_tokens
from bot.brain.lexicon import Lexicon


class SentenceAsking:
    """Tells the sentences of a message that ask from those that are context, with the word
    lists of knowledge/calibration.yaml the Calibrator reads."""

    lexicon: Lexicon
    value_check: ValueCheck
    interrogatives: frozenset[str]
    openers: frozenset[str]
    question_words: frozenset[str]
    dropped_subject_objects: frozenset[str]

    def asks(self, analysis: Analysis) -> bool:
        """True when a sentence asks something: a question word, it opens as a question
        ("kunt u ...", "how ..."), or it only names a kind of value ("phone number pls")."""
        opens = bool(analysis.tokens) and analysis.tokens[0] in self.openers
        return (
            bool(self.interrogatives & set(analysis.words)) or opens or self._only_values(analysis)
        )

    def _only_values(self, analysis: Analysis) -> bool:
        """True for a sentence that only names kinds of value ("phone number pls")."""
        words = set(analysis.words)
        return bool(words) and words <= self.value_check.values.keys()

    def asks_elsewhere(self, analysis: Analysis, candidates: list[list[str]]) -> bool:
        """True when the sentence read asks nothing and another sentence of the message does
        ("In the GGD programme, how often is ...")."""
        return not self.asks(analysis) and any(
            self.asks(sentence) for sentence in self.parts(candidates, analysis)
        )

    def parts(self, candidates: list[list[str]], chosen: Analysis) -> list[Analysis]:
        """The sentences the answer must explain: those that ask something ("we komen met drie
        mensen" is context), or the one it answered when none does."""
        if len(candidates) <= 1:
            return [chosen]
        sentences = [analyse_tokens(tokens, self.lexicon) for tokens in candidates[1:]]
        marked = getattr(candidates, "marked", (True,) * len(sentences))
        asking = [(s, m) for s, m in zip(sentences, marked, strict=False) if self._asks(s, m)]
        if any(m and s.mentions for s, m in asking):  # "Van wie is 06 ...? ... weet niet wie"
            # beside a question naming its subject, a sentence without a question mark that
            # names nothing and asks only inside is context
            asking = [(s, m) for s, m in asking if m or s.mentions or self._opens_asking(s)]
        return [s for s, _m in asking] or [chosen]

    def _opens_asking(self, analysis: Analysis) -> bool:
        """True when a sentence's first word asks ("wie", "kunt u"), or it only names a kind
        of value ("phone number pls")."""
        first = analysis.tokens[0] if analysis.tokens else ""
        concept = self.lexicon.concepts.get((first,), first)
        opens = first in self.openers or concept in self.interrogatives
        return opens or self._only_values(analysis)

    def _asks(self, analysis: Analysis, marked: bool) -> bool:
        """Whether a sentence of a message asks: without a question mark, a verb first with
        the subject left out ("moet het in de agenda blokken") states."""
        tokens = analysis.tokens
        stated = (
            not marked
            and len(tokens) > 1
            and tokens[0] in self.openers
            and tokens[0] not in self.question_words
            and tokens[1] in self.dropped_subject_objects
        )
        return not stated and self.asks(analysis)
