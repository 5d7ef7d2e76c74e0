"""The brain: one message plus the dialogue context in, one Reply and the new context out.

Pipeline: normalise and correct -> extract entities -> score intents and facts against their
examples (also reading the message as a follow-up on the remembered subject) -> answer from the
structured data, suggest ("Bedoelde je ...?"), or say plainly that the material doesn't cover it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.brain.answers import ATTRIBUTE_CONCEPTS, Answers, Question
from bot.brain.calibration import Calibrator, Evidence
from bot.brain.context import DialogueContext
from bot.brain.dialogue import is_request, reads_as_sentence
from bot.brain.entities import Analysis, Mention, analyse_tokens
from bot.brain.language import is_english
from bot.brain.lexicon import DOCUMENT, EntityRef, Lexicon, is_everyday_word
from bot.brain.matcher import (
    IntentMatcher,
    Interpretation,
    Scored,
    document_feature,
    interpretations,
    placeholder,
)
from bot.brain.reasoning import reasoning_composers
from bot.brain.references import check_references
from bot.brain.statements import StatementIndex
from bot.domain import Choice, CoreIntent, Reply
from bot.knowledge.loader import KnowledgeBase

# Thresholds on the match score (0..1), chosen by measurement on the shared questions and the
# project's own question table (see `python -m bot check` and tests/test_brain_questions.py).
ANSWER_THRESHOLD = 0.5  # at or above: answer
SUGGEST_THRESHOLD = 0.3  # between this and ANSWER_THRESHOLD: "Bedoelde je ...?"
MAX_SUGGESTIONS = 3
# A statement beats a confident intent only by this much: structured answers are preferred.
STATEMENT_MARGIN = 0.1
# A reading that borrows the remembered subject counts as much as one that stands on its own
# (and wins a tie), and more when the message reads like a follow-up ("en ...?", "daar", "hun").
CONTEXT_FACTOR = 1.0
# Concepts that only say what kind of thing is meant ("die van het project uit 2021").
KIND_WORDS = frozenset({"project", "dagdeel", "werkpakket", "thema"})
# The document each kind of numbered thing belongs to.
HOME_DOCUMENT = {
    "dagdeel": "leernetwerk",
    "werkpakket": "verandertoolkit",
    "theme": "verandertoolkit",
}
# Intents that are wishes (sign me up, a person): a statement never answers them instead.
WISH_HANDLERS = frozenset({"signup", "handoff"})
# A clarification of the last question ("die van Capelle") is answered with this confidence.
CLARIFICATION_SCORE = 0.6
NARROWING_SCORE = 0.95
# One sentence of a longer message scores this share of its own match; a sentence that asks
# nothing and wishes nothing ("we komen met onze controller") less.
SENTENCE_FACTOR = 0.9
STATEMENT_SENTENCE_FACTOR = 0.75
FOLLOWUP_FACTOR = 1.1
MAX_MESSAGE_CHARS = 1000
MIN_DETAIL_LENGTH = 5


@dataclass(slots=True)
class Answer:
    """The brain's output: the reply and the context to keep for the next message."""

    reply: Reply
    context: DialogueContext


class Brain:
    """Answers questions from the knowledge base; see the module docstring."""

    def __init__(self, kb: KnowledgeBase) -> None:
        check_references(kb)
        self.kb = kb
        self.lexicon = Lexicon(kb)
        self.matcher = IntentMatcher(kb, self.lexicon)
        self.answers = Answers(kb)
        self.answers.composers.update(reasoning_composers(self.answers))
        self.statements = StatementIndex(kb, self.lexicon)
        self._concept_words = frozenset(self.lexicon.concepts.values())
        self.calibrator = Calibrator(
            kb, self.lexicon, self.statements, self.matcher.weight, self.matcher.target_features()
        )
        unknown = {t.handler for t in self.matcher.targets} - set(self.answers.composers)
        if unknown:
            raise ValueError(f"intents.yaml: unknown handler(s): {', '.join(sorted(unknown))}")

    # --- public -------------------------------------------------------------------------

    def answer(self, text: str, context: DialogueContext) -> Answer:
        """Understand `text` in `context` and answer it."""
        if not text.strip():
            return Answer(self._empty_reply(), context)
        candidates = self.lexicon.normaliser.candidates(text[:MAX_MESSAGE_CHARS])
        if not candidates:
            return Answer(self._unknown_reply(english=False), context)
        english = is_english([t for t in candidates[0] if t not in self.lexicon.name_words])
        analysis, ranked = self._best_reading(candidates, context)
        clarified = self._clarification(analysis, context)
        if clarified is not None and (not ranked or clarified.score > ranked[0].score):
            ranked.insert(0, clarified)
        # A statement of an entity's own text competes with the intents on score (by a margin
        # over a confident intent: structured answers are preferred).
        hit = self.statements.search(analysis, context)
        wish = bool(ranked) and ranked[0].target.handler in WISH_HANDLERS
        top = ranked[0].score if ranked else 0.0
        bar = top + STATEMENT_MARGIN if top >= ANSWER_THRESHOLD else max(top, ANSWER_THRESHOLD)
        # Unanswered, the conversation keeps its subject but takes the question's language.
        kept = replace(context, language="en" if english else "nl")
        if hit and not wish and hit.score >= bar:
            reply = hit.reply(english)
            reply.language = "en" if english else "nl"
            evidence = self.calibrator.statement_evidence(hit.entry)
            return self._calibrated(
                Answer(reply, hit.context(english)), candidates, analysis, evidence, kept
            )
        if not ranked or ranked[0].score < SUGGEST_THRESHOLD:
            return Answer(self._unknown_reply(english), kept)
        best = ranked[0]
        if best.score < ANSWER_THRESHOLD:
            return Answer(self._suggest_reply(analysis, ranked, english), kept)
        attributes = {ATTRIBUTE_CONCEPTS[w] for w in analysis.words if w in ATTRIBUTE_CONCEPTS}
        if (
            not attributes
            and best.interpretation.from_context is False
            and (context.last_intent == best.target.id)
        ):
            attributes = set(context.last_attributes)
        question = Question(
            analysis,
            best.interpretation,
            attributes,
            english,
            self.kb.labels,
            self._details(analysis, best),
        )
        composed = self.answers.compose(question, best)
        reply = Reply(
            text=composed.text,
            matched=composed.matched,
            action=composed.action,
            intent=best.target.id,
            confidence=round(min(best.score, 1.0), 3),
            choices=composed.choices,
            source=composed.source,
            language="en" if english else "nl",
        )
        new_context = DialogueContext(
            subject_kind=composed.subject[0] if composed.subject else context.subject_kind,
            subject_id=composed.subject[1] if composed.subject else context.subject_id,
            last_intent=best.target.id,
            last_attributes=sorted(attributes),
            language="en" if english else "nl",
        )
        evidence = self.calibrator.intent_evidence(best, composed.subject)
        suggestion = self._suggestion_text(best, english)
        return self._calibrated(
            Answer(reply, new_context), candidates, analysis, evidence, kept, suggestion
        )

    def _calibrated(
        self,
        answer: Answer,
        candidates: list[list[str]],
        analysis: Analysis,
        evidence: Evidence,
        kept: DialogueContext,
        suggestion: str = "",
    ) -> Answer:
        """The answer, or an honest "not in the material" when it leaves part of the question
        unexplained (see bot/brain/calibration.py)."""
        reply = answer.reply
        if not reply.matched or reply.action is not None or reply.intent in self.calibrator.exempt:
            return answer
        parts = self.calibrator.parts(candidates, analysis)
        verdict = self.calibrator.verdict(parts, evidence, reply, kept)
        if not verdict:
            return answer
        return Answer(self.calibrator.honest(reply, verdict, suggestion), kept)

    def _best_reading(
        self, candidates: list[list[str]], context: DialogueContext
    ) -> tuple[Analysis, list[Scored]]:
        """The whole message or one of its sentences, whichever matches best."""
        best: tuple[Analysis, list[Scored]] | None = None
        for index, tokens in enumerate(candidates):
            analysis = analyse_tokens(tokens, self.lexicon)
            ranked = self.rank(analysis, context, part=index > 0)
            if best is None or (ranked and (not best[1] or ranked[0].score > best[1][0].score)):
                best = (analysis, ranked)
        assert best is not None
        return best

    def reads_as_sentence(self, text: str) -> bool:
        """True when `text` reads as a question or a sentence, so it is no name or other value
        for the sign-up form."""
        return reads_as_sentence(text, self.lexicon)

    def _clarification(self, analysis: Analysis, context: DialogueContext) -> Scored | None:
        """A message that only names something ("ik bedoel die van Capelle", "the one about
        leidende principes") right after an answer: the last question, about that thing."""
        if set(analysis.words) - KIND_WORDS or not analysis.mentions or not context.last_intent:
            return None
        last = self.matcher.target(context.last_intent)
        narrowed = self._narrowed_subject(analysis, context)
        for reading in [*narrowed, *interpretations(analysis)]:
            kinds = set(reading.entities)
            if not kinds:
                continue
            target = last if last and kinds <= set(last.slots) else None
            if target is None and kinds == {context.subject_kind}:
                target = self.matcher.intent_for(context.subject_kind or "")
            if target is None:
                continue
            example = next(
                (
                    e
                    for e in self.matcher.examples
                    if e.target is target
                    and kinds <= {f[1:] for f in e.features if f.startswith("@")}
                ),
                None,
            )
            if example is not None:
                # Narrowing the remembered list is surely meant; a new name only probably.
                score = NARROWING_SCORE if reading in narrowed else CLARIFICATION_SCORE
                return Scored(target, score, example, reading)
        return None

    def _narrowed_subject(
        self, analysis: Analysis, context: DialogueContext
    ) -> list[Interpretation]:
        """ "die van het project uit 2021": the remembered projects that ran in that year."""
        years = {ref.ids[0] for m in analysis.mentions for ref in m.refs if ref.kind == "year"}
        if context.subject_kind != "project" or not context.subject_id or not years:
            return []
        ids = tuple(
            i
            for i in context.subject_id.split(",")
            if i in self.answers.projects
            and {str(y) for y in self.answers.projects[i].years} & years
        )
        if not ids:
            return []
        ref = EntityRef("project", ids)
        entities = {"project": [(Mention(0, 0, [ref], ""), ref)]}
        return [Interpretation(entities, [], {placeholder("project")}, True)]

    def rank(
        self, analysis: Analysis, context: DialogueContext, part: bool = False
    ) -> list[Scored]:
        """Targets by score for this message (or, with `part`, one sentence of it), follow-up
        readings included."""
        readings = interpretations(analysis) or [Interpretation({}, [], set(analysis.words))]
        ranked = {s.target.id: s for s in self.matcher.score(readings, part)}
        factor = FOLLOWUP_FACTOR if analysis.followup_cue else CONTEXT_FACTOR
        context_readings = self._context_readings(analysis, readings, context)
        for scored in self.matcher.score(context_readings, part):
            scored.score *= factor
            current = ranked.get(scored.target.id)
            if current is None or scored.score >= current.score:  # a tie goes to the context
                ranked[scored.target.id] = scored
        if part:  # a sentence wins over the whole message only when it is clearly better,
            # and a greeting or thanks inside a longer message is not what it asks
            ranked = {k: s for k, s in ranked.items() if s.target.handler != "smalltalk"}
            factor = SENTENCE_FACTOR if is_request(analysis.words) else STATEMENT_SENTENCE_FACTOR
            for scored in ranked.values():
                scored.score *= factor
        # Best first; at equal scores the follow-up reading wins.
        return sorted(
            ranked.values(), key=lambda s: (s.score, s.interpretation.from_context), reverse=True
        )

    def _details(self, analysis: Analysis, best: Scored) -> list[str]:
        """Specific words the matched example doesn't explain: not a concept, not a word any
        example or name uses ("inwoners" in "hoeveel inwoners heeft Tilburg")."""
        concepts = self._concept_words
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
                # In the mayors' leergang, "de laatste bijeenkomst" is no Leernetwerk dagdeel:
                # names of another document's things fall away.
                entities = {
                    k: v
                    for k, v in reading.entities.items()
                    if HOME_DOCUMENT.get(k, subject) == subject
                }
                features = {
                    f for f in reading.features if not f.startswith("@") or f[1:] in entities
                } | {document_feature(subject)}
                result.append(Interpretation(entities, [subject], features, True))
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
            text = self._suggestion_text(scored, english)
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
            language="en" if english else "nl",
        )

    def _suggestion_text(self, scored: Scored, english: bool) -> str:
        """An example of the target in the user's language, with the message's own entities
        put in its slots."""
        example = self.matcher.example_in(scored, english)
        for kind, pairs in scored.interpretation.entities.items():
            surfaces = [m.surface for m, _ref in pairs if m.surface]
            if surfaces and placeholder(kind) in example.features:
                return _slot_phrase(kind, surfaces[0], example.text, english)
        return example.text

    def _unknown_reply(self, english: bool) -> Reply:
        c = self.kb.leernetwerk.contact
        packages = len(self.kb.toolkit.werkpakketten)
        projects = len(self.kb.projecten.projects)
        if english:
            text = (
                "Sorry, I don't know that: it isn't in the material I have. I can answer questions "
                "about the Leernetwerk (dates, speakers, cost, signing up), the Verandertoolkit "
                f"({packages} work packages), {projects} A&O fonds projects on leadership and "
                "culture, the Apeldoorn booklet and the leergang for mayors. For other questions "
                f"about the Leernetwerk: {c.email} or {c.person}, T {c.phone}."
            )
        else:
            text = (
                "Dat weet ik helaas niet: daarover staat niets in het materiaal dat ik ken. Ik kan "
                "vragen beantwoorden over het Leernetwerk (data, sprekers, kosten, aanmelden), de "
                f"Verandertoolkit ({packages} werkpakketten), {projects} A&O fonds projecten over "
                "leiderschap en cultuur, het Apeldoornse boekje en de leergang voor "
                f"burgemeesters. Voor andere vragen over het Leernetwerk: {c.email} of "
                f"{c.person}, T {c.phone}."
            )
        language = "en" if english else "nl"
        return Reply(
            text=text, matched=False, intent=CoreIntent.UNKNOWN, confidence=0.0, language=language
        )


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


SLOT_TEMPLATES = {
    "dagdeel": ("wanneer is dagdeel {s}", "when is session {s}"),
    "werkpakket": ("wat is werkpakket {s}", "what is work package {s}"),
    "project": ("wat deed {s}", "what did {s} do"),
    "person": ("wie is {s}", "who is {s}"),
    "topic": ("welke projecten gingen over {s}", "which projects were about {s}"),
    "theme": ("welke werkpakketten horen bij {s}", "which work packages belong to {s}"),
    "date": ("wat is er op {s}", "what happens on {s}"),
    "year": ("welke projecten liepen in {s}", "which projects ran in {s}"),
}


def _slot_phrase(kind: str, surface: str, example: str, english: bool) -> str:
    """A readable question about `surface` in the style of the example."""
    templates = SLOT_TEMPLATES.get(kind)
    if templates is None:
        return example
    prefix = f"{kind} "
    cleaned = surface[len(prefix) :] if surface.startswith(prefix) else surface
    return templates[1 if english else 0].format(s=cleaned)
