"""A situation in one's own words, asking which werkpakket, dagdeel or project fits it, through
the real knowledge base and brain: the member it clearly fits, a sure answer about another
member or a list of all of them overruled, the message's other question asked about the member
found, and no situation where a list, a document or nothing in the material is meant."""

from __future__ import annotations

import pytest

from bot.brain.brain import Brain
from bot.knowledge.loader import load_knowledge
from tests.auxil.conversation import last_reply, talk


@pytest.fixture(scope="module")
def brain() -> Brain:
    return Brain(load_knowledge())


@pytest.mark.parametrize(
    ("message", "start"),
    [
        # the werkpakket a described problem fits
        (
            "onze medewerkers nemen geen eigenaarschap en ik los alles zelf voor ze op; "
            "welk werkpakket helpt daarbij?",
            "Werkpakket 9 (Geef niet de oplossing",
        ),
        # ... in English, answered in English
        (
            "We start a new way of working and first want to question our ingrained thinking "
            "patterns. Which work package fits?",
            "Work package 17 (werkpakket 17, Een zinvolle omweg",
        ),
        # "verantwoording" alone names dagdeel 5; the situation as a whole is dagdeel 7's
        (
            "Bij ons ontbreekt vertrouwen, niemand voelt zich eigenaar en verantwoordelijkheid "
            "en verantwoording zijn uit balans. Welk dagdeel gaat daarover?",
            "Dagdeel 7 (Ontwikkelen van eigenaarschap",
        ),
        # the document named says the kind: "wat heeft de toolkit daarvoor?" asks a werkpakket
        (
            "Bij ons durven medewerkers geen verantwoordelijkheid te nemen, want de teamleider "
            "lost alles op. Wat heeft de toolkit daarvoor?",
            "Werkpakket 9 (Geef niet de oplossing",
        ),
        (
            "Our staff follow every protocol to the letter, even when it doesn't help the "
            "resident. Is there anything in the toolkit for that?",
            "Work package",
        ),
        # "wat raad je aan uit de toolkit": a werkpakket, found by its situations
        (
            "We beginnen een nieuw project in de wijk en willen niet in oude patronen vervallen. "
            "Wat raad je aan uit de toolkit?",
            "Werkpakket 17 (Een zinvolle omweg",
        ),
        (
            "Our teams only follow the rules even when it makes no sense for the citizen. Which "
            "work package?",
            "Work package 11 (werkpakket 11, Een professioneel antwoord",
        ),
        # a dagdeel by the situations it helps with (few dagdelen: a lighter fit far ahead)
        (
            "Onze organisatie kijkt alleen naar binnen en werkt niet samen met partners in de "
            "regio. Welke bijeenkomst van het leernetwerk gaat daarover?",
            "Dagdeel 3 (Externe oriëntatie en financiën",
        ),
        (
            "Onze leidinggevenden geven weinig ruimte en medewerkers voelen zich geen eigenaar. "
            "Is daar een dagdeel over?",
            "Dagdeel 7 (Ontwikkelen van eigenaarschap",
        ),
        # not the list of all projects
        (
            "Wij hebben veel verzuim, hoge werkdruk en verloop. Welk A&O-project is uit die "
            "signalen ontstaan?",
            "Gemeente Deurne – Samen op pad",
        ),
    ],
)
def test_a_described_situation_gets_the_member_it_fits(
    brain: Brain, message: str, start: str
) -> None:
    assert talk(brain, message).startswith(start)


def test_the_other_question_is_asked_about_the_project_found(brain: Brain) -> None:
    text = talk(
        brain,
        "Welke gemeente heeft een ruimte waar de directie de voortgang van het "
        "uitvoeringsprogramma volgt? Wie is daar projectleider?",
    )
    assert "Leidschendam-Voorburg" in text and "Tine Bardoel" in text


def test_a_plural_question_keeps_its_list(brain: Brain) -> None:
    text = talk(brain, "welke projecten gingen over thuiswerken")
    assert "Asten" in text and "Capelle aan den IJssel" in text


def test_a_question_about_another_document_is_no_situation(brain: Brain) -> None:
    text = talk(
        brain, "Which organisation facilitated the session the Apeldoorn booklet came from?"
    )
    assert "Broosz" in text


def test_a_subject_outside_the_material_fits_no_werkpakket(brain: Brain) -> None:
    reply = last_reply(brain, "welk werkpakket gaat over de parkeervergunning van mijn buurman")
    assert not reply.matched and "Werkpakket" not in reply.text


@pytest.mark.parametrize(
    ("message", "may_ask"),
    [
        ("Welk A&O-project kwam uit die signalen voort?", True),
        ("Which toolkit package helps at the start?", True),
        ("wat kost het leernetwerk", False),
    ],
)
def test_only_a_message_with_an_asking_phrase_is_read_for_a_situation(
    brain: Brain, message: str, may_ask: bool
) -> None:
    assert brain.situations.may_ask(message) is may_ask


@pytest.mark.parametrize(
    ("message", "start"),
    [
        # one rare word that only one werkpakket uses is enough when nothing else is sure
        ("die uitspraak van Ghandi.. welk werkpakket was dat?", "Werkpakket 14"),
        # far ahead of every other project: not the list of all of them
        ("dat ding met multiplier leiderschap, welke gemeente was dat", "Gemeente Oisterwijk"),
        # an answer about no one project yields to the project the thing belongs to
        ("die praatplaat, bij welk project hoorde die?", "Gemeente De Wolden Hoogeveen"),
    ],
)
def test_a_thing_remembered_by_one_word_gets_its_member(
    brain: Brain, message: str, start: str
) -> None:
    assert talk(brain, message).startswith(start)


def test_an_answer_about_another_kind_than_asked_yields_to_the_fit(brain: Brain) -> None:
    # "welk filmpje" asks for a werkpakket; the projects about eigenaarschap are another kind
    text = talk(brain, "welk filmpje helpt om eigenaarschap lager in de organisatie te leggen")
    assert text.startswith("Werkpakket 9")


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        # "is daar een filmpje voor?" asks for a werkpakket
        (
            "Iedereen in mijn team komt met elk probleempje naar mij als teamleider en ik geef "
            "dan maar de oplossing. Ik wil dat ze zelf eigenaarschap pakken. Is daar een filmpje "
            "in de verandertoolkit voor?",
            "Werkpakket 9 (Geef niet de oplossing, geef het probleem)",
        ),
        # "is er een voorbeeldproject van een gemeente die ..." asks for a project
        (
            "Bij ons team is het verzuim hoog, er is veel verloop en mensen ervaren veel "
            "werkdruk. Is er een voorbeeldproject van een gemeente die daarop startte?",
            "Gemeente Deurne – Samen op pad",
        ),
    ],
)
def test_asking_for_a_video_or_an_example_project_reads_the_situation(
    brain: Brain, message: str, expected: str
) -> None:
    assert talk(brain, message).startswith(expected)


def test_a_situation_fitting_one_member_loosely_offers_it_unsure(brain: Brain) -> None:
    reply = last_reply(
        brain,
        "we willen dat onze mensen meer zelf durven te beslissen zonder steeds toestemming te "
        "vragen, welk werkpakket past daarbij?",
    )
    assert not reply.matched  # unsure: the fit is loose
    assert "Werkpakket 9" in reply.text


def test_a_situation_the_message_nearly_quotes_gets_its_member(brain: Brain) -> None:
    # "welk werkpakket raden ze aan bij de start van een nieuw project": werkpakket 17's advice
    text = talk(
        brain,
        "we starten binnenkort een nieuw project voor re-integratie en ik wil voorkomen dat we "
        "in onze eigen box blijven denken. welk werkpakket raden ze aan bij de start van een "
        "nieuw project?",
    )
    assert "Een zinvolle omweg" in text


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        # "dat filmpje waarin ...": a video remembered by what happens in it
        (
            "dat filmpje waarin niemand bij een dilemma het meerjarenbeleidsplan erbij pakt, hoe "
            "heet die",
            "Werkpakket 16 (Een ander houvast)",
        ),
        # Frisian "hokker" (which) and "projekt"
        (
            "hokker gemeente begon een projekt omdat er hoog verzuim en veel verloop was? en hoe "
            "heet dat",
            "Deurne: Samen op pad",
        ),
    ],
)
def test_a_thing_described_in_other_words_is_found(
    brain: Brain, message: str, expected: str
) -> None:
    assert expected in last_reply(brain, message).text


def test_a_title_two_projects_share_still_asks_which_one_fits(brain: Brain) -> None:
    # "leidinggeven op afstand" is the title of Asten's and Capelle's projects: it names
    # neither, so the situation (a survey of all staff) tells which
    text = talk(
        brain,
        "Sinds corona werken mijn mensen veel thuis en de teamleiders vinden leidinggeven op "
        "afstand lastig. Welk project uit de A&O-voorbeelden begon met een enquete onder alle "
        "medewerkers hierover?",
    )
    assert "Asten" in text and "Capelle" not in text


@pytest.mark.parametrize(
    ("message", "source", "fact"),
    [
        # its words are everyday words; quoted whole, only werkpakket 14 holds them
        (
            "'Wat je voor mij doet maar niet met mij, doe je tegen mij' — zit dat in de toolkit? "
            "welk werkpakket?",
            "Werkpakket 14 (De volgende stap)",
            "Ghandi",
        ),
        # the material says it in other words ("kun je niet opleggen: dat ben je"): held nearly
        (
            "Ik heb in mijn aantekeningen staan: 'Dat leg je niet op. Dat ben je, dat laat je "
            "zien.' Uit welk project komt dat?",
            "Gemeente Breda – Leiderschapstraject",
            "Breda",
        ),
        # "wie zei ..." asks no kind of entity; unanswered otherwise, the quote tells the source
        (
            "wie zei dat 'wat je voor mij doet maar niet met mij, doe je tegen mij' lol",
            "Werkpakket 14 (De volgende stap)",
            "Ghandi",
        ),
    ],
)
def test_a_quoted_phrase_tells_where_it_comes_from(
    brain: Brain, message: str, source: str, fact: str
) -> None:
    text = talk(brain, message)
    assert text.startswith(source) and fact in text


def test_a_quoted_title_keeps_its_own_answer(brain: Brain) -> None:
    # a quoted title asks about its entity, not where the words come from
    text = last_reply(
        brain,
        "Kun je 'Over moeten en willen' uit de toolkit kort toelichten? Waar gaat dat moeten over?",
    ).text
    assert "Over moeten en willen" in text


def test_a_quoted_phrase_the_material_defines_gets_its_definition(brain: Brain) -> None:
    # the leergang carries the phrase as its title; the statement saying what the dream is
    # comes with its description
    text = talk(brain, "Wat houdt 'de droom van elke burgemeester' volgens de tekst in?")
    assert "het verschil te blijven maken" in text


def test_the_dutch_kind_noun_in_an_english_question_asks_which_one_fits(brain: Brain) -> None:
    reply = last_reply(
        brain,
        "Our people keep running to their manager for the answer instead of taking ownership "
        "themselves. Is there a werkpakket for that?",
    )
    assert "Work package 9 (werkpakket 9" in reply.text and reply.language == "en"


def test_a_sure_answer_about_a_theme_yields_to_the_werkpakket_asked_for(brain: Brain) -> None:
    text = talk(
        brain,
        "In ons team kijken we naar de wijk als een soort puzzel van vraag en aanbod, tekorten "
        "en cliënten. Ik wil dat anders. Welk werkpakket past daarbij?",
    )
    assert "legpuzzel" in text.lower()
