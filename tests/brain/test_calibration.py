"""Calibration through the real knowledge base: a confident answer that leaves part of the
question unexplained becomes an honest "not in the material"; right answers stay."""

from __future__ import annotations

import pytest

from bot.brain.answer_values import AnswerText, ValueShape
from bot.brain.brain import ANSWER_THRESHOLD, Brain
from bot.brain.context import DialogueContext
from bot.brain.entities import analyse_tokens
from bot.domain import CoreIntent
from bot.knowledge.loader import load_knowledge
from tests.auxil.conversation import answered


@pytest.fixture(scope="module")
def brain() -> Brain:
    return Brain(load_knowledge())


def _matcher_is_confident(brain: Brain, text: str) -> bool:
    """The matcher alone would answer `text` confidently (so calibration is what stops it)."""
    candidates = brain.lexicon.normaliser.candidates(text)
    ranked = brain._best_reading(candidates, DialogueContext()).ranked
    return bool(ranked) and ranked[0].score >= ANSWER_THRESHOLD


@pytest.mark.parametrize(
    ("text", "unexplained", "neighbour"),
    [
        # A number nobody in the material has: not the Leernetwerk's contact.
        ("van wie is het nummer 020 555 1234", "1234", "rpo@vng.nl"),
        # Dates asked of something that has none: not the definition of the Bedoeling (the
        # reply names the word asked, as typed).
        ("wat zijn de data van werken volgens de bedoeling", "niets over: data", "buitenwereld"),
        # A price nobody gives ("200,000 inhabitants" is no amount of money; "break free" no
        # price): not the project's card.
        ("what did Zaanstad's project cost", "nothing about: cost", "Timo van Doremalen"),
        # A role the material names nobody for: not the partner organisation.
        ("wie zijn de trainers van de leergang voor burgemeesters", "trainers", "070-373"),
        # Dates in a season the material has none in: not the spring dates.
        (
            "zijn er ook data in het najaar voor de leergang voor burgemeesters",
            "najaar",
            "21 en vrijdag 22 maart",
        ),
        # "how long": the list of the programme's dates gives no length of time.
        ("how long does the programme run", "how long", "27 januari"),
        # An office address typed as one word: no mail address answers it.
        (
            "wat is het kantooradres van de contactpersoon van Goirle",
            "kantooradres",
            "013 - 531 06 18",
        ),
        # An address: the material has none, so no card of the organisation asked about.
        ("wat is het bezoekadres van gemeente Goirle", "bezoekadres", "013 - 531 06 18"),
    ],
)
def test_a_neighbouring_answer_becomes_honest(
    brain: Brain, text: str, unexplained: str, neighbour: str
) -> None:
    assert _matcher_is_confident(brain, text)
    reply = brain.answer(text, DialogueContext()).reply
    assert reply.matched is False
    assert unexplained in reply.text
    assert neighbour not in reply.text  # none of the neighbour's data
    assert reply.intent == CoreIntent.SUGGESTIONS and reply.suggestions


def test_a_count_needs_a_number_of_what_is_counted(brain: Brain) -> None:
    """A number elsewhere in the answer, or the counted word without a number, is no count."""
    text = "hoeveel medewerkers heeft Asten"
    assert _matcher_is_confident(brain, text)
    reply = brain.answer(text, DialogueContext()).reply
    assert reply.matched is False and "medewerkers" in reply.text


def test_an_unexplained_question_in_a_second_sentence_counts(brain: Brain) -> None:
    """The answer must explain every sentence that asks, not only the one it matched."""
    text = "Over werkpakket 14, De volgende stap. Welke filosofen worden er aangehaald?"
    reply = brain.answer(text, DialogueContext()).reply
    assert reply.matched is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("wat is het telefoonnummer van het project in Goirle", "013 - 531 06 18"),
        ("wanneer is dagdeel 3", "24 maart"),
        ("welke projecten gingen over zelforganisatie", "Beuningen"),
        # A sentence of context ("ik ben griffier ...") needs no explaining.
        ("Ik ben griffier bij een kleine gemeente. Wat kost het leernetwerk?", "4500"),
        # An English question answered from Dutch-titled material: cognates explain it.
        ("when is the last session of the Leernetwerk", "6 oktober"),
        # A count the material gives, next to the counted word.
        ("hoeveel medewerkers werken er bij Emmen", "950"),
        # "number of" before a name counts nothing.
        ("what is the phone number of Paul van der Wolf", "van.der.wolf@breda.nl"),
        # "volledige" (full) asks nothing itself, and the booklet's name names, in the
        # statements citing Gemeente Apeldoorn too: the title, not the date of the news item.
        ("wat is de volledige titel van het Apeldoornse boekje", "Praktische handvatten"),
        # "allebei" (both) asks nothing itself.
        ("welke twee gemeenten deden allebei iets met leidinggeven op afstand", "Capelle"),
        # "wanneer" answered by a moment after something, not a date.
        (
            "wanneer besluit je definitief of je meedoet met de leergang voor burgemeesters",
            "kennismakingsgesprek",
        ),
        # "welk adres" after the mail address asks for the mail address.
        ("wat is het mailadres van de contactpersoon van Goirle, welk adres is het?", "goirle.nl"),
        # An e-mail address is no street address.
        ("what is the e-mail address of the Leernetwerk", "rpo@vng.nl"),
    ],
)
def test_a_right_answer_stays(brain: Brain, text: str, expected: str) -> None:
    reply = brain.answer(text, DialogueContext()).reply
    assert answered(reply)
    assert expected in reply.text


def test_the_verdict_names_only_informative_words(brain: Brain) -> None:
    """Filler, question words and everyday words never need explaining; a role does."""
    tokens = brain.lexicon.normaliser.candidates("kunt u mij vertellen wie de wethouder is")[0]
    words = brain.calibrator.informative(analyse_tokens(tokens, brain.lexicon))
    assert words == ["wethouder"]


@pytest.mark.parametrize(
    ("turns", "matched"),
    [
        # "dat" points at werkpakket 13: its card (Proeftuin Ruwaard in Oss) answers, never
        # the project list of another document.
        (["vertel over werkpakket 13", "in welke gemeente speelt dat?"], True),
        # "zijn" points at the booklet's makers: the Leernetwerk's e-mail address is no answer.
        (
            ["wie schreef de inleiding van het boekje van Apeldoorn", "wat is zijn mailadres?"],
            False,
        ),
        # The same document: the follow-up is answered.
        (["wanneer is dagdeel 3", "en wat kost dat?"], True),
    ],
)
def test_a_follow_up_stays_with_its_subject(brain: Brain, turns: list[str], matched: bool) -> None:
    context = DialogueContext()
    for turn in turns:
        answer = brain.answer(turn, context)
        context = answer.context
    assert answered(answer.reply) is matched
    assert "Er staan 23 A&O fonds projecten" not in answer.reply.text


def test_hours_asked_are_not_answered_by_a_price(brain: Brain) -> None:
    text = "hoeveel uur per week kost het leernetwerk"
    assert _matcher_is_confident(brain, text)
    reply = brain.answer(text, DialogueContext()).reply
    assert reply.matched is False and "hoeveel uur" in reply.text


def test_a_question_for_one_of_a_kind_is_not_answered_by_the_list_of_all(brain: Brain) -> None:
    text = "Mijn team werkt langs elkaar heen, elke afdeling op een eiland. Welk werkpakket helpt?"
    one = brain.answer(text, DialogueContext()).reply
    # the one the situation fits (silos: "langs elkaar heen", "eiland"), not the list of all
    assert one.text.startswith("Werkpakket 5 (Grenzeloos samenwerken)")
    most = "ik geef mijn team steeds de oplossing. welk werkpakket past daarbij?"
    assert brain.answer(most, DialogueContext()).reply.matched is False  # (not the biggest theme)
    every = brain.answer("welke werkpakketten zijn er", DialogueContext()).reply
    assert every.matched and "18 werkpakketten" in every.text


def test_a_website_asked_needs_a_web_address(brain: Brain) -> None:
    reply = brain.answer("Wat is de website van Broosz?", DialogueContext()).reply
    assert reply.matched is False and "website" in reply.text


def test_a_choice_is_answered_by_an_inflection_of_one_side(brain: Brain) -> None:
    text = "hoe is de burgemeestersleergang opgebouwd, zijn het losse dagen of blijf je slapen?"
    reply = brain.answer(text, DialogueContext()).reply
    assert reply.matched and "overnachting" in reply.text


def test_time_asked_is_not_answered_by_a_price(brain: Brain) -> None:
    # the time it takes is how long it runs and how often it meets, never what it costs
    reply = brain.answer("hoeveel tijd kost het leernetwerk mij?", DialogueContext()).reply
    assert "4500" not in reply.text
    assert reply.matched and "negen maanden" in reply.text and "dagdeel" in reply.text


def test_a_year_asked_needs_a_year_in_the_answer(brain: Brain) -> None:
    unknown = brain.answer("in welk jaar is de verandertoolkit gemaakt", DialogueContext()).reply
    assert unknown.matched is False and "welk jaar" in unknown.text
    known = brain.answer("in welk jaar begon het project van Zaanstad", DialogueContext()).reply
    assert answered(known) and "2021" in known.text


def test_a_percentage_asked_is_answered_by_one_or_not_at_all(brain: Brain) -> None:
    turns = [
        "Waar gaat het project van de gemeente Asten over?",
        "welk percentage wil thuiswerken?",
    ]
    context = brain.answer(turns[0], DialogueContext()).context
    known = brain.answer(turns[1], context).reply
    assert known.matched and "80%" in known.text
    text = "welk percentage van de medewerkers in Goirle is leidinggevende"
    unknown = brain.answer(text, DialogueContext()).reply
    assert unknown.matched is False and "percentage" in unknown.text


def test_an_answer_naming_nothing_of_a_name_the_question_gives_is_no_answer(
    brain: Brain,
) -> None:
    reply = brain.answer("wie schreef De Binnenkant van Nieuw Organiseren", DialogueContext())
    assert reply.reply.matched is False
    assert "de binnenkant van nieuw organiseren" in reply.reply.text
    # The material does say who wrote Anders Vasthouden: the toolkit's makers.
    makers = brain.answer("wie schreef Anders Vasthouden", DialogueContext()).reply
    assert makers.matched and "Wouter Hart" in makers.text
    # A name the answer does use, and capitals of a greeting or sign-off, change nothing.
    named = (
        "Goedemorgen, wat kost het Leernetwerk Werken volgens de Bedoeling? Met Vriendelijke Groet"
    )
    assert brain.answer(named, DialogueContext()).reply.matched


def test_names_are_found_inside_sentences_with_their_particles(brain: Brain) -> None:
    names = brain.given_names.in_question("Dear Sir, who is Kirstin op het Veld? Kind Regards")
    assert names == ["kirstin op het veld"]


def test_a_salient_word_read_as_a_concept_still_needs_explaining(brain: Brain) -> None:
    reply = brain.answer("wat is het oudste project op de A&O pagina", DialogueContext()).reply
    assert not (reply.matched and "Meierijstad" not in reply.text)


def test_where_after_a_dagdeel_is_not_answered_by_its_card(brain: Brain) -> None:
    context = brain.answer("wanneer is dagdeel 2", DialogueContext()).context
    reply = brain.answer("en waar?", context).reply
    assert reply.matched is False
    leergang = brain.answer("wanneer is de leergang voor burgemeesters", DialogueContext())
    assert "Wijk bij Duurstede" in brain.answer("en waar is het?", leergang.context).reply.text


def test_a_refused_best_reading_yields_to_a_close_one_that_explains_everything(
    brain: Brain,
) -> None:
    """Read as 'who takes part', the question leaves the phone number unexplained; read as
    the Leernetwerk's contact it is answered."""
    text = "wie bel ik om mee te doen aan het leernetwerk, welk nummer"
    ranked = brain._best_reading(
        brain.lexicon.normaliser.candidates(text), DialogueContext()
    ).ranked
    assert ranked[0].target.id == "leernetwerk.deelnemers"
    reply = brain.answer(text, DialogueContext()).reply
    assert answered(reply) and reply.intent == "leernetwerk.contact"
    assert brain.kb.leernetwerk.contact.phone in reply.text


def test_a_sentence_that_only_names_a_value_asks_for_it(brain: Brain) -> None:
    """'... ? telefoonnummer graag': the phone number is asked too, so an answer without one
    is not sure."""
    text = "Wie organiseert de leergang voor burgemeesters? telefoonnummer graag"
    reply = brain.answer(text, DialogueContext()).reply
    assert (reply.matched and "070-373 8383" in reply.text) or not reply.matched
    assert "telefoon" in reply.text or "070-373 8383" in reply.text


def test_a_count_of_a_description_word_needs_its_number(brain: Brain) -> None:
    # "animatiefilmpje" describes werkpakket 9; the material counts no films
    reply = brain.answer(
        "hoeveel animatiefilmpjes heeft de verandertoolkit", DialogueContext()
    ).reply
    assert reply.matched is False and "animatiefilmpjes" in reply.text


def test_a_verb_opening_a_sentence_makes_it_ask(brain: Brain) -> None:
    # "Zit er in de toolkit iets ...?" asks; the remark after it ("onze borging zit vol
    # 'moeten'") is context, and a role's live answer explains no toolkit question
    reply = brain.answer(
        "Ik ben controller. Zit er in de toolkit iets dat helpt om anders naar sturing en "
        "control te kijken? Onze kwaliteitsborging zit vol 'moeten'.",
        DialogueContext(),
    ).reply
    assert reply.action is None and reply.text.startswith("Werkpakket 18 (Over moeten en willen)")
    assert "Per gemeente doet één persoon per rol mee" not in reply.text


def test_which_one_is_not_answered_by_a_thing_named_without_saying_which(brain: Brain) -> None:
    # the material says "een grote zorgorganisatie": it does not say which one
    reply = brain.answer(
        "Bij welke zorgorganisatie was Ruud Klarenbeek bestuurder?", DialogueContext()
    ).reply
    assert not reply.matched and "zorgorganisatie" in reply.text.split("\n")[0]
    named = brain.answer(
        "welke gemeente deed iets met leidinggeven op afstand", DialogueContext()
    ).reply
    assert named.matched and "Capelle aan den IJssel" in named.text


def test_a_job_title_the_material_does_not_give_is_not_in_it(brain: Brain) -> None:
    first = brain.answer(
        "Who is the contact person for the Emmen leadership project?", DialogueContext()
    )
    assert first.reply.matched and "Nina Brongers" in first.reply.text
    reply = brain.answer("What is her job title?", first.context).reply
    assert not reply.matched and "job" in reply.text.split("\n")[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "(ik) moet het ... blokken": a remark with its subject left out asks nothing
        (
            "op welke dag vd week zijn die bijeenkomsten vh leernetwerk, moet het in de agenda vd "
            "secretaris blokken",
            "donderdagochtend",
        ),
        ("hoe heet dagdeel 8 letterlijk? moet het precies citeren in de memo", "Kraken van"),
    ],
)
def test_a_remark_without_its_subject_after_a_question_asks_nothing(
    brain: Brain, text: str, expected: str
) -> None:
    reply = brain.answer(text, DialogueContext()).reply
    assert expected in reply.text and "niets over" not in reply.text


def test_the_honest_reply_shows_a_concept_as_the_user_wrote_it(brain: Brain) -> None:
    # "no" is the negation concept; the reply quotes the user's word, not the concept's name.
    text = "In which months between January and October is there no meeting of the network?"
    reply = brain.answer(text, DialogueContext()).reply
    assert not reply.matched and "(nothing about: no)" in reply.text


def test_a_price_is_no_number_of_people(brain: Brain) -> None:
    # "hoeveel mensen" beside the price: the price statement holds a number, but of euros
    text = "Als we die 4500 euro betalen, met hoeveel mensen van onze gemeente mogen we komen?"
    reply = brain.answer(text, DialogueContext()).reply
    assert not reply.matched or "drie deelnemers" in reply.text
    assert answered(brain.answer("met hoeveel mensen kunnen we meedoen", DialogueContext()).reply)


def test_a_sentence_asking_only_inside_beside_a_named_question_is_context(brain: Brain) -> None:
    # the number after the colon belongs to its sentence; "ik weet niet meer wie" asks nothing
    reply = brain.answer(
        "Van wie is dit telefoonnummer: 06 52 44 31 41? Staat in mijn gemiste oproepen en ik "
        "weet niet meer wie het was",
        DialogueContext(),
    ).reply
    assert reply.matched and "Tine Bardoel" in reply.text


@pytest.mark.parametrize(
    "text",
    ["Random one: who's the current mayor of Apeldoorn?", "wie is de burgemeester van Emmen"],
)
def test_the_mayor_of_a_place_is_no_question_about_the_mayors_leergang(
    brain: Brain, text: str
) -> None:
    assert not brain.answer(text, DialogueContext()).reply.matched


def test_which_of_a_count_the_material_only_restates_is_not_answered(brain: Brain) -> None:
    # Breda's programme has 6 strategische doelen; the material names one of them, not all
    reply = brain.answer(
        "welke 6 strategische doelen heeft dat programma samen ergens van zijn in breda",
        DialogueContext(),
    ).reply
    assert not reply.matched


def test_which_of_a_count_the_material_lists_is_answered(brain: Brain) -> None:
    reply = brain.answer("Welke vijf sturingsthema's heeft Emmen?", DialogueContext()).reply
    assert reply.matched and "Concernbelang" in reply.text


def test_a_list_the_material_has_nothing_for_is_no_sure_answer(brain: Brain) -> None:
    empty = brain.answer("welke projecten zitten in ronde 2023/1?", DialogueContext()).reply
    assert empty.matched is False and "geen projecten" in empty.text
    full = brain.answer("welke projecten zitten in ronde 2022/3?", DialogueContext()).reply
    assert full.matched is True


def test_a_role_asked_for_is_not_explained_by_a_word_it_begins(brain: Brain) -> None:
    # the GGD card names its "directie" and its contact person, but no director
    reply = brain.answer("Wie is de directeur van de GGD Zuid Limburg?", DialogueContext()).reply
    assert reply.matched is False and "directeur" in reply.text


def test_a_phone_numbers_digits_are_no_date(brain: Brain) -> None:
    # the places answer gives a phone number, no closing date
    reply = brain.answer(
        "tot wanneer kunnen we ons nog aanmelden voor het leernetwerk? is er een deadline",
        DialogueContext(),
    ).reply
    assert reply.matched is False


@pytest.mark.parametrize(
    ("text", "holds"),
    [
        ("1 mei - 1 november 2021", True),
        ("april 2018 tot mei 2019", True),
        ("March 2021 until July 2022", True),
        ("March 2021 through July 2022", True),  # (a range word of normalisation.yaml)
        ("negen maanden", True),
        ("vijf kernwaarden en vijf ambities", False),
    ],
)
def test_a_period_is_a_span_between_range_words_or_a_length(
    brain: Brain, text: str, holds: bool
) -> None:
    answer = AnswerText(text, " ", "nl")
    assert brain.calibrator.value_check._holds(ValueShape.PERIOD, answer) is holds
