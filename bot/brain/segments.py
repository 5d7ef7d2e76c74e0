"""Message clean-up before understanding, driven by knowledge/normalisation.yaml.

Chat abbreviations are expanded ("wnr" -> "wanneer"), a closing formula and the signature after
it are dropped, greetings, thanks and acknowledgements around a sentence are dropped, and the
message is split into sentences. The brain scores the whole message and each sentence, so a
question in the middle of a long, polite letter is still found.
"""

from __future__ import annotations

import re

from bot.brain.claims import ClaimReader
from bot.brain.normalize import tokenise
from bot.brain.per_message import once
from bot.knowledge.schema import Normalisation

# Sentence ends: question and exclamation marks, semicolons, line breaks, a full stop, comma
# or colon before a space, and emoji, which chat users put where a full stop would be.
_BREAK = re.compile(r"[?!;\n\u2600-\u27bf\U0001f300-\U0001faff]+|[.,:](?=\s|$)")
# Text in brackets.
_ASIDE = re.compile(r"\(([^()]*)\)")
# What follows a closing formula is a signature when it is at most this many words long.
SIGNATURE_MAX_TOKENS = 10


def _phrases(entries: list[str]) -> set[tuple[str, ...]]:
    return {tuple(tokenise(entry)) for entry in entries if tokenise(entry)}


def _by_first_word(phrases: set[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
    """`phrases` (none empty) by their first word, each list in the set's own order."""
    found: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        found.setdefault(phrase[0], []).append(phrase)
    return found


# A conjunction this far into a sentence or further may join a clause (see joins_a_clause).
CONJUNCTION_START = 3
# An introduction ("ik ben stagiair en ...") names the writer in at most this many words.
INTRODUCTION_WORDS = 4
# A piece of a message without punctuation this long is a run-on voice note, cut at its
# run_on_breaks into pieces of at least RUN_ON_MIN_PIECE words.
RUN_ON_TOKENS = 30
RUN_ON_MIN_PIECE = 5
# In a shorter sentence those words start a new clause between pieces of at least this many
# words ("budget is goedgekeurd *dus* inschrijven voor het leernetwerk").
CLAUSE_MIN_PIECE = 3
# A question this short ("via wie?", "en waar?") continues the sentence before it.
FRAGMENT_TOKENS = 2
# ... and so does a clause after a joining word ("..., en het telefoonnummer") that asks or is
# at most this long.
JOINED_MAX_TOKENS = 5


class Candidates(list[list[str]]):
    """A message's candidates (the whole, then each sentence) and, per sentence, whether it
    ends in a question mark."""

    def __init__(self, items: list[list[str]], marked: tuple[bool, ...]) -> None:
        super().__init__(items)
        self.marked = marked


class Normaliser:
    """Expands abbreviations and splits a message into sentences; see the module docstring."""

    def __init__(self, data: Normalisation) -> None:
        self.abbreviations = {
            tuple(tokenise(short)): tokenise(full) for short, full in data.abbreviations.items()
        }
        # Names the word before completes ("voor burg": Voorburg, not "voor burgemeester");
        # the lexicon fills this in with the words of the material's names.
        self.completed_names: frozenset[str] = frozenset()
        # Words that say nothing about the question ("benieuwd"); the lexicon fills this in.
        self.filler_words: frozenset[str] = frozenset()
        courtesy = _phrases(data.courtesy)  # "dag", and "dag collega's", "thanks all"
        self.courtesy = courtesy | {c + a for c in courtesy for a in _phrases(data.addressees)}
        self.sign_offs = _phrases(data.sign_offs)
        self.introductions = _phrases(data.introductions)
        self.question_markers = _phrases(data.question_markers)
        self.run_on_breaks = _phrases(data.run_on_breaks)
        self.off_topic = frozenset(t for entry in data.off_topic for t in tokenise(entry))
        self.number_markers = frozenset(t for m in data.number_markers for t in tokenise(m))
        self.name_particles = frozenset(t for p in data.name_particles for t in tokenise(p))
        self.joiners = _phrases(data.joiners)
        self.clause_conjunctions = frozenset(data.clause_conjunctions)
        self.condition_starts = frozenset(data.condition_starts)
        self.months = dict(data.months)  # month name -> Dutch month
        self.months_after_day = dict(data.months_after_day)  # "3 may", "3 jan"
        self.theme_cues = frozenset(data.theme_cues)
        self.range_words = _phrases(data.range_words)
        self.group_cues = _phrases(data.group_cues)
        self.after_words = frozenset(data.after_words)
        self.before_words = frozenset(data.before_words)
        self.seasons = {season: tuple(months) for season, months in data.seasons.items()}
        self.month_order = list(dict.fromkeys(data.months.values()))  # januari ... december
        self.last = frozenset(data.last_words)
        self.second_last = frozenset(data.second_last_words)
        self.steps = dict.fromkeys(data.next_words, 1) | dict.fromkeys(data.previous_words, -1)
        self.pointed_steps = dict.fromkeys(data.pointed_previous_words, -1)
        self.step_verbs = frozenset(data.step_verbs)
        # the words one of those must follow: a pointing word ("die", "one")
        self.pointers = frozenset(t for cue in data.pick_cues for t in tokenise(cue)) | frozenset(
            data.one_words
        )
        self.followup_starts = frozenset(data.followup_starts)
        self.correction_starts = frozenset(data.correction_starts)
        self.other_words = frozenset(t for w in data.other_words for t in tokenise(w))
        self.question_starts = frozenset(data.question_starts)
        self.phrase_gaps = frozenset(data.phrase_gaps)
        self.titles = frozenset(data.titles)
        self.anaphora = frozenset(data.anaphora)
        self.personal_pronouns = frozenset(data.personal_pronouns)
        self.modal_starts = frozenset(data.modal_starts)
        self.speaker_pronouns = frozenset(data.speaker_pronouns)
        self.writer_possessives = frozenset(data.writer_possessives)
        self.question_prepositions = frozenset(data.question_prepositions)
        self.definite_articles = frozenset(data.definite_articles)
        # Claims to check, read as questions; the lexicon sets this up.
        self.claims: ClaimReader | None = None
        self._longest = max(len(p) for p in [*self.abbreviations, *self.courtesy, *self.sign_offs])
        # The words the courtesy, sign-off and joiner phrases start with, and courtesy ends
        # with: a sentence with another first or last word holds none at that end.
        self._first_words = {p[0] for p in [*self.courtesy, *self.sign_offs, *self.joiners]}
        self._last_words = {p[-1] for p in self.courtesy}
        # The question markers and introductions by their first word, each list in its set's
        # own order (the order they were tried in, all of them at every word; none is empty).
        self._markers = _by_first_word(self.question_markers)
        self._introductions = _by_first_word(self.introductions)
        # The longest abbreviation starting with each word (no entry: none starts with it).
        self._abbreviation_lengths: dict[str, int] = {}
        for short in filter(None, self.abbreviations):
            known = self._abbreviation_lengths.get(short[0], 0)
            self._abbreviation_lengths[short[0]] = max(known, len(short))

    def expand(self, tokens: list[str]) -> list[str]:
        """Chat abbreviations replaced by their full words, longest match first."""
        out: list[str] = []
        i = 0
        while i < len(tokens):
            if tokens[i] not in self._abbreviation_lengths or (  # (none starts here)
                out and out[-1] + tokens[i] in self.completed_names
            ):
                out.append(tokens[i])
                i += 1
                continue
            longest = min(self._longest, self._abbreviation_lengths[tokens[i]])
            for length in range(min(longest, len(tokens) - i), 0, -1):
                full = self.abbreviations.get(tuple(tokens[i : i + length]))
                if full is not None:
                    out.extend(full)
                    i += length
                    break
            else:
                out.append(tokens[i])
                i += 1
        return out

    def _starts_with(self, tokens: list[str], phrases: set[tuple[str, ...]]) -> int:
        """Length of the longest phrase (courtesy, sign-off or joiner) `tokens` starts with (0
        if none)."""
        if not tokens or tokens[0] not in self._first_words:
            return 0
        for length in range(min(self._longest, len(tokens)), 0, -1):
            if tuple(tokens[:length]) in phrases:
                return length
        return 0

    def _ends_with(self, tokens: list[str], phrases: set[tuple[str, ...]]) -> int:
        """Length of the longest courtesy phrase `tokens` ends with (0 if none)."""
        if not tokens or tokens[-1] not in self._last_words:
            return 0
        for length in range(min(self._longest, len(tokens)), 0, -1):
            if tuple(tokens[-length:]) in phrases:
                return length
        return 0

    def starts_a_range(self, tokens: list[str]) -> bool:
        """True when `tokens` go on a range of letters from the one before them: "t/m F",
        "to F", or just "F" ("A-F")."""
        for words in [(), *self.range_words]:
            end = tokens[len(words) : len(words) + 1]
            if tuple(tokens[: len(words)]) == words and end and len(end[0]) == 1:
                return end[0].isalpha()
        return False

    def joins_a_clause(self, tokens: list[str], index: int) -> bool:
        """True when the word at `index` is a conjunction joining a clause inside the
        sentence ("... about leaders *when* falling back is tempting"), not a question word
        ("*wanneer* is dagdeel 3", "en *wanneer*?", "dagdeel 3 *wanneer*")."""
        return (
            tokens[index] in self.clause_conjunctions
            and CONJUNCTION_START <= index < len(tokens) - 1
            and (tokens[index - 1],) not in self.joiners
        )

    def _at_question_marker(self, tokens: list[str]) -> list[list[str]]:
        """`tokens` cut where a phrase announces the question ("... dus mijn vraag is
        eigenlijk hoeveel kost het" -> the story, and "eigenlijk hoeveel kost het"), and a
        long run-on piece where a word starts a new sentence ("... dus eh ik wil ...")."""
        for start in range(1, len(tokens)):
            if tokens[start - 1] in self.speaker_pronouns:
                continue  # "ik wil weten ...": the writer asks in the sentence itself
            for marker in self._markers.get(tokens[start], ()):
                end = start + len(marker)
                if tuple(tokens[start:end]) == marker and tokens[end:]:
                    return [tokens[:start], tokens[end:]]
        least = RUN_ON_MIN_PIECE if len(tokens) >= RUN_ON_TOKENS else CLAUSE_MIN_PIECE
        pieces, begin = [], 0
        for start in range(least, len(tokens) - least + 1):
            if start - begin >= least and any(
                tuple(tokens[start : start + len(b)]) == b for b in self.run_on_breaks
            ):
                pieces.append(tokens[begin:start])
                begin = start
        return [*pieces, tokens[begin:]]

    def _without_introduction(self, tokens: list[str]) -> list[str]:
        """ "ik ben stagiair en ik wil weten wat het kost" -> "ik wil weten wat het kost": an
        introduction of a few words, ended by a joiner (or a question word: "wij zijn
        wijkcoaches welke ..."), said who asks."""
        for intro in self._introductions.get(tokens[0], ()) if tokens else ():
            if tuple(tokens[: len(intro)]) != intro:
                continue
            reach = tokens[len(intro) : len(intro) + INTRODUCTION_WORDS + 1]
            for i, token in enumerate(reach, len(intro)):
                if (token,) in self.joiners and i > len(intro) and tokens[i + 1 :]:
                    return tokens[i + 1 :]
                said = tokens[len(intro) : i]  # "wij zijn wijkcoaches welke ...", not "ik ben
                if token in self.question_starts and not self.filler_words.issuperset(said):
                    return tokens[i:]  # benieuwd wat ..."

        return tokens

    def strip_courtesy(self, tokens: list[str]) -> list[str]:
        """`tokens` without greetings, thanks and acknowledgements at either end."""
        while tokens:
            cut = self._starts_with(tokens, self.courtesy)
            if cut:
                tokens = tokens[cut:]
                continue
            cut = self._ends_with(tokens, self.courtesy)
            if cut:
                tokens = tokens[:-cut]
                continue
            break
        return tokens

    def sentences(self, text: str) -> list[list[str]]:
        """The message's sentences as token lists: abbreviations expanded, courtesy and the
        signature dropped. A message that is only courtesy ("hallo", "bedankt!") comes back
        whole, so small talk is still recognised."""
        return [sentence for sentence, _asks in self._sentences(text)]

    def marked(self, text: str) -> list[bool]:
        """Per sentence (as `sentences` gives them): True when it ends in a question mark."""
        return [asks for _sentence, asks in self._sentences(text)]

    def _sentences(self, text: str) -> list[tuple[list[str], bool]]:
        """The sentences, each with whether it ends in a question mark (made once per
        message)."""
        return once(("sentences", id(self), text), lambda: self._read_sentences(text))

    def _read_sentences(self, text: str) -> list[tuple[list[str], bool]]:
        # An aside in brackets ("kan iemand (lees: de bot 😄) alle dagdelen ...") breaks no
        # sentence.
        text = _ASIDE.sub(lambda m: f" {_BREAK.sub(' ', m.group(1))} ", text)
        # Each piece with whether it ends in a question mark ("via wie?" asks).
        raw = _BREAK.split(text)
        marks = [m.group() for m in _BREAK.finditer(text)] + [""]
        split: list[tuple[list[str], bool]] = []
        for p, m, before in zip(raw, marks, ["", *marks], strict=False):
            tokens = self.expand(tokenise(p))
            if before.strip() == ":" and split and tokens and all(t.isdigit() for t in tokens):
                # "van wie is dit telefoonnummer: 06 52 44 31 41?": the value of the sentence
                split[-1] = (split[-1][0] + tokens, split[-1][1] or "?" in m)
                continue
            split += [(part, "?" in m) for part in self._at_question_marker(tokens)]
        asking = [a for p, a in split if p]
        pieces = [p for p, _a in split if p]
        for index in range(1, len(pieces)):
            rest = sum(len(p) for p in pieces[index:])
            if self._starts_with(pieces[index], self.sign_offs) and rest <= SIGNATURE_MAX_TOKENS:
                pieces = pieces[:index]
                break
        kept: list[tuple[list[str], bool]] = []
        for piece, asks in zip(pieces, asking, strict=False):
            sentence = self._without_introduction(self.strip_courtesy(piece))
            short = len(sentence) <= JOINED_MAX_TOKENS
            if (
                kept
                and sentence
                and (
                    (self._starts_with(sentence, self.joiners) and (asks or short))
                    or (asks and len(sentence) <= FRAGMENT_TOKENS)
                )
            ):
                # "..., and what's the phone number?", "hoe meld ik me aan? via wie?"; a
                # long clause that asks nothing is a sentence of its own ("..., en we willen
                # ons nu inschrijven voor het leernetwerk.")
                kept[-1] = (kept[-1][0] + sentence, kept[-1][1] or asks)
            elif sentence:
                kept.append((sentence, asks))
        if self.claims is not None:  # "klopt het dat ...?", "..., right?": asked as questions
            claims = self.claims
            kept = claims.with_closers(kept)  # "... op dinsdag. Klopt dat?"
            kept = [(c, asks or c is not s) for s, asks in kept for c in [claims.question(s)]]
        if kept:
            return kept
        whole = [t for p in pieces for t in p]
        return [(whole, any(asking))] if whole else []

    def candidates(self, text: str) -> list[list[str]]:
        """What to score: the whole cleaned message, then each sentence when there are more
        (made once per message: see bot/brain/per_message.py)."""
        return once(("candidates", id(self), text), lambda: self._candidates(text))

    def _candidates(self, text: str) -> list[list[str]]:
        sentences = self.sentences(text)
        if len(sentences) <= 1:
            return sentences
        return Candidates(
            [[t for s in sentences for t in s], *sentences], marked=tuple(self.marked(text))
        )
