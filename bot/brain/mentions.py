"""Mentions of names and dates in a message's tokens: the knowledge base's names (the
lexicon's gazetteer, longest first) and dates, months, seasons, years and rounds. Used by
bot/brain/entities.py, which marks each mention it is given (`take`)."""

from __future__ import annotations

from collections.abc import Callable

from bot.brain.lexicon import EntityRef, Lexicon
from bot.brain.normalize import is_round_token

# Marks tokens [start, end) as a mention with these meanings.
TakeFn = Callable[[int, int, list[EntityRef]], None]
FIRST_YEAR, LAST_YEAR = 2010, 2035
# "na *de* zomer": a word this short between "na" and a month or season is an article.
MAX_ARTICLE_LENGTH = 3


MAX_DAY = 31  # a day of a month


def date_mentions(tokens: list[str], taken: list[bool], lexicon: Lexicon, take: TakeFn) -> None:
    """ "19 mei", "in september", "2018", "ronde 2021/2". A date (or a month) of exactly one
    dagdeel may also mean that dagdeel ("wie spreekt er op 19 mei")."""
    months = lexicon.normaliser.months
    seasons = lexicon.normaliser.seasons
    for i, tok in enumerate(tokens):
        listed = _listed_month(tokens, i, lexicon)  # "april and *may*"
        if listed and not taken[i]:
            take(i, i + 1, _date_refs(listed, lexicon))
            continue
        if taken[i] or not (
            tok.isdigit() or tok in months or tok in seasons or is_round_token(tok)
        ):
            continue  # (no date, month, season, year or round)
        days = _day_range(tokens, i, lexicon)  # "van 12 t/m 26 mei"
        if days is not None and not any(taken[i : days[0]]):
            take(i, days[0], [EntityRef("date", days[1])])
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        month = months.get(nxt) or lexicon.normaliser.months_after_day.get(nxt)
        if tok.isdigit() and 1 <= int(tok) <= 31 and month and not taken[i + 1]:
            refs = _date_refs(f"{int(tok)} {month}", lexicon)
            if i > 0 and tokens[i - 1] in lexicon.normaliser.after_words:
                refs = _next_dagdeel(refs)  # "welke datum komt er na 23 juni"
            take(i, i + 2, refs)
        elif tok in months or tok in lexicon.normaliser.seasons:
            start, chosen = _period(tokens, i, lexicon)
            if len(chosen) == 1:
                take(start, i + 1, _date_refs(chosen[0], lexicon))
            else:
                take(start, i + 1, [EntityRef("date", tuple(chosen))])
        elif tok.isdigit() and len(tok) == 4 and FIRST_YEAR <= int(tok) <= LAST_YEAR:
            take(i, i + 1, [EntityRef("year", (tok,))])
        elif is_round_token(tok):
            take(i, i + 1, [EntityRef("round", (tok,))])


def _day_range(tokens: list[str], i: int, lexicon: Lexicon) -> tuple[int, tuple[str, ...]] | None:
    """ "12 t/m 26 mei", "12 to 26 May": the end of the phrase and every date in it; None
    when no range of days in one month starts at `i`."""
    words = lexicon.normaliser
    if not (tokens[i].isdigit() and 1 <= int(tokens[i]) <= MAX_DAY):
        return None
    for phrase in words.range_words:
        end = i + 1 + len(phrase)
        if tuple(tokens[i + 1 : end]) != phrase or end + 1 >= len(tokens):
            continue
        last, month_word = tokens[end], tokens[end + 1]
        month = words.months.get(month_word) or words.months_after_day.get(month_word)
        if last.isdigit() and month and int(tokens[i]) < int(last) <= MAX_DAY:
            dates = tuple(f"{day} {month}" for day in range(int(tokens[i]), int(last) + 1))
            return end + 2, dates
    return None


def _listed_month(tokens: list[str], i: int, lexicon: Lexicon) -> str | None:
    """The month a word that is a month only after a day ("may") is, when it follows another
    month and a joining word ("april and may"); else None."""
    words = lexicon.normaliser
    month = words.months_after_day.get(tokens[i])
    if month is None or tokens[i] in words.months or i < 2:
        return None
    return month if tokens[i - 2] in words.months and (tokens[i - 1],) in words.joiners else None


def _period(tokens: list[str], i: int, lexicon: Lexicon) -> tuple[int, list[str]]:
    """The months a month or season at `i` stands for, and where its phrase starts: after
    "na (de)" the months after it, after "voor (de)" those before it ("na de zomer":
    september to december)."""
    words = lexicon.normaliser
    order = words.month_order
    months = list(words.seasons.get(tokens[i], ())) or [words.months[tokens[i]]]
    for start in (i - 1, i - 2):  # "na juni", "na de zomer"
        if start < 0 or (start == i - 2 and len(tokens[i - 1]) > MAX_ARTICLE_LENGTH):
            break
        if tokens[start] in words.after_words:
            return start, order[order.index(months[-1]) + 1 :] or months
        if tokens[start] in words.before_words:
            return start, order[: order.index(months[0])] or months
    return i, months


def _date_refs(date: str, lexicon: Lexicon) -> list[EntityRef]:
    refs = [EntityRef("date", (date,))]
    dagdelen = lexicon.dagdelen_on(date)
    if len(dagdelen) == 1:
        refs.append(EntityRef("dagdeel", (dagdelen[0],)))
    return refs


def _next_dagdeel(refs: list[EntityRef]) -> list[EntityRef]:
    """The dagdeel after the one on a date, when the date is one dagdeel's."""
    on_date = [r.ids[0] for r in refs if r.kind == "dagdeel"]
    return [EntityRef("dagdeel", (str(int(on_date[0]) + 1),))] if on_date else refs


def name_mentions(tokens: list[str], taken: list[bool], lexicon: Lexicon, take: TakeFn) -> None:
    """Names from the knowledge base, longest match first; a match that starts with a stopword
    gives way to one that starts a word later and reaches further ("het [leernetwerk werken
    volgens de bedoeling]")."""
    i = 0
    while i < len(tokens):
        length, refs = _longest_alias(tokens, taken, i, lexicon)
        if refs and tokens[i] in lexicon.stopwords and i + 1 < len(tokens):
            later, _ = _longest_alias(tokens, taken, i + 1, lexicon)
            if later and i + 1 + later > i + length:
                i += 1
                continue
        if refs and length == 1 and i > 0 and tokens[i - 1] in lexicon.normaliser.titles:
            # "wethouder Bakker" is somebody else than our Bart Bakker: a surname after a
            # title names no person of the material.
            refs = [ref for ref in refs if ref.kind != "person"]
        if refs and length == 1 and i > 0 and tokens[i - 1] in lexicon.first_names:
            # "Jan Jansen" is somebody else than our Bouke van der Weide Jansen: a surname
            # after another person's first name.
            first = tokens[i - 1]
            refs = [
                ref
                for ref in refs
                if ref.kind != "person"
                or all(lexicon.first_name_of.get(p) == first for p in ref.ids)
            ]
        if refs:
            take(i, i + length, refs)
            i += length
        else:
            i += 1


def _longest_alias(
    tokens: list[str], taken: list[bool], start: int, lexicon: Lexicon
) -> tuple[int, list[EntityRef]]:
    """The longest alias at `start` (length and meanings), or (0, [])."""
    first = tokens[start]
    if taken[start] or (
        first not in lexicon.alias_starts and not (len(first) > 3 and first.endswith("s"))
    ):
        return 0, []  # (no alias starts with the word, nor with its singular)
    # A long name typed with one word inflected ("leernetwerk werkn volgens de bedoeling")
    # beats a shorter name typed exactly.
    loose = lexicon.loose_alias(tokens, start)
    if loose and any(taken[start : start + len(loose)]):
        loose = None
    longest = min(lexicon.max_alias_length, lexicon.alias_length(tokens[start]))
    for length in range(min(longest, len(tokens) - start), 0, -1):
        if loose and len(loose) > length:
            break
        if any(taken[start : start + length]):
            continue
        refs = lexicon.lookup(tuple(tokens[start : start + length]))
        if refs:
            return length, refs
    if loose:
        return len(loose), lexicon.lookup(loose)
    return 0, []
