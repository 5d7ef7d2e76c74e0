"""Text normalisation: case, accents, punctuation, abbreviations and number words.

Cardinal numbers become digits ("vijf" -> "5"); ordinals become "#" + digits ("vijfde",
"5e", "fifth" -> "#5"), so the entity extractor can tell "dagdeel 5" from "8 dagdelen".
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.text import fold

_CARDINALS = {
    "nul": 0,
    "zero": 0,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
    "dertien": 13,
    "veertien": 14,
    "vijftien": 15,
    "zestien": 16,
    "zeventien": 17,
    "achttien": 18,
    "negentien": 19,
    "twintig": 20,
    "dertig": 30,
    "veertig": 40,
    "vijftig": 50,
    "zestig": 60,
    "zeventig": 70,
    "tachtig": 80,
    "negentig": 90,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
}
# Inside a Dutch compound ("eenendertig", "tweeduizend") "een" is one; alone it is "a".
_COMPOUND_UNITS = {"een": 1, **{w: n for w, n in _CARDINALS.items() if 2 <= n <= 9}}
_MULTIPLIERS = (("duizend", 1000), ("honderd", 100), ("thousand", 1000), ("hundred", 100))
_BARE_MULTIPLIERS = dict(_MULTIPLIERS)
# A compound number holds a multiplier or ends with Dutch tens ("twintig" ... "negentig").
_NUMBER_HINT = re.compile(r"duizend|honderd|thousand|hundred|tig$")
_ORDINALS = {
    "eerste": 1,
    "tweede": 2,
    "derde": 3,
    "vierde": 4,
    "vijfde": 5,
    "zesde": 6,
    "zevende": 7,
    "achtste": 8,
    "negende": 9,
    "tiende": 10,
    "elfde": 11,
    "twaalfde": 12,
    "dertiende": 13,
    "veertiende": 14,
    "vijftiende": 15,
    "zestiende": 16,
    "zeventiende": 17,
    "achttiende": 18,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
}
NUMBER_WORDS = frozenset(_CARDINALS) | frozenset(_ORDINALS)
# Tens a Dutch compound may end with ("...entwintig").
TENS_MIN = 20
# Shorter words are no compound numbers ("tien" is in the table; "eens" is no number).
MIN_COMPOUND_NUMBER = 6
_ORDINAL_SUFFIX = re.compile(r"^(\d{1,2})(?:e|de|ste|st|nd|rd|th)$")
# (Patterns open with a literal so the regex engine can skip ahead to it; a lookbehind after
# it stands for the word boundary before it.)
_ROUND = re.compile(r"(2(?<!\w2)0\d\d)\s*/\s*([1-4])\b")  # \b(20\d\d)\s*/\s*([1-4])\b
_TOKEN = re.compile(r"[a-z0-9#]+")
# Letters and then a number of one or two figures, typed as one word ("wp12", "dd4").
_GLUED_NUMBER = re.compile(r"^([a-z]{2,})(\d{1,2})$")

ROUND_PREFIX = "ronde"  # "2021/2" becomes the single token "ronde2021-2"


_CAPELLE = re.compile(r"a(?<!\wa)\s*/\s*d\b")  # \ba\s*/\s*d\b
_CITY_APOSTROPHE = re.compile(r"'(?<=\w')s[- ]")  # \b's[- ]
_APOSTROPHE_S = re.compile(r"'s\b")
_SEPARATORS = re.compile(r"[-_/]")


def _pre_tokenise(text: str) -> str:
    text = fold(text)
    slash = "/" in text  # (the patterns below only run where they can match)
    if slash:
        text = _CAPELLE.sub(" aan den ", text)  # Capelle a/d IJssel
    text = text.replace("&", " en ").replace("’", "'").replace("`", "'")
    if "'s" in text:
        text = _CITY_APOSTROPHE.sub("s ", text)  # 's-Hertogenbosch
        text = _plural_apostrophes(text)  # thema's -> themas
    if slash:
        text = _ROUND.sub(lambda m: f" {ROUND_PREFIX}{m.group(1)}x{m.group(2)} ", text)
    return _SEPARATORS.sub(" ", text)


def _plural_apostrophes(text: str) -> str:
    """`re.sub(r"(\\w)'s\\b", r"\\1s", text)`, found from its literal "'s" (much faster on a
    long text): the "'" of each match is dropped."""
    parts: list[str] = []
    copied = end = 0  # text copied up to; the last match's end
    for found in _APOSTROPHE_S.finditer(text):
        letter = found.start() - 1
        if letter >= end and (text[letter].isalnum() or text[letter] == "_"):  # \w
            parts.append(text[copied : letter + 1])
            copied, end = found.start() + 1, found.end()
    return "".join(parts) + text[copied:] if parts else text


def number_token(word: str) -> str:
    """Map a number word or ordinal to digits ("vijf" -> "5", "drieentwintig" -> "23",
    "5e" -> "#5"); else unchanged."""
    if word in _PLAIN_WORDS:  # (most words: known to stay as they are)
        return word
    if word in _CARDINALS:
        return str(_CARDINALS[word])
    compound = _compound_number(word) if len(word) > MIN_COMPOUND_NUMBER else None
    if compound is not None:  # (a word that went through tokenise is a digit already)
        return str(compound)
    if word in _ORDINALS:
        return f"#{_ORDINALS[word]}"
    match = _ORDINAL_SUFFIX.match(word) if word[:1].isdecimal() else None
    if match:
        return f"#{int(match.group(1))}"
    return word


@lru_cache(maxsize=8192)
def _compound_number(word: str) -> int | None:
    """A number written as one word ("zes", "drieentwintig", "tweeduizend", "vijfhonderd"),
    or None."""
    if word in _CARDINALS:
        return _CARDINALS[word]
    if not _NUMBER_HINT.search(word):  # (most words: no multiplier, no Dutch tens)
        return None
    for name, factor in _MULTIPLIERS:
        head, found, tail = word.partition(name)
        if found:
            times = _COMPOUND_UNITS.get(head) if head else 1
            rest = _compound_number(tail) if tail else 0
            return None if times is None or rest is None else times * factor + rest
    for unit, value in _COMPOUND_UNITS.items():  # "eenendertig": een + en + dertig
        if word.startswith(f"{unit}en") and _CARDINALS.get(word[len(unit) + 2 :], 0) >= TENS_MIN:
            return value + _CARDINALS[word[len(unit) + 2 :]]
    return None


def _joined_numbers(words: list[str]) -> list[str]:
    """Number words as digits, those said apart joined: "tweeduizend tweeentwintig" -> 2022,
    "vierduizend vijfhonderd" -> 4500, "twenty three" -> 23, "two thousand" -> 2000."""
    out: list[str] = []
    spoken: list[bool] = []  # whether out[i] came from number words
    for word in words:
        value = None if word.isdigit() else _compound_number(word)
        if value is None:
            out.append(word)
            spoken.append(False)
            continue
        last = int(out[-1]) if spoken and spoken[-1] else None
        if last is not None and word in _BARE_MULTIPLIERS and last < _BARE_MULTIPLIERS[word]:
            out[-1] = str(last * value)  # "two thousand"
        elif last is not None and _adds_to(last, value):
            out[-1] = str(last + value)
        else:
            out.append(str(value))
            spoken.append(True)
    return out


def _adds_to(last: int, value: int) -> bool:
    """True when a number said after `last` completes it ("vierduizend | vijfhonderd",
    "twenty | three")."""
    if 0 < value < 10 and last % 10 == 0 and last % 100 >= TENS_MIN:
        return True  # "(two thousand) twenty | two"
    return any(last >= place and last % place == 0 and value < place for place in (1000, 100))


def tokenise(text: str) -> list[str]:
    """Normalise `text` into tokens: folded, punctuation-free, number words as digits."""
    return list(_tokens(text))


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[str, ...]:
    letters = text.replace(" ", "")
    if letters.isascii() and letters.isalpha() and letters.islower():
        words = text.split()  # (all that folding and the patterns leave of lowercase words)
    else:
        words = _TOKEN.findall(_pre_tokenise(text))
        if any(w[-1].isdigit() and w[0].isalpha() for w in words):
            # "wp12", "dd4", "dagdeel4": a name and its number typed as one word
            words = [p for w in words for p in _GLUED_NUMBER.sub(r"\1 \2", w).split()]
    if _PLAIN_WORDS.issuperset(words) or _all_plain(words):
        return tuple(words)  # (what the number steps below give back for plain words)
    return tuple(map(number_token, _joined_numbers(words)))


# Words tokenise keeps as they are (no number word, no ordinal): most words, known by now.
_PLAIN_WORDS: set[str] = set()
MAX_PLAIN_WORDS = 100_000


def _all_plain(words: list[str]) -> bool:
    """True when tokenise keeps every word as it is: none is (part of) a number said in words
    or an ordinal. Plain words are remembered."""
    for word in words:
        if word in _PLAIN_WORDS:
            continue
        if not _is_plain(word):
            return False
        if len(_PLAIN_WORDS) < MAX_PLAIN_WORDS:
            _PLAIN_WORDS.add(word)
    return True


def _is_plain(word: str) -> bool:
    """True when neither number_token nor the joining of numbers said apart changes `word`:
    no number word, no compound number ("eenentwintig", "tweeduizend"), no ordinal ("5e")."""
    if word in NUMBER_WORDS:
        return False
    if _NUMBER_HINT.search(word) and _compound_number(word) is not None:
        return False  # (a word of digits has no hint)
    return not (word[:1].isdecimal() and _ORDINAL_SUFFIX.match(word))


def is_round_token(token: str) -> bool:
    """True for a subsidy-round token made by `tokenise` ("ronde2021x2")."""
    return token.startswith(ROUND_PREFIX) and "x" in token and token[len(ROUND_PREFIX)].isdigit()


def round_label(token: str) -> str:
    """ "ronde2021x2" -> "2021/2"."""
    year, number = token[len(ROUND_PREFIX) :].split("x")
    return f"{year}/{number}"


def round_token(label: str) -> str:
    """ "2021/2" -> "ronde2021x2", the token `tokenise` makes of a subsidy round."""
    year, number = label.split("/")
    return f"{ROUND_PREFIX}{year}x{number}"
