"""One text in Dutch and English: the building block of knowledge/texts.yaml."""

from __future__ import annotations

from string import Formatter

from pydantic import model_validator

from bot.domain import Language
from bot.knowledge.schema import NonEmpty, Strict


def placeholders(text: str) -> set[str]:
    """The `{names}` a text is filled with."""
    return {name for _, name, _, _ in Formatter().parse(text) if name}


class Bilingual(Strict):
    """One text in Dutch and English, with the same {placeholders} in both."""

    nl: NonEmpty
    en: NonEmpty

    @model_validator(mode="after")
    def _same_placeholders(self) -> Bilingual:
        dutch, english = placeholders(self.nl), placeholders(self.en)
        if dutch != english:
            raise ValueError(
                f"placeholders differ: nl has {sorted(dutch)}, en has {sorted(english)}"
            )
        return self

    def say(self, language: Language, **values: object) -> str:
        """The text in `language`, its placeholders filled with `values`."""
        text = self.en if language is Language.EN else self.nl
        return text.format(**values) if values else text
