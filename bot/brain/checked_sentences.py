"""A sentence quoted to be checked ("Klopt dit? 'Het project liep van 1 december 2022 tot
1 maart 2023.'", "Check graag: '...'"): read as the claim it is, "klopt het dat <sentence>?",
so bot/brain/claims.py asks for each value it states. The asking phrases live in
knowledge/normalisation.yaml (`claims`, `check_requests`)."""

from __future__ import annotations

from bot.brain.language import is_english
from bot.brain.normalize import tokenise
from bot.brain.quotes import QUOTED
from bot.knowledge.schema import ClaimPhrases

# A quoted sentence to check has at least this many words (a shorter quote is a title or a
# term the message asks about).
MIN_CHECKED_WORDS = 6


class CheckedSentences:
    """Rewrites a request to check a quoted sentence into the claim; see the module docstring."""

    def __init__(self, claims: dict[str, ClaimPhrases]) -> None:
        self.requests = {
            lang: [f" {' '.join(tokenise(r))} " for r in p.check_requests]
            for lang, p in claims.items()
        }
        self.openers = {lang: p.openers[0] for lang, p in claims.items() if p.openers}

    def claim(self, text: str) -> str | None:
        """ "klopt het dat <the quoted sentence>?" for a message asking to check one, in the
        sentence's language; None for any other message."""
        for quoted in QUOTED.findall(text):
            words = tokenise(quoted)
            if len(words) < MIN_CHECKED_WORDS:
                continue
            rest = f" {' '.join(tokenise(text.replace(quoted, ' ')))} "
            if not any(r in rest for requests in self.requests.values() for r in requests):
                continue
            opener = self.openers.get("en" if is_english(words) else "nl")
            if opener:
                return f"{opener} {quoted.strip().rstrip('.?!')}?"
        return None
