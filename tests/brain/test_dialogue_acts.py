"""Dialogue acts and intents that reach too far, on the real knowledge base: a wish to sign up
starts the form in a letter or with typos, a question about signing up is answered, and the
occupancy answer only answers whether a place or a role is free."""

from __future__ import annotations

import pytest

from bot.brain.brain import Brain
from bot.brain.clauses import ClauseSplitter
from bot.brain.context import DialogueContext
from bot.domain import Action
from bot.knowledge.loader import load_knowledge
from tests.auxil.conversation import answered, last_reply

ROLE_FREE = "leernetwerk.rol_vrij"


@pytest.fixture(scope="module")
def brain() -> Brain:
    return Brain(load_knowledge())


@pytest.mark.parametrize(
    "text",
    [
        "welke rollen heeft een leidinggevende bij de GGD Zuid Limburg",
        "wie is de gemeentesecretaris van Tilburg",
        "welke rol heeft de controller in het project van Emmen",
        # "welke plaatsen": which towns, not which places are free
        "voor welke plaatsen is het project van Asten bedoeld",
    ],
)
def test_a_role_named_is_no_question_whether_it_is_free(brain: Brain, text: str) -> None:
    reply = brain.answer(text, DialogueContext()).reply
    assert reply.intent != ROLE_FREE
    assert reply.action is None


@pytest.mark.parametrize(
    "text",
    [
        "is de rol control voor Breda nog vrij",
        "is the control role still available",
        "is the role control still free for Breda?",
    ],
)
def test_whether_a_role_is_free_is_still_answered(brain: Brain, text: str) -> None:
    assert brain.answer(text, DialogueContext()).reply.intent == ROLE_FREE


@pytest.mark.parametrize(
    "text",
    [
        # the document's long name typed with typos
        "graag aanmelden voor het leernetwrk werkn volgens de bedoling",
        # a separable verb whose first word alone means something else ("schrijven")
        "Graag schrijven wij Zutphen in voor het leernetwerk.",
        # a letter whose opening ("naar aanleiding van") asks nothing
        "Geachte heer/mevrouw, Naar aanleiding van een overleg met onze wethouder hebben we "
        "het Leernetwerk besproken. Wij willen onze gemeente graag aanmelden. Met vriendelijke "
        "groet, Jan Jansen",
        # a wish in a long clause after "en", behind a sentence about the writer
        "Ik ben teamleider bij onze gemeente en las het boek, en wij willen ons nu graag "
        "inschrijven voor het leernetwerk. Kan dat hier?",
        "we willen graag een plek reserveren voor het leernetwerk",
        "Is het mogelijk om ons in te schrijven voor het leernetwerk?",
        # a sentence giving a reason asks nothing ("omdat", "de reden")
        "Omdat wij al langer volgens de bedoeling werken, willen we ons graag aanmelden voor "
        "het leernetwerk.",
        "Wij willen ons aanmelden voor het leernetwerk. De reden is dat we vastlopen in regels.",
        # British phrasing
        "Right, we're keen. Please put us down for the Leernetwerk.",
    ],
)
def test_a_wish_to_sign_up_starts_the_form(brain: Brain, text: str) -> None:
    assert brain.answer(text, DialogueContext()).reply.action == "signup"


def test_a_wish_right_after_an_answer_starts_the_form(brain: Brain) -> None:
    cost = brain.answer("wat kost deelname aan het leernetwerk?", DialogueContext())
    assert brain.answer("klinkt goed, wij zijn erbij", cost.context).reply.action == "signup"


@pytest.mark.parametrize("text", ["ik wil me afmelden", "kan ik mijn aanmelding weer afzeggen?"])
def test_withdrawing_is_no_wish_to_sign_up(brain: Brain, text: str) -> None:
    assert brain.answer(text, DialogueContext()).reply.action is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "afvaardigen" is taking part; the question is who
        ("wie vaardigen we af naar het leernetwerk?", "gemeentesecretaris"),
        # a count of people per gemeente asks about the participants, not for the form
        ("mogen we ons met vier mensen per gemeente aanmelden?", "drie"),
        # how signing up goes: the way in, not the programme's set-up
        ("hoe verloopt het aanmelden voor het leernetwerk?", "rpo@vng.nl"),
        # what taking part asks of you ("bijwonen": attending)
        ("als we meedoen, hoeveel bijeenkomsten moeten we dan bijwonen?", "8 dagdelen"),
        ("who do I contact to join the learning network?", "rpo@vng.nl"),
    ],
)
def test_a_question_about_signing_up_is_answered(brain: Brain, text: str, expected: str) -> None:
    reply = brain.answer(text, DialogueContext()).reply
    assert reply.action is None
    assert answered(reply)
    assert expected in reply.text


def test_questions_listed_with_commas_are_answered_each(brain: Brain) -> None:
    text = "wat kost het leernetwerk, wie moeten we afvaardigen en hoe vaak is er een bijeenkomst?"
    reply = brain.answer(text, DialogueContext()).reply
    assert reply.matched
    for fact in ("4500", "gemeentesecretaris", "negen maanden"):
        assert fact in reply.text


def test_a_wish_and_a_question_in_another_sentence_are_both_served(brain: Brain) -> None:
    # (issue 7: the question is answered and the form starts; see tests/test_assistant_wish_*)
    text = "Wij willen ons aanmelden voor het leernetwerk. Wat kost het per gemeente?"
    reply = brain.answer(text, DialogueContext()).reply
    assert reply.action == "signup"
    assert "4500" in reply.preface


def test_a_comma_cuts_only_between_questions() -> None:
    splitter = ClauseSplitter(["en"], ["wat", "wie", "hoe"])
    assert splitter.split("wat kost het, wie doen er mee") == ["wat kost het,", "wie doen er mee"]
    # after a greeting or a condition that asks nothing, the comma stays inside
    assert splitter.split("Beste mensen, wat kost het") == ["Beste mensen, wat kost het"]


def test_a_wish_naming_the_leernetwerk_in_full_in_english_starts_the_form(brain: Brain) -> None:
    # "werken volgens de bedoeling" is part of the name, not a question about the idea
    message = "sign us up for the learning network werken volgens de bedoeling please"
    assert brain.answer(message, DialogueContext()).reply.action == "signup"


def test_a_wish_at_the_end_of_a_run_on_voice_note_starts_the_form(brain: Brain) -> None:
    message = (
        "nou we hebben er in het mt lang over gepraat en de controller vond het ook een goed "
        "idee en de secretaris is ook om dus eh ik wil ons graag opgeven voor het leernetwerk"
    )
    assert brain.answer(message, DialogueContext()).reply.action == "signup"


def test_a_question_at_the_end_of_a_run_on_voice_note_is_answered(brain: Brain) -> None:
    message = (
        "ja hoi ik zit in de trein en we hadden het vanochtend in het overleg over dat "
        "leernetwerk en iedereen was eigenlijk wel positief maar nu vroeg de controller zich af "
        "dus wat kost dat leernetwerk eigenlijk"
    )
    reply = brain.answer(message, DialogueContext()).reply
    assert reply.matched and reply.action is None and "4500" in reply.text


def test_signing_up_for_it_after_the_leergang_is_the_leergangs_sign_up(brain: Brain) -> None:
    # the conversation is about the mayors' leergang, even though the first message got no
    # answer: "daarvoor" points at it, not at the Leernetwerk's form
    reply = last_reply(
        brain,
        "ik overweeg de leergang De droom van elke burgemeester",
        "waar kan ik me daarvoor melden?",
    )
    assert reply.action is None
    assert "070-373 8383" in reply.text and "rpo@vng.nl" not in reply.text


def test_a_note_asking_for_participation_is_a_wish(brain: Brain) -> None:
    reply = last_reply(
        brain, "graag deelname leer netwerk voor gemeentesecretaris + controller + veranderadviseur"
    )
    assert reply.action == "signup"


@pytest.mark.parametrize(
    "text",
    [
        "Can German municipalities also participate in the Leernetwerk?",
        "kunnen Belgische gemeenten ook meedoen aan het leernetwerk?",
    ],
)
def test_whether_others_may_join_starts_no_form(brain: Brain, text: str) -> None:
    # a yes/no question about others than the writer asks, it wishes nothing
    assert brain.answer(text, DialogueContext()).reply.action is None


@pytest.mark.parametrize(
    "text", ["kan ik me aanmelden voor het leernetwerk?", "kunt u ons inschrijven?"]
)
def test_a_modal_question_about_oneself_still_wishes(brain: Brain, text: str) -> None:
    assert brain.answer(text, DialogueContext()).reply.action == "signup"


@pytest.mark.parametrize("wish", ["prima, doe ons maar", "top, wij willen erbij. regel je het?"])
def test_a_casual_wish_after_a_cost_answer_starts_the_form(brain: Brain, wish: str) -> None:
    cost = brain.answer("hoeveel kost het leernetwerk per gemeente?", DialogueContext())
    assert brain.answer(wish, cost.context).reply.action == "signup"


def test_a_condition_before_a_question_wishes_nothing(brain: Brain) -> None:
    # "als we ... meedoen," is the condition; the question after it is not in the material
    cost = brain.answer("hoeveel kost het leernetwerk", DialogueContext())
    reply = brain.answer(
        "en als we met twee gemeenten samen meedoen, krijgen we dan korting?", cost.context
    ).reply
    assert reply.action is None and not reply.matched and "korting" in reply.text


def test_the_most_participants_in_all_are_answered_with_who_takes_part(brain: Brain) -> None:
    reply = brain.answer(
        "als alle plekken in het leernetwerk vol zitten, hoeveel deelnemers zijn er dan "
        "maximaal in totaal?",
        DialogueContext(),
    ).reply
    assert reply.matched and "30 deelnemers" in reply.text and "control" in reply.text


def test_a_wish_beside_a_list_of_roles_starts_the_form(brain: Brain) -> None:
    # no sentence asks: the wish is what the message is for, the roles are who comes
    text = (
        "doe ons ook maar ff een aanmelding voor t leernetwerk, gemeentesecretaris + control + ik"
    )
    assert brain.answer(text, DialogueContext()).reply.action == "signup"


def test_the_writers_own_role_word_names_nothing(brain: Brain) -> None:
    # "mijn begeleider" is the writer's supervisor, not a description word of a project
    text = "ik wil de gemeente van mijn begeleider inschrijven voor het leernetwerk"
    assert brain.answer(text, DialogueContext()).reply.action == "signup"
    # ... while a thing of the writer's own that the material lacks is still unanswered
    assert not brain.answer(
        "hoe verleng ik mijn paspoort in Emmen", DialogueContext()
    ).reply.matched


def test_a_wish_in_a_conjugated_verb_starts_the_form(brain: Brain) -> None:
    text = "ik wil graag dat onze gemeente zich inschrijft voor het leernetwerk"
    assert brain.answer(text, DialogueContext()).reply.action == "signup"


def test_keeping_a_place_is_a_wish(brain: Brain) -> None:
    text = "Kunnen jullie alvast een plek voor ons vastleggen in het leernetwerk? We doen mee."
    assert brain.answer(text, DialogueContext()).reply.action == "signup"


@pytest.mark.parametrize(
    "text",
    [
        "Fair enough, I'd like to put our council's name down then.",
        "Right, I've heard enough - sign us up for the learning network please, cheers.",
    ],
)
def test_a_british_wish_to_sign_up_starts_the_form(brain: Brain, text: str) -> None:
    assert brain.answer(text, DialogueContext()).reply.action is Action.SIGNUP
