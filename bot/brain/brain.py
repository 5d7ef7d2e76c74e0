"""The brain: one message plus the dialogue context in, one Reply and the new context out.

Pipeline: normalise and correct -> extract entities -> score intents and facts against their
examples (also reading the message as a follow-up on the remembered subject) -> answer from the
structured data, suggest ("Bedoelde je ...?"), or say plainly that the material doesn't cover it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.brain.answers import ATTRIBUTE_CONCEPTS, Answers, Question
from bot.brain.context import DialogueContext
from bot.brain.entities import Analysis, Mention, analyse
from bot.brain.lexicon import DOCUMENT, EntityRef, Lexicon, is_everyday_word
from bot.brain.matcher import (
    IntentMatcher,
    Interpretation,
    Scored,
    document_feature,
    interpretations,
    placeholder,
)
from bot.domain import Action, Choice, CoreIntent, Reply
from bot.knowledge.loader import KnowledgeBase

# Thresholds on the match score (0..1), chosen by measurement on the shared questions and the
# project's own question table (see `python -m bot check` and tests/test_brain_questions.py).
ANSWER_THRESHOLD = 0.5  # at or above: answer
SUGGEST_THRESHOLD = 0.3  # between this and ANSWER_THRESHOLD: "Bedoelde je ...?"
MAX_SUGGESTIONS = 3
# A reading that borrows the remembered subject counts as much as one that stands on its own
# (and wins a tie), and more when the message reads like a follow-up ("en ...?", "daar", "hun").
CONTEXT_FACTOR = 1.0
FOLLOWUP_FACTOR = 1.1
ENGLISH_MARKERS = frozenset(
    [
        "what",
        "when",
        "who",
        "where",
        "which",
        "how",
        "is",
        "are",
        "the",
        "does",
        "do",
        "can",
        "could",
        "about",
        "there",
        "many",
        "much",
        "of",
        "speaker",
        "session",
        "meeting",
        "cost",
        "price",
        "sign",
        "join",
        "network",
        "projects",
        "municipality",
        "municipalities",
        "please",
        "tell",
        "me",
        "i",
    ]
)
DUTCH_MARKERS = frozenset(
    [
        "wat",
        "wanneer",
        "wie",
        "waar",
        "welke",
        "welk",
        "hoe",
        "is",
        "zijn",
        "de",
        "het",
        "een",
        "van",
        "over",
        "kan",
        "ik",
        "er",
        "die",
        "dat",
        "en",
        "hoeveel",
        "gemeente",
        "gemeenten",
    ]
)
MAX_MESSAGE_CHARS = 1000
MIN_DETAIL_LENGTH = 5


@dataclass(slots=True)
class Answer:
    """The brain's output: the reply and the context to keep for the next message."""

    reply: Reply
    context: DialogueContext


def is_english(analysis: Analysis) -> bool:
    """A rough language guess: more English than Dutch function words."""
    en = sum(1 for t in analysis.tokens if t in ENGLISH_MARKERS and t not in DUTCH_MARKERS)
    nl = sum(1 for t in analysis.tokens if t in DUTCH_MARKERS and t not in ENGLISH_MARKERS)
    return en > nl


class Brain:
    """Answers questions from the knowledge base; see the module docstring."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.lexicon = Lexicon(kb)
        self.matcher = IntentMatcher(kb, self.lexicon)
        self.answers = Answers(kb)
        unknown = {t.handler for t in self.matcher.targets} - set(self.answers.composers)
        if unknown:
            raise ValueError(f"intents.yaml: unknown handler(s): {', '.join(sorted(unknown))}")

    # --- public -------------------------------------------------------------------------

    def answer(self, text: str, context: DialogueContext) -> Answer:
        """Understand `text` in `context` and answer it."""
        if not text.strip():
            return Answer(self._empty_reply(), context)
        analysis = analyse(text[:MAX_MESSAGE_CHARS], self.lexicon)
        ranked = self.rank(analysis, context)
        english = is_english(analysis)
        if not ranked or ranked[0].score < SUGGEST_THRESHOLD:
            return Answer(self._unknown_reply(analysis, english), context)
        best = ranked[0]
        if best.score < ANSWER_THRESHOLD:
            return Answer(self._suggest_reply(analysis, ranked, english), context)
        attributes = {ATTRIBUTE_CONCEPTS[w] for w in analysis.words if w in ATTRIBUTE_CONCEPTS}
        if (
            not attributes
            and best.interpretation.from_context is False
            and (context.last_intent == best.target.id)
        ):
            attributes = set(context.last_attributes)
        question = Question(
            analysis, best.interpretation, attributes, english, self._details(analysis, best)
        )
        composed = self.answers.compose(question, best)
        reply = Reply(
            text=composed.text,
            matched=composed.matched,
            action=Action.SIGNUP if best.target.handler == "signup" else None,
            intent=best.target.id,
            confidence=round(min(best.score, 1.0), 3),
            choices=composed.choices,
            source=composed.source,
        )
        if best.target.fact and best.target.fact.action:
            reply.action = best.target.fact.action
        new_context = DialogueContext(
            subject_kind=composed.subject[0] if composed.subject else context.subject_kind,
            subject_id=composed.subject[1] if composed.subject else context.subject_id,
            last_intent=best.target.id,
            last_attributes=sorted(attributes),
            language="en" if english else "nl",
        )
        return Answer(reply, new_context)

    def rank(self, analysis: Analysis, context: DialogueContext) -> list[Scored]:
        """Targets by score for this message, follow-up readings included."""
        readings = interpretations(analysis) or [Interpretation({}, [], set(analysis.words))]
        ranked = {s.target.id: s for s in self.matcher.score(readings)}
        factor = FOLLOWUP_FACTOR if analysis.followup_cue else CONTEXT_FACTOR
        for scored in self.matcher.score(self._context_readings(analysis, readings, context)):
            scored.score *= factor
            current = ranked.get(scored.target.id)
            if current is None or scored.score >= current.score:  # a tie goes to the context
                ranked[scored.target.id] = scored
        # Best first; at equal scores the follow-up reading wins.
        return sorted(
            ranked.values(), key=lambda s: (s.score, s.interpretation.from_context), reverse=True
        )

    def _details(self, analysis: Analysis, best: Scored) -> list[str]:
        """Specific words the matched example doesn't explain: not a concept, not a word any
        example or name uses ("inwoners" in "hoeveel inwoners heeft Tilburg")."""
        concepts = set(self.lexicon.concepts.values())
        return [
            word
            for word in analysis.words
            if word not in best.example.features
            and word not in concepts
            and word not in self.lexicon.vocabulary
            and not is_everyday_word(word)
            and len(word) >= MIN_DETAIL_LENGTH
        ]

    # --- follow-ups ---------------------------------------------------------------------

    def _context_readings(
        self, analysis: Analysis, readings: list[Interpretation], context: DialogueContext
    ) -> list[Interpretation]:
        kind, subject = context.subject_kind, context.subject_id
        if not kind or not subject:
            return []
        result: list[Interpretation] = []
        for reading in readings:
            if kind == DOCUMENT:
                if reading.documents:
                    continue
                features = reading.features | {document_feature(subject)}
                result.append(Interpretation(reading.entities, [subject], features, True))
                continue
            if reading.entities:
                continue
            ids = _followup_ids(kind, tuple(subject.split(",")), analysis)
            mention = Mention(0, 0, [EntityRef(kind, ids)], "")
            entities = {kind: [(mention, EntityRef(kind, ids))]}
            features = reading.features | {placeholder(kind)}
            result.append(Interpretation(entities, reading.documents, features, True))
        return result

    # --- replies without a confident answer ---------------------------------------------

    def _empty_reply(self) -> Reply:
        return Reply(
            text="Je bericht is leeg. Stel gerust een vraag, bijvoorbeeld: "
            "‘Wanneer is dagdeel 5?’ of ‘Welke werkpakketten heeft de toolkit?’",
            matched=False,
            intent=CoreIntent.EMPTY,
            confidence=0.0,
        )

    def _suggest_reply(self, analysis: Analysis, ranked: list[Scored], english: bool) -> Reply:
        suggestions: list[str] = []
        for scored in ranked:
            if scored.score < SUGGEST_THRESHOLD or len(suggestions) >= MAX_SUGGESTIONS:
                break
            text = self._suggestion_text(scored)
            if text not in suggestions:
                suggestions.append(text)
        lead = "Did you mean:" if english else "Bedoelde je:"
        text = lead + "\n" + "\n".join(f"- {s}" for s in suggestions)
        return Reply(
            text=text,
            matched=False,
            intent=CoreIntent.SUGGESTIONS,
            confidence=round(ranked[0].score, 3),
            suggestions=suggestions,
            choices=[Choice(s, s) for s in suggestions],
        )

    @staticmethod
    def _suggestion_text(scored: Scored) -> str:
        """The matched example, with the message's own entities put in its slots."""
        text = scored.example.text
        for kind, pairs in scored.interpretation.entities.items():
            surfaces = [m.surface for m, _ref in pairs if m.surface]
            if surfaces and placeholder(kind) in scored.example.features:
                return f"{_slot_phrase(kind, surfaces[0], text)}"
        return text

    def _unknown_reply(self, analysis: Analysis, english: bool) -> Reply:
        c = self.kb.leernetwerk.contact
        if english:
            text = (
                "Sorry, I don't know that: it isn't in the material I have. I can answer questions "
                "about the Leernetwerk (dates, speakers, cost, signing up), the Verandertoolkit "
                "(18 werkpakketten), 23 A&O fonds projects on leadership and culture, the "
                "Apeldoorn booklet and the leergang for mayors. For other questions about the "
                f"Leernetwerk: {c.email} or {c.person}, T {c.phone}."
            )
        else:
            text = (
                "Dat weet ik helaas niet: daarover staat niets in het materiaal dat ik ken. Ik kan "
                "vragen beantwoorden over het Leernetwerk (data, sprekers, kosten, aanmelden), de "
                "Verandertoolkit (18 werkpakketten), 23 A&O fonds projecten over leiderschap en "
                "cultuur, het Apeldoornse boekje en de leergang voor burgemeesters. Voor andere "
                f"vragen over het Leernetwerk: {c.email} of {c.person}, T {c.phone}."
            )
        return Reply(text=text, matched=False, intent=CoreIntent.UNKNOWN, confidence=0.0)


def _followup_ids(kind: str, ids: tuple[str, ...], analysis: Analysis) -> tuple[str, ...]:
    """The remembered subject, moved by "de vijfde", "de laatste", "de volgende" or, in a list
    of several, picked by "de tweede"."""
    numbered = kind in ("dagdeel", "werkpakket")
    if analysis.ordinal is not None:
        if numbered:
            return ("last",) if analysis.ordinal == -1 else (str(analysis.ordinal),)
        if len(ids) > 1:
            index = len(ids) - 1 if analysis.ordinal == -1 else analysis.ordinal - 1
            return (ids[index],) if 0 <= index < len(ids) else ids
    if analysis.step and numbered and len(ids) == 1 and ids[0].isdigit():
        return (str(int(ids[0]) + analysis.step),)
    return ids


def _slot_phrase(kind: str, surface: str, example: str) -> str:
    """A readable question about `surface` in the style of the example."""
    templates = {
        "dagdeel": "wanneer is dagdeel {s}",
        "werkpakket": "wat is werkpakket {s}",
        "project": "wat deed {s}",
        "person": "wie is {s}",
        "topic": "welke projecten gingen over {s}",
        "theme": "welke werkpakketten horen bij {s}",
        "date": "wat is er op {s}",
        "year": "welke projecten liepen in {s}",
    }
    template = templates.get(kind)
    if template is None:
        return example
    prefix = f"{kind} "
    cleaned = surface[len(prefix) :] if surface.startswith(prefix) else surface
    return template.format(s=cleaned)
