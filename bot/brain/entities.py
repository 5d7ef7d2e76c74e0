"""Entity extraction: which dagdelen, werkpakketten, projects, people, topics, dates ... a
message mentions, and which words are left over for intent matching."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.brain.lexicon import DOCUMENT, FILLER, EntityRef, Lexicon
from bot.brain.mention_filters import filter_mentions
from bot.brain.mentions import TakeFn, date_mentions, name_mentions
from bot.brain.normalize import number_token, tokenise
from bot.brain.per_message import once
from bot.brain.segments import Normaliser

# A message this short starting with "en", or picking "de tweede", follows on from the last.
FOLLOWUP_TOKENS = 6
_NUMBERED_KINDS = {"dagdeel": "dagdeel", "werkpakket": "werkpakket"}  # cue concept -> kind
# A kind word right before a name ("werkpakket Grenzeloos samenwerken", "thema ...") says
# which of the things of that name is meant (cue concept -> kind).
_NAMING_KINDS = {**_NUMBERED_KINDS, "thema": "theme"}


@dataclass(slots=True)
class Mention:
    """A span of the message that names something, with its possible meanings."""

    start: int
    end: int  # exclusive
    refs: list[EntityRef]
    surface: str


@dataclass(slots=True)
class Analysis:
    """A message after normalisation, correction and entity extraction."""

    tokens: list[str]
    mentions: list[Mention] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # content words as concepts
    unknown: list[str] = field(default_factory=list)  # content words the lexicon doesn't know
    followup_cue: bool = False
    ordinal: int | None = None  # a lone "de vijfde", resolved against the context
    step: int = 0  # "de volgende" (+1) or "de vorige" (-1), relative to the context
    raw: list[str] = field(default_factory=list)  # the tokens before spelling correction
    excluded: list[str] = field(default_factory=list)  # ids negated away: "not Asten, ..."

    def kinds(self) -> set[str]:
        """Every entity kind some mention may have."""
        return {ref.kind for m in self.mentions for ref in m.refs}


LAST = "last"  # the id of the last of a document's numbered parts ("de laatste")


def numbered_id(ordinal: int) -> str:
    """The id a numbered part is asked by: "5", or from the end "last", "last-1" (the one
    before the last)."""
    if ordinal >= 0:
        return str(ordinal)
    return LAST if ordinal == -1 else f"{LAST}{ordinal + 1}"


def number_of(numbered: str, total: int) -> int:
    """The number of a part asked by `numbered_id` among `total` parts."""
    if numbered.startswith(LAST):
        return total + int(numbered[len(LAST) :] or 0)
    return int(numbered)


def analyse(text: str, lexicon: Lexicon) -> Analysis:
    """Normalise `text` and find its entities and content words."""
    return analyse_tokens(lexicon.normaliser.expand(tokenise(text)), lexicon)


def analyse_tokens(raw: list[str], lexicon: Lexicon) -> Analysis:
    """Find the entities and content words of an already tokenised message."""
    return once(("analysis", id(lexicon), *raw), lambda: _analyse_tokens(raw, lexicon))


def _analyse_tokens(raw: list[str], lexicon: Lexicon) -> Analysis:
    raw = lexicon.join_compounds(raw)  # "dag deel" -> "dagdeel"
    tokens = [number_token(lexicon.correct(tok)) for tok in raw]  # "vjif" -> "vijf" -> "5"
    analysis = Analysis(tokens=tokens, raw=raw)
    concepts = [lexicon.concepts.get((tok,)) for tok in tokens]
    taken = [False] * len(tokens)

    def take(start: int, end: int, refs: list[EntityRef]) -> None:
        analysis.mentions.append(Mention(start, end, refs, " ".join(raw[start:end])))
        for i in range(start, end):
            taken[i] = True

    words = lexicon.normaliser
    _numbered_mentions(tokens, concepts, words, lexicon.concepts, take)
    date_mentions(tokens, taken, lexicon, take)
    name_mentions(tokens, taken, lexicon, take)
    for i, tok in enumerate(tokens):
        if taken[i]:
            continue
        if tok.startswith("#") and tok[1:].isdigit() and not _in_concept(tokens, taken, i, lexicon):
            analysis.ordinal = int(tok[1:])
            taken[i] = True
            _numbered_in_document(analysis, i, raw[i])
        elif tok in words.number_markers and _small_number(tokens, i + 1) and not taken[i + 1]:
            # "vertel meer over nummer 3": the third of what was just listed
            analysis.ordinal = int(tokens[i + 1])
            taken[i] = taken[i + 1] = True
        elif tok in words.last and not any(c in ("dagdeel", "werkpakket") for c in concepts):
            analysis.ordinal = -1
            taken[i] = True
        elif tok in words.second_last:  # "de voorlaatste"
            analysis.ordinal = -2
            taken[i] = True
        elif tok in words.steps and _ends_phrase(tokens, i, lexicon, concepts):
            analysis.step = words.steps[tok]
            taken[i] = True
        elif (
            tok in words.pointed_steps
            and i
            and _ends_phrase(tokens, i, lexicon, concepts)
            and _points_to_step(raw, concepts, i - 1, words)
        ):  # "het dagdeel daarvoor", "en die daarvoor?", "the one before?"
            analysis.step = words.pointed_steps[tok]
            taken[i] = True
    if (
        analysis.ordinal is None
        and not analysis.step
        and tokens
        and tokens[0] in words.followup_starts
    ):
        # "en 12?", "en bij 7": a bare number after "en" picks like "nummer 12"
        rest = [i for i in range(1, len(tokens)) if not taken[i]]
        numbers = [i for i in rest if _small_number(tokens, i)]
        others = [tokens[i] for i in rest if i not in numbers]
        if len(numbers) == 1 and all(t in lexicon.stopwords for t in others):
            analysis.ordinal = int(tokens[numbers[0]])
            taken[numbers[0]] = True
    analysis.mentions.sort(key=lambda m: m.start)
    _kind_named_before(analysis, concepts)
    _drop_foreign_words(analysis, taken)
    filter_mentions(analysis, taken, lexicon)
    _content_words(tokens, taken, lexicon, analysis)
    short = len(tokens) <= FOLLOWUP_TOKENS
    analysis.followup_cue = bool(tokens) and (
        (tokens[0] in words.followup_starts and short)
        or (analysis.ordinal is not None and short)  # "vertel meer over de tweede"
        or any(t in words.anaphora for t in tokens)
    )
    return analysis


def _numbered_in_document(analysis: Analysis, index: int, surface: str) -> None:
    """ "#9 toolkit", "leernetwerk #3": a number beside a document's name is its werkpakket
    or dagdeel."""
    number = surface.lstrip("#")
    if not number.isdigit() or any(
        r.kind in NUMBERED_IN_DOCUMENT.values() for m in analysis.mentions for r in m.refs
    ):
        return
    for mention in list(analysis.mentions):
        for ref in mention.refs:
            kind = NUMBERED_IN_DOCUMENT.get(ref.ids[0]) if ref.kind == DOCUMENT else None
            if kind and abs(mention.start - index) <= NUMBER_REACH:
                ref_new = EntityRef(kind, (str(int(number)),))
                analysis.mentions.append(Mention(index, index + 1, [ref_new], surface))
                return


def _kind_named_before(analysis: Analysis, concepts: list[str | None]) -> None:
    """ "wat is werkpakket Grenzeloos samenwerken": a name of things of several kinds (the
    werkpakket and the theme) right after one kind's word means the thing of that kind."""
    for mention in analysis.mentions:
        kind = _NAMING_KINDS.get(concepts[mention.start - 1] or "") if mention.start else None
        refs = [r for r in mention.refs if r.kind == kind]
        if kind and refs and len(refs) < len(mention.refs):
            mention.refs = refs


def _drop_foreign_words(analysis: Analysis, taken: list[bool]) -> None:
    """ "wat zegt de leergang over de systeemwereld": a one-word name of another document's
    part (dagdeel 2's "systeemwereld") is a plain word in a question naming a document and
    none of its own parts."""
    named = set(document_ids(analysis))
    own_parts = any(PART_HOME.get(r.kind) in named for m in analysis.mentions for r in m.refs)
    if not named or own_parts:
        return
    kept = []
    for mention in analysis.mentions:
        homes = {PART_HOME.get(r.kind) for r in mention.refs}
        if mention.end - mention.start == 1 and None not in homes and not homes & named:
            taken[mention.start] = False
            continue
        kept.append(mention)
    analysis.mentions = kept


def _small_number(tokens: list[str], index: int) -> bool:
    """True when `tokens[index]` is a number of at most two digits (a position in a list)."""
    return index < len(tokens) and tokens[index].isdigit() and len(tokens[index]) <= 2


def _points_to_step(
    raw: list[str], concepts: list[str | None], before: int, words: Normaliser
) -> bool:
    """True when the word at `before` makes the next one a step back: a numbered kind ("het
    dagdeel daarvoor", also with a verb of place between: "welk werkpakket komt daarvoor"),
    or a pointer in a message asking nothing else ("en die daarvoor?", not "wat deed die
    daarvoor?")."""
    if raw[before] in words.step_verbs and before:
        before -= 1
    if concepts[before] in _NUMBERED_KINDS or raw[before] in words.theme_cues:
        return True  # ("het deel daarvoor": the theme before)
    return raw[before] in words.pointers and words.question_starts.isdisjoint(raw)


def _ends_phrase(
    tokens: list[str], index: int, lexicon: Lexicon, concepts: list[str | None]
) -> bool:
    """True when only stopwords, or the word of a numbered kind, follow `index` ("en de
    volgende?", "en het volgende dagdeel?", not "de volgende verkiezing"); "the next one" ends
    with the pronoun "one", read as the number 1 right after the word."""
    start = index + 1
    if tokens[start : start + 1] == ["1"]:
        start += 1
    return all(
        tokens[j] in lexicon.stopwords or concepts[j] in _NUMBERED_KINDS
        for j in range(start, len(tokens))
    )


def _numbered_mentions(
    tokens: list[str],
    concepts: list[str | None],
    words: Normaliser,
    phrases: Mapping[tuple[str, ...], str],
    take: TakeFn,
) -> None:
    """ "dagdeel 5", "het vijfde dagdeel", "werkpakket #9", "werkpakket nummer 15", "thema b",
    "laatste dagdeel"."""
    for i, concept in enumerate(concepts):
        kind = _NUMBERED_KINDS.get(concept or "")
        if kind:
            skip = 1 if i + 2 < len(tokens) and tokens[i + 1] in words.number_markers else 0
            after = tokens[i + 1 + skip] if i + 1 + skip < len(tokens) else ""
            # "the first *work* package": the kind named by two words
            start = i - 1 if i > 0 and phrases.get((tokens[i - 1], tokens[i])) == concept else i
            before = tokens[start - 1] if start > 0 else ""
            number = after.lstrip("#") if after.lstrip("#").isdigit() else ""
            if number and len(number) <= 3:
                take(i, i + 2 + skip, [EntityRef(kind, (str(int(number)),))])
            elif before.startswith("#") and before[1:].isdigit():
                take(start - 1, i + 1, [EntityRef(kind, (before[1:],))])
            elif before in words.last:
                take(start - 1, i + 1, [EntityRef(kind, (LAST,))])
        elif concept in words.theme_cues or tokens[i] in words.theme_cues:
            after = tokens[i + 1] if i + 1 < len(tokens) else ""
            one = len(after) == 1 and after.isalpha()
            if one and not words.starts_a_range(tokens[i + 2 :]):  # ("thema's A t/m F")
                take(i, i + 2, [EntityRef("theme", (after.upper(),))])


# The numbered things of a document ("#9 toolkit": werkpakket 9), and how near the number
# must be to the document's name.
NUMBERED_IN_DOCUMENT = {"verandertoolkit": "werkpakket", "leernetwerk": "dagdeel"}
# The document each kind of numbered thing belongs to.
HOME_DOCUMENT = {
    "dagdeel": "leernetwerk",
    "date": "leernetwerk",  # a date the brain looks up is a Leernetwerk dagdeel's
    "werkpakket": "verandertoolkit",
    "theme": "verandertoolkit",
}
# ... and each kind of part named by a word (a date is no part's name).
PART_HOME = {kind: home for kind, home in HOME_DOCUMENT.items() if kind != "date"}
NUMBER_REACH = 2
# At most this many words stand between the parts of a separable verb ("schrijf ... in").
MAX_SEPARATED = 3


def _content_words(
    tokens: list[str], taken: list[bool], lexicon: Lexicon, analysis: Analysis
) -> None:
    """Left-over tokens as concepts (synonyms folded), stopwords dropped. A phrase may have
    gap words inside it ("schrijf ons even in")."""
    i = 0
    while i < len(tokens):
        if taken[i]:
            i += 1
            continue
        concept, end = _concept_at(tokens, taken, i, lexicon)
        if concept is not None:
            if concept != FILLER:
                analysis.words.append(concept)
            i = end
            continue
        tok = tokens[i]
        if tok not in lexicon.stopwords and not tok.isdigit():
            analysis.words.append(tok)
            if not lexicon.is_known(tok):
                analysis.unknown.append(tok)
        i += 1


def _in_concept(tokens: list[str], taken: list[bool], index: int, lexicon: Lexicon) -> bool:
    """True when the word at `index` is inside a concept phrase of two or more words ("for
    the *first* time", "first run"): no ordinal."""
    for start in range(max(0, index - lexicon.max_concept_length + 1), index + 1):
        concept, end = _concept_at(tokens, taken, start, lexicon)
        if concept and end > index and end - start > 1:
            return True
    return False


def _concept_at(
    tokens: list[str], taken: list[bool], start: int, lexicon: Lexicon
) -> tuple[str | None, int]:
    """The longest concept phrase starting at `start` and the index after it: as typed, or
    else with the normaliser's gap words inside it left out."""
    limit = min(lexicon.max_concept_length, len(tokens) - start)
    reach = 1  # no phrase is longer than the run of words that begins one
    while reach < limit and tuple(tokens[start : start + reach + 1]) in lexicon.concept_prefixes:
        reach += 1
    for length in range(reach, 0, -1):
        if any(taken[start : start + length]):
            continue
        concept = lexicon.concepts.get(tuple(tokens[start : start + length]))
        if concept:
            # "schrijven we onze gemeente in": a separable verb reaching further than the
            # word it starts with means something else ("schrijven": writing).
            separable, end = _separable_at(tokens, start, lexicon)
            if separable not in (None, concept) and end > start + length:
                return separable, end
            return concept, start + length
    gaps = lexicon.normaliser.phrase_gaps
    if tokens[start] in gaps:
        return None, start
    kept: list[int] = [start]  # indices of the phrase's words, gap words skipped
    for j in range(start + 1, len(tokens)):
        if taken[j] or len(kept) >= lexicon.max_concept_length:
            break
        if tokens[j] not in gaps:
            kept.append(j)
    for length in range(len(kept), 1, -1):
        if kept[length - 1] - start + 1 == length:
            break  # no gap inside: tried as typed above
        concept = lexicon.concepts.get(tuple(tokens[k] for k in kept[:length]))
        if concept:
            return concept, kept[length - 1] + 1
    return _separable_at(tokens, start, lexicon)


def _separable_at(tokens: list[str], start: int, lexicon: Lexicon) -> tuple[str | None, int]:
    """ "schrijf gemeente Zutphen in": a separable verb of the vocabulary ("schrijf * in")
    with at most MAX_SEPARATED words between its parts."""
    if lexicon.separable_starts is not None and tokens[start] not in lexicon.separable_starts:
        return None, start
    for head, tails in lexicon.separable.items():
        if tuple(tokens[start : start + len(head)]) != head:
            continue
        after = start + len(head)
        for gap in range(1, MAX_SEPARATED + 1):
            for tail, concept in tails:
                at = after + gap
                if tuple(tokens[at : at + len(tail)]) == tail:
                    return concept, at + len(tail)
    return None, start


def document_ids(analysis: Analysis) -> list[str]:
    """Documents the message names ("leernetwerk", "toolkit", "apeldoorn")."""
    return [ref.ids[0] for m in analysis.mentions for ref in m.refs if ref.kind == DOCUMENT]
