"""Values a question asks for, checked in a confident answer: a question word that asks for
a phone number, an e-mail address, a date, a number or an amount (knowledge/calibration.yaml
`values`), a phrase that asks for a time, a day or a place (`asks_for`), a number the question
gives ("van wie is 070-373 8383"), and a choice ("online of fysiek?"). An answer that holds no
such value does not answer the question (see bot/brain/calibration.py)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from enum import StrEnum

from bot.brain.entities import Analysis
from bot.brain.normalize import NUMBER_WORDS, number_token, tokenise
from bot.brain.word_classes import INFLECTIONS
from bot.knowledge.loader import KnowledgeBase

# A question word's side of a choice is named by an answer holding its first letters.
PREFIX = 6
# Sides of a choice shorter than this are no content words.
MIN_SIDE_LENGTH = 4
# An indefinite article stands at most this many words before the thing it names.
ARTICLE_REACH = 3
# A list follows the things counted within this many characters, after a colon.
LIST_LEAD = 40
# A line of a list in an answer ("- Breda ...", "1. donderdagochtend ...").
_LIST_LINE = re.compile(r"(^|\n)\s*(-|\d+\.)\s")
MIN_STEM = 3  # an inflected side's stem this long may name it
MAX_INFLECTION = 3  # a counted word inflected is at most this many letters longer
# A mention of these makes "nummer" its number, not a phone number ("welk nummer heeft ...").
NUMBERED_KINDS = frozenset({"dagdeel", "werkpakket"})


class AnswerText:
    """An answer as the checks read it: folded text, its tokens (space-separated, padded;
    `words` may be given as a function, called when they are first read) and its language."""

    __slots__ = ("_words", "language", "text")

    def __init__(self, text: str, words: str | Callable[[], str], language: str) -> None:
        self.text = text
        self._words = words
        self.language = language

    @property
    def words(self) -> str:
        """The answer's tokens, space-separated, with a space before and after."""
        if not isinstance(self._words, str):
            self._words = self._words()
        return self._words


class ValueShape(StrEnum):
    """The kind of value a question word asks for (knowledge/calibration.yaml `values`); a
    question phrase (`asks_for`) may ask for one too ("hoe laat": a time)."""

    PHONE = "phone"
    EMAIL = "email"
    DATE = "date"
    NUMBER = "number"
    MONEY = "money"
    TIME = "time"
    WEEKDAY = "weekday"
    PLACE = "place"
    HOURS = "hours"
    YEAR = "year"
    ADDRESS = "address"  # a street address or a mail address ("welk adres")
    STREET = "street"  # a street address only ("kantooradres", "postcode")
    PERIOD = "period"  # a length of time or a span ("negen maanden", "1 mei - 1 november")
    PERCENT = "percent"  # a share in percent ("80%", "80 procent")
    WEBSITE = "website"  # a web address ("www.broosz.nl", "vng.nl/...")


# A length of time after a number ("negen maanden"; "3 dagdelen" is none).
LENGTH = (
    r"\b(\d+|" + "|".join(NUMBER_WORDS) + r")\b[ -]*(\d+ )?(maand|month|weken|weeks?\b|jaar|"
    r"jaren|years?\b|dagen\b|dag\b|days?\b|uur\b|uren\b|hours?\b)"
)
# A street with its number (a postcode can't be told from "2021 en" in folded text).
STREET = r"\w(straat|weg|laan|plein|gracht|singel|kade|park) \d"
# How each value shape shows in a folded answer text (a date is a digit or a month name of
# normalisation.yaml; a gemeente is looked up by name).
SHAPES = {
    ValueShape.PHONE: re.compile(r"\b0\d[\d -]{7,}\d"),
    ValueShape.EMAIL: re.compile(r"\S@\S"),
    ValueShape.NUMBER: re.compile(r"\d|\b(" + "|".join(NUMBER_WORDS) + r")\b"),
    ValueShape.MONEY: re.compile(r"€|\d,\d\d\b"),  # ("4500,00", not "200,000")
    ValueShape.TIME: re.compile(r"\b\d{1,2}[:.]\d\d\b"),
    ValueShape.HOURS: re.compile(r"\b(uur|uren|hours?)\b"),
    ValueShape.YEAR: re.compile(r"\b(19|20)\d\d\b"),
    ValueShape.WEBSITE: re.compile(r"\bwww\.|https?:|\b[a-z0-9-]+\.(nl|com|org|eu)(/|\b)(?!@)"),
    ValueShape.PERCENT: re.compile(r"\d ?%|\b(procent|percent)\b"),
    ValueShape.STREET: re.compile(STREET, re.I),
    ValueShape.ADDRESS: re.compile(rf"{STREET}|\S@\S", re.I),
}
# A number of at least this many digits in a question (a phone number, a year) must be in
# the answer.
MIN_NUMBER_DIGITS = 3
# The concepts whose words a number names a thing after ("werkpakket 9").
NUMBERED_CONCEPTS = frozenset({"werkpakket", "dagdeel"})
# A counted word is counted by a number this many words before it, at most.
NUMBER_REACH = 3


def free_numbers(analysis: Analysis) -> list[str]:
    """Numbers of the question that no mention took ("070 373 8383")."""
    taken = {i for m in analysis.mentions for i in range(m.start, m.end)}
    return [
        token
        for i, token in enumerate(analysis.tokens)
        if i not in taken and token.isdigit() and len(token) >= MIN_NUMBER_DIGITS
    ]


class ValueCheck:
    """The values a question asks for that an answer lacks; see the module docstring."""

    def __init__(
        self,
        kb: KnowledgeBase,
        stopwords: frozenset[str],
        concepts: Mapping[tuple[str, ...], str],
        keywords: frozenset[str] = frozenset(),
    ) -> None:
        """`concepts`: the vocabulary's phrases and their concepts; their words ("kost",
        "dagdelen") after "hoeveel" say what is asked in the matcher's terms, not a thing
        counted."""
        cal = kb.calibration
        self.which_words = frozenset(cal.which_words)
        self.indefinites = frozenset(cal.indefinite_articles)
        self.stopwords = stopwords
        self.concept_words = frozenset(w for phrase in concepts for w in phrase)
        self._concepts = concepts
        # Words whose number names a thing ("werkpakket 9", "dagdeel 3", "nummer 5").
        self.number_names = frozenset(
            phrase[0]
            for phrase, concept in concepts.items()
            if len(phrase) == 1 and concept in NUMBERED_CONCEPTS
        ) | frozenset(kb.normalisation.number_markers)
        # Description words of one entity ("animatiefilmpjes" of werkpakket 9): counted, they
        # name no thing whose number the answer gives.
        self.keywords = keywords
        self.counting = [tuple(tokenise(p)) for p in cal.counting]
        # A question holding none of these words counts nothing.
        self._counting_starts = frozenset(p[0] if p else "" for p in self.counting)
        self.units = frozenset(cal.units)
        self.people_units = frozenset(cal.people_units)
        self.values = {concept: ValueShape(shape) for concept, shape in cal.values.items()}
        self.asks_for = {" ".join(tokenise(p)): ValueShape(v) for p, v in cal.asks_for.items()}
        # Each phrase padded as it shows in a question, in order, and their numbers by their
        # first word: a question is only checked for the phrases its words can start.
        self._asks_for_padded = [(f" {p} ", p, shape) for p, shape in self.asks_for.items()]
        self._asks_for_by_start: dict[str, list[int]] = {}
        for number, phrase in enumerate(self.asks_for):
            self._asks_for_by_start.setdefault(phrase.split(" ")[0], []).append(number)
        # A phrase opening a follow-up ("en waar?", "and where?") asks its value only as the
        # whole question: with another word asked ("en waar kan ik me dan opgeven?") its
        # question word asks about that, as it does without "en".
        starts = frozenset(kb.normalisation.followup_starts)
        self.split_adverbs = {w: frozenset(ps) for w, ps in cal.split_adverbs.items()}
        self._followup_phrases = {
            phrase: {concepts.get((t,), t) for t in phrase.split(" ")}
            for phrase in self.asks_for
            if phrase.split(" ")[0] in starts
        }
        self.value_words = {
            ValueShape(shape): [" ".join(tokenise(w)) for w in words]
            for shape, words in cal.value_words.items()
        }
        # the gemeenten (a project's place such as "CNV Jongeren" is no gemeente)
        self.places = {" ".join(tokenise(name)) for name in kb.gemeenten}
        # Each place by its first word, padded as it shows in an answer's words.
        self._places_by_start: dict[str, list[str]] = {}
        for place in self.places:
            self._places_by_start.setdefault(place.split(" ")[0], []).append(f" {place} ")
        self.choices = {lang: frozenset(words) for lang, words in cal.alternatives.items()}
        # The stopwords that are no choice word ("of" is a stopword and asks a choice).
        self._stop_not_choice = {lang: stopwords - words for lang, words in self.choices.items()}
        months = "|".join(sorted(kb.normalisation.months))
        # a span: from a day, year or month to another ("1 mei - 1 november", "maart - juli")
        # (or a range word of normalisation.yaml: "tot", "until"; "t/m" as written)
        ranges = "|".join(re.escape(w) for w in ["-", "–", "t/m", *kb.normalisation.range_words])
        span = rf"(\d|\b({months}))\b ?({ranges}) ?\w"
        self.shapes = {
            **SHAPES,
            # a month, a year or a day-month in figures; a phone number's digits are no date
            ValueShape.DATE: re.compile(
                rf"\b({months})\b|\b(19|20)\d\d\b|\b\d{{1,2}}[-/.]\d{{1,2}}\b"
            ),
            ValueShape.PERIOD: re.compile(rf"{LENGTH}|{span}", re.I),
        }

    def missing(self, analysis: Analysis, answer: AnswerText, numbered: bool = False) -> list[str]:
        """What the question asks for that the answer does not hold; `numbered`: the
        conversation is about a dagdeel or werkpakket, whose number a "number" may ask."""
        numbers = free_numbers(analysis)
        digits = "".join(ch for ch in answer.text if ch.isdigit()) if numbers else ""
        return [
            *self._missing_values(analysis, answer, numbered),
            *self._missing_choices(analysis, answer),
            *self._missing_counted(analysis, answer),
            *self._missing_months(analysis, answer),
            *self._missing_identified(analysis, answer),
            *self._missing_listed(analysis, answer),
            *(n for n in numbers if n not in digits),
        ]

    def _missing_identified(self, analysis: Analysis, answer: AnswerText) -> list[str]:
        """ "bij welke zorgorganisatie ...": the thing asked which one of, when the answer
        names it only after an indefinite article ("een grote zorgorganisatie")."""
        raw = analysis.raw
        missing = []
        answer_tokens: list[str] | None = None
        for i, token in enumerate(raw[:-1]):
            noun = raw[i + 1]
            if token not in self.which_words or len(noun) < MIN_SIDE_LENGTH:
                continue
            if noun in self.stopwords or noun in self.concept_words:
                continue
            answer_tokens = answer_tokens or answer.words.split()
            spots = [j for j, word in enumerate(answer_tokens) if word == noun]
            indefinite = [
                j
                for j in spots
                if self.indefinites.intersection(answer_tokens[max(0, j - ARTICLE_REACH) : j])
            ]
            if spots and len(indefinite) == len(spots):
                missing.append(noun)
        return missing

    def _missing_listed(self, analysis: Analysis, answer: AnswerText) -> list[str]:
        """ "welke vijf kernwaarden ...", "which 6 goals": the things counted, when the
        answer only says their count again ("vijf kernwaarden en vijf ambities") and lists
        none of them."""
        tokens = analysis.tokens
        counted = [
            (tokens[i - 1], noun)
            for i, noun in enumerate(tokens[2:], start=2)
            if tokens[i - 2] in self.which_words
            and tokens[i - 1].isdigit()
            and len(noun) >= MIN_SIDE_LENGTH
            and noun not in self.stopwords
        ]
        if not counted or _LIST_LINE.search(answer.text):
            return []
        said = [number_token(w) for w in answer.words.split()]
        missing = []
        for count, noun in counted:
            spots = [j for j, word in enumerate(said) if word == noun]
            restated = [j for j in spots if j and said[j - 1] == count]
            typed = re.escape(noun[:-1]) + "'?s" if noun.endswith("s") else re.escape(noun)
            # ("de 5 sturingsthema's van Emmen zijn: ...": a list follows)
            listed = re.search(rf"\b{typed}[^.;:!?\n]{{0,{LIST_LEAD}}}:", answer.text)
            if spots and len(restated) == len(spots) and not listed:
                missing.append(noun)
        return missing

    def _missing_values(
        self, analysis: Analysis, answer: AnswerText, numbered: bool = False
    ) -> list[str]:
        """The question words (`values`) and phrases (`asks_for`) whose kind of value the
        answer does not hold."""
        numbered = numbered or any(
            r.kind in NUMBERED_KINDS for m in analysis.mentions for r in m.refs
        )
        asked = [(c, shape) for c, shape in self.values.items() if c in analysis.words]
        # as read and as typed ("welk kantooradres" is read as "welk adres")
        question = f" {' '.join(analysis.tokens)} | {' '.join(analysis.raw)} "
        by_start = self._asks_for_by_start
        numbers = {n for t in {*analysis.tokens, *analysis.raw} for n in by_start.get(t, ())}
        padded = [self._asks_for_padded[n] for n in sorted(numbers)]
        asked += [
            (p, shape)
            for at, p, shape in padded
            if at in question and self._asks_alone(p, analysis)
        ]
        return [
            self.as_typed(what, analysis)
            for what, shape in asked
            if not (shape is ValueShape.PHONE and numbered) and not self._holds(shape, answer)
        ]

    def as_typed(self, concept: str, analysis: Analysis) -> str:
        """The word of the question that asks for a concept's value ("cost" for "kosten"),
        else the concept."""
        typed = zip(analysis.raw, analysis.tokens, strict=False)
        return next((raw for raw, t in typed if self._concepts.get((t,)) == concept), concept)

    def _asks_alone(self, phrase: str, analysis: Analysis) -> bool:
        """False for a follow-up phrase ("en waar") in a question that asks more words, and
        for one whose question word the question's last word completes ("waar ... over")."""
        last = analysis.raw[-1] if analysis.raw else ""
        if any(last in self.split_adverbs.get(word, ()) for word in phrase.split(" ")):
            return False
        own = self._followup_phrases.get(phrase)
        return own is None or set(analysis.words) <= own

    def _holds(self, shape: ValueShape, answer: AnswerText) -> bool:
        """True when the answer holds a value of `shape`."""
        if any(f" {w}" in answer.words for w in self.value_words.get(shape, [])):
            return True
        if shape is ValueShape.PLACE:  # (only a place whose first word the answer has)
            words = answer.words
            starts = self._places_by_start
            return any(
                place in words for first in words.split(" ") for place in starts.get(first, ())
            )
        pattern = self.shapes.get(shape)
        return bool(pattern and pattern.search(answer.text))

    def _missing_counted(self, analysis: Analysis, answer: AnswerText) -> list[str]:
        """ "hoeveel teams": the counted word, when the answer doesn't name it (a number
        of something else is no answer)."""
        tokens = analysis.tokens
        if "" not in self._counting_starts and self._counting_starts.isdisjoint(tokens):
            return []
        named = {
            i
            for m in analysis.mentions
            if not self._is_keyword(m.surface)
            for i in range(m.start, m.end)
        }
        missing = []
        for phrase in self.counting:
            for i in range(len(tokens) - len(phrase)):
                if tuple(tokens[i : i + len(phrase)]) != phrase:
                    continue
                rest = [
                    (j, t)
                    for j, t in enumerate(tokens[i + len(phrase) :], i + len(phrase))
                    if t not in self.stopwords
                ]
                if not rest or rest[0][0] in named:  # ("phone number of Paul ...")
                    continue
                counted = rest[0][1]
                if counted in self.people_units:  # "hoeveel mensen": a number of people
                    if not any(self._counts(unit, answer) for unit in self.people_units):
                        missing.append(counted)
                elif (
                    len(counted) >= MIN_SIDE_LENGTH
                    and counted.isalpha()
                    and counted not in self.concept_words
                    and counted not in self.units
                    and not self._counts(counted, answer)
                ):
                    missing.append(counted)
        return missing

    def _is_keyword(self, surface: str) -> bool:
        """True for a description word, also inflected ("animatiefilmpjes")."""
        return any(surface[: len(surface) - cut] in self.keywords for cut in range(MAX_INFLECTION))

    def _counts(self, counted: str, answer: AnswerText) -> bool:
        """True when the answer gives a number of `counted` (the word inflected, not a
        compound of it: "medewerkersenquête" counts no staff), or names it and gives a number
        of people or times: a number at most NUMBER_REACH words from the counted word or unit
        ("ruim 1.300 medewerkers", "maximaal 10 deelnemers")."""
        start, longest = counted[:MIN_SIDE_LENGTH], len(counted) + MAX_INFLECTION
        words = answer.words.split()
        named = [w.startswith(start) and len(w) <= longest for w in words]
        if not any(named):
            return False
        number = self.shapes[ValueShape.NUMBER]
        # a number naming a thing ("werkpakket 9") counts nothing
        counts = [
            bool(number.search(w)) and not (i and words[i - 1] in self.number_names)
            for i, w in enumerate(words)
        ]
        return any(
            (named[i] or word in self.units)
            and any(counts[max(0, i - NUMBER_REACH) : i + NUMBER_REACH])
            for i, word in enumerate(words)
        )

    @staticmethod
    def _missing_months(analysis: Analysis, answer: AnswerText) -> list[str]:
        """ "data in het najaar": a month or season the question names that the answer names
        no month of (the spring dates are no answer)."""
        missing = []
        for mention in analysis.mentions:
            months = {
                date.split(" ")[-1]
                for ref in mention.refs
                if ref.kind == "date"
                for date in ref.ids
            }
            if months and not any(f" {month} " in answer.words for month in months):
                missing.append(mention.surface)
        return missing

    def _missing_choices(self, analysis: Analysis, answer: AnswerText) -> list[str]:
        """ "online of fysiek?": a choice the answer names neither side of."""
        choice = self.choices.get(answer.language, frozenset())
        stop = self._stop_not_choice.get(answer.language, self.stopwords)
        tokens = [t for t in analysis.tokens if t not in stop]
        missing = []
        for i in range(1, len(tokens) - 1):
            if tokens[i] not in choice:
                continue
            left, right = tokens[i - 1], tokens[i + 1]
            sides = [w for w in (left, right) if len(w) >= MIN_SIDE_LENGTH and w.isalpha()]
            if len(sides) == 2 and not any(self._names_side(w, answer) for w in sides):
                missing.append(f"{left} {tokens[i]} {right}")
        return missing

    @staticmethod
    def _names_side(side: str, answer: AnswerText) -> bool:
        """True when the answer names a side of a choice: its first letters, or a word it
        inflects ("losse *dagen*" ~ "aansluitende dag")."""
        if side[:PREFIX] in answer.text:
            return True
        stems = [side[: -len(s)] for s in INFLECTIONS if side.endswith(s)]
        return any(f" {stem} " in answer.words for stem in stems if len(stem) >= MIN_STEM)
