"""Claims about who does what or where ("klopt het dat Ruud Klarenbeek het dagdeel over leiderschap
geeft?", "is it true that Sjoerd van Loon is the contact for Capelle?", "klopt het dat de
leergang in Zeist plaatsvindt?").

A claim naming a person and the thing the person is said to do is read as two questions: who
does that thing ("wie geeft het dagdeel over leiderschap") and who the person is ("wie is Ruud
Klarenbeek"), so the reply says who it is and what the person named does, whether the claim was
right or not. A yes/no question naming a person and such a thing ("spreekt Thom Verheggen bij
dagdeel 2?") is such a claim too. A claim naming a gemeente as the place of something is read as
where it is ("waar vindt de leergang plaats"). The question words live in
knowledge/normalisation.yaml (`claims`).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from bot.brain.entities import analyse_tokens
from bot.brain.language import is_english
from bot.brain.lexicon import Lexicon
from bot.knowledge.schema import ClaimValue

PERSON, PLACE = "person", "gemeente"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# The kinds of thing a person may be claimed to give, lead or be the contact of.
CLAIMED_KINDS = frozenset({"dagdeel", "project", "werkpakket"})
# ... of which these are parts of a document, never a place's own
PART_KINDS = frozenset({"dagdeel", "werkpakket"})


class PersonClaim(NamedTuple):
    """A claim about a person read as two questions."""

    who_does_it: str  # "wie geeft het dagdeel over leiderschap", "waar vindt ... plaats"
    who_is_it: str | None  # "wie is ruud klarenbeek"; None for a place


class PersonClaims:
    """Reads claims about who does what; see the module docstring."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.question_starts = frozenset(lexicon.normaliser.question_starts)

    def read(self, text: str) -> PersonClaim | None:
        """The two questions of a one-sentence claim naming one person and something of a
        claimed kind, else None."""
        claims = self.lexicon.normaliser.claims
        candidates = self.lexicon.normaliser.candidates(text)
        # one sentence; an aside between commas ("Thom Verheggen dagdeel 2, Verdraaien en
        # herontwerpen, doet?") is still one
        if claims is None or not candidates or _sentences(text) > 1:
            return None
        tokens = candidates[0]
        found = claims.claim(tokens)
        yes_no = found is None
        if found is None:  # "spreekt Thom Verheggen bij dagdeel 2?": asking no question word
            if not text.rstrip().endswith("?") or not self.question_starts.isdisjoint(tokens):
                return None
            found = ("en" if is_english(tokens) else "nl"), tokens
        language, words = found
        analysis = analyse_tokens(words, self.lexicon)
        if len(analysis.raw) != len(words):
            return None
        people = [m for m in analysis.mentions if all(r.kind == PERSON for r in m.refs)]
        things = [m for m in analysis.mentions if any(r.kind in CLAIMED_KINDS for r in m.refs)]
        # a place with a project of its own is still a place beside another thing named
        # ("werkpakket 13 gaat toch over Proeftuin Ruwaard in Tilburg?")
        parts = [m for m in things if all(r.kind in PART_KINDS for r in m.refs)]
        places = [
            m
            for m in analysis.mentions
            if all(r.kind == PLACE for r in m.refs)
            or (
                parts
                and m not in parts
                and " ".join(analysis.tokens[m.start : m.end]) in self.lexicon.place_names
            )
        ]
        if yes_no and not (len(people) == 1 and things):
            return None
        if len(people) == 1 and (things or not (yes_no or places)):
            # ("klopt het dat Liesbeth Josiassen de inleiding schreef?": who wrote it, and who
            # she is)
            who = claims.questions[language].get(ClaimValue.PERSON)
            person = people[0]
            about = [*claims.about_person[language], *words[person.start : person.end]]
            named, value, second = person, who, " ".join(about)
        elif len(places) == 1 and not people and analysis.mentions != places:
            named, second = places[0], None
            value = claims.questions[language].get(ClaimValue.PLACE)
        else:
            return None
        if value is None:
            return None
        asked = [*words[: named.start], *value, *words[named.end :]]
        return PersonClaim(" ".join(asked), second)


def _sentences(text: str) -> int:
    """How many sentences `text` holds: pieces ended by a full stop, question or exclamation
    mark."""
    return len([p for p in SENTENCE_END.split(text.strip()) if p.strip()])
