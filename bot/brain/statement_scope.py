"""The scope of a message among the statements: the statements it is about (of the entities
it names, of the people or titles it cites, of the conversation's subject, else those sharing a
rare word or a kind cue with it), each with its factor and the words that only name something.
Used by bot/brain/statements.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.brain.context import DialogueContext
from bot.brain.entities import Analysis
from bot.brain.lexicon import DOCUMENT, EntityRef, person_key
from bot.brain.statement_parts import Entry, Scoped

if TYPE_CHECKING:
    from bot.brain.statements import StatementIndex

# Scope factors: for an entity the message names, the conversation's subject, or no scope.
NAMED_SCOPE = 1.0
CITING_SCOPE = 1.001  # a statement citing a person or title named: wins a tie
TITLE_TERMS = 2  # a name of this many content words is a title other statements may cite
CONTEXT_SCOPE = 0.9
GLOBAL_SCOPE = 0.75
RARE_STATEMENTS = 3  # a word this few statements use scopes them, in a message naming nothing
# ... and so does a word up to this many statements use when they are all of one entity
# ("Broosz", in the Apeldoorn booklet's statements only).
ONE_ENTITY_STATEMENTS = 10
MEMBER_SCOPE = 0.85  # a statement of a dagdeel, werkpakket or project of a document named
# Concepts that name a kind of entity, for questions that name none ("welk project ...").
KIND_CUES = {
    "dagdeel": "dagdeel",
    "spreker": "dagdeel",
    "werkpakket": "werkpakket",
    "project": "project",
    "gemeente": "project",
    "thema": "theme",
}


def message_scope(
    index: StatementIndex,
    analysis: Analysis,
    context: DialogueContext,
    message_terms: set[str],
    sharing: list[Entry],
) -> list[Scoped]:
    """The statements the message is about, each with its factor and the terms that only
    name something (not content to match). `sharing`: the statements that share a word
    with the message, the only ones an unscoped question looks at."""
    named: dict[tuple[str, str], tuple[str, ...]] = {}  # entity -> the words naming it
    phrases: list[str] = []
    naming: set[str] = set(KIND_CUES)  # "welk project": a kind, not a content word
    people_words: set[str] = set()  # words naming a person or a gemeente
    topical: list[tuple[tuple[str, ...], list[EntityRef]]] = []
    for mention in analysis.mentions:
        words = tuple(index.terms(analysis.tokens[mention.start : mention.end]))
        if any(ref.kind == "topic" for ref in mention.refs):
            # "zelforganisatie": a topic as much as one project's word; it scopes nothing.
            topical.append((words, mention.refs))
            continue
        for ref in mention.refs:
            if ref.kind in ("person", "gemeente"):
                phrases += [f" {person_key(i)} " for i in ref.ids]
                naming.update(words)
                people_words.update(words)
                continue
            for entity_id in ref.ids:
                key = index.resolve((ref.kind, entity_id))
                if words not in index.names.get(key, ()):
                    # A word of a description ("inwoners", "financiert") names nothing:
                    # "hoeveel inwoners heeft Nederland" is not about Zaanstad.
                    continue
                # "Emmen", "dagdeel 3", a title or an alias: it names the entity, and a
                # title of words names it in other entities' statements too ("net als").
                named[key] = named.get(key, ()) + words
                title = [w for w in words if w not in KIND_CUES and w.isalpha()]
                if ref.kind != DOCUMENT and len(title) >= TITLE_TERMS:
                    phrases.append(f" {' '.join(analysis.tokens[mention.start : mention.end])} ")
                # A document's name ("leergang", "boekje") is often a content word for
                # other entities too; it only names its own statements.
                if ref.kind != DOCUMENT:
                    naming.update(words)
    for words, refs in topical:
        # ... but it may be a name of a project named otherwise too ("Asten ...
        # leidinggeven op afstand"): for that project it only names.
        for ref in refs:
            for key in ((ref.kind, i) for i in ref.ids):
                if key in named and words in index.names.get(key, ()):
                    named[key] += words
    scope: list[Scoped] = []
    for key, words in named.items():
        # For its own statements every word of the entity's names only names it; a word
        # naming another thing ("wijk" of theme E) may be content ("aandachtswijk").
        own = frozenset(set(KIND_CUES) | people_words | set(words))
        scope += [(e, NAMED_SCOPE, own, True) for e in index.by_entity.get(key, [])]
        if key[0] == DOCUMENT and not any(k[0] != DOCUMENT for k in named):
            # "which work package of the toolkit quotes ...": its werkpakketten too
            members = index.members.get(key[1], [])
            scope += [(e, MEMBER_SCOPE, own, True) for e in members]
    others = frozenset(naming)
    # A statement citing all the people or titles named wins over one citing some of them.
    cited: dict[int, tuple[Entry, int]] = {}
    for e in (e for phrase in phrases for e in index.naming_text(phrase)):
        cited[id(e)] = (e, cited.get(id(e), (e, 0))[1] + 1)
    most = max((n for _, n in cited.values()), default=0)
    for e, n in cited.values():
        scope.append((e, CITING_SCOPE if n == most else NAMED_SCOPE, others, True))
    # The remembered subject stays in play until the message names another of its kind.
    kind = context.subject_kind
    if kind and context.subject_id and not any(k == kind for k, _ in named):
        ids = context.subject_id.split(",")
        # "ik bedoel die over leidende principes": a name of one of them picks it.
        picked = [i for i in ids if any(w in index.names.get((kind, i), ()) for w, _ in topical)]
        for entity_id in picked or ids:
            entries = index.by_entity.get((kind, entity_id), [])
            scope += [(e, CONTEXT_SCOPE, others, True) for e in entries]
    if scope or phrases:
        return scope
    # Unscoped, the question must say which kind of thing it asks about ("welk werkpakket
    # citeert ..."): "hoeveel inwoners heeft Nederland" is about nothing we have.
    # ... or use a word only a few statements share ("Broosz").
    kinds = {kind for concept, kind in KIND_CUES.items() if concept in message_terms}
    rare = {t for t in message_terms if _rare(index.postings.get(t, ()))}
    return [
        (e, GLOBAL_SCOPE, others, False)
        for e in sharing
        if e.kind in kinds or not rare.isdisjoint(e.terms)
    ]


def _rare(entries: tuple[Entry, ...] | list[Entry]) -> bool:
    """True for the statements of a rare word: a few, or some of one entity only."""
    if len(entries) <= RARE_STATEMENTS:
        return bool(entries)
    return (
        len(entries) <= ONE_ENTITY_STATEMENTS and len({(e.kind, e.entity_id) for e in entries}) == 1
    )
