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
`superlatives`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from bot.brain.answer import Answer
from bot.brain.answers import Answers
from bot.brain.context import DialogueContext
from bot.brain.entities import Analysis, Mention, analyse_tokens
from bot.brain.language import is_english
from bot.brain.lexicon import Lexicon, person_key, split_people
from bot.brain.matcher import IntentMatcher
from bot.brain.normalize import round_token, tokenise
from bot.brain.periods import month_numbers, parse_period
from bot.brain.picked import Again, Listed, Picked
from bot.brain.readings import Scored, placeholder
from bot.brain.reasoning import ORDER_MEASURES
from bot.brain.subject_readings import KIND_WORDS, subject_reading
from bot.knowledge.schema import Order

# Kinds of entity a list answer may present and a follow-up pick from.
PICKABLE = ("project", "dagdeel", "werkpakket")
# A pointing word ("die", "the one") stands at most this many words before the name it picks by.
CUE_REACH = 3
# Vocabulary concepts that say which date a superlative compares ("eindigt het eerst").
ENDED = "eindigde"
MEASURE_CONCEPTS = frozenset({"begon", ENDED, "eerste", "laatste", "langst", "kortst", "looptijd"})
# The handler of the question for the extreme project ("welk project begon het eerst").
EXTREMES_HANDLER = "project_extremes"
# Picking is sure: the last question again, on what was picked, scores this.
PICK_SCORE = 0.95
# A way of picking: the ids picked and the message's tokens that picked them, or None.
Reader = Callable[["Analysis", "Listed"], "tuple[list[str], set[int]] | None"]


def _phrases(entries: list[str]) -> list[tuple[str, ...]]:
    """Each entry as tokens, longest first."""
    return sorted((tuple(tokenise(e)) for e in entries if tokenise(e)), key=len, reverse=True)


def _phrase_at(raw: list[str], start: int, phrases: list[tuple[str, ...]]) -> int | None:
    """The number of the first of `phrases` that stands at `start` of `raw`, or None."""
    for number, phrase in enumerate(phrases):
        if phrase[0] == raw[start] and tuple(raw[start : start + len(phrase)]) == phrase:
            return number
    return None


class ListPicks:
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
        months = month_numbers(words.months)
        self.spans = {
            p.id: span
            for p in answers.kb.projecten.projects
            if (span := parse_period(p.period, months)) is not None
        }

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

    def _picked(
        self,
        analysis: Analysis,
        listed: Listed,
        ids: list[str],
        dropped: set[int],
        context: DialogueContext,
    ) -> Picked:
        """The message without the words at `dropped`, in the conversation about `ids`."""
        kept = [t for i, t in enumerate(analysis.raw) if i not in dropped]
        rest = analyse_tokens(kept, self.lexicon)
        asked = set(rest.words) - self.question_concepts - KIND_WORDS
        picked = replace(
            context,
            subject_kind=listed.kind,
            subject_id=",".join(ids),
            listed_kind=listed.kind,
            listed=list(listed.ids),
        )
        bare = not asked and not rest.mentions
        return Picked(" ".join(kept), picked, bare)

    def _foreign_kind(self, analysis: Analysis, kind: str) -> bool:
        """True when the message names another kind of thing ("welk project" after dagdelen)."""
        return bool(KIND_WORDS.intersection(analysis.words) - {kind})

    def _by_name(self, analysis: Analysis, listed: Listed) -> tuple[list[str], set[int]] | None:
        """ "die van Paul van der Wolf", "the one from 2020": a name after a pointing word
        that some members of the list have and others not."""
        for mention in analysis.mentions:
            named = {(r.kind, i) for r in mention.refs for i in r.ids}
            ids = [i for i in listed.ids if self.keys.get((listed.kind, i), set()) & named]
            if not ids or len(ids) == len(listed.ids):
                continue
            cue = self._cue_before(analysis.raw, mention)
            if cue is None:
                continue
            end = self._name_end(analysis, mention.end)
            if end < len(analysis.tokens) and self._measure_at(analysis, end):
                end += 1  # "het project dat in 2021 *begon*"
            return ids, set(range(cue, end))
        return None

    def _name_end(self, analysis: Analysis, end: int) -> int:
        """The end of a name that goes on past its first mention, through small words and
        further mentions ("die over de veranderende rol *van leidinggevenden*")."""
        starts = {m.start: m.end for m in analysis.mentions}
        tokens = analysis.tokens
        while True:
            after = end
            while after < len(tokens) and tokens[after] in self.lexicon.stopwords:
                if tokens[after] in self.question_starts:
                    return end
                after += 1
            if after == end or after not in starts:
                return end
            end = starts[after]

    def _cue_before(self, raw: list[str], mention: Mention) -> int | None:
        """Where a pointing word ("die", "the one") starts, at most CUE_REACH words before
        the mention, or None."""
        for start in range(mention.start - 1, max(-1, mention.start - 1 - CUE_REACH), -1):
            for cue in self.cues:
                fits = start + len(cue) <= mention.start
                if fits and tuple(raw[start : start + len(cue)]) == cue:
                    return start
        return None

    def _measure_at(self, analysis: Analysis, index: int) -> bool:
        """True when the token at `index` names which date is compared ("begon")."""
        return self.lexicon.concepts.get((analysis.tokens[index],)) in MEASURE_CONCEPTS

    def _named_projects(self, analysis: Analysis) -> tuple[str, ...]:
        """The projects a message names itself (by a name, not a description word)."""
        names = (m for m in analysis.mentions if m.surface not in self.lexicon.keywords)
        refs = (r for m in names for r in m.refs if r.kind == "project")
        return tuple(dict.fromkeys(i for r in refs for i in r.ids))

    def compared(self, text: str, context: DialogueContext) -> Again | Picked | None:
        """ "welke van de twee begon eerder: het project van Asten of dat van Capelle?": a
        superlative over the two or more projects the message names, read as the question
        for the extreme among just those, or, when the message asks more about the one it
        picks ("wie is daar contact?"), as picking it; else None."""
        candidates = self.lexicon.normaliser.candidates(text)
        if not candidates or self.extremes is None:
            return None
        analysis = analyse_tokens(candidates[0], self.lexicon)
        named = self._named_projects(analysis)
        if len(named) < 2 or self._foreign_kind(analysis, "project"):
            return None
        if self._superlative(analysis.raw) is None and self._ordinal_order(analysis) is None:
            return None
        # "en dat latere project van Meierijstad, wie is daar contact?": asked about the one
        listed = Listed("project", named, ())
        found = self._ordered(analysis, listed)
        if found is not None:
            ids, dropped = found
            dropped |= {i for m in analysis.mentions for i in range(m.start, m.end)}
            picked = self._picked(analysis, listed, ids, dropped, context)
            if not picked.bare and self.more_asked.intersection(picked.text.split()):
                return picked
        target, example = self.extremes
        english = is_english([t for t in candidates[0] if t not in self.lexicon.name_words])
        return Again(
            Scored(target, PICK_SCORE, example, subject_reading("project", named)),
            analysis,
            candidates,
            replace(context, language="en" if english else "nl"),
        )

    def _by_order(self, analysis: Analysis, listed: Listed) -> tuple[list[str], set[int]] | None:
        """ "de oudste van de twee", "welke daarvan eindigt het eerst": the member(s) first
        by the superlative, when the message names nothing itself."""
        if analysis.mentions:
            return None
        return self._ordered(analysis, listed)

    def _ordered(self, analysis: Analysis, listed: Listed) -> tuple[list[str], set[int]] | None:
        """The member(s) of `listed` first by the message's superlative, and the positions of
        the words that say so."""
        if self._foreign_kind(analysis, listed.kind):
            return None
        raw = analysis.raw
        found = self._superlative(raw)
        if found is None:
            order, dropped = self._ordinal_order(analysis) or (None, set())
            if order is None:
                return None
        else:
            order, dropped = found
        ended = ENDED in analysis.words
        ids = self._first_by(listed, order, ended)
        if not ids or len(ids) == len(listed.ids):
            return None
        size = str(len(listed.ids))
        for i, token in enumerate(analysis.tokens):
            if self._measure_at(analysis, i) or (token == size and raw[i] != token):
                dropped.add(i)  # "begon", "eindigt"; "van de *twee*"
            elif raw[i] in self.ones and i - 1 in dropped:
                dropped.add(i)  # "the most recent *one*"
        return ids, dropped

    def _superlative(self, raw: list[str]) -> tuple[Order, set[int]] | None:
        """The first superlative of the message and where it stands."""
        for start, word in enumerate(raw):
            if word in self.superlative_starts:
                number = _phrase_at(raw, start, self.superlative_phrases)
                if number is not None:
                    phrase, order = self.superlatives[number]
                    return order, set(range(start, start + len(phrase)))
        return None

    def _ordinal_order(self, analysis: Analysis) -> tuple[Order, set[int]] | None:
        """ "welke begon als eerste", "which ended last": first or last with a word naming a
        date is a superlative, not a position."""
        if analysis.ordinal not in (1, -1):
            return None
        own = self._ordinal_tokens(analysis)  # ("de *eerste*" itself names no date)
        tokens = range(len(analysis.tokens))
        if not any(self._measure_at(analysis, i) for i in tokens if i not in own):
            return None
        order = Order.EARLIEST if analysis.ordinal == 1 else Order.LATEST
        return order, own

    def _first_by(self, listed: Listed, order: Order, ended: bool) -> list[str]:
        """The members surely first by `order`, or those that may be first (periods given
        only in months or years can tie)."""
        if listed.kind == "dagdeel":
            numbers = [i for i in listed.ids if i.isdigit()]
            if order in (Order.LONGEST, Order.SHORTEST) or not numbers:
                return []
            pick = min if order is Order.EARLIEST else max
            return [pick(numbers, key=int)]
        if listed.kind != "project":
            return []
        measure = ORDER_MEASURES[(order, ended)]
        values = {i: measure(self.spans[i]) for i in listed.ids if i in self.spans}
        if len(values) != len(listed.ids):
            return []
        floor = max(lo for lo, _hi in values.values())
        return [i for i in listed.ids if values[i][1] >= floor]

    def _other(self, analysis: Analysis, listed: Listed) -> tuple[list[str], set[int]] | None:
        """ "en de andere?" after one of the list was picked: the rest of it."""
        if not listed.current or set(listed.current) == set(listed.ids):
            return None
        raw = analysis.raw
        for start in range(len(raw)):
            for phrase in self.others:
                if tuple(raw[start : start + len(phrase)]) == phrase:
                    ids = [i for i in listed.ids if i not in listed.current]
                    dropped = set(range(start, start + len(phrase)))
                    after = start + len(phrase)
                    if after < len(raw) and raw[after] in self.ones:
                        dropped.add(after)
                    return ids, dropped
        return None

    def _by_position(self, analysis: Analysis, listed: Listed) -> tuple[list[str], set[int]] | None:
        """ "de tweede", "die laatste", "nummer 2": that member of the list."""
        ordinal = analysis.ordinal
        if ordinal is None or self._foreign_kind(analysis, listed.kind):
            return None
        if any(r.kind == listed.kind for m in analysis.mentions for r in m.refs):
            return None
        index = len(listed.ids) + ordinal if ordinal < 0 else ordinal - 1  # (-1: the last)
        if not 0 <= index < len(listed.ids):
            return None
        return [listed.ids[index]], self._ordinal_tokens(analysis)

    def _ordinal_tokens(self, analysis: Analysis) -> set[int]:
        """Where the message's ordinal stands ("de *tweede*", "*nummer 2*", "the *last* one")."""
        tokens, raw = analysis.tokens, analysis.raw
        found: set[int] = set()
        for i, token in enumerate(tokens):
            if token.startswith("#") or raw[i] in self.last_words or token in self.second_last:
                found.add(i)
            elif token.isdigit() and i and raw[i - 1] in self.number_markers:
                found |= {i - 1, i}
        for i in sorted(found):
            if i + 1 < len(raw) and raw[i + 1] in self.ones:
                found.add(i + 1)
        return found

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
