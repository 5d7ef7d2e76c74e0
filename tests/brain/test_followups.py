"""Follow-ups through the real knowledge base and brain: a personal pronoun
after an answer to "who ..." stands for the people that answer named; a pronoun before a kind
of thing ("hun project") stays with the subject; stored contexts of before still load; a
follow-up naming nothing stays with the document of the subject (a toolkit theme's toolkit);
a person named with the document they belong to is asked about; a theme letter ("over E") or a
pointer ("daarin") after the themes picks one."""

from __future__ import annotations

import pytest

from bot.brain.brain import Brain
from bot.brain.context import DialogueContext
from bot.knowledge.loader import load_knowledge
from tests.auxil.conversation import answered, last_reply, talk


@pytest.fixture(scope="module")
def brain() -> Brain:
    return Brain(load_knowledge())


def test_an_answer_to_who_remembers_the_people_it_names(brain: Brain) -> None:
    answer = brain.answer("wie spreekt er in dagdeel 3", DialogueContext())
    assert answer.context.last_people == ["bart bakker"]


def test_an_answer_to_what_remembers_no_people(brain: Brain) -> None:
    answer = brain.answer("wat kost deelname aan het leernetwerk", DialogueContext())
    assert answer.context.last_people == []


@pytest.mark.parametrize(
    ("turns", "present", "absent"),
    [
        # "hij": the person the answer before named
        (("welk dagdeel verzorgt Bart Bakker", "waar kreeg hij dat voor elkaar?"), "Oss", None),
        (("who is Ruud Klarenbeek", "what did he get the audit office to do?"), "audit", None),
        # "zij", "they": both makers, so the statement naming both (not one's own book)
        (
            ("door wie is de toolkit ontwikkeld", "hebben zij ook boeken geschreven?"),
            "Anders Vasthouden",
            "Ontmanager",
        ),
        (
            ("who are the makers of the toolkit", "what books have they written?"),
            "Vasthouden",
            None,
        ),
        # "hun project": the subject's project, not its contact person
        (
            ("wie is de contactpersoon van Oisterwijk", "hoe lang liep hun project?"),
            "maart - juli 2022",
            None,
        ),
    ],
)
def test_a_personal_pronoun_follows_the_people_just_named(
    brain: Brain, turns: tuple[str, str], present: str, absent: str | None
) -> None:
    text = talk(brain, *turns)
    assert present in text and (absent is None or absent not in text)


def test_a_context_stored_before_people_were_remembered_still_loads(brain: Brain) -> None:
    old = {"subject_kind": "dagdeel", "subject_id": "3", "last_intent": "dagdeel.info"}
    context = DialogueContext.from_dict(old)
    assert context.last_people == []
    assert DialogueContext.from_dict(context.to_dict()) == context
    assert brain.answer("en wie spreekt er?", context).reply.matched


@pytest.mark.parametrize(
    "turns",
    [
        ("hoeveel thema's heeft de toolkit", "en wie heeft het ontwikkeld?"),
        ("how many themes are in the toolkit", "and who developed it?"),
        ("wat is thema C van de toolkit", "door wie is het ontwikkeld?"),
    ],
)
def test_a_follow_up_stays_with_the_document_of_its_subject(
    brain: Brain, turns: tuple[str, str]
) -> None:
    text = talk(brain, *turns)
    assert "Wouter Hart" in text and "Genootschap" not in text


def test_a_document_named_beside_a_misspelled_person_keeps_the_person(brain: Brain) -> None:
    text = talk(brain, "ruud klarenbek, welk dagdeel heeft hij in het leernetwerk?")
    assert text.startswith("Ruud Klarenbeek spreekt bij dagdeel 5")


@pytest.mark.parametrize(
    "turns",
    [
        ("welke thema's heeft de toolkit", "wat zit er in C?"),
        (
            "what are the themes of the toolkit",
            "tell me about C, which work packages does it have?",
        ),
        ("wat is thema C van de toolkit", "welke werkpakketten zitten daarin?"),
    ],
)
def test_a_theme_letter_or_a_pointer_after_the_themes_picks_one(
    brain: Brain, turns: tuple[str, str]
) -> None:
    text = talk(brain, *turns)
    assert "Het juiste midden" in text and "Anders kijken" not in text


def test_and_another_document_asks_the_last_question_about_it(brain: Brain) -> None:
    # "en de toolkit?" is the last question about the toolkit, not the toolkit's overview.
    text = talk(brain, "wie heeft het boekje van apeldoorn gemaakt", "en de toolkit?")
    assert "Wouter Hart" in text and "werkpakket 1 t/m 3" not in text


def test_the_toolkit_has_a_mail_address(brain: Brain) -> None:
    assert "info@verdraaideorganisaties.nl" in talk(brain, "mailadres toolkit?")


@pytest.mark.parametrize(
    ("first", "followup", "fact"),
    [
        # another word: the last question again
        ("welk thema heeft de meeste werkpakketten", "en de minste?", "E – Wijkgericht werken"),
        ("which theme has the most work packages", "and the fewest?", "E – Wijkgericht werken"),
        # a bare theme letter after a theme: that theme
        ("wat zit er in thema D", "en C?", "Thema C – Ambtelijk vakmanschap"),
        ("what is in part A of the toolkit?", "and F?", "Theme F – Leidinggevenden"),
    ],
)
def test_and_another_word_asks_the_last_question_again(
    brain: Brain, first: str, followup: str, fact: str
) -> None:
    assert fact in talk(brain, first, followup)


def test_what_number_after_a_work_package_is_its_number(brain: Brain) -> None:
    text = talk(brain, "which work package is about room and control", "what number is it?")
    assert "15" in text


def test_a_phone_number_after_a_work_package_is_still_a_phone_number(brain: Brain) -> None:
    reply = brain.answer("wat is het telefoonnummer?", _after(brain, "wat is werkpakket 9")).reply
    assert not reply.matched


def _after(brain: Brain, text: str) -> DialogueContext:
    return brain.answer(text, DialogueContext()).context


def test_a_pointing_follow_up_after_a_project_stays_with_that_project(brain: Brain) -> None:
    # "who's running it" reads as the Leernetwerk's organisers without the project
    reply = last_reply(
        brain,
        "Tell me about Breda's Leidende Principes project",
        "who's running it and how can I reach her?",
    )
    assert "Jannet Koster" in reply.text and "rpo@vng.nl" not in reply.text


def test_a_short_follow_up_after_a_project_asks_about_that_project(brain: Brain) -> None:
    text = talk(brain, "teamleidersprogramma tilburg wat is het", "van wanneer tot wanneer?")
    assert "juni 2021 - maart 2022" in text


def test_after_a_dagdeel_without_a_named_speaker_the_next_one_follows(brain: Brain) -> None:
    # the source names no speaker for dagdeel 4: the reply is unsure, the subject stays
    assert talk(brain, "wie spreekt er op dagdeel 4", "en die daarna?").startswith("Dagdeel 5")


def test_an_english_follow_up_of_small_words_gets_english(brain: Brain) -> None:
    text = talk(brain, "wie spreekt er op dagdeel 4", "and the last one?")
    assert text.startswith("Session 8") and "When:" in text


def test_how_to_reach_someone_asks_for_the_contact(brain: Brain) -> None:
    assert "l.van.gerwen@goirle.nl" in talk(brain, "wat doet goirle", "hoe kan ik die bereiken")


def test_a_correction_names_what_was_meant(brain: Brain) -> None:
    reply = last_reply(
        brain, "wat kost het leernetwerk", "dat vroeg ik niet, ik bedoel de leergang"
    )
    assert "070-373 8383" in reply.text and "4500" not in reply.text


def test_places_after_the_mayors_leergang_are_its_places(brain: Brain) -> None:
    assert "maximaal 10" in talk(brain, "waar is de leergang", "en hoeveel plekken zijn er?")


def test_werkpakketten_asked_after_one_werkpakket_are_those_of_its_theme(brain: Brain) -> None:
    text = talk(
        brain,
        "in welk deel van de toolkit zit Het juiste midden?",
        "welke werkpakketten zitten daar nog meer in?",
    )
    assert text.startswith("Thema C – Ambtelijk vakmanschap")
    assert "9. Geef niet de oplossing, geef het probleem" in text


def test_what_it_is_about_after_a_dagdeel_asks_no_place(brain: Brain) -> None:
    # "waar gaat die over" asks "waarover", not where: the dagdeel's title answers it
    reply = last_reply(brain, "wanneer is de laatste bijeenkomst", "en waar gaat die over?")
    assert answered(reply) and "Kraken van inhoudelijke taaie vraagstukken" in reply.text


def test_the_opposite_extreme_asks_the_last_question_for_it(brain: Brain) -> None:
    # "en de meeste?" after "de minste" replaces the extreme, it does not add to it
    text = talk(brain, "welk thema van de toolkit heeft de minste werkpakketten?", "en de meeste?")
    assert text.startswith("Het thema met de meeste werkpakketten (4)")


@pytest.mark.parametrize(
    ("turns", "present"),
    [
        (
            ("Welk dagdeel gaat over leiderschap?", "En wie spreekt er in het dagdeel daarvoor?"),
            "Ruud Klarenbeek",
        ),
        (("Tell me about session 5 of the Leernetwerk", "and the one before?"), "Veranderen"),
        # a verb of place between the kind and the step, and "direct" inside it
        (("wat is werkpakket 9?", "en welk werkpakket komt daar direct voor?"), "Hoort het"),
        (("Which dagdeel is about leadership?", "and which session comes right before?"), "19 "),
    ],
)
def test_the_one_before_is_the_previous_dagdeel(
    brain: Brain, turns: tuple[str, str], present: str
) -> None:
    reply = last_reply(brain, *turns)
    assert answered(reply) and present in reply.text


@pytest.mark.parametrize(
    ("turns", "present", "absent"),
    [
        # "wat deed die daarvoor" asks about the speaker's past, not about dagdeel 4
        (
            ("wie geeft dagdeel 5?", "en wat deed die daarvoor dan, waar werkte hij?"),
            "",
            "Dagdeel 4",
        ),
        # the months are the leergang's talked about, not the Leernetwerk's dagdelen then
        (
            (
                "Mijn burgemeester overweegt de leergang De droom van elke burgemeester.",
                "Welke data zijn het in april en mei?",
            ),
            "18 april",
            "Dagdeel 4",
        ),
        # "Goirle, niet Geldrop": Goirle's contact, not a question about Geldrop or "niet"
        (
            (
                "wie is de contactpersoon van het project in Geldrop?",
                "sorry ik bedoelde Goirle, niet Geldrop",
            ),
            "Linda van Gerwen",
            "Geldrop",
        ),
    ],
)
def test_a_follow_up_is_read_as_the_conversation_means_it(
    brain: Brain, turns: tuple[str, ...], present: str, absent: str
) -> None:
    text = talk(brain, *turns)
    assert present in text and absent not in text


@pytest.mark.parametrize(
    ("turns", "present"),
    [
        # the last of the toolkit named with an ordinal, after stepping through werkpakketten
        (("werkpakket 13?", "en nummer 14?", "en de laatste van de toolkit?"), "Werkpakket 18"),
        # the toolkit's contact is its mail address
        (("who's the contact for the learning network?", "and for the toolkit?"), "info@"),
    ],
)
def test_the_last_question_about_another_part(
    brain: Brain, turns: tuple[str, ...], present: str
) -> None:
    assert present in talk(brain, *turns)


def test_a_place_of_two_projects_then_a_card_question_asks_about_both(brain: Brain) -> None:
    text = talk(
        brain,
        "Meierijstad staat er ook twee keer in volgens mij. Wie waren daar de contactpersonen?",
    )
    assert "Alistair Douglas" in text and "Mirella Jacobs" in text


def test_an_honest_reply_names_the_subject_by_its_label_not_its_id(brain: Brain) -> None:
    context = brain.answer("wat deed meierijstad", DialogueContext()).context
    assert context.subject_id and "," in context.subject_id
    text = brain.answer("en wat vonden de inwoners van Zweden ervan", context).reply.text
    assert "meierijstad-" not in text


def test_what_something_is_called_asks_no_phone_number(brain: Brain) -> None:
    reply = last_reply(
        brain, "Breda's leadership track mentions a vision for 2040, what do they call it?"
    )
    assert "Breda 4.0" in reply.text and "06 -57" not in reply.text


@pytest.mark.parametrize(
    ("turns", "present"),
    [
        # "het project": the project just answered, not what the Leernetwerk yields
        (("wie is contact deurne", "en wat was de aanleiding van het project"), "werkdruk"),
        (("who runs the Beesel project?", "and what is the aim of the project?"), "Beesel"),
    ],
)
def test_the_kind_of_the_subject_named_without_a_name_points_back(
    brain: Brain, turns: tuple[str, str], present: str
) -> None:
    assert present in talk(brain, *turns)


def test_a_correction_asks_the_last_question_of_what_it_names(brain: Brain) -> None:
    # "No, I mean the older project, X": the e-mail asked before, of X; "older" only says which
    reply = last_reply(
        brain,
        "What is the e-mail of the contact person of Meierijstad?",
        "No, I mean the older project, Leidinggevenden in beweging.",
    )
    assert reply.matched and "adouglas@meierijstad.nl" in reply.text


def test_a_question_after_sentences_naming_a_place_by_name_is_about_its_projects(
    brain: Brain,
) -> None:
    # "Meierijstad, het project uit 2018: wie ...?": two sentences back names the place
    text = talk(
        brain, "Meierijstad, het project uit 2018: wie was projectleider en op welk nummer?"
    )
    assert "Alistair Douglas" in text


def test_naming_the_subjects_own_document_keeps_the_subject(brain: Brain) -> None:
    # "van de toolkit" is werkpakket 9's own document: its theme, not the toolkit asked again
    text = talk(brain, "Wat is werkpakket 9?", "in welk deel van de toolkit zit dat?")
    assert "Ambtelijk vakmanschap" in text


@pytest.mark.parametrize(
    ("step", "title"),
    [("en het volgende dagdeel?", "Dagdeel 4"), ("and the next session?", "Session 4")],
)
def test_a_step_may_name_the_kind_it_steps_in(brain: Brain, step: str, title: str) -> None:
    assert talk(brain, "Waar gaat dagdeel 3 over?", step).startswith(title)


@pytest.mark.parametrize(
    "turns",
    [
        ("wat is Hoort het of helpt het?", "Welk ander werkpakket wordt daarmee vergeleken?"),
        ("in the toolkit, which werkpakket do they compare with 'Hoort het of helpt het'?",),
        ("wat is werkpakket 18?", "met welk werkpakket wordt het vergeleken?"),
    ],
)
def test_the_werkpakket_the_toolkit_compares_with_is_found_both_ways(
    brain: Brain, turns: tuple[str, ...]
) -> None:
    text = talk(brain, *turns)
    assert "8" in text and "18" in text and ("vergeleken" in text or "compared" in text)


def test_a_werkpakket_compared_with_none_says_so(brain: Brain) -> None:
    text = talk(brain, "met welk werkpakket wordt werkpakket 3 vergeleken?")
    assert "geen ander werkpakket" in text


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        (("the leergang for mayors, when is the first meeting?",), "21 March"),
        (("de leergang voor burgemeesters, wanneer is de eerste bijeenkomst?",), "21 maart"),
        (("het leernetwerk, wanneer is de eerste bijeenkomst?",), "27 januari"),
    ],
)
def test_a_meeting_named_by_its_place_is_of_the_document_the_message_names(
    brain: Brain, turns: tuple[str, ...], expected: str
) -> None:
    assert expected in talk(brain, *turns)


def test_which_one_after_the_toolkits_themes_is_no_sure_answer_from_another_document(
    brain: Brain,
) -> None:
    # Oss is the Leernetwerk's dagdeel 3 too; "which one" points into the toolkit just listed
    reply = last_reply(
        brain, "How many werkpakketten has the toolkit?", "And which one is about Oss?"
    )
    assert not reply.matched


@pytest.mark.parametrize(
    ("first", "count", "expected"),
    [
        ("Welke competenties noemt de burgemeestersleergang?", "hoeveel zijn dat er?", "zes"),
        ("Which competences does the mayors' leergang name?", "how many are there?", "six"),
    ],
)
def test_a_bare_count_follow_up_counts_what_was_just_asked_about(
    brain: Brain, first: str, count: str, expected: str
) -> None:
    assert f"{expected} compet" in talk(brain, first, count)


def test_a_bare_count_follow_up_after_a_list_of_projects_counts_them(brain: Brain) -> None:
    assert "8 projecten" in talk(
        brain, "welke projecten gingen over coaching", "hoeveel zijn dat er?"
    )


def test_a_card_question_after_a_sentence_naming_two_projects_is_about_both(brain: Brain) -> None:
    text = talk(
        brain,
        "Beuningen en Goirle werken allebei aan zelforganisatie. Wie zijn de contactpersonen "
        "van die twee?",
    )
    assert "Valerie Jassen" in text and "Linda van Gerwen" in text
