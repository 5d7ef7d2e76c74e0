"""Which language a message is in: Dutch or English, by how common each word is in either.

Every word votes for the language in which it is clearly more frequent (wordfreq's Zipf scale);
names, typos and words common to both ("is", "project") don't vote. So a Dutch typo cannot make
a reply English, and a Dutch name in an English question doesn't make it Dutch.
"""

from __future__ import annotations

from functools import lru_cache

from bot.brain.frequency import zipf

# A word votes when it is this much more frequent (Zipf points) in one language than the other.
LEAN_MARGIN = 1.0


@lru_cache(maxsize=20_000)
def lean(token: str) -> int:
    """+1 for a clearly English word, -1 for a clearly Dutch one, 0 otherwise."""
    if not token.isalpha():
        return 0
    difference = zipf(token, "en") - zipf(token, "nl")
    if difference > LEAN_MARGIN:
        return 1
    if difference < -LEAN_MARGIN:
        return -1
    return 0


def is_english(tokens: list[str], default: bool = False) -> bool:
    """True when the message's words lean English; on a tie (no word votes, or as many each
    way) `default`: the conversation's language ("And the last one?" after English)."""
    votes = sum(lean(t) for t in tokens)
    return votes > 0 or (votes == 0 and default)
