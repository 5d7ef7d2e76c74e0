"""Models of the knowledge files about language: vocabulary.yaml, normalisation.yaml and
calibration.yaml (re-exported by bot.knowledge.schema)."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import model_validator

from bot.knowledge.schema_base import KnowledgeFile, NonEmpty, Strict


class Vocabulary(KnowledgeFile):
    """knowledge/vocabulary.yaml: synonyms (concept -> variants), stopwords, topic aliases."""

    concepts: dict[str, list[NonEmpty]]
    stopwords: list[NonEmpty]
    topics: dict[str, list[NonEmpty]] = {}  # topic tag -> extra phrasings


MONTHS_PER_YEAR = 12


class Order(StrEnum):
    """What a superlative ranks by ("de oudste": the earliest start)."""

    EARLIEST = "earliest"
    LATEST = "latest"
    LONGEST = "longest"
    SHORTEST = "shortest"


class ClaimValue(StrEnum):
    """A kind of value a claim to check states ("in 2018", "4500 euro", "op dinsdag")."""

    DATE = "date"
    YEAR = "year"
    MONEY = "money"
    NUMBER = "number"
    WEEKDAY = "weekday"
    PHONE = "phone"
    PERSON = "person"  # a person said to have a role ("klopt het dat X dagdeel 6 geeft")
    PLACE = "place"  # a gemeente said to be where something is ("... in Zeist plaatsvindt")
    PERIOD = "period"  # a length of time ("duurt een jaar", "3 weeks")
    FREQUENCY = "frequency"  # how often ("elke week", "wekelijks", "monthly")
    ROUND = "round"  # a subsidy round ("in ronde 2022/2")


class ClaimPhrases(Strict):
    """How people of one language state a claim to check, and the question for each kind of
    value it states (bot/brain/claims.py)."""

    openers: list[NonEmpty]  # "klopt het dat ..."
    closers: list[NonEmpty]  # "..., toch?"
    # inside the sentence, after its first words: "werkpakket 13 gaat *toch* over ...?"
    inner_markers: list[NonEmpty] = []
    questions: dict[ClaimValue, NonEmpty]  # "2018" -> "wanneer"
    money_words: list[NonEmpty] = []  # "4500 *euro*": the number is an amount of money
    period_units: list[NonEmpty] = []  # "een *jaar*": the number is a length of time
    frequency_words: list[NonEmpty] = []  # "*wekelijks*": how often
    each_words: list[NonEmpty] = []  # "*elke* week": a unit after one says how often
    article_words: list[NonEmpty] = []  # "*een* jaar": one unit of time
    about_person: NonEmpty  # the question about a person the claim names ("wie is")
    # "Klopt dit? '...'", "kun je deze zin checken": a quoted sentence is the claim
    check_requests: list[NonEmpty] = []


class Normalisation(KnowledgeFile):
    """knowledge/normalisation.yaml: how people type, folded away before understanding."""

    abbreviations: dict[str, NonEmpty]  # chat form -> full words
    courtesy: list[NonEmpty]  # greetings, thanks, acknowledgements
    introductions: list[NonEmpty] = []  # "ik ben stagiair en ...": who asks, before the question
    question_markers: list[NonEmpty] = []  # "... dus mijn vraag is ...": the question follows
    run_on_breaks: list[NonEmpty] = []  # "... *dus* ik wil ...": a sentence starts, in a voice note
    addressees: list[NonEmpty] = []  # "collega's", "allemaal": whom a courtesy phrase addresses
    sign_offs: list[NonEmpty]  # closing formulas; what follows them is a signature
    off_topic: list[NonEmpty]  # everyday words naming a subject outside the material
    number_markers: list[NonEmpty]  # "werkpakket nummer 15"
    name_particles: list[NonEmpty]  # "van", "der", "op": inside personal names
    joiners: list[NonEmpty]  # "en", "and": a sentence starting so continues the one before
    # "wat gebeurt er *wanneer* ...", "what happens *when* ...": inside a sentence these join a
    # clause and ask for no date
    clause_conjunctions: list[NonEmpty] = []
    # "*als* we samen meedoen, krijgen we korting?": a clause starting so is a condition of
    # the question after it, not what is asked
    condition_starts: list[NonEmpty] = []
    default_document: NonEmpty  # the document a question naming none is about
    months: dict[NonEmpty, NonEmpty]  # month name (Dutch or English) -> the Dutch month
    months_after_day: dict[NonEmpty, NonEmpty]  # a month only after a day number ("3 may")
    theme_cues: list[NonEmpty]  # "thema B", "part C"
    range_words: list[NonEmpty] = []  # "thema's A *t/m* F": a range of letters, no one theme
    group_cues: list[NonEmpty] = []  # "welke werkpakketten ...": a shared name means the theme
    last_words: list[NonEmpty]  # "de laatste"
    next_words: list[NonEmpty]  # "de volgende"
    after_words: list[NonEmpty] = []  # "na 23 juni": the dagdeel after that date's
    before_words: list[NonEmpty] = []  # "voor de zomer", "before July": the months before
    seasons: dict[NonEmpty, list[NonEmpty]] = {}  # "zomer" -> its Dutch months
    previous_words: list[NonEmpty]  # "de vorige"
    second_last_words: list[NonEmpty] = []  # "de voorlaatste"
    phrase_gaps: list[NonEmpty]  # "schrijf ons *even* in": skipped inside a phrase
    question_starts: list[NonEmpty]  # "..., en *wie* ...": a second question starts
    modal_starts: list[NonEmpty] = []  # "*kunnen* Duitse gemeenten meedoen?": a modal question
    speaker_pronouns: list[NonEmpty] = []  # the writer and the one addressed ("ik", "u")
    writer_possessives: list[NonEmpty] = []  # "*mijn* begeleider": the writer's, not asked
    yes_no_starts: list[NonEmpty] = []  # "..., en *zijn* die ...": a yes/no question starts
    question_prepositions: list[NonEmpty] = []  # "..., en *langs* hoeveel ...": may precede one
    definite_articles: list[NonEmpty] = []  # "..., and *the* period": before a value asked
    titles: list[NonEmpty]  # "wethouder", "mevrouw": the surname after one is somebody else
    followup_starts: list[NonEmpty]  # "en ...?" continues the conversation
    # "nee, ik bedoel ...", "no, I meant ...": the last question, asked of what the message names
    correction_starts: list[NonEmpty] = []
    contrasting: list[NonEmpty] = []  # "en de meeste?" after "de minste": replaces it
    anaphora: list[NonEmpty]  # "daarvan", "their": points back to what was said
    personal_pronouns: list[NonEmpty] = []  # "hij", "them": the people the last answer named
    singular_pronouns: list[NonEmpty] = []  # "haar": one person of those
    pointed_previous_words: list[NonEmpty] = []  # "die *daarvoor*": back, after a pointer
    # "welk werkpakket *komt* daarvoor": a verb of place between a numbered kind and its step
    step_verbs: list[NonEmpty] = []
    pick_cues: list[NonEmpty] = []  # "die (van Capelle)", "the one (from 2020)": picks from a list
    one_words: list[NonEmpty] = []  # "the other *one*": stands for one item of a list
    other_words: list[NonEmpty] = []  # "en de andere?": the rest of the list
    # "de oudste", "which ended first": superlatives over the list just given
    superlatives: dict[Order, list[NonEmpty]] = {}
    claims: dict[NonEmpty, ClaimPhrases] = {}  # per language: "klopt het dat ...?"

    @model_validator(mode="after")
    def _twelve_months(self) -> Normalisation:
        dutch = list(dict.fromkeys(self.months.values()))
        if len(dutch) != MONTHS_PER_YEAR or any(self.months.get(m) != m for m in dutch):
            raise ValueError(
                f"entry months: needs the {MONTHS_PER_YEAR} Dutch months, each mapping to "
                f"itself, got {', '.join(dutch)}"
            )
        unknown = sorted(m for m in self.months_after_day.values() if m not in dutch)
        if unknown:
            raise ValueError(f"entry months_after_day: unknown month {', '.join(unknown)}")
        for season, months in self.seasons.items():
            if not months or any(m not in dutch for m in months):
                raise ValueError(f"entry seasons: {season}: needs Dutch months, got {months}")
        return self


class Calibration(KnowledgeFile):
    """knowledge/calibration.yaml: which words of a question a confident answer must explain."""

    question_words: list[NonEmpty]  # concepts that ask for a kind of value, not a subject
    values: dict[str, NonEmpty] = {}  # question concept -> the value its answer holds
    asks_for: dict[str, NonEmpty] = {}  # question phrase ("hoe laat") -> the same
    # "waar gaat die over": a question word split from its particle asks no value of its own
    split_adverbs: dict[NonEmpty, list[NonEmpty]] = {}
    value_words: dict[NonEmpty, list[NonEmpty]] = {}  # words that are such a value
    interrogatives: list[NonEmpty] = []  # words of a sentence that asks, wherever they stand
    interrogative_verbs: list[NonEmpty] = []  # first words of a sentence that asks
    # verbs that ask only as a sentence's first word ("*zit* er in de toolkit iets ...?")
    opening_verbs: list[NonEmpty] = []
    # "(ik) moet *het* in de agenda zetten": after a first verb, the object of a statement
    # whose subject is left out (without a question mark it asks nothing)
    dropped_subject_objects: list[NonEmpty] = []
    # "bij *welke* zorgorganisatie": a question for which one; an answer naming the thing only
    # after an indefinite article ("*een* grote zorgorganisatie") does not say which
    which_words: list[NonEmpty] = []
    indefinite_articles: list[NonEmpty] = []
    alternatives: dict[str, list[NonEmpty]] = {}  # language -> "of", "or": a choice
    pointers: list[NonEmpty] = []  # "dat", "that": a question about the last subject
    neutral: list[NonEmpty] = []  # words that say nothing about what is asked
    salient: list[NonEmpty] = []  # roles, subjects, negation: always need explaining
    counting: list[NonEmpty] = []  # "hoeveel", "how many": the word after it is counted
    units: list[NonEmpty] = []  # counted words any number may stand for ("mensen", "dagen")
    people_units: list[NonEmpty] = []  # of those, people: a number of them must be given
    one_asked: list[NonEmpty] = []  # "welk werkpakket": one thing of a kind asked for
    elsewhere_asks: list[NonEmpty] = []  # "ergens anders": where else someone is named
    # "zit er in de toolkit iets over Oss?": what a named document says of a person or place
    named_in_asks: list[NonEmpty] = []
    # "waar staat SED voor?", "what does NGB stand for?": what an abbreviation stands for
    abbreviation_asks: list[NonEmpty] = []
    # kind -> phrases asking which one of that kind fits a described situation
    situation_asks: dict[Literal["werkpakket", "dagdeel", "project"], list[NonEmpty]] = {}
    # phrases that, beside the name of the document a kind belongs to, ask which member of it
    # fits ("zit er in de toolkit iets over ...?", "wat heeft de toolkit daarvoor?")
    situation_document_asks: list[NonEmpty] = []
