"""Names a question gives in capitals ("wie schreef Anders Vasthouden?"): two or more
capitalised words inside a sentence, with name particles between them ("Kirstin op het Veld").
An answer that names none of the words of a name the material knows is about something else."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.brain.normalize import tokenise
from bot.text import fold

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE_END = frozenset(".?!:;\n")
# A name's words must be this long to be looked for in an answer ("de", "van" are not).
MIN_NAME_WORD = 4


class GivenNames:
    """Finds the names a question gives that the material knows; see the module docstring."""

    def __init__(
        self, particles: Iterable[str], material: Iterable[str], tokenised: Iterable[str] = ()
    ) -> None:
        """`particles`: words inside names ("van", "op"); `material`: the knowledge base's
        texts, in which a name must occur to count, after the texts of it that are `tokenised`
        already (their tokens joined by spaces)."""
        self.particles = frozenset(particles)
        texts = [*tokenised, *(" ".join(tokenise(t)) for t in material)]
        self.material = f" {' '.join(texts)} "

    def in_question(self, text: str) -> list[str]:
        """The names of two or more capitalised words in `text` that the material uses; a
        name that opens a sentence is left out (its first capital says nothing)."""
        names: list[str] = []
        current: list[str] = []
        opens = True  # the next word opens a sentence
        end = 0
        for match in _WORD.finditer(text):
            if not _SENTENCE_END.isdisjoint(text[end : match.start()]):
                self._keep(current, names)
                current, opens = [], True
            end = match.end()
            word = match.group()
            if (word[0].isupper() and not (opens and not current)) or (
                current and fold(word) in self.particles
            ):
                current.append(fold(word))
            else:
                self._keep(current, names)
                current = []
            opens = False
        self._keep(current, names)
        return names

    def _keep(self, current: list[str], names: list[str]) -> None:
        if len(current) < 2:
            return  # (no name: a name has two words or more, particles aside)
        while current and current[-1] in self.particles:
            current.pop()
        name = " ".join(tokenise(" ".join(current)))
        if len(current) >= 2 and f" {name} " in self.material:
            names.append(name)


def names_left_out(names: list[str], answer: str) -> list[str]:
    """The names none of whose longer words the answer text contains."""
    folded = fold(answer)
    return [
        name
        for name in names
        if not any(w in folded for w in name.split() if len(w) >= MIN_NAME_WORD)
    ]
