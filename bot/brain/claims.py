"""Claims to check ("klopt het dat het boekje in 2018 uitkwam?", "is it true that they meet on
Tuesdays?", "... 4500 euro per deelnemer, toch?"), read as the question they stand for.

The phrase that makes a sentence a claim is dropped, and each value the claim states (a date,
a year, an amount of money, a number, a weekday, a phone number, a length of time, how often,
a subsidy round) is replaced by the question word for that kind of value ("wanneer kwam het
boekje uit"). The answer then gives the
material's value, whether the claim was right or not, and the claimed value is not taken for
a subject of its own ("niets over: 2018"). The phrases and question words live in
knowledge/normalisation.yaml (`claims`).
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.brain.normalize import is_round_token, tokenise
from bot.knowledge.schema import ClaimPhrases
from bot.knowledge.schema import ClaimValue as ValueKind

FIRST_YEAR, LAST_YEAR = 1900, 2099
PHONE_DIGITS = 9  # a number of this many digits, starting with 0, is a phone number


def _phrases(entries: Iterable[str]) -> list[tuple[str, ...]]:
    """Each phrase as tokens, longest first."""
    return sorted({tuple(tokenise(e)) for e in entries if tokenise(e)}, key=len, reverse=True)


# An inner marker ("toch") marks a claim this near the sentence's start (after its first word).
INNER_REACH = 6


class ClaimReader:
    """Rewrites a sentence that states a claim to check into the question it stands for."""

    def __init__(
        self,
        claims: dict[str, ClaimPhrases],
        months: Iterable[str],
        weekdays: Iterable[str],
        keep_number_after: Iterable[str],
        months_after_day: Iterable[str] = (),
    ) -> None:
        """`months` and `weekdays`: their names; `keep_number_after`: words whose number names
        a thing ("dagdeel 5", "nummer 8"), not a value; `months_after_day`: short month names
        only after a day ("3 jan"; "Jan Smit" names a person)."""
        self.openers = {lang: _phrases(p.openers) for lang, p in claims.items()}
        self.closers = {lang: _phrases(p.closers) for lang, p in claims.items()}
        self.inner = {lang: frozenset(p.inner_markers) for lang, p in claims.items()}
        self.questions = {
            lang: {kind: tokenise(q) for kind, q in p.questions.items()}
            for lang, p in claims.items()
        }
        self.about_person = {lang: tokenise(p.about_person) for lang, p in claims.items()}
        self.money_words = frozenset(w for p in claims.values() for w in p.money_words)
        self.period_units = frozenset(w for p in claims.values() for w in p.period_units)
        self.frequency_words = frozenset(w for p in claims.values() for w in p.frequency_words)
        self.each_words = frozenset(w for p in claims.values() for w in p.each_words)
        self.article_words = frozenset(w for p in claims.values() for w in p.article_words)
        self.months = frozenset(months)
        self.months_after_day = frozenset(months_after_day) - self.months
        self.weekdays = tuple(weekdays)
        self.keep_number_after = frozenset(keep_number_after)
        # The first and last words of every opener and closer: a sentence starting and ending
        # with none of them states no claim.
        self._starts = {p[0] for ps in self.openers.values() for p in ps}
        self._ends = {p[-1] for ps in self.closers.values() for p in ps}

    def with_closers(self, sentences: list[tuple[list[str], bool]]) -> list[tuple[list[str], bool]]:
        """`sentences` (each with whether it asks) with a sentence that only closes a claim
        ("... op dinsdagmiddag. Klopt dat?") joined to the one before it."""
        closers = [p for ps in self.closers.values() for p in ps]  # (longest first)
        joined: list[tuple[list[str], bool]] = []
        for tokens, asks in sentences:
            # ... also one that opens with it ("Klopt dat, of moet ik het aanpassen?")
            closer = next((p for p in closers if tuple(tokens[: len(p)]) == p), None)
            if joined and closer is not None:
                joined[-1] = (joined[-1][0] + list(closer), True)
                rest = tokens[len(closer) :]
                if rest:
                    joined.append((rest, asks))
            else:
                joined.append((tokens, asks))
        return joined

    def question(self, tokens: list[str]) -> list[str]:
        """The question a claim stands for ("klopt het dat het in 2018 was" -> "het was
        wanneer"), or `tokens` as they are when they state no claim or no value."""
        if not tokens or not self._may_claim(tokens):
            return tokens
        found = self._claim(tokens)
        if found is None:
            return tokens
        language, rest = found
        rewritten = self._values_asked(rest, self.questions[language])
        return rewritten if rewritten != rest else tokens

    def claim(self, tokens: list[str]) -> tuple[str, list[str]] | None:
        """The claim's language and its words without the opener or closer, or None when
        `tokens` state no claim."""
        if not tokens or not self._may_claim(tokens):
            return None
        return self._claim(tokens)

    def _may_claim(self, tokens: list[str]) -> bool:
        """False when `tokens` start with no opener, end with no closer and hold no inner
        marker (a quick test before `_claim`)."""
        inner = any(not m.isdisjoint(tokens[1:INNER_REACH]) for m in self.inner.values())
        return tokens[0] in self._starts or tokens[-1] in self._ends or inner

    def _claim(self, tokens: list[str]) -> tuple[str, list[str]] | None:
        """The claim's language and its words without the opener or closer, or None."""
        for language, phrases in self.openers.items():
            for phrase in phrases:
                if tuple(tokens[: len(phrase)]) == phrase and tokens[len(phrase) :]:
                    return language, tokens[len(phrase) :]
        for language, phrases in self.closers.items():
            for phrase in phrases:
                if tuple(tokens[-len(phrase) :]) == phrase and tokens[: -len(phrase)]:
                    return language, tokens[: -len(phrase)]
        for language, markers in self.inner.items():  # "werkpakket 13 gaat *toch* over ..."
            for i in range(1, min(INNER_REACH, len(tokens) - 1)):
                if tokens[i] in markers:
                    return language, [*tokens[:i], *tokens[i + 1 :]]
        return None

    def _values_asked(self, tokens: list[str], questions: dict[ValueKind, list[str]]) -> list[str]:
        """`tokens` with each run of value words replaced by the question for its kind."""
        out: list[str] = []
        i = 0
        while i < len(tokens):
            end, kind = self._value_at(tokens, i)
            if kind is None or kind not in questions:
                out.append(tokens[i])
                i += 1
                continue
            out.extend(questions[kind])
            i = end
        return out

    def _value_at(self, tokens: list[str], start: int) -> tuple[int, ValueKind | None]:
        """The end of the value starting at `start` and its kind (None: no value there)."""
        token = tokens[start]
        if token.startswith(self.weekdays):
            return start + 1, ValueKind.WEEKDAY
        if token in self.frequency_words:  # "wekelijks"
            return start + 1, ValueKind.FREQUENCY
        if is_round_token(token):  # "2022/2"
            return start + 1, ValueKind.ROUND
        after = tokens[start + 1] if start + 1 < len(tokens) else ""
        if token in self.each_words and after in self.period_units:  # "elke week"
            return start + 2, ValueKind.FREQUENCY
        if token in self.article_words and after in self.period_units:  # "een jaar"
            return start + 2, ValueKind.PERIOD
        run = start
        while run < len(tokens) and tokens[run].isdigit():
            run += 1
        digits = "".join(tokens[start:run])
        if digits.startswith("0") and len(digits) >= PHONE_DIGITS:  # "0343-595802"
            return run, ValueKind.PHONE
        if start and tokens[start - 1] in self.keep_number_after:
            return start, None
        kinds: set[ValueKind] = set()
        end = start
        while end < len(tokens):
            word = tokens[end]
            if word.isdigit():
                kinds.add(self._number_kind(word))
            elif word in self.months or (word in self.months_after_day and kinds):
                kinds.add(ValueKind.DATE)
            elif word in self.money_words and kinds:
                kinds.add(ValueKind.MONEY)
            elif word in self.period_units and kinds:  # "een jaar", "3 weken"
                kinds.add(ValueKind.PERIOD)
            else:
                break
            end += 1
        if not kinds:
            return start, None
        for kind in (ValueKind.DATE, ValueKind.MONEY, ValueKind.PERIOD, ValueKind.YEAR):
            if kind in kinds:
                return end, kind
        return end, ValueKind.NUMBER

    @staticmethod
    def _number_kind(word: str) -> ValueKind:
        """A year ("2018") or another number."""
        year = len(word) == 4 and FIRST_YEAR <= int(word) <= LAST_YEAR
        return ValueKind.YEAR if year else ValueKind.NUMBER
