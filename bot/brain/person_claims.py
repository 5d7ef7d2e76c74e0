"""Claims about who does what ("klopt het dat Ruud Klarenbeek het dagdeel over leiderschap
geeft?", "is it true that Sjoerd van Loon is the contact for Capelle?").

Such a claim names a person and the thing the person is said to do. It is read as two
questions: who does that thing ("wie geeft het dagdeel over leiderschap") and who the person
is ("wie is Ruud Klarenbeek"), so the reply says who it is and what the person named does,
whether the claim was right or not. The question words live in knowledge/normalisation.yaml
(`claims`).
"""

from __future__ import annotations

from typing import NamedTuple

from bot.brain.entities import analyse_tokens
from bot.brain.lexicon import Lexicon
from bot.knowledge.schema import ClaimValue

PERSON = "person"
# The kinds of thing a person may be claimed to give, lead or be the contact of.
CLAIMED_KINDS = frozenset({"dagdeel", "project", "werkpakket"})


class PersonClaim(NamedTuple):
    """A claim about a person read as two questions."""

    who_does_it: str  # "wie geeft het dagdeel over leiderschap"
    who_is_it: str  # "wie is ruud klarenbeek"


class PersonClaims:
    """Reads claims about who does what; see the module docstring."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def read(self, text: str) -> PersonClaim | None:
        """The two questions of a one-sentence claim naming one person and something of a
        claimed kind, else None."""
        claims = self.lexicon.normaliser.claims
        candidates = self.lexicon.normaliser.candidates(text)
        if claims is None or len(candidates) != 1:
            return None
        found = claims.claim(candidates[0])
        if found is None:
            return None
        language, words = found
        analysis = analyse_tokens(words, self.lexicon)
        people = [m for m in analysis.mentions if all(r.kind == PERSON for r in m.refs)]
        things = [m for m in analysis.mentions if any(r.kind in CLAIMED_KINDS for r in m.refs)]
        if len(people) != 1 or not things or len(analysis.raw) != len(words):
            return None
        person = people[0]
        who = claims.questions[language].get(ClaimValue.PERSON)
        if who is None:
            return None
        asked = [*words[: person.start], *who, *words[person.end :]]
        about = [*claims.about_person[language], *words[person.start : person.end]]
        return PersonClaim(" ".join(asked), " ".join(about))
