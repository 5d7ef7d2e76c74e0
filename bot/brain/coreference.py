"""Personal pronouns for people: after "wie spreekt bij dagdeel 5?" (Ruud Klarenbeek), "wat
voor organisatie leidde hij?" asks about him. An answer to a question about people (asking
who, or naming someone) remembers the few people it names; a later message that names nothing
but holds a personal pronoun is read as naming them."""

from __future__ import annotations

from dataclasses import replace

from bot.brain.answer import Answer
from bot.brain.context import DialogueContext
from bot.brain.entities import Analysis, Mention, analyse_tokens
from bot.brain.lexicon import DOCUMENT, EntityRef, Lexicon, people, person_key, split_people
from bot.brain.normalize import tokenise
from bot.brain.readings import Interpretation
from bot.brain.subject_readings import KIND_WORDS, subject_reading
from bot.knowledge.loader import KnowledgeBase

# vocabulary.yaml concepts by which a question asks for a person ("wie", "contactpersoon").
PERSON_CONCEPTS = frozenset({"wie", "contact", "spreker"})
# An answer naming more people than this (the whole programme) gives a pronoun no referent.
MAX_REMEMBERED = 3


class PeopleInReplies:
    """Remembers the people an answer named and resolves pronouns to them."""

    def __init__(self, kb: KnowledgeBase, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.pronouns = lexicon.normaliser.personal_pronouns
        self.singular = frozenset(kb.normalisation.singular_pronouns)
        self._asking = frozenset(kb.normalisation.question_starts)
        # A project's contact is known only by the project's card: what the material says of
        # them names them.
        self._contacts = frozenset(
            person_key(n) for p in kb.projecten.projects for n in split_people(p.contact.name)
        )
        self._names = {person_key(n): n for n in people(kb) if person_key(n)}
        # Longest first, so "Kirstin op het Veld" is found before a shorter name inside it;
        # their places in that order by their first word (only those a text has can be in it).
        self._keys = sorted(self._names, key=len, reverse=True)
        self._by_first: dict[str, list[int]] = {}
        for number, key in enumerate(self._keys):
            self._by_first.setdefault(key.split(" ", 1)[0], []).append(number)

    def named_in(self, text: str) -> list[str]:
        """The person keys a text names, in the order it names them."""
        tokens = tokenise(text)
        folded = f" {' '.join(tokens)} "
        firsts = self._by_first.keys() & set(tokens)
        found: list[tuple[int, str]] = []
        for key in (self._keys[n] for n in sorted(n for f in firsts for n in self._by_first[f])):
            at = folded.find(f" {key} ")
            if at >= 0 and not any(key in other for _, other in found):
                found.append((at, key))
        return [key for _, key in sorted(found)]

    def remembered(self, text: str, answer: Answer) -> Answer:
        """`answer` with, in its context, the people its reply names when the question `text`
        asked for a person or named one (otherwise as it is)."""
        reply = answer.reply
        if not reply.matched or reply.action is not None:
            return answer
        tokens = tokenise(text)
        asks = any(self.lexicon.concepts.get((t,)) in PERSON_CONCEPTS for t in tokens)
        if not asks and not self.named_in(text):
            return answer
        named = self.named_in(reply.plain_text())
        if not named or len(named) > MAX_REMEMBERED:
            return answer
        return Answer(reply, replace(answer.context, last_people=named))

    def unnamed(self, text: str, context: DialogueContext, reply_text: str) -> list[str]:
        """ "wat is haar functie?" after a project's contact was named: what it asks of
        them, when the answer names none of the people the pronoun stands for (it is about
        someone or something else); else nothing."""
        tokens = tokenise(text)
        at = next((i for i, t in enumerate(tokens) if t in self.singular), None)
        if at is None or not context.last_people or not self._contacts >= set(context.last_people):
            return []
        candidates = self.lexicon.normaliser.candidates(text)
        analysis = analyse_tokens(candidates[0], self.lexicon) if candidates else None
        if analysis is None or self._referent(analysis, context) is None:
            return []
        if set(self.named_in(reply_text)) & set(context.last_people):
            return []
        stop = self.lexicon.stopwords | self.pronouns | self._asking
        asked = " ".join(dict.fromkeys(t for t in tokens if t not in stop)) or tokens[at]
        names = " & ".join(self._names.get(k, k) for k in context.last_people)
        return [f"{asked} ({names})"]

    def points_at(self, analysis: Analysis, context: DialogueContext) -> bool:
        """True when a word of the message stands for the people just named ("Thom Verheggen,
        waar gaat *hij* het over hebben in het leernetwerk?"; see _meant)."""
        return self._meant(analysis, context) is not None

    def _referent(self, analysis: Analysis, context: DialogueContext) -> int | None:
        """The index of the word that stands for the remembered people, if any (see
        _meant)."""
        meant = self._meant(analysis, context)
        return meant[0] if meant else None

    def _meant(
        self, analysis: Analysis, context: DialogueContext
    ) -> tuple[int, tuple[str, ...]] | None:
        """The word that stands for remembered people and the people it stands for: the first
        name of one of them ("en die Thom, geeft die ook een dagdeel?"), else a personal
        pronoun for all of them (a singular one for the person asked about, when they are one
        of them), when the message names nothing itself but a document ("hun
        project" is the subject's, no person's; "waar spreekt hij over in het leernetwerk" is
        his)."""
        named = any(r.kind != DOCUMENT for m in analysis.mentions for r in m.refs)
        if not context.last_people or named:
            return None
        first = self.lexicon.first_name_of
        for index, token in enumerate(analysis.tokens):
            people = [k for k in context.last_people if first.get(k) == token]
            if len(people) == 1:
                return index, (people[0],)
        pronoun = next((i for i, t in enumerate(analysis.tokens) if t in self.pronouns), None)
        if pronoun is None or self._before_a_kind(analysis, pronoun):
            return None
        subject = context.subject_id if context.subject_kind == "person" else None
        if analysis.tokens[pronoun] in self.singular and subject in context.last_people:
            # "hij" after "wie is Thom Verheggen" (an answer naming his co-author too): him
            return pronoun, (subject,)
        return pronoun, tuple(context.last_people)

    def _before_a_kind(self, analysis: Analysis, pronoun: int) -> bool:
        """True when the pronoun owns a kind of thing: "hun project" is the subject's."""
        following = analysis.tokens[pronoun + 1 : pronoun + 2]
        return bool(following) and self.lexicon.concepts.get((following[0],)) in KIND_WORDS

    def resolve(
        self, analysis: Analysis, context: DialogueContext
    ) -> tuple[Analysis, DialogueContext]:
        """`analysis` with its personal pronoun (or first name) read as naming the remembered
        people, in a conversation without its subject (only what is said of them); else both
        unchanged."""
        meant = self._meant(analysis, context)
        if meant is None:
            return analysis, context
        index, people = meant
        ref = EntityRef("person", people)
        names = " & ".join(self._names.get(k, k) for k in people)
        mention = Mention(index, index + 1, [ref], names)
        return replace(analysis, mentions=[mention]), DialogueContext(language=context.language)

    def readings(
        self, analysis: Analysis, readings: list[Interpretation], context: DialogueContext
    ) -> list[Interpretation]:
        """The readings of a message about the remembered people, beside those about the
        conversation's subject ("wat voor organisatie leidde hij?")."""
        meant = self._meant(analysis, context)
        if meant is None:
            return []
        return [subject_reading("person", meant[1], r.features) for r in readings if not r.entities]
