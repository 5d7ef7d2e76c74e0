"""Which of the mentions found in a message stand: a description word, a theme word or a
one-word title beside a project named by name is a plain word about that project; a project
contact beside their project asks about it; a place with several projects beside one of them
by its title means that one (see bot/brain/entities.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

from bot.brain.lexicon import DOCUMENT, EntityRef, Lexicon

NEGATION = "ontkenning"  # the concept of "niet", "not" (knowledge/vocabulary.yaml)
PLACE = "gemeente"  # the kind of a place's mention
WERKPAKKET = "werkpakket"  # the kind of a werkpakket's mention, and the concept naming one

if TYPE_CHECKING:
    from bot.brain.entities import Analysis, Mention


def filter_mentions(analysis: Analysis, taken: list[bool], lexicon: Lexicon) -> None:
    """Drop or narrow the mentions of `analysis` that the words around them explain; a word
    left as a plain word is no longer `taken`. (Parts of another document than the one named
    are dropped before, in bot/brain/entities.py.)"""
    if _holds_phrase(analysis.tokens, lexicon.normaliser.group_cues):
        _prefer_themes(analysis)
    _drop_writers_own(analysis, taken, lexicon.keywords, lexicon.normaliser.writer_possessives)
    words = lexicon.normaliser
    _drop_roles_of_places(analysis, taken, words.titles, words.question_prepositions)
    _drop_corrected(analysis, taken, lexicon)
    _drop_parts_of_document_names(analysis, taken, lexicon.document_names, lexicon.concepts)
    _drop_other_keywords(analysis, taken, lexicon.keywords)
    _drop_themes_beside_projects(analysis, taken, lexicon.keywords)
    _drop_common_titles(analysis, lexicon.stopwords, lexicon.one_word_titles)
    _drop_project_contacts(analysis, lexicon.projects_of_person)
    _narrow_projects(analysis)


def _holds_phrase(tokens: list[str], phrases: set[tuple[str, ...]]) -> bool:
    """True when one of `phrases` occurs in `tokens`."""
    present = set(tokens)  # (a phrase whose first word is missing is not there)
    return any(
        tuple(tokens[i : i + len(p)]) == p
        for p in phrases
        if not p or p[0] in present
        for i in range(len(tokens))
    )


def _drop_project_contacts(analysis: Analysis, projects_of: Mapping[str, frozenset[str]]) -> None:
    """ "rijssen holten tel nr martina": a project's own contact named beside the project asks
    about that project, of the place's projects the one they are the contact of ("Paul van der
    Wolf in Breda"). The person's words stay taken: they are no content words."""
    projects = {i for m in analysis.mentions for r in m.refs if r.kind == "project" for i in r.ids}
    if not projects:
        return
    theirs: set[str] = set()
    kept = []
    for mention in analysis.mentions:
        own = {
            p
            for r in mention.refs
            if r.kind == "person"
            for i in r.ids
            for p in projects_of.get(i, ())
        }
        if own & projects and all(r.kind == "person" for r in mention.refs):
            theirs |= own & projects
        else:
            kept.append(mention)
    for mention in kept:
        mention.refs = [
            EntityRef(r.kind, tuple(i for i in r.ids if i in theirs) or r.ids)
            if r.kind == "project"
            else r
            for r in mention.refs
        ]
    analysis.mentions = kept


def _narrow_projects(analysis: Analysis) -> None:
    """ "'leidende principes' ... Breda heeft daar een project over": a place with several
    projects named beside one of them by its title means that one."""
    named = [
        {i for r in m.refs if r.kind == "project" for i in r.ids}
        for m in analysis.mentions
        if any(r.kind == "project" for r in m.refs)
    ]
    if len(named) < 2:
        return
    common = set.intersection(*named)
    if not common or all(ids == common for ids in named):
        return
    for mention in analysis.mentions:
        mention.refs = [
            EntityRef(r.kind, tuple(i for i in r.ids if i in common)) if r.kind == "project" else r
            for r in mention.refs
        ]


def _drop_writers_own(
    analysis: Analysis, taken: list[bool], keywords: frozenset[str], possessives: frozenset[str]
) -> None:
    """ "de gemeente van *mijn begeleider*": a description word after the writer's own
    possessive is the writer's, not a word of the entity it describes."""

    def own(mention: Mention) -> bool:
        start = mention.start
        after = start > 0 and analysis.raw[start - 1] in possessives
        return after and mention.end - start == 1 and analysis.tokens[start] in keywords

    _as_plain_words(analysis, taken, own)


def _drop_roles_of_places(
    analysis: Analysis, taken: list[bool], titles: frozenset[str], prepositions: frozenset[str]
) -> None:
    """ "de burgemeester van Apeldoorn", "the mayor of Emmen": a role of a place (the word
    naming the mayors' leergang too) names a person there, not the leergang."""
    places = {m.start for m in analysis.mentions if any(r.kind == PLACE for r in m.refs)}

    def role(mention: Mention) -> bool:
        end, raw = mention.end, analysis.raw
        of_place = end + 1 in places and end < len(raw) and raw[end] in prepositions
        return mention.end - mention.start == 1 and raw[mention.start] in titles and of_place

    _as_plain_words(analysis, taken, role)


def _drop_parts_of_document_names(
    analysis: Analysis,
    taken: list[bool],
    names: Mapping[str, list[tuple[str, ...]]],
    concepts: Mapping[tuple[str, ...], str],
) -> None:
    """ "Who made the toolkit about *werken vanuit de bedoeling*?": beside the toolkit named,
    a werkpakket title inside the toolkit's own name is part of that name, unless the message
    asks for a werkpakket ("welk werkpakket heet ...")."""
    named = {r.ids[0] for m in analysis.mentions for r in m.refs if r.kind == DOCUMENT}
    if not named or any(concepts.get((t,)) == WERKPAKKET for t in analysis.tokens):
        return
    own = [name for doc in named for name in names.get(doc, [])]

    def inside(mention: Mention) -> bool:
        if any(r.kind != WERKPAKKET for r in mention.refs):
            return False
        words = tuple(analysis.tokens[mention.start : mention.end])
        return any(_holds_phrase(list(name), {words}) for name in own)

    kept = []
    for mention in analysis.mentions:
        if inside(mention):
            for i in range(mention.start, mention.end):
                taken[i] = False
        else:
            kept.append(mention)
    analysis.mentions = kept


def _drop_corrected(analysis: Analysis, taken: list[bool], lexicon: Lexicon) -> None:
    """ "ik bedoelde Goirle, *niet Geldrop*": a thing negated at the end of a message that
    names another of its kind is corrected away, with its negation; so is one negated first
    in a message asking for the other one ("*Not Asten*, the other one")."""
    tokens = analysis.tokens
    other = lexicon.normaliser.other_words  # "Not Asten, the other one": the rest of a list
    for mention in analysis.mentions:
        start, kinds = mention.start, {r.kind for r in mention.refs}
        negated = start > 0 and lexicon.concepts.get((tokens[start - 1],)) == NEGATION
        last = all(t in lexicon.stopwords for t in tokens[mention.end :])
        others = [
            m for m in analysis.mentions if m is not mention and kinds & {r.kind for r in m.refs}
        ]
        first = start == 1 and not other.isdisjoint(tokens[mention.end :])
        if negated and ((last and others) or first):
            taken[start - 1] = True  # (the negation says no more than the correction)
            analysis.mentions = [m for m in analysis.mentions if m is not mention]
            analysis.excluded = [i for r in mention.refs for i in r.ids]
            return


def _drop_other_keywords(analysis: Analysis, taken: list[bool], keywords: frozenset[str]) -> None:
    """ "de Cockpit van Leidschendam-Voorburg, qua interventie": a description's word of
    another entity of a kind the message names by name ("interventies" of Zaanstad's project)
    is a plain word about the one named."""

    def by_keyword(mention: Mention) -> bool:
        return mention.end - mention.start == 1 and analysis.tokens[mention.start] in keywords

    named: dict[str, set[str]] = {}
    for mention in analysis.mentions:
        if not by_keyword(mention):
            for ref in mention.refs:
                named.setdefault(ref.kind, set()).update(ref.ids)
    _as_plain_words(
        analysis,
        taken,
        lambda m: (
            by_keyword(m)
            and all(r.kind in named and not named[r.kind] & set(r.ids) for r in m.refs)
        ),
    )


def _drop_themes_beside_projects(
    analysis: Analysis, taken: list[bool], keywords: frozenset[str]
) -> None:
    """ "in which neighbourhood was Zaanstad's treitervlogger?": a theme named by one plain
    word ("wijk", "regels") beside a project named by name is that word about the project."""
    names_project = any(
        any(r.kind == "project" for r in m.refs)
        and not (m.end - m.start == 1 and analysis.tokens[m.start] in keywords)
        for m in analysis.mentions
    )
    if not names_project:
        return
    _as_plain_words(
        analysis,
        taken,
        lambda m: m.end - m.start == 1 and all(r.kind == "theme" for r in m.refs),
    )


def _drop_common_titles(
    analysis: Analysis, stopwords: AbstractSet[str], titles: AbstractSet[str]
) -> None:
    """ "De Wolden Hoogeveen ... naast *het leiderschapstraject*": a one-word project title
    after an article, beside another project named, is a plain word about that one (not
    Breda's 'Leiderschapstraject')."""
    projects = [m for m in analysis.mentions if any(r.kind == "project" for r in m.refs)]

    def common(m: Mention) -> bool:
        after_word = m.start > 0 and analysis.tokens[m.start - 1] in stopwords
        return m.end - m.start == 1 and m.surface in titles and after_word

    others = {i for m in projects if not common(m) for r in m.refs for i in r.ids}
    dropped = [
        m
        for m in projects
        if common(m) and others and not others & {i for r in m.refs for i in r.ids}
    ]
    # (the word stays taken: it names the project the message is about, nothing more)
    analysis.mentions = [m for m in analysis.mentions if m not in dropped]


def _prefer_themes(analysis: Analysis) -> None:
    """ "welke werkpakketten gaan over grenzeloos samenwerken": a name shared by a theme and
    a werkpakket means the theme (the werkpakketten are asked for)."""
    for mention in analysis.mentions:
        kinds = {r.kind for r in mention.refs}
        if {"theme", "werkpakket"} <= kinds:
            mention.refs = [r for r in mention.refs if r.kind != "werkpakket"]


def _as_plain_words(
    analysis: Analysis, taken: list[bool], dropped: Callable[[Mention], bool]
) -> None:
    """The one-word mentions `dropped` picks out read as plain words of the message."""
    kept = []
    for mention in analysis.mentions:
        if dropped(mention):
            taken[mention.start] = False
        else:
            kept.append(mention)
    analysis.mentions = kept
