"""The lexicon: every word and name the brain knows, built once from the knowledge base.

It holds the gazetteer (alias token sequences -> entity references), the concept map
(synonyms -> one canonical word), stopwords and the known vocabulary, which its base class,
the typo corrector (bot/brain/spelling.py), reads.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from bot.brain.claims import ClaimReader
from bot.brain.near_words import NearWords
from bot.brain.normalize import NUMBER_WORDS, tokenise
from bot.brain.segments import Normaliser
from bot.brain.spelling import MIN_SPLIT_NAME, SPELLING_MIN_LENGTH, SpellingCorrector
from bot.brain.word_classes import (
    MIN_INFLECTED_STEM,
    inflects_common_word,
    is_common_word,
    term_zipf,
)
from bot.knowledge.loader import KnowledgeBase

# A description word names its entity when at most this many entities use it, and it is at
# least this long (shorter words are too often ordinary).
KEYWORD_MAX_ENTITIES = 2
KEYWORD_MIN_LENGTH = 4
# ... and it is no common word (see bot/brain/word_classes.py).

# A Dutch phone number in a fact's answer ("070-373 8383", "0343-595802").
PHONE_NUMBER = re.compile(r"\b0\d[\d -]{6,}\d\b")
PHONE_DIGITS = 10
# A run of this many words of a title names the titled thing.
TITLE_PART_MIN = 3
# A surname this frequent as a word (Zipf) names nobody on its own ("een *korte* samenvatting").
SURNAME_MAX_ZIPF = 5.0
# A name this many words long is still recognised with one word inflected or cut short.
LOOSE_ALIAS_MIN = 3

DOCUMENT = "document"  # a mention of a source document becomes a word, not a slot
FILLER = "_"  # the concept of phrases that say nothing about the question ("ik wil weten")


@dataclass(frozen=True, slots=True)
class EntityRef:
    """A possible meaning of a mention: an entity kind and the ids it may refer to."""

    kind: str  # dagdeel, werkpakket, theme, project, gemeente, person, topic, document
    ids: tuple[str, ...]


# In a vocabulary variant, the place of a few words between a separable verb's parts.
SEPARATED = "*"


def fold_date(date: str) -> str:
    """ "8 September" -> "8 september"."""
    return " ".join(tokenise(date))


@lru_cache(maxsize=4096)  # the composers key every name of the material, per answer
def person_key(name: str) -> str:
    """The id of a person: their folded name."""
    return " ".join(tokenise(name))


def split_people(name: str) -> list[str]:
    """ "Nancy Hermans & Thomas Verheijen" -> both names."""
    return [part.strip() for part in name.replace(" en ", " & ").split("&") if part.strip()]


def people(kb: KnowledgeBase) -> list[str]:
    """Every named person of the material: contact, makers, speakers, project contacts."""
    names: list[str] = [kb.leernetwerk.contact.person, *kb.toolkit.makers, *kb.toolkit.thanked]
    for dagdeel in kb.leernetwerk.dagdelen:
        names += dagdeel.speakers
    for project in kb.projecten.projects:
        names += split_people(project.contact.name)
    for sheet in kb.sheets:
        names += sheet.people
    return names


def _adjectives(place: str) -> list[str]:
    """The adjective of a one-word place name ("het Tilburgse project", "de Bredase aanpak")."""
    words = tokenise(place)
    return [f"{words[0]}se"] if len(words) == 1 else []


def _titles_without_names(titles: list[str], names: list[str]) -> list[str]:
    """Each title that starts or ends with one of the project's names, without it
    ("Leiderschapsprogramma GGD Zuid Limburg" is a "Leiderschapsprogramma" too, as Goirle's)."""
    found: list[str] = []
    for title in titles:
        words = tokenise(title)
        for name in names:
            cut = tokenise(name)
            if not cut or len(cut) >= len(words):
                continue
            if words[: len(cut)] == cut:
                found.append(" ".join(words[len(cut) :]))
            elif words[-len(cut) :] == cut:
                found.append(" ".join(words[: -len(cut)]))
    return found


def _contact_aliases(phone: str, email: str, place: str = "") -> list[str]:
    """A phone number as typed with or without spaces, an e-mail address and its domain
    unless that only repeats the `place`: who owns them can be asked ("van wie is 077 474 92
    92", "een adres op @dienstdommelvallei.nl")."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    domain = email.partition("@")[2]
    own = domain and tokenise(domain)[0] != "".join(tokenise(place))
    return [phone, digits, email, *([domain] if own else [])]


def _inflected(word: str, typed: str) -> bool:
    """True when `typed` is `word` inflected or cut short ("werk" for "werken")."""
    shorter, longer = sorted((word, typed), key=len)
    return len(shorter) >= MIN_INFLECTED_STEM and longer.startswith(shorter)


# The kinds of thing a number names ("dagdeel 5", "werkpakket 8"), also as concepts.
NUMBERED_KINDS = ("dagdeel", "werkpakket")


class Lexicon(SpellingCorrector):
    """Known words, names and synonyms; see the module docstring."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.normaliser = Normaliser(kb.normalisation)
        self.normaliser.claims = ClaimReader(
            kb.normalisation.claims,
            months=list(kb.normalisation.months),
            months_after_day=list(kb.normalisation.months_after_day),
            weekdays=kb.calibration.value_words.get("weekday", []),
            keep_number_after=[
                *kb.normalisation.number_markers,
                *kb.normalisation.theme_cues,
                *(w for kind in NUMBERED_KINDS for w in kb.vocabulary.concepts.get(kind, [kind])),
            ],
        )
        self.stopwords: frozenset[str] = frozenset(
            tok for word in kb.vocabulary.stopwords for tok in tokenise(word)
        )
        self.concepts: dict[tuple[str, ...], str] = {}
        # "schrijf * in": a separable verb with a few words between its parts.
        self.separable: dict[tuple[str, ...], list[tuple[tuple[str, ...], str]]] = {}
        for concept, variants in kb.vocabulary.concepts.items():
            for variant in [concept, *variants]:
                if SEPARATED in variant:
                    head, tail = variant.split(SEPARATED, 1)
                    split = (tuple(tokenise(head)), tuple(tokenise(tail)))
                    self.separable.setdefault(split[0], []).append((split[1], concept))
                else:
                    self.concepts[tuple(tokenise(variant))] = concept
        self._gazetteer: dict[tuple[str, ...], dict[str, set[str]]] = defaultdict(
            lambda: defaultdict(set)
        )
        # The entity references of each alias looked up (None while the gazetteer is built).
        self._refs: dict[tuple[str, ...], list[EntityRef]] | None = None
        self._alias_lengths: dict[str, int] | None = None
        self._long_aliases: dict[str, list[tuple[str, ...]]] | None = None
        self._build_gazetteer(kb)
        self._dagdeel_dates = {str(d.number): fold_date(d.date) for d in kb.leernetwerk.dagdelen}
        self.max_alias_length = max(len(alias) for alias in self._gazetteer)
        # Words of names and titles ("toolkit", "Anders kijken"): no evidence of a language.
        self.name_words = frozenset(t for alias in self._gazetteer for t in alias)
        self.max_concept_length = max(len(v) for v in self.concepts)
        # Every beginning (two words or more) of a concept phrase: a longer phrase is looked
        # for only while the words still begin one.
        self.concept_prefixes = frozenset(
            phrase[:end] for phrase in self.concepts for end in range(2, len(phrase) + 1)
        )
        # The first words of the separable verbs (None: one has no head, so any word may start it).
        self.separable_starts: frozenset[str] | None = (
            None if () in self.separable else frozenset(head[0] for head in self.separable)
        )
        self.vocabulary: set[str] = set(self.stopwords)
        for alias, kinds in self._gazetteer.items():
            if set(kinds) != {"gemeente"}:  # never "correct" a word into a mere place name
                self.vocabulary.update(alias)
        for phrase in self.concepts:
            self.vocabulary.update(phrase)
        for _doc, fact in kb.facts():
            for example in fact.examples:
                self.vocabulary.update(tokenise(example))
        for intent in kb.intents.intents:
            for example in intent.examples:
                self.vocabulary.update(tokenise(example))
        name_words = {t for alias in self._gazetteer for t in alias}
        self._place_words = name_words - self.vocabulary
        self.normaliser.filler_words = frozenset(
            phrase[0]
            for phrase, concept in self.concepts.items()
            if concept == FILLER
            if len(phrase) == 1
        )
        self.normaliser.completed_names = frozenset(
            w for w in name_words if len(w) >= MIN_SPLIT_NAME and w.isalpha()
        )
        self.domain_words = self._add_keywords(kb)
        self._vocabulary_list = sorted(
            w
            for w in self.vocabulary | NUMBER_WORDS
            if len(w) >= SPELLING_MIN_LENGTH and w.isalpha() and w not in self.stopwords
        )
        self._near_vocabulary = NearWords(self._vocabulary_list)
        self._corrections: dict[str, str] = {}
        self._one_edit: dict[str, str | None] = {}
        self._refs = {}  # the gazetteer is complete: its look-ups can be kept
        self.alias_starts = frozenset(alias[0] for alias in self._gazetteer if alias)

    # --- gazetteer ------------------------------------------------------------------

    def _add_keywords(self, kb: KnowledgeBase) -> frozenset[str]:
        """Distinctive words of a dagdeel's, werkpakket's or project's description ("lego",
        "ecosysteem", "inwoners") name that entity; every word of the descriptions is known.
        Returns all description words."""
        texts: list[tuple[str, str, str]] = []
        texts += [("dagdeel", str(d.number), d.summary) for d in kb.leernetwerk.dagdelen]
        texts += [("werkpakket", str(w.number), w.summary) for w in kb.toolkit.werkpakketten]
        for p in kb.projecten.projects:
            statements = [s.nl for s in p.statements]
            texts.append(("project", p.id, " ".join([p.title, p.summary, *statements])))
        owners: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for kind, entity_id, text in texts:
            for token in tokenise(text):
                owners[token].add((kind, entity_id))
        known_aliases = {alias[0] for alias in self._gazetteer if len(alias) == 1}
        # A word that another document's facts use ("gemeentesecretaris" in the Leernetwerk's)
        # names no single entity.
        fact_words: dict[str, set[str]] = defaultdict(set)
        for doc, fact in kb.facts():
            for token in tokenise(fact.answer):
                fact_words[token].add(doc.id)
        home = {"dagdeel": "leernetwerk", "werkpakket": "verandertoolkit", "project": "projecten"}
        keywords: set[str] = set()
        for token, entities in owners.items():
            if (
                len(entities) <= KEYWORD_MAX_ENTITIES
                and len(token) >= KEYWORD_MIN_LENGTH
                and token.isalpha()
                and token not in self.vocabulary
                and token not in known_aliases
                and token not in self._place_words
                and not fact_words.get(token, set()) - {home[kind] for kind, _id in entities}
                and not is_common_word(token)
                and not inflects_common_word(token)
            ):
                for kind, entity_id in entities:
                    self._gazetteer[(token,)][kind].add(entity_id)
                self.vocabulary.add(token)
                keywords.add(token)
        self.keywords = frozenset(keywords)  # description words, not names
        # Each project contact (a person's key) -> the projects they are the contact of.
        projects_of: dict[str, set[str]] = defaultdict(set)
        for project in kb.projecten.projects:
            for name in split_people(project.contact.name):
                projects_of[person_key(name)].add(project.id)
        self.projects_of_person = {key: frozenset(ids) for key, ids in projects_of.items()}
        # Places (of projects, and every gemeente): a project named by one of these may also
        # be the gemeente itself ("is er voor Tilburg nog plek").
        self.place_names = frozenset(
            " ".join(tokenise(place))
            for place in [*(p.place for p in kb.projecten.projects), *kb.gemeenten]
        )
        # Projects' one-word titles ("Leiderschapstraject"): also a plain word for a project
        self.one_word_titles = frozenset(
            " ".join(tokenise(t))
            for p in kb.projecten.projects
            for t in p.titles
            if len(tokenise(t)) == 1
        )
        words = set(owners)
        for _doc, fact in kb.facts():
            words.update(tokenise(fact.answer))
        return frozenset(words)

    def _add(self, alias: str, kind: str, entity_id: str) -> None:
        tokens = tuple(tokenise(alias))
        if tokens and not (len(tokens) == 1 and tokens[0] in self.stopwords):
            self._gazetteer[tokens][kind].add(entity_id)

    def _build_gazetteer(self, kb: KnowledgeBase) -> None:
        # Each document's names as tokens: a part's title inside them ("de toolkit werken vanuit
        # de bedoeling") may be part of the document's name (bot/brain/mention_filters.py).
        self.document_names: dict[str, list[tuple[str, ...]]] = {}
        for doc in kb.documents:
            self.document_names[doc.id] = [tuple(tokenise(n)) for n in [doc.title, *doc.aliases]]
            for alias in doc.aliases:
                self._add(alias, DOCUMENT, doc.id)
        for dagdeel in kb.leernetwerk.dagdelen:
            for alias in [dagdeel.title, *dagdeel.aliases]:
                self._add(alias, "dagdeel", str(dagdeel.number))
        for theme in kb.toolkit.themes:
            for alias in [theme.name, *theme.aliases]:
                self._add(alias, "theme", theme.letter)
        for wp in kb.toolkit.werkpakketten:
            for alias in [wp.title, *wp.aliases]:
                self._add(alias, "werkpakket", str(wp.number))
        project_places = set()
        all_titles = {" ".join(tokenise(t)) for p in kb.projecten.projects for t in p.titles}
        for project in kb.projecten.projects:
            project_places.add(person_key(project.place))
            names = [project.place, project.organisation, *project.titles, *project.aliases]
            contact_aliases = _contact_aliases(
                project.contact.phone, project.contact.email, project.place
            )
            shared_titles = [
                t for t in _titles_without_names(project.titles, names[:2]) if t in all_titles
            ]
            for alias in [*names, *shared_titles, *contact_aliases, *_adjectives(project.place)]:
                self._add(alias, "project", project.id)
            for tag in project.tags:
                self._add(tag, "topic", tag)
                for extra in kb.vocabulary.topics.get(tag, []):
                    self._add(extra, "topic", tag)
        for gemeente in kb.gemeenten:
            key = person_key(gemeente)
            if key not in project_places:
                self._add(gemeente, "gemeente", gemeente)
        contact = kb.leernetwerk.contact
        for alias in _contact_aliases(contact.phone, contact.email):
            self._add(alias, "person", person_key(contact.person))
        self._add_title_parts(kb)
        for doc, fact in kb.facts():  # "van wie is 070-373 8383": the document that gives it
            for phone in PHONE_NUMBER.findall(fact.answer):
                digits = "".join(ch for ch in phone if ch.isdigit())
                if len(digits) == PHONE_DIGITS and not self.lookup((digits,)):
                    for alias in (phone, digits):
                        self._add(alias, DOCUMENT, doc.id)
        names = people(kb)
        first_names = Counter(tokenise(name)[0] for name in names if tokenise(name))
        # person key -> first name, for "Jan Jansen" (no "Bouke van der Weide Jansen")
        self.first_name_of = {person_key(n): tokenise(n)[0] for n in names if tokenise(n)}
        self.first_names = frozenset(first_names)
        for name in names:
            self._add(name, "person", person_key(name))
            tokens = tokenise(name)
            last, first = tokens[-1], tokens[0]
            if len(last) >= 5 and last not in self.stopwords and term_zipf(last) < SURNAME_MAX_ZIPF:
                self._add(last, "person", person_key(name))
            # A first name names its person when only one person has it ("tel nr hanke").
            if len(first) >= 5 and first_names[first] == 1 and not is_common_word(first):
                self._add(first, "person", person_key(name))
            # The name without its last part(s) ("Bouke van der Weide" for "Bouke van der
            # Weide Jansen"), ending in a word that is no particle.
            for end in range(2, len(tokens)):
                if tokens[end - 1] not in kb.normalisation.name_particles:
                    self._add(" ".join(tokens[:end]), "person", person_key(name))

    def _add_title_parts(self, kb: KnowledgeBase) -> None:
        """A run of at least TITLE_PART_MIN words of one title names its entity when no other
        title has it ("van eiland naar" for 'Van eiland naar Wij-land')."""
        titles = [("dagdeel", str(d.number), d.title) for d in kb.leernetwerk.dagdelen]
        titles += [("werkpakket", str(w.number), w.title) for w in kb.toolkit.werkpakketten]
        titles += [("project", p.id, p.title) for p in kb.projecten.projects]
        owners: dict[tuple[str, ...], set[tuple[str, str]]] = defaultdict(set)
        for kind, entity_id, title in titles:
            tokens = tokenise(title)
            for start in range(len(tokens)):
                for end in range(start + TITLE_PART_MIN, len(tokens) + 1):
                    part = tuple(tokens[start:end])
                    if any(t not in self.stopwords and len(t) >= 5 for t in part):
                        owners[part].add((kind, entity_id))
        for part, entities in owners.items():
            if len(entities) == 1 and part not in self._gazetteer:
                ((kind, entity_id),) = entities
                self._gazetteer[part][kind].add(entity_id)

    def dagdelen_on(self, date: str) -> list[str]:
        """Numbers of the dagdelen on a date ("19 mei") or in a month ("mei")."""
        return [
            number
            for number, day in self._dagdeel_dates.items()
            if day == date or day.endswith(" " + date)
        ]

    def alias_length(self, first: str) -> int:
        """The most tokens an alias starting with `first` has; at least 1 (one token is
        always looked up: its singular may be an alias)."""
        if self._alias_lengths is None:
            lengths: dict[str, int] = {}
            for alias in self._gazetteer:
                if alias:
                    lengths[alias[0]] = max(lengths.get(alias[0], 1), len(alias))
            self._alias_lengths = lengths  # the gazetteer is complete once it is used
        return self._alias_lengths.get(first, 1)

    def loose_alias(self, tokens: list[str], start: int = 0) -> tuple[str, ...] | None:
        """The alias of LOOSE_ALIAS_MIN words or more that `tokens` begin with (from `start`),
        one word of it typed inflected or cut short ("leernetwerk werk volgens de bedoeling"),
        or None."""
        if self._long_aliases is None:
            long_aliases: dict[str, list[tuple[str, ...]]] = defaultdict(list)
            for alias in sorted(self._gazetteer, key=len, reverse=True):
                if len(alias) >= LOOSE_ALIAS_MIN:
                    long_aliases[alias[0]].append(alias)
            self._long_aliases = long_aliases  # the gazetteer is complete once it is used
        rest = len(tokens) - start
        for alias in self._long_aliases.get(tokens[start], ()) if rest > 0 else ():
            # (its first word is typed as is; one of the next two must be, too)
            if len(alias) > rest or (
                alias[1] != tokens[start + 1] and alias[2] != tokens[start + 2]
            ):
                continue
            loose = [(a, b) for a, b in zip(alias, tokens[start:], strict=False) if a != b]
            if len(loose) == 1 and _inflected(*loose[0]):
                return alias
        return None

    def lookup(self, tokens: tuple[str, ...]) -> list[EntityRef]:
        """The entity references of an exact alias, or []."""
        found = self._gazetteer.get(tokens)
        if not found and tokens and len(tokens[-1]) > 3 and tokens[-1].endswith("s"):
            tokens = (*tokens[:-1], tokens[-1][:-1])  # "Rijssen-Holten's"
            found = self._gazetteer.get(tokens)
        if not found:
            return []
        refs = self._refs.get(tokens) if self._refs is not None else None
        if refs is None:
            refs = [EntityRef(kind, tuple(sorted(ids))) for kind, ids in found.items()]
            if self._refs is not None:
                self._refs[tokens] = refs
        return list(refs)
