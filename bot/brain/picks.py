"""Picking from the list the last answer presented ("Ik vond 2 projecten: ..."): the
conversation remembers that ordered list, and a follow-up may pick from it

- by a name, person, year or round that tells its members apart, after a pointing word
  ("die van Paul van der Wolf", "the one from 2020", "het project dat in 2021 begon");
- by a superlative over just that list ("de oudste van de twee", "welke daarvan eindigt het
  eerst"), read from the projects' own periods (or the dagdelen's order);
- by position ("de tweede", "die laatste"), also after one of them was picked, and "the other
  one" after one was picked.

The words that picked are taken out of the message and the conversation's subject becomes the
entities picked, so the rest of the message ("wie is daar contact?") is asked about them. A
message that asks nothing else ("de oudste", "and the other one?") asks the last question again
about them. The words are knowledge/normalisation.yaml's `pick_cues`, `other_words` and
`superlatives`.

The ways of picking are in pick_readers.py (by name, the other one, position) and
pick_superlatives.py (by a superlative)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from bot.brain.answer import Answer
from bot.brain.answers import Answers
from bot.brain.context import DialogueContext
from bot.brain.entities import Analysis, analyse_tokens
from bot.brain.language import is_english
from bot.brain.lexicon import Lexicon, person_key, split_people
from bot.brain.matcher import IntentMatcher
from bot.brain.normalize import round_token, tokenise
from bot.brain.periods import project_spans
from bot.brain.pick_readers import PickReaders
from bot.brain.pick_superlatives import EXTREMES_HANDLER, PICK_SCORE, SuperlativePicks
from bot.brain.picked import Again, Listed, Picked
from bot.brain.readings import Scored, placeholder
from bot.brain.subject_readings import subject_reading

# Kinds of entity a list answer may present and a follow-up pick from.
PICKABLE = ("project", "dagdeel", "werkpakket")
# A way of picking: the ids picked and the message's tokens that picked them, or None.
Reader = Callable[["Analysis", "Listed"], "tuple[list[str], set[int]] | None"]


def _phrases(entries: list[str]) -> list[tuple[str, ...]]:
    """Each entry as tokens, longest first."""
    return sorted((tuple(tokenise(e)) for e in entries if tokenise(e)), key=len, reverse=True)


class ListPicks(SuperlativePicks, PickReaders):
    """Reads follow-ups that pick from the last list; see the module docstring."""

    def __init__(self, answers: Answers, lexicon: Lexicon, matcher: IntentMatcher) -> None:
        words = answers.kb.normalisation
        self.lexicon = lexicon
        self.matcher = matcher
        self.cues = _phrases(words.pick_cues)
        self.others = _phrases(words.other_words)
        self.ones = frozenset(words.one_words)
        self.superlatives = [
            (phrase, order)
            for order, entries in words.superlatives.items()
            for phrase in _phrases(entries)
        ]
        self.superlatives.sort(key=lambda item: len(item[0]), reverse=True)
        self.superlative_phrases = [phrase for phrase, _order in self.superlatives]
        self.superlative_starts = frozenset(phrase[0] for phrase in self.superlative_phrases)
        self.last_words = frozenset(words.last_words)
        self.second_last = frozenset(words.second_last_words)
        self.number_markers = frozenset(t for m in words.number_markers for t in tokenise(m))
        self.question_starts = frozenset(words.question_starts)
        # "welke van de twee begon eerst" asks only the superlative: "welke" asks no more
        self.more_asked = self.question_starts - frozenset(answers.kb.calibration.which_words)
        self.question_concepts = frozenset(
            lexicon.concepts.get((t,), t) for t in self.question_starts
        )
        self.keys = self._member_keys(answers)
        # A project's siblings: its organisation's projects, when it has more than one.
        by_organisation: dict[str, list[str]] = {}
        for project in answers.kb.projecten.projects:
            by_organisation.setdefault(project.organisation, []).append(project.id)
        self.siblings = {
            i: tuple(ids) for ids in by_organisation.values() if len(ids) > 1 for i in ids
        }
        # The question for the extreme project, and one of its examples.
        target = next((t for t in matcher.targets if t.handler == EXTREMES_HANDLER), None)
        example = next((e for e in matcher.examples if e.target is target), None)
        self.extremes = (target, example) if target and example else None
        self.spans = project_spans(answers.kb)

    @staticmethod
    def _member_keys(answers: Answers) -> dict[tuple[str, str], set[tuple[str, str]]]:
        """(kind, id) of each entity a list may hold -> the (kind, id) of the names that tell
        it apart: its own, its people, its years and round, its theme."""
        keys: dict[tuple[str, str], set[tuple[str, str]]] = {}
        for p in answers.kb.projecten.projects:
            own = {("project", p.id), *(("year", str(y)) for y in p.years)}
            own |= {("person", person_key(n)) for n in split_people(p.contact.name)}
            if p.round:
                own.add(("round", round_token(p.round)))
            keys[("project", p.id)] = own
        for d in answers.ln.dagdelen:
            own = {("dagdeel", str(d.number))}
            own |= {("person", person_key(s)) for s in d.speakers}
            keys[("dagdeel", str(d.number))] = own
        for w in answers.tk.werkpakketten:
            keys[("werkpakket", str(w.number))] = {
                ("werkpakket", str(w.number)),
                ("theme", w.theme),
            }
        return keys

    # --- the list the conversation remembers ---------------------------------------------

    @staticmethod
    def listed(context: DialogueContext) -> Listed | None:
        """The list a follow-up may pick from, if the conversation has one."""
        current = tuple(context.subject_id.split(",")) if context.subject_id else ()
        if context.listed and context.listed_kind:
            now = current if context.subject_kind == context.listed_kind else ()
            return Listed(context.listed_kind, tuple(context.listed), now)
        if context.subject_kind in PICKABLE and len(current) >= 2:
            return Listed(context.subject_kind or "", current, current)
        return None

    def remembered(self, before: DialogueContext, answer: Answer) -> Answer:
        """`answer` whose context remembers the list its reply presented, or keeps the one
        `before` remembered while the answer is about members of it."""
        after = answer.context
        ids = after.subject_id.split(",") if after.subject_id else []
        kind = after.subject_kind
        listed_kind: str | None = None
        listed: list[str] = []
        old = self.listed(before)
        if kind in PICKABLE and len(ids) >= 2:
            listed_kind, listed = kind, ids
        elif old is not None and kind == old.kind and ids and set(ids) <= set(old.ids):
            listed_kind, listed = old.kind, list(old.ids)
        if (after.listed_kind, after.listed) == (listed_kind, listed):
            return answer
        return Answer(answer.reply, replace(after, listed_kind=listed_kind, listed=listed))

    # --- reading a follow-up -------------------------------------------------------------

    def pick(self, text: str, context: DialogueContext) -> Picked | None:
        """`text` read as picking from the remembered list, or None."""
        listed = self.listed(context)
        readers: tuple[Reader, ...] = (
            self._by_name,
            self._by_order,
            self._other,
            self._by_position,
        )
        if listed is None:  # "en die andere?" about one of an organisation's projects
            listed, readers = self._siblings_of(context), (self._by_order, self._other)
        candidates = self.lexicon.normaliser.candidates(text)
        if not candidates:
            return None
        analysis = analyse_tokens(candidates[0], self.lexicon)
        if len(analysis.raw) != len(analysis.tokens):
            return None
        if listed is None:
            return None
        for reader in readers:
            found = reader(analysis, listed)
            if found is None:
                continue
            ids, dropped = found
            if len(candidates[0]) == len(analysis.raw):
                dropped |= self._sentence_of(candidates, dropped)
            return self._picked(analysis, listed, ids, dropped, context)
        return None

    def _siblings_of(self, context: DialogueContext) -> Listed | None:
        """The projects of the organisation of the one project talked about, when it has
        more than one."""
        if context.subject_kind != "project" or context.subject_id not in self.siblings:
            return None
        return Listed("project", self.siblings[context.subject_id], (context.subject_id,))

    def _sentence_of(self, candidates: list[list[str]], dropped: set[int]) -> set[int]:
        """The whole sentence the picking words stand in, when it asks nothing itself and
        another sentence asks ("de oudste van de twee, wie is daar contact?")."""
        start = 0
        for sentence in candidates[1:]:
            span = set(range(start, start + len(sentence)))
            start += len(sentence)
            if dropped <= span:
                if self.question_starts.isdisjoint(sentence):
                    return span
                return set()
        return set()

    # --- answering a bare pick -----------------------------------------------------------

    def again(self, picked: Picked, text: str) -> Again | None:
        """For a message that only picks ("de oudste" after a list, "en de andere?" after
        one's contact): the last question again, about what it picked; else None."""
        context = picked.context
        kind, subject = context.subject_kind, context.subject_id
        if not picked.bare or not kind or not subject:
            return None
        last = self.matcher.target(context.last_intent) if context.last_intent else None
        target = last if last is not None and kind in last.slots else None
        target = target or self.matcher.intent_for(kind)
        example = next(
            (
                e
                for e in self.matcher.examples
                if e.target is target and placeholder(kind) in e.features
            ),
            None,
        )
        if target is None or example is None:
            return None
        reading = subject_reading(kind, tuple(subject.split(",")))
        typed = self.lexicon.normaliser.candidates(text)
        names = self.lexicon.name_words
        english = bool(typed) and is_english([t for t in typed[0] if t not in names])
        candidates = self.lexicon.normaliser.candidates(picked.text) or [[]]
        return Again(
            Scored(target, PICK_SCORE, example, reading),
            analyse_tokens(candidates[0], self.lexicon),
            candidates,
            replace(context, language="en" if english else "nl"),
        )
