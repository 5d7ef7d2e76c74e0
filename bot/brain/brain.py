"""The brain: one message plus the dialogue context in, one Reply and the new context out.

Pipeline: normalise and correct -> extract entities -> score intents and facts against their
examples (also reading the message as a follow-up on the remembered subject) -> answer from the
structured data, suggest ("Bedoelde je ...?"), or say plainly that the material doesn't cover it.
"""

from __future__ import annotations

from dataclasses import replace

from bot.brain.abbreviations import Abbreviations
from bot.brain.answer import Answer, answer_parts, joined, more_than_parts, partly
from bot.brain.answers import ATTRIBUTE_CONCEPTS, Answers
from bot.brain.calibrated import CalibratedAnswers
from bot.brain.calibration import Calibrator
from bot.brain.checked_sentences import CheckedSentences
from bot.brain.clauses import ClauseSplitter
from bot.brain.context import DialogueContext
from bot.brain.coreference import PeopleInReplies
from bot.brain.counted import CountFollowups
from bot.brain.dialogue import reads_as_sentence
from bot.brain.each_document import EachDocument
from bot.brain.elsewhere import Elsewhere
from bot.brain.entities import (
    Analysis,
    analyse_tokens,
    document_ids,
)
from bot.brain.evidence import Verdict
from bot.brain.followups import Followups
from bot.brain.language import is_english
from bot.brain.lexicon import DOCUMENT, Lexicon
from bot.brain.matcher import IntentMatcher
from bot.brain.names import GivenNames, names_left_out
from bot.brain.per_message import one_message
from bot.brain.person_claims import PersonClaims
from bot.brain.picked import Again, Picked
from bot.brain.picks import ListPicks
from bot.brain.questions import QuestionReader
from bot.brain.quotes import QuotedPhrases
from bot.brain.ranker import OTHER_DOCUMENT_FACTOR, WISH_HANDLERS, Ranker
from bot.brain.ranking import narrower
from bot.brain.readings import Interpretation, Scored, document_feature
from bot.brain.reasoning import reasoning_composers
from bot.brain.references import check_references
from bot.brain.related import Placement, with_related
from bot.brain.situation_answers import SituationAnswers
from bot.brain.situations import SituationFinder
from bot.brain.statement_parts import stem
from bot.brain.statements import StatementIndex
from bot.brain.tentative import TentativeReplies
from bot.brain.unsure import SUGGEST_THRESHOLD, UnsureReplies
from bot.brain.wishes import WishesAndQuestions
from bot.domain import Reply
from bot.knowledge.loader import KnowledgeBase

# Thresholds on the match score (0..1), chosen by measurement on every question set.
ANSWER_THRESHOLD = 0.5  # at or above: answer
# A statement beats a confident intent only by this much: structured answers are preferred.
STATEMENT_MARGIN = 0.1
# A best intent that calibration refuses yields to one of the next this many intents that
# scores at least this share of it and explains the whole question.
RUNNER_UP_INTENTS = 2
RUNNER_UP_INTENT_SHARE = 0.7
# Each question of a message asking several is answered apart when its answer is this sure.
CLAUSE_CONFIDENCE = 0.6
MAX_MESSAGE_CHARS = 1000


class Brain(Ranker, CalibratedAnswers):
    """Answers questions from the knowledge base; see the module docstring."""

    def __init__(self, kb: KnowledgeBase) -> None:
        check_references(kb)
        self.kb = kb
        self.lexicon = Lexicon(kb)
        self.matcher = IntentMatcher(kb, self.lexicon, frozenset(ATTRIBUTE_CONCEPTS))
        self.answers = Answers(kb)
        self.answers.composers.update(reasoning_composers(self.answers))
        self.statements = StatementIndex(kb, self.lexicon)
        self.unsure = UnsureReplies(kb, self.matcher)
        self.followups = Followups(self.matcher, self.answers)
        self.people = PeopleInReplies(kb, self.lexicon)
        self.picks = ListPicks(self.answers, self.lexicon, self.matcher)
        self.elsewhere = Elsewhere(
            self.statements, kb.calibration.elsewhere_asks, kb.calibration.named_in_asks
        )
        self.situations = SituationFinder(
            self.statements,
            {str(kind): phrases for kind, phrases in kb.calibration.situation_asks.items()},
            kb.calibration.situation_document_asks,
            {
                **{("werkpakket", str(w.number)): w.signals for w in kb.toolkit.werkpakketten},
                **{("dagdeel", str(d.number)): d.signals for d in kb.leernetwerk.dagdelen},
                **{("project", p.id): p.signals for p in kb.projecten.projects},
            },
            {
                "dagdeel": kb.leernetwerk.document.id,
                "werkpakket": kb.toolkit.document.id,
                "project": kb.projecten.document.id,
            },
        )
        words = kb.normalisation
        statements = [e.text[1:-1] for e in self.statements.entries]  # (tokens, padded)
        material = [a for _doc, fact in kb.facts() for a in (fact.answer, fact.answer_en or "")]
        self.given_names = GivenNames(words.name_particles, material, statements)
        self.clauses = ClauseSplitter(
            words.joiners,
            words.question_starts,
            words.question_prepositions,
            words.yes_no_starts,
            [
                v[0]
                for v, c in self.lexicon.concepts.items()
                if len(v) == 1 and c in ATTRIBUTE_CONCEPTS
            ]
            + [*words.last_words, *words.second_last_words],
            words.definite_articles,
        )
        self.questions = QuestionReader(self.lexicon, kb.labels)
        self.calibrator = Calibrator(
            kb, self.lexicon, self.statements, self.matcher.weight, self.matcher.target_features()
        )
        self.person_claims = PersonClaims(self.lexicon)
        self.quotes = QuotedPhrases(self.statements, self.situations, self._whole_reading)
        self.abbreviations = Abbreviations(self.statements, kb.calibration.abbreviation_asks)
        self.checked = CheckedSentences(kb.normalisation.claims)
        self.counted = CountFollowups(self.lexicon)
        self.each_document = EachDocument(
            self.lexicon,
            self.matcher,
            {doc.id: doc.title for doc in kb.documents},
            self.clauses.split,
        )
        self.situation_answers = SituationAnswers(
            self.situations,
            self._whole_reading,
            self.calibrator.lists_all,
            self.unsure,
            self.clauses,
        )
        self.tentative = TentativeReplies(
            self.answers, self.questions, self.calibrator, self.lexicon
        )
        self.wishes = WishesAndQuestions(
            self.lexicon, self.calibrator.asks, self.matcher.targets, CLAUSE_CONFIDENCE
        )
        unknown = {t.handler for t in self.matcher.targets} - set(self.answers.composers)
        if unknown:
            raise ValueError(f"intents.yaml: unknown handler(s): {', '.join(sorted(unknown))}")

    # --- public -------------------------------------------------------------------------

    @one_message  # (its text and sentences are analysed once)
    def answer(self, text: str, context: DialogueContext) -> Answer:
        """Understand `text` in `context` and answer it; an answer from a weak match is
        tentative (see bot/brain/tentative.py)."""
        text = self.checked.claim(text[:MAX_MESSAGE_CHARS]) or text  # "Klopt dit? '...'"
        text = self.counted.question(text[:MAX_MESSAGE_CHARS], context) or text  # "hoeveel?"
        return self.tentative.weigh(text, context, self._answer(text, context))

    def _answer(self, text: str, context: DialogueContext) -> Answer:
        """The answer to `text` in `context`; a follow-up picking from the list the last
        answer gave is asked about what it picks (see bot/brain/picks.py)."""
        picked = self.picks.pick(text[:MAX_MESSAGE_CHARS], context)
        if picked is None:
            answered = self._unpicked(text, context)
            if isinstance(answered, Answer):
                return answered
            picked = answered
        again = self.picks.again(picked, text[:MAX_MESSAGE_CHARS])  # "de oudste"
        answer = self._answer_again(again) if again else None
        if answer is None or not answer.reply.matched:
            answer = self._answer_message(picked.text, picked.context)
        return self.picks.remembered(picked.context, answer)

    def _unpicked(self, text: str, context: DialogueContext) -> Answer | Picked:
        """The answer to a message that picks nothing from the last list, or what it picks
        from the projects it names itself ("het latere project van X: wie is contact?")."""
        if (elsewhere := self.elsewhere.answer(text[:MAX_MESSAGE_CHARS], context)) is not None:
            return elsewhere  # "komt die spreker ook ergens anders voor?"
        if claim := self.person_claims.read(text[:MAX_MESSAGE_CHARS]):
            both = [self._answer_message(claim.who_does_it, context)]
            if claim.who_is_it:
                both.append(self._answer_one(claim.who_is_it, context))
            if all(a.reply.matched for a in both):  # "klopt het dat X dagdeel 6 geeft?"
                return joined(both)
            if len(both) == 2 and both[1].reply.matched and _names_nobody(both[0].reply):
                # "klopt het dat X dagdeel 4 geeft?": nobody by name there; X is elsewhere
                sure = joined(both)
                return replace(sure, reply=replace(sure.reply, matched=True))
        compared = self.picks.compared(text[:MAX_MESSAGE_CHARS], context)
        if isinstance(compared, Picked):
            return compared
        if compared is not None:  # "welke begon eerder: Asten of Capelle?"
            extreme = self._answer_again(compared)
            if extreme.reply.matched:
                return self.picks.remembered(context, extreme)
        # a wish and a question: both (see bot/brain/wishes.py)
        whole = self._answer_message(text, context)
        whole = self.situation_answers.answer(text, whole, self._answer_one) or whole
        quoted = self.quotes.answer(text[:MAX_MESSAGE_CHARS], whole)
        whole = quoted or self.quotes.defined(text[:MAX_MESSAGE_CHARS], whole) or whole
        whole = self.abbreviations.answer(text[:MAX_MESSAGE_CHARS], whole) or whole
        again = self._answer_again
        whole = self.each_document.answer(text[:MAX_MESSAGE_CHARS], whole, context, again) or whole
        whole = self.wishes.combined(text, context, whole, self._answer_one)
        return self.picks.remembered(context, whole)

    def _answer_again(self, again: Again) -> Answer:
        """The answer to a message read as the question `again` holds."""
        return self._from_intent(*again, again.context, [])[0]

    def _answer_message(self, text: str, context: DialogueContext) -> Answer:
        """Understand `text` in `context` and answer each of its questions, when all are sure."""
        parts = self.clauses.split(text[:MAX_MESSAGE_CHARS])
        if len(parts) == 1:
            return self._answer_one(text, context)
        start = self._message_subject(text, context)
        answers, first_unsure = answer_parts(
            parts, self._answer_one, start, CLAUSE_CONFIDENCE, self._part_subject, self._covered
        )
        if first_unsure is None:
            return joined(answers)
        reply = first_unsure.reply
        unsure = first_unsure if not (reply.matched or reply.action) else None
        whole = self._answer_one(text, context)
        if unsure is not None and answers and not more_than_parts(whole, answers):
            # Read as one question, the message is answered no better than by its sure
            # parts: give those, with what is known about the part that isn't sure.
            return partly(answers, unsure)
        return whole

    def _covered(self, part: str, answers: list[Answer]) -> bool:
        """True when the answers given say all that a part of the message asks: each of its
        informative words is in their text ("hoeveel teams" after "... in 40 teams")."""
        reading = self._whole_reading(part)
        if reading is None or not self.calibrator.value_check.which_words.isdisjoint(reading.raw):
            return False  # ("van welke gemeente": which one, not whether a gemeente is named)
        concepts = self.calibrator.concepts  # ("hoeveel" asks; the words after it are asked)
        words = [w for w in reading.words if w not in concepts]
        said = self.calibrator.terms_of(" ".join(a.reply.text for a in answers))
        return bool(words) and all(stem(w) in said or w in said for w in words)

    def _part_subject(self, part: str, context: DialogueContext) -> DialogueContext:
        """The conversation after a part of a message the brain was unsure of: about the
        entity that part names, else as it was."""
        reading = self._whole_reading(part)
        named = self.followups.entity_subject(reading) if reading else None
        return replace(named, language=context.language) if named else context

    def _message_subject(self, text: str, context: DialogueContext) -> DialogueContext:
        """The conversation the questions of one message are asked in: about the one document
        the message names ("de leergang ... Hoeveel deelnemers? En waar?"), else as it was."""
        reading = self._whole_reading(text)
        about = self._document_subject(reading) if reading else None
        return (
            replace(context, subject_kind=DOCUMENT, subject_id=about.subject_id)
            if about
            else context
        )

    @staticmethod
    def _document_subject(analysis: Analysis) -> DialogueContext | None:
        """A conversation about the one document the analysis names, else None."""
        documents = set(document_ids(analysis))
        if len(documents) != 1:
            return None
        return DialogueContext(subject_kind=DOCUMENT, subject_id=documents.pop())

    def _overview(self, analysis: Analysis) -> Scored | None:
        """What a document is, for a message naming only it (no other words, no follow-up):
        the answer its `overview` names, at the answer threshold."""
        documents = set(document_ids(analysis))
        named_only = all(r.kind == DOCUMENT for m in analysis.mentions for r in m.refs)
        if len(documents) != 1 or analysis.words or analysis.followup_cue or not named_only:
            return None
        document = self.kb.document(documents.pop())
        target = self.matcher.target(document.overview) if document.overview else None
        example = next((e for e in self.matcher.examples if e.target is target), None)
        if target is None or example is None:
            return None
        reading = Interpretation({}, [document.id], {document_feature(document.id)})
        return Scored(target, ANSWER_THRESHOLD, example, reading)

    def _whole_reading(self, text: str) -> Analysis | None:
        """The analysis of a whole text (None when it holds no words)."""
        candidates = self.lexicon.normaliser.candidates(text[:MAX_MESSAGE_CHARS])
        return analyse_tokens(candidates[0], self.lexicon) if candidates else None

    def _answer_one(self, text: str, context: DialogueContext) -> Answer:
        """Understand one question in `context` and answer it; a sure answer that names
        nothing of a name the question gives ("wie schreef Anders Vasthouden") is about
        something else, so the reply says the material does not answer it."""
        answer = self.people.remembered(text, self._understood(text, context))
        reply = answer.reply
        if not reply.matched or reply.action is not None:
            return answer
        left_out = names_left_out(self.given_names.in_question(text), reply.plain_text())
        left_out = left_out or self.people.unnamed(text, context, reply.plain_text())
        if not left_out:
            return answer
        honest = self.calibrator.honest(reply, Verdict(mentions=left_out), "")
        return Answer(honest, replace(context, language=reply.language))

    def _understood(self, text: str, context: DialogueContext) -> Answer:
        """Understand one question in `context` and answer it."""
        if not text.strip():
            return Answer(self.unsure.empty(), context)
        candidates = self.lexicon.normaliser.candidates(text[:MAX_MESSAGE_CHARS])
        if not candidates:
            return Answer(self.unsure.unknown(english=False), context)
        # names' words don't vote; on a tie their small words do ("and the last one?")
        small = [t for t in candidates[0] if t in self.lexicon.stopwords]
        english = is_english(
            [t for t in candidates[0] if t not in self.lexicon.name_words],
            default=is_english(small, default=context.language == "en"),
        )
        analysis, ranked, reading_context, only_document = self._best_reading(
            candidates, context, text[:MAX_MESSAGE_CHARS]
        )
        self.followups.lead(analysis, context, ranked, ANSWER_THRESHOLD)
        if not ranked or ranked[0].score < ANSWER_THRESHOLD:
            overview = self._overview(analysis)  # "de leergang voor burgemeesters?"
            if overview is not None:
                ranked.insert(0, overview)
        # A statement of an entity's own text competes with the intents on score (by a margin
        # over a confident intent: structured answers are preferred).
        # "hun eindevaluatie" may be the subject's or the people's just named: the better.
        readings = [(analysis, reading_context)]
        resolved = self.people.resolve(analysis, reading_context)
        if resolved[0] is not analysis:  # "en die Thom, ...": only about him
            by_name = analysis.tokens[resolved[0].mentions[0].start] in self.lexicon.first_names
            readings = [resolved] if by_name else [*readings, resolved]
        weak = not ranked or ranked[0].score < SUGGEST_THRESHOLD
        elsewhere = analysis.tokens != candidates[0] and self.calibrator.asks_elsewhere(
            analysis, candidates
        )
        back = analysis.followup_cue
        if analysis.tokens != candidates[0] and (not analysis.words or weak or elsewhere or back):
            # Read best as a sentence that only names ("Asten:"), that no question matches
            # well, that points back ("Heeft Breda daar iets voor?") or that asks nothing while
            # another does ("In the GGD programme, how often ...": then the whole message's
            # statement goes first), the message still holds its question whole ("Asten:
            # hoeveel procent ... wil blijven thuiswerken?", "Broosz doet dit vaker? ...").
            whole = (analyse_tokens(candidates[0], self.lexicon), context)
            readings.insert(0, whole) if elsewhere else readings.append(whole)
        hit, related = None, []
        for reading in readings:
            other_hit, other_related = self.statements.lookup(*reading)
            if other_hit and only_document not in (None, other_hit.entry.document):
                # The message names one document ("de leergang ... hoeveel deelnemers?"):
                # another document's statement reads it as that document's question.
                other_hit = replace(other_hit, score=other_hit.score * OTHER_DOCUMENT_FACTOR)
            if other_hit and (hit is None or (other_hit.score > hit.score and not elsewhere)):
                hit, related = other_hit, other_related
            elif hit is None and not related:
                related = other_related
        wish = bool(ranked) and ranked[0].target.handler in WISH_HANDLERS
        top = ranked[0].score if ranked else 0.0
        bar = top + STATEMENT_MARGIN if top >= ANSWER_THRESHOLD else max(top, ANSWER_THRESHOLD)
        # Unanswered, the conversation takes the question's language and keeps its subject,
        # or moves to the one entity ("waarom begon Zaanstad ...") or else the one document
        # ("ik overweeg de leergang ...") the question names.
        named = self.followups.entity_subject(analysis) or self._document_subject(analysis)
        kept = replace(named or context, language="en" if english else "nl")
        if (
            hit
            and not wish
            and hit.score >= bar
            and not narrower(ranked, hit.entry, top >= ANSWER_THRESHOLD)
        ):
            answer = self._from_statement(hit, related, candidates, analysis, kept)
            if answer.reply.matched or top < ANSWER_THRESHOLD:
                return answer
            # a sure intent explains what the statement left out ("which day ... meet")
            alternative, refused = self._from_intent(
                ranked[0], analysis, candidates, context, kept, related
            )
            return alternative if alternative.reply.matched and not refused else answer
        if not ranked or ranked[0].score < SUGGEST_THRESHOLD:
            reply = with_related(self.unsure.unknown(english), related, english, Placement.INSTEAD)
            return Answer(reply, kept)
        best = ranked[0]
        if best.score < ANSWER_THRESHOLD:
            reply = self.unsure.suggest(ranked, english)
            # the nearest sentences of what the question names
            if any(not r.entry.nearby_only for r in related):
                return Answer(with_related(reply, related, english, Placement.BEFORE), kept)
            previewed = self.tentative.preview(reply, candidates, analysis, ranked, context, kept)
            if previewed.reply is reply and related:  # no preview: a fact said nearby
                return Answer(with_related(reply, related, english, Placement.BEFORE), kept)
            return previewed
        answer, refused = self._from_intent(best, analysis, candidates, context, kept, related)
        if not refused:
            return answer
        # The best reading leaves part of the question unexplained ("wie moet ik bellen om
        # mee te doen, tel nr?" read as who takes part): a sure statement, or a close
        # runner-up read the same way, that explains all of it answers instead.
        if hit and hit.score >= ANSWER_THRESHOLD:
            alternative = self._from_statement(hit, related, candidates, analysis, kept)
            if alternative.reply.matched:
                return alternative
        bar = max(ANSWER_THRESHOLD, RUNNER_UP_INTENT_SHARE * best.score)
        for other in ranked[1 : 1 + RUNNER_UP_INTENTS]:
            if other.score < bar:
                break
            if other.target.id in self.calibrator.exempt:  # smalltalk, wishes: never checked
                continue
            if other.interpretation.from_context != best.interpretation.from_context:
                continue
            alternative, refused = self._from_intent(
                other, analysis, candidates, context, kept, related
            )
            if not refused and alternative.reply.matched:
                return alternative
        return answer

    def reads_as_sentence(self, text: str) -> bool:
        """True when `text` reads as a question or a sentence, so it is no name or other value
        for the sign-up form."""
        return reads_as_sentence(text, self.lexicon)


def _names_nobody(reply: Reply) -> bool:
    """True for a card that says the source names nobody for what was asked (a sure answer
    from the material, given as not matched: "de bron noemt de spreker niet bij naam")."""
    return not (reply.matched or reply.tentative or reply.suggestions) and reply.source is not None
