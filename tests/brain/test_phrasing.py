"""How people phrase things, through the real knowledge base and brain: a wish to sign up with
words inside the phrase, a question that only mentions joining, a count of something the
answer doesn't name, emoji as punctuation, and the theme with the fewest werkpakketten."""

from __future__ import annotations

import pytest

from bot.brain.brain import Brain
from bot.brain.context import DialogueContext
from bot.brain.entities import analyse
from bot.domain import Action
from bot.knowledge.loader import load_knowledge
from tests.auxil.conversation import answer_text, answered


@pytest.fixture(scope="module")
def brain() -> Brain:
    return Brain(load_knowledge())


@pytest.mark.parametrize(
    "text",
    [
        "schrijf ons ff in voor het leernetwerk",  # a gap word inside "schrijf ons in"
        "@bot schrijf gemeente Zutphen in voor het Leernetwerk aub",  # a separable verb
        "meld ons dan maar aan",
    ],
)
def test_a_wish_to_sign_up_with_words_inside_the_phrase_starts_the_form(
    brain: Brain, text: str
) -> None:
    assert brain.answer(text, DialogueContext()).reply.action == Action.SIGNUP


def test_a_question_that_mentions_joining_in_one_sentence_starts_no_form(brain: Brain) -> None:
    reply = brain.answer(
        "If our municipality joins the Leernetwerk, how many people can we send?",
        DialogueContext(),
    ).reply
    assert reply.action is None
    assert "three" in reply.text  # three participants per gemeente


def test_a_count_of_something_the_answer_does_not_name_is_not_answered(brain: Brain) -> None:
    # The Deurne statements give dates and figures of absence, not a number of teams.
    reply = brain.answer("How many teams take part in the Deurne project?", DialogueContext()).reply
    assert reply.matched is False
    assert "teams" in reply.text  # says what it found nothing about


def test_emoji_end_a_sentence(brain: Brain) -> None:
    reply = brain.answer(
        "nieuwe collega hier 👋 wat zit er in de verandertoolkit?", DialogueContext()
    ).reply
    assert reply.matched and "animatiefilmpjes" in reply.text


def test_the_theme_with_the_fewest_werkpakketten(brain: Brain) -> None:
    toolkit = brain.kb.toolkit
    sizes = {
        t.letter: sum(w.theme == t.letter for w in toolkit.werkpakketten) for t in toolkit.themes
    }
    fewest = [t for t in toolkit.themes if sizes[t.letter] == min(sizes.values())]
    reply = brain.answer("welk thema heeft de minste werkpakketten", DialogueContext()).reply
    assert reply.matched
    assert all(t.name in reply.text for t in fewest)
    most = [t for t in toolkit.themes if sizes[t.letter] == max(sizes.values())]
    assert not any(f"– {t.name} (" in reply.text for t in most if t not in fewest)


@pytest.mark.parametrize(
    ("text", "kind"), [("#9 toolkit?", "werkpakket"), ("leernetwerk #3", "dagdeel")]
)
def test_a_number_beside_a_documents_name_is_its_numbered_thing(
    brain: Brain, text: str, kind: str
) -> None:
    reply = brain.answer(text, DialogueContext()).reply
    assert reply.matched
    if kind == "werkpakket":
        package = next(w for w in brain.kb.toolkit.werkpakketten if w.number == 9)
        assert package.title in reply.text
    else:
        dagdeel = next(d for d in brain.kb.leernetwerk.dagdelen if d.number == 3)
        assert dagdeel.title in reply.text


def test_a_sentence_naming_nothing_asks_about_the_project_named_before(brain: Brain) -> None:
    deurne = next(p for p in brain.kb.projecten.projects if p.place == "Deurne")
    reply = brain.answer(
        "Onze wethouder heeft interesse in het project van Deurne. Wat is het mailadres van de "
        "contactpersoon?",
        DialogueContext(),
    ).reply
    assert reply.matched and deurne.contact.email in reply.text


def test_a_surname_after_a_title_is_not_the_person_of_the_material(brain: Brain) -> None:
    reply = brain.answer("Wethouder Bakker wil weten wanneer dagdeel 5 is", DialogueContext())
    assert "dagdeel 5" in reply.reply.text  # about dagdeel 5 (answered or suggested) ...
    assert "Bart Bakker" not in reply.reply.text  # ... and not about our speaker Bart Bakker


def test_a_count_the_source_gives_is_answered(brain: Brain) -> None:
    # The Beuningen pilot names its number of teams ("4-5 teams in totaal").
    reply = brain.answer(
        "How many teams take part in the Beuningen self-organisation pilot?", DialogueContext()
    ).reply
    assert answered(reply) and "4-5" in reply.text


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("wat is het leernetwerk in één zin", "Het Leernetwerk Werken volgens de Bedoeling helpt"),
        ("leg het leernetwerk kort uit voor een collega", "Het Leernetwerk Werken volgens"),
    ],
)
def test_how_short_the_answer_should_be_asks_nothing_itself(
    brain: Brain, text: str, start: str
) -> None:
    reply = brain.answer(text, DialogueContext()).reply
    assert answered(reply) and answer_text(reply).startswith(start)


def test_a_card_asked_for_twice_in_one_message_is_shown_once(brain: Brain) -> None:
    text = brain.answer(
        "wie kan ik bellen over het project van goirle en bij welke organisatie werkt die persoon",
        DialogueContext(),
    ).reply.text
    assert text.count("Linda van Gerwen") == 1


def test_signing_the_mayor_up_gets_the_sign_up_number_only(brain: Brain) -> None:
    text = brain.answer(
        "onze burgemeester wil zich aanmelden voor de leergang, wie moet hij bellen",
        DialogueContext(),
    ).reply.text
    assert "070-373 8383" in text and "0343-595802" not in text


def test_a_letter_about_a_project_by_its_title_asks_about_that_project(brain: Brain) -> None:
    text = brain.answer(
        "Goedemorgen, de wethouder is benieuwd naar het traject 'Van eiland naar Wij-land'. "
        "Wie is daar de contactpersoon en op welk e-mailadres is die te bereiken?",
        DialogueContext(),
    ).reply.plain_text()
    assert "rpo@vng.nl" not in text


@pytest.mark.parametrize(
    ("text", "fact", "not_there"),
    [
        # a project's own contact beside the project asks about that project ...
        ("rijssen-holten martina telefoon", "Martina van Harlingen", "Wouter"),
        # ... the one of the place's projects they are the contact of
        ("Paul van der Wolf in Breda, telefoonnummer?", "06 - 51 97 7 098", "Jannet Koster"),
        # spoken spellings
        ("wat is het mijl adres van het leernetwerk", "rpo@vng.nl", "Beesel"),
        ("the Gandhi quote, which work package is it in?", "Work package 14", "Work package 9"),
        ("waar gaat Kirstin op het Veld over praten", "dagdeel 6", "dagdeel 5"),
    ],
)
def test_terse_and_spoken_phrasings(brain: Brain, text: str, fact: str, not_there: str) -> None:
    reply = brain.answer(text, DialogueContext()).reply
    assert reply.matched and fact in reply.text and not_there not in reply.text


@pytest.mark.parametrize(
    ("text", "fact", "not_there"),
    [
        # counts per start year, from the periods on the page
        ("hoeveel projecten begonnen er per jaar", "2021 (14)", "Per ronde"),
        # the months between the dagdelen
        ("in welke maanden is er geen bijeenkomst van het leernetwerk", "juli en augustus", "CNV"),
        # the one speaker of more than one dagdeel, however the count is asked
        ("welke spreker verzorgt in het leernetwerk de meeste dagdelen", "dagdeel 8", "Bart"),
        ("welke spreker komt vaker dan één keer terug", "Alleen Wouter Hart", "Bart"),
        ("which speaker gives the most sessions", "Only Wouter Hart", "Bart"),
        # who a gemeente sends: its three participants ("our city", "city manager")
        (
            "Which people from our city are supposed to attend? Just our city manager?",
            "gemeentesecretaris",
            "online",
        ),
        ("Who exactly should a council send to the learning network?", "control", "Speakers"),
        ("How many officers per municipality can join and what designations?", "control", "4500"),
        # "kindly share", "email id", "mobile number": a request for contact details
        (
            "Kindly share the name, email id and mobile number of the contact person for the "
            "Asten project.",
            "s.vanloon@asten.nl",
            "Did you mean",
        ),
        # the projects' page named in English; "two separate projects" is more than one
        ("What's the oldest project on the A&O fund leadership and culture page?", "2018", "Did"),
        (
            "Which councils have two separate projects on the A&O fund leadership list?",
            "Breda",
            "Did",
        ),
        # "zaten er ... tussen" is phrasing; the "A&O overzicht" is the projects' page
        (
            "Zaten er in dat A&O overzicht ook organisaties tussen die geen gemeente zijn? Welke?",
            "CNV Jongeren",
            "Bedoelde",
        ),
        # "welk deel" asks for the theme
        ("hoort het of helpt het, in welk deel vd toolkit zit dat", "Thema C", "meeste"),
        # online or in person: the material says the participants meet in person
        ("is het leernetwerk ook online te volgen? ik zit in friesland haha", "fysiek", "Bedoelde"),
        # between the meetings: "daartussendoor" in the material's words
        ("wat doen deelnemers tussen de bijeenkomsten door", "eigen organisatie", "Bedoelde"),
        # "loopt via": the way to sign up, not the duration
        ("aanmelden leernetwerk loopt via welk platform?", "Risico Platform Overheden", "negen"),
        # one everyday word shared ("mensen") is no subject: the intent about numbers answers
        (
            "kunnen we ons met 5 mensen aanmelden voor het leernetwerk",
            "drie deelnemers",
            "Sprekers",
        ),
    ],
)
def test_aggregates_and_phrasings(brain: Brain, text: str, fact: str, not_there: str) -> None:
    reply = brain.answer(text, DialogueContext()).reply
    assert fact in reply.text and not_there not in reply.text.split("\n")[0]


@pytest.mark.parametrize("text", ["leernetwerk", "info over het leernetwerk"])
def test_the_leernetwerk_named_alone_is_asked_about(brain: Brain, text: str) -> None:
    reply = brain.answer(text, DialogueContext()).reply
    assert reply.matched and reply.intent == "leernetwerk.wat"


def test_a_bare_question_after_a_stated_problem_asks_about_the_problem(brain: Brain) -> None:
    text = brain.answer(
        "de pdf's downloaden niet. waar moet ik mailen?", DialogueContext()
    ).reply.text
    assert "info@verdraaideorganisaties.nl" in text and "rpo@vng.nl" not in text


def test_a_party_asked_for_is_the_organisation_a_project_works_with(brain: Brain) -> None:
    text = brain.answer("met welke externe partij werkt beesel samen", DialogueContext()).reply.text
    assert "Ministerie van Inzetbaarheid" in text


def test_a_werkpakket_card_in_dutch_holds_its_statements_as_in_english(brain: Brain) -> None:
    dutch = brain.answer("wat is werkpakket 14", DialogueContext()).reply.text
    english = brain.answer("what is work package 14", DialogueContext()).reply.text
    assert "Ghandi" in dutch and "Ghandi" in english


def test_a_dagdeel_card_in_dutch_holds_its_statements(brain: Brain) -> None:
    text = brain.answer("wat is dagdeel 1", DialogueContext()).reply.text
    assert "Anders Vasthouden" in text  # what participants read before it: a statement


def test_a_place_beside_one_of_its_projects_means_that_project(brain: Brain) -> None:
    analysis = analyse("breda heeft een project over leidende principes", brain.lexicon)
    projects = {i for m in analysis.mentions for r in m.refs if r.kind == "project" for i in r.ids}
    assert projects == {"breda-leidende-principes"}


def test_what_a_number_is_for_is_no_question_where(brain: Brain) -> None:
    reply = brain.answer("het nummer 0343-595802, waar is dat voor?", DialogueContext()).reply
    assert reply.matched and "actuele informatie" in reply.text


def test_the_projects_per_round_are_named(brain: Brain) -> None:
    text = brain.answer("hoeveel projecten zijn er per ronde", DialogueContext()).reply.text
    assert "2022/2 (1): De Wolden Hoogeveen" in text


def test_start_and_end_of_a_project_get_its_period(brain: Brain) -> None:
    text = brain.answer(
        "tilburg teamleidersprogramma startdatum + einddatum?? moet het precies weten voor de raad",
        DialogueContext(),
    ).reply.text
    assert "juni 2021 - maart 2022" in text


def test_from_start_to_finish_asks_how_long(brain: Brain) -> None:
    reply = brain.answer(
        "How long does the mayors' programme 'De droom van elke burgemeester' run from start to "
        "finish?",
        DialogueContext(),
    ).reply
    assert reply.matched and "3-4 months" in reply.text


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        # a place's adjective names its project
        ("wie is contactpersoon van het Tilburgse project?", "Alex Dolk"),
        ("hoe lang liep het Bredase traject?", "2022"),
        # Flemish and Dutch-English chat words
        ("Kunt gij ne keer opsommen welke thema's er in die toolkit zitten?", "Anders kijken"),
        ("Can I become a list of the dates of the Leernetwerk?", "27 January"),
        # "afvaardigen" names who takes part, not a wish to sign up
        ("Welke drie mensen moet een gemeente afvaardigen naar het Leernetwerk?", "control"),
        # "het idee achter" asks what it is about; "in twee zinnen" is phrasing
        ("Wat is in twee zinnen het idee achter het boekje van de gemeente Apeldoorn?", "pioniers"),
        # a message naming only a document gets what it is
        ("de leergang voor burgemeesters?", "4-daagse leergang"),
        ("het apeldoornse boekje", "Vakmanschap in ontwikkeling"),
    ],
)
def test_regional_and_short_forms_are_understood(brain: Brain, text: str, fact: str) -> None:
    reply = brain.answer(text, DialogueContext()).reply
    assert answered(reply) and fact in reply.text


def test_a_surname_that_is_an_everyday_word_names_nobody_alone(brain: Brain) -> None:
    # "Jose de Korte": "een korte samenvatting" asks about no person
    analysis = analyse("wat is een korte samenvatting van de toolkit", brain.lexicon)
    assert not any(r.kind == "person" for m in analysis.mentions for r in m.refs)
    named = analyse("wat is het mailadres van Jose de Korte", brain.lexicon)
    assert any(r.kind == "person" for m in named.mentions for r in m.refs)


def test_a_werkpakket_title_inside_the_toolkits_own_name_names_the_toolkit(brain: Brain) -> None:
    reply = brain.answer(
        "Who made the toolkit for municipalities about werken vanuit de bedoeling?",
        DialogueContext(),
    ).reply
    assert answered(reply) and "Wouter Hart" in reply.text and "Thom Verheggen" in reply.text
    # asked for a werkpakket, the title names it
    asked = brain.answer(
        "welk werkpakket in de toolkit heet werken vanuit de bedoeling", DialogueContext()
    )
    assert "Werkpakket 10" in asked.reply.text or "Werkpakket 1" in asked.reply.text


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("Howzit, quick one: what's the damage for the learning network?", "4500"),
        ("When's the first session, and who's presenting?", "Wouter Hart"),
        ("Who wrote the intro to the Apeldoorn booklet?", "Jan Smit"),
        ("Cheers for earlier. Whereabouts is the mayors' course held?", "Wijk bij Duurstede"),
    ],
)
def test_british_and_south_african_chat_english(brain: Brain, text: str, fact: str) -> None:
    reply = brain.answer(text, DialogueContext()).reply
    assert reply.matched and fact in reply.text and reply.language == "en"
