"""Intent matching: which intent or fact a message asks for, scored against example phrasings.

Every example (from intents.yaml and the facts of each document) is analysed like a message:
its entities become slot placeholders ("@dagdeel"), document names become document words
("doc:leernetwerk") and synonyms fold into concepts. A message is compared with every example by
weighted overlap (a Dice coefficient with IDF weights); words the lexicon doesn't know count
against the match, so "hoeveel kost een paspoort" doesn't look like "hoeveel kost het".
"""

from __future__ import annotations

import math
from collections import defaultdict
from operator import attrgetter

from bot.brain.entities import analyse
from bot.brain.language import is_english
from bot.brain.lexicon import Lexicon
from bot.brain.normalize import tokenise
from bot.brain.readings import (
    Example,
    Interpretation,
    Scored,
    Target,
    document_feature,
    interpretations,
)
from bot.brain.word_classes import is_everyday_word
from bot.knowledge.loader import KnowledgeBase

# A word the knowledge base never uses weighs this many times the rarest known word: a question
# about something else ("hoeveel kost een paspoort") must not look like a known one.
UNKNOWN_WEIGHT_FACTOR = 2.0
# ... and a word naming a subject outside the material (normalisation.yaml's off_topic:
# "parkeren", "hond") this many times.
OFF_TOPIC_WEIGHT_FACTOR = 3.0
# A word the material uses but no example does ("gebruik", "serious") says little about which
# question is asked: a modest weight, about that of a common question word.
DOMAIN_WORD_WEIGHT = 1.5
# Slot placeholders ("@gemeente") say *what* is asked about, not *which question*: they never
# weigh more than this, so an entity alone doesn't carry a match.
MAX_PLACEHOLDER_WEIGHT = 2.5
# A target that cannot use an entity the message names (a fact about the
# mayors' leergang for
# "wie is de burgemeester van Utrecht") keeps only this share of its score.
UNUSED_ENTITY_FACTOR = 0.7
# ... and this share when what it cannot use is a named project or person ("het
# telefoonnummer van de burgemeester van Emmen" is no question about the mayors' leergang).
UNUSED_NAME_FACTOR = 0.5
NAMED_KINDS = frozenset({"project", "person"})
DESCRIPTIVE_KINDS = frozenset({"topic", "dagdeel", "werkpakket", "theme"})
# An example naming an entity ("hoeveel inwoners heeft emmen") fits a message naming none
# ("... heeft Nederland") only this much.
MISSING_SLOT_FACTOR = 0.6
# An example naming its document ("hoe laat begint de burgemeestersleergang") fits a message
# naming no document ("hoe laat is het") only this much.
UNNAMED_DOCUMENT_FACTOR = 0.8
# A target about one document, when the message names another, keeps only this share.
FOREIGN_DOCUMENT_FACTOR = 0.6
# A message whose features weigh less than this (about one rare word) is scaled down.
MIN_MESSAGE_WEIGHT = 3.5
EXACT = 0.999
# Reading shapes whose mention factors are kept (a few dozen occur).
MAX_READING_SHAPES = 10_000


class IntentMatcher:
    """Scores a message against all examples; see the module docstring."""

    def __init__(
        self, kb: KnowledgeBase, lexicon: Lexicon, attributes: frozenset[str] = frozenset()
    ) -> None:
        """`attributes`: concepts that ask for an attribute of an entity ("telefoon",
        "email", "looptijd"); a target that answers one in any example answers it in all."""
        self.lexicon = lexicon
        self.attributes = attributes
        self.default_document = kb.normalisation.default_document
        self.targets: list[Target] = []
        self.examples: list[Example] = []
        for intent in kb.intents.intents:
            document = kb.document(intent.document) if intent.document else None
            target = Target(
                intent.id,
                intent.handler,
                tuple(intent.slots),
                intent=intent,
                document=document,
                requires=frozenset(intent.requires),
                blocked_by=frozenset(intent.blocked_by),
            )
            self._add_examples(target, intent.examples)
        for document, fact in kb.facts():
            target = Target(
                fact.id,
                fact.handler or "fact",
                tuple(fact.slots),
                fact=fact,
                document=document,
                requires=frozenset(fact.requires),
            )
            self._add_examples(target, fact.examples)
        self._index()
        # Per target, the attribute concepts its examples ask for.
        handled: dict[str, set[str]] = defaultdict(set)
        for example in self.examples:
            handled[example.target.id].update(example.features & self.attributes)
        self.handled = {target_id: frozenset(f) for target_id, f in handled.items()}
        # Per attribute concept, the targets (number and slots) whose examples ask it.
        self._attribute_targets: dict[str, list[tuple[int, frozenset[str]]]] = defaultdict(list)
        for number, target in enumerate(self.targets):
            for attribute in self.handled.get(target.id, ()):
                self._attribute_targets[attribute].append((number, frozenset(target.slots)))

    def _add_examples(self, target: Target, texts: list[str]) -> None:
        self.targets.append(target)
        for text in texts:
            readings = interpretations(analyse(text, self.lexicon))
            preferred = [r for r in readings if set(r.entities) <= set(target.slots)]
            reading = (preferred or readings)[0]
            english = is_english(tokenise(text))
            features = frozenset(reading.features)
            placeholders = frozenset(f for f in features if f.startswith("@"))
            kinds = frozenset(target.slots) | {f[1:] for f in placeholders}
            document = target.document
            named = document is not None and document_feature(document.id) in features
            self.examples.append(
                Example(target, text, features, english, placeholders, kinds, named)
            )

    def _index(self) -> None:
        groups_with: dict[str, set[str]] = defaultdict(set)
        for example in self.examples:
            for feature in example.features:
                groups_with[feature].add(example.target.id)
        n_groups = len(self.targets)
        self.weights = {f: math.log(1 + n_groups / len(g)) for f, g in groups_with.items()}
        for feature in self.weights:
            if feature.startswith("@"):
                self.weights[feature] = min(self.weights[feature], MAX_PLACEHOLDER_WEIGHT)
        self.unknown_weight = UNKNOWN_WEIGHT_FACTOR * math.log(1 + n_groups)
        self.off_topic_weight = OFF_TOPIC_WEIGHT_FACTOR * math.log(1 + n_groups)
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.example_mass: list[float] = []
        # An example with the features of an earlier one of its target scores the same, after
        # it, so it never gives its target's best score: it needs no scoring.
        indexed: set[tuple[str, frozenset[str]]] = set()
        for index, example in enumerate(self.examples):
            if (example.target.id, example.features) not in indexed:
                indexed.add((example.target.id, example.features))
                for feature in example.features:
                    self.postings[feature].append(index)
            # Sorted: a float sum must not depend on the set's (hash-seeded) order.
            self.example_mass.append(sum(self.weights[f] for f in sorted(example.features)))
        # Examples that share a factor key share their mention factor within one reading.
        keys: dict[tuple[object, ...], int] = {}
        self.factor_keys = [keys.setdefault(self._factor_key(e), len(keys)) for e in self.examples]
        # What the scoring loop reads of each example: its target's number (target ids are
        # unique, the loader checks) and its mass; and, less often, the feature of its
        # target's document when the example doesn't name it (else "").
        numbers = {t.id: n for n, t in enumerate(self.targets)}
        self._rows = [
            (numbers[e.target.id], mass)
            for e, mass in zip(self.examples, self.example_mass, strict=True)
        ]
        self._implied_documents = [
            document_feature(e.target.document.id)
            if e.target.document is not None and not e.names_document
            else ""
            for e in self.examples
        ]
        # The intents a reading can block (see _blocked), and the mention factors already
        # worked out, per reading shape (see _reading_factors) and factor key.
        self._gated = [(numbers[t.id], t) for t in self.targets if t.requires or t.blocked_by]
        self._factors: dict[tuple[frozenset[str], ...], dict[int, float]] = {}

    def target(self, target_id: str) -> Target | None:
        """The target with this id, if any."""
        return next((t for t in self.targets if t.id == target_id), None)

    def intent_for(self, kind: str) -> Target | None:
        """The structured intent about one entity of `kind` (its first slot)."""
        return next((t for t in self.targets if t.slots[:1] == (kind,)), None)

    def target_features(self) -> dict[str, frozenset[str]]:
        """Every target's id -> the features of all its examples."""
        features: dict[str, set[str]] = defaultdict(set)
        for example in self.examples:
            features[example.target.id].update(example.features)
        return {target_id: frozenset(f) for target_id, f in features.items()}

    def example_in(self, scored: Scored, english: bool) -> Example:
        """The example that matched `scored`, or else its target's first example in the
        language of the question (suggestions are phrased in the user's language)."""
        if scored.example.english == english:
            return scored.example
        return next(
            (e for e in self.examples if e.target is scored.target and e.english == english),
            scored.example,
        )

    def weight(self, feature: str) -> float:
        """IDF weight of a feature. A word no example uses weighs DOMAIN_WORD_WEIGHT when the
        material uses it or it is an everyday word, and UNKNOWN_WEIGHT_FACTOR times the rarest
        word's weight when it is foreign to the material."""
        weight = self.weights.get(feature)
        if weight is not None:
            return weight
        if feature in self.lexicon.normaliser.off_topic:
            return self.off_topic_weight
        if self.lexicon.is_known(feature) or is_everyday_word(feature):
            return DOMAIN_WORD_WEIGHT
        return self.unknown_weight

    @staticmethod
    def _mention_factor(reading: Interpretation, example: Example, default_document: str) -> float:
        """Less than 1 when the message names an entity or a document the target has no use
        for, or the example names an entity the message lacks."""
        target = example.target
        factor = 1.0
        if reading.entities:
            unused = reading.entities.keys() - example.kinds  # kinds it has no use for
            if unused and "project" in reading.entities and "project" in target.slots:
                # "the Beuningen self-organisation project", "Rijssen-Holten's leadership
                # programme": topic words around a named project describe that project
                unused -= DESCRIPTIVE_KINDS
            if unused & NAMED_KINDS:
                factor *= UNUSED_NAME_FACTOR
            elif unused:
                factor *= UNUSED_ENTITY_FACTOR
        if not example.placeholders <= reading.features:
            factor *= MISSING_SLOT_FACTOR
        own_document = target.document.id if target.document else None
        if (
            own_document
            and not reading.documents
            and own_document != default_document
            and example.names_document
        ):
            factor *= UNNAMED_DOCUMENT_FACTOR
        if reading.documents and any(
            doc != own_document and document_feature(doc) not in example.features
            for doc in reading.documents
        ):
            factor *= FOREIGN_DOCUMENT_FACTOR
        return factor

    @staticmethod
    def _factor_key(example: Example) -> tuple[object, ...]:
        """Everything `_mention_factor` reads of an example: examples with equal keys get
        equal factors for a reading."""
        target = example.target
        documents = frozenset(f for f in example.features if f.startswith(document_feature("")))
        return (
            "project" in target.slots,
            target.document.id if target.document else None,
            example.kinds,
            example.placeholders,
            example.names_document,
            documents,
        )

    def _names_by_name(self, reading: Interpretation) -> bool:
        """True when the reading names a project or person by name, not by a description
        word."""
        return any(
            mention.surface not in self.lexicon.keywords
            for kind, pairs in reading.entities.items()
            if kind in NAMED_KINDS
            for mention, _ref in pairs
        )

    @staticmethod
    def _blocked(target: Target, reading: Interpretation) -> bool:
        """True when the message asks *about* the target's subject instead of wishing it
        ("tot wanneer kan ik me aanmelden": a concept in the intent's `blocked_by`), or lacks
        every concept the target `requires`."""
        if target.requires and target.requires.isdisjoint(reading.features):
            return True
        return not target.blocked_by.isdisjoint(reading.features)

    @staticmethod
    def blocked_by(target: Target, words: set[str]) -> bool:
        """True when `words` (of the whole message) hold a concept that blocks the target."""
        return not target.blocked_by.isdisjoint(words)

    def score(self, readings: list[Interpretation], part: bool = False) -> list[Scored]:
        """Best score per target over all readings, best first. `part`: the readings are of
        one sentence of a longer message, where an exact match of a few words ("wat moet ik
        doen") is no sign of what the message asks."""
        if not readings:
            return []
        # Per target (by number): its best score so far; and its best score, with the example
        # and reading that gave it, in the order the targets were first scored.
        top = [-1.0] * len(self.targets)
        best: dict[int, tuple[float, int, Interpretation]] = {}
        rows, examples, weights = self._rows, self.examples, self.weights
        for reading in readings:
            # Sorted: float sums and ties must not depend on the set's (hash-seeded) order.
            features = sorted(reading.features)
            mass = sum(self.weight(f) for f in features)
            # A message that says very little ("hoe laat is het") can't be a confident match
            # (a factor of 1.0 changes nothing and is skipped).
            thin = min(1.0, mass / MIN_MESSAGE_WEIGHT)
            thinned = thin < 1.0
            shared, order = self._overlap(features)
            blocked = {n for n, target in self._gated if self._blocked(target, reading)}
            factors = self._reading_factors(reading)
            # A document the message names counts as shared with every example of a target
            # about that document ("welk project van het A&O fonds ..." ~ "welk project ...").
            named_docs = {
                document_feature(d): self.weight(document_feature(d)) for d in reading.documents
            }
            # ... and so do the attributes a target answers about an entity the message names
            # ("wie is de projectleider van X, mail en telefoon" ~ "wie moet ik bellen over X").
            asked = (
                [f for f in features if f in self.attributes]
                if self._names_by_name(reading)
                else []
            )
            answered = self._answered(reading, asked)
            implying = bool(named_docs or answered)
            for index in order:
                target, example_mass = rows[index]
                if implying:
                    own_document = self._implied_documents[index]
                    implied = named_docs.get(own_document, 0.0) if named_docs else 0.0
                    extra = answered.get(target)
                    if extra:
                        own = examples[index].features
                        implied += sum(weights[f] for f in extra if f not in own)
                    score = 2 * (shared[index] + implied) / (mass + example_mass + implied)
                else:  # (adding an implied 0.0 changes no float)
                    score = 2 * shared[index] / (mass + example_mass)
                if thinned and (score < EXACT or part):  # an exact match stands ("wat kun je")
                    score *= thin
                if score <= top[target] or target in blocked:
                    continue  # (the factors below only lower a score)
                key = self.factor_keys[index]
                factor = factors.get(key)
                if factor is None:
                    factor = factors[key] = self._mention_factor(
                        reading, examples[index], self.default_document
                    )
                score *= factor
                if score > top[target]:
                    top[target] = score
                    best[target] = (score, index, reading)
        scored = [Scored(examples[i].target, s, examples[i], r) for s, i, r in best.values()]
        return sorted(scored, key=attrgetter("score"), reverse=True)

    def _answered(self, reading: Interpretation, asked: list[str]) -> dict[int, list[str]]:
        """Per target (by number), the attributes `asked` it answers about what the reading
        names by name, when the reading names nothing the target has no slot for."""
        answered: dict[int, list[str]] = {}
        kinds = reading.entities.keys()
        for attribute in asked:
            for number, slots in self._attribute_targets.get(attribute, ()):
                if kinds <= slots:
                    answered.setdefault(number, []).append(attribute)
        return answered

    def _overlap(self, features: list[str]) -> tuple[list[float], list[int]]:
        """Per example, the summed weight of the (sorted) features it shares; and the examples
        sharing any, in the order first found."""
        shared = [0.0] * len(self.examples)  # (every weight is above 0)
        order: list[int] = []
        found = order.append
        weights, postings = self.weights, self.postings
        for feature in features:
            w = weights.get(feature)
            if w is None:
                continue
            for index in postings[feature]:
                if shared[index]:
                    shared[index] += w
                else:
                    shared[index] = w
                    found(index)
        return shared, order

    def _reading_factors(self, reading: Interpretation) -> dict[int, float]:
        """The mention factors (per factor key) already worked out for readings of this
        shape: the factor reads only the kinds a reading names, its placeholders and its
        documents."""
        shape = (
            frozenset(reading.entities),
            frozenset(f for f in reading.features if f.startswith("@")),
            frozenset(reading.documents),
        )
        factors = self._factors.get(shape)
        if factors is None:
            factors = {}
            if len(self._factors) < MAX_READING_SHAPES:
                self._factors[shape] = factors
        return factors
