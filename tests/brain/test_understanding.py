"""Normalisation, entity extraction, follow-ups and each answer type, on the real knowledge base."""

from __future__ import annotations

import pytest

from bot.brain.brain import Brain
from bot.brain.context import DialogueContext
from bot.brain.entities import analyse
from bot.brain.normalize import tokenise
from bot.knowledge.loader import load_knowledge
from tests.auxil.conversation import answered, last_reply


@pytest.fixture(scope="module")
def brain() -> Brain:
    return Brain(load_knowledge())


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Wanneer is het VIJFDE dagdeel?", ["wanneer", "is", "het", "#5", "dagdeel"]),
        ("5e dagdeel", ["#5", "dagdeel"]),
        ("the fifth session", ["the", "#5", "session"]),
        ("dagdeel vijf", ["dagdeel", "5"]),
        ("Capelle a/d IJssel", ["capelle", "aan", "den", "ijssel"]),
        ("Financiën en oriëntatie", ["financien", "en", "orientatie"]),
        ("ronde 2021/2", ["ronde", "ronde2021x2"]),
        # a round, "a/d" and "'s" only at a word boundary
        ("x2021/2 en 2021 / 3", ["x2021", "2", "en", "ronde2021x3"]),
        ("Capella/d en a / d", ["capella", "d", "en", "aan", "den"]),
        ("thema's en project's", ["themas", "en", "projects"]),
        ("x's-y, 's-Hertogenbosch", ["xs", "y", "s", "hertogenbosch"]),
        ("a's's en thema's's", ["a", "ss", "en", "themas", "s"]),
    ],
)
def test_tokenise(text: str, tokens: list[str]) -> None:
    assert tokenise(text) == tokens


def _entities(brain: Brain, text: str) -> set[tuple[str, tuple[str, ...]]]:
    analysis = analyse(text, brain.lexicon)
    return {(ref.kind, ref.ids) for m in analysis.mentions for ref in m.refs}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("wanneer is dagdel 4", ("dagdeel", ("4",))),
        ("het laatste dagdeel", ("dagdeel", ("last",))),
        ("werkpakket #9", ("werkpakket", ("9",))),
        ("thema b", ("theme", ("B",))),
        ("omgaan met regels", ("theme", ("D",))),
        ("wat deed emen", ("project", ("emmen-leiderschapsontwikkeltraject",))),
        ("project in oisterwyk", ("project", ("oisterwijk-waarmakers",))),
        ("Ruud Klarenbeek", ("person", ("ruud klarenbeek",))),
        ("op 19 mei", ("date", ("19 mei",))),
        ("in 2018", ("year", ("2018",))),
        ("ronde 2021/2", ("round", ("ronde2021x2",))),
        ("over zelforganisatie", ("topic", ("zelforganisatie",))),
        ("heeft Utrecht iets", ("gemeente", ("Utrecht",))),
        ("wie spreekt er op 19 mei", ("dagdeel", ("5",))),
        ("project met lego", ("project", ("breda-leidende-principes",))),
        ("het werkpakket over verkokering", ("werkpakket", ("5",))),
        ("de toolkit werken vanuit de bedoeling", ("document", ("verandertoolkit",))),
        ("een adres op @dienstdommelvallei.nl", ("project", ("geldrop-mierlo-waarden-en-gedrag",))),
    ],
)
def test_entities(brain: Brain, text: str, expected: tuple[str, tuple[str, ...]]) -> None:
    assert expected in _entities(brain, text)


@pytest.mark.parametrize(
    "text",
    [
        "welk project gebruikte dat",
        "de minister",
        "in Nederland",
        "thema's A t/m F",
        "themes A-F",
        "spreekt Jan Jansen",  # another first name than Bouke van der Weide Jansen's
    ],
)
def test_everyday_words_name_no_entity(brain: Brain, text: str) -> None:
    assert _entities(brain, text) == set()


def test_a_description_word_of_another_project_is_plain_beside_a_named_project(
    brain: Brain,
) -> None:
    zaanstad = ("project", ("zaanstad-programma-organisatieontwikkeling",))
    assert zaanstad in _entities(brain, "welke gemeente pleegde geen interventies")
    named = _entities(brain, "de Cockpit van Leidschendam-Voorburg, qua interventies?")
    assert named == {("project", ("leidschendam-voorburg-cockpit",))}


def ask(brain: Brain, *turns: str) -> tuple[str, bool, str | None]:
    context = DialogueContext()
    reply = None
    for turn in turns:
        answer = brain.answer(turn, context)
        context, reply = answer.context, answer.reply
    assert reply is not None
    return reply.plain_text(), reply.matched, reply.intent


def test_lookup_names_date_title_speaker_and_source(brain: Brain) -> None:
    text, matched, _ = ask(brain, "wanneer is dagdeel 5")
    assert matched and "19 mei" in text and "Anders Verantwoorden" in text
    assert "Ruud Klarenbeek" in text and "Bron: Leernetwerk" in text


def test_reverse_lookups(brain: Brain) -> None:
    assert "dagdeel 6" in ask(brain, "wanneer spreekt Kirstin op het Veld")[0]
    assert "Ontwikkelen van eigenaarschap" in ask(brain, "wat is er op 8 september")[0]
    assert "Asten" in ask(brain, "bij welk project hoort Sjoerd van Loon")[0]


def test_lists_and_counts(brain: Brain) -> None:
    text = ask(brain, "welke werkpakketten horen bij thema A")[0]
    assert "Van legpuzzel naar ecosysteem" in text and "Een spannende vraag" in text
    assert "23" in ask(brain, "hoeveel projecten zijn er")[0]
    text = ask(brain, "welke projecten liepen in 2018")[0]
    assert "Meierijstad" in text and "Asten" not in text


def test_honest_negatives(brain: Brain) -> None:
    text, _, _ = ask(brain, "wanneer is dagdeel 12")
    assert "8 dagdelen" in text and "19 mei" not in text
    assert "18 werkpakketten" in ask(brain, "wat is werkpakket 30")[0]
    assert "geen project" in ask(brain, "heeft Amsterdam een project")[0]


def test_unknown_says_so_and_points_to_contact(brain: Brain) -> None:
    text, matched, _ = ask(brain, "wat is de hoofdstad van Frankrijk")
    assert not matched and "rpo@vng.nl" in text


def test_off_topic_near_miss_is_not_answered(brain: Brain) -> None:
    text, matched, _ = ask(brain, "hoeveel kost een paspoort")
    assert not matched and "4500" not in text


def test_followup_keeps_subject_but_new_question_wins(brain: Brain) -> None:
    assert "Ruud Klarenbeek" in ask(brain, "wanneer is dagdeel 5", "en wie is daar de spreker?")[0]
    assert "23 juni" in ask(brain, "wanneer is dagdeel 5", "en dagdeel 6?")[0]
    text = ask(brain, "wie is de contactpersoon van Asten", "en het telefoonnummer?")[0]
    assert "06 - 18 52 64 24" in text
    text = ask(brain, "wanneer is dagdeel 5", "welke boeken moet ik lezen")[0]
    assert "Anders Vasthouden" in text and "19 mei" not in text


def test_several_matches_become_buttons(brain: Brain) -> None:
    answer = brain.answer("welke projecten had Breda", DialogueContext())
    assert len(answer.reply.choices) == 2


def test_suggestions_in_the_middle_zone(brain: Brain) -> None:
    answer = brain.answer("spreker", DialogueContext())
    reply = answer.reply
    assert answered(reply) or 1 <= len(reply.suggestions) <= 3


def test_signup_intent_carries_action(brain: Brain) -> None:
    for text in ("ik wil me aanmelden", "how do I sign up"):
        assert brain.answer(text, DialogueContext()).reply.action == "signup"


def test_english_question_gets_english_fact(brain: Brain) -> None:
    text = ask(brain, "how much does it cost")[0]
    assert "costs" in text and "4500" in text


def test_empty_and_emoji_and_huge(brain: Brain) -> None:
    assert not brain.answer("   ", DialogueContext()).reply.matched
    assert not brain.answer("😀😀😀", DialogueContext()).reply.matched
    huge = "dagdeel 5 " + "bla " * 20000
    assert brain.answer(huge, DialogueContext()).reply.text


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # a season after "na": the months after it
        (
            "welke bijeenkomsten van het leernetwerk zijn na de zomer",
            ["8 september", "6 oktober"],
            ["23 juni"],
        ),
        # a month after "na": the months after it, not that month
        ("welke dagdelen zijn er na juni", ["8 september"], ["23 juni"]),
        # a season: its months
        (
            "welke dagdelen vallen in het voorjaar",
            ["24 maart", "21 april", "19 mei"],
            ["27 januari"],
        ),
        ("which sessions are before the summer", ["27 januari", "19 mei"], ["8 september"]),
    ],
)
def test_seasons_and_months_after_or_before(
    brain: Brain, text: str, present: list[str], absent: list[str]
) -> None:
    reply = brain.answer(text, DialogueContext()).reply
    assert reply.matched, reply.text
    assert all(p in reply.text for p in present), reply.text
    assert not any(a in reply.text for a in absent), reply.text


@pytest.mark.parametrize(
    "text",
    [
        "bij welke organisatie kan ik terecht om mee te doen met het leernetwerk",
        "via wie meld ik me aan voor het leernetwerk",
    ],
)
def test_asking_the_way_in_gets_the_leernetwerk_contact(brain: Brain, text: str) -> None:
    """'Bij wie / via wie / bij welke organisatie' asks for the contact, not who takes part
    (the sign-up form, when it starts, gives the contact too)."""
    reply = brain.answer(text, DialogueContext()).reply
    assert brain.kb.leernetwerk.contact.email in reply.text
    assert "Zeven tot tien" not in reply.text


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("wie spreekt er bij dagdeel 4", "niet bij naam"),
        ("who is the speaker of session 4", "does not name"),
    ],
)
def test_a_name_the_source_does_not_give_is_not_a_sure_answer(
    brain: Brain, text: str, says: str
) -> None:
    """Dagdeel 4's speaker is unnamed: the reply says so, with the dagdeel, and is unsure."""
    reply = brain.answer(text, DialogueContext()).reply
    assert not reply.matched and says in reply.text and "21 april" in reply.text


def test_a_named_speaker_is_a_sure_answer(brain: Brain) -> None:
    reply = brain.answer("wie spreekt er bij dagdeel 5", DialogueContext()).reply
    assert reply.matched and "Ruud Klarenbeek" in reply.text


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("what work package covers legal certainty", "Willekeur voorkomen in goede overheidszorg"),
        ("which session is about tough issues", "Kraken van inhoudelijke taaie vraagstukken"),
        ("which work package talks about the sliders", "Ruimte geven zonder grip te verliezen"),
    ],
)
def test_english_names_of_parts_find_them(brain: Brain, text: str, title: str) -> None:
    """Werkpakketten and dagdelen have English aliases in the knowledge base."""
    reply = brain.answer(text, DialogueContext()).reply
    assert reply.matched and title in reply.text


def test_a_sentence_pointing_back_is_about_the_project_the_one_before_names(
    brain: Brain,
) -> None:
    text, _matched, _intent = ask(
        brain,
        "Dat MZ Frontliners-traject van CNV Jongeren klinkt interessant voor onze jonge "
        "medewerkers. Welke drie fasen doorloopt ge daarin?",
    )
    assert "boeien, activeren en binden" in text


def test_before_the_summer_means_the_months_before_it(brain: Brain) -> None:
    text, matched, _intent = ask(brain, "welke bijeenkomsten zijn er voor de zomer?")
    assert matched and "27 januari" in text and "8 september" not in text
    # the summer at work is the holiday: June's dagdeel comes before it
    text, matched, _intent = ask(brain, "hoeveel dagdelen heeft het leernetwerk voor de zomer?")
    assert matched and "6 dagdelen" in text and "23 juni" in text


def test_the_leergang_dates_of_one_month_are_only_that_months(brain: Brain) -> None:
    text, matched, _intent = ask(brain, "welke data heeft de burgemeestersleergang in april?")
    assert matched and "18 april 2019" in text and "19 april 2019" in text
    assert "maart" not in text and "juni" not in text


def test_every_leergang_date_is_written_in_full(brain: Brain) -> None:
    text, matched, _intent = ask(brain, "When are the dates of the mayors' programme?")
    assert matched and "21 March" in text and "22 March" in text


def test_a_question_after_a_sentence_that_only_names_its_subject(brain: Brain) -> None:
    text, matched, _intent = ask(
        brain,
        "Over het programma van GGD Zuid Limburg, hoe vaak wordt de ondernemingsraad geïnformeerd?",
    )
    assert matched and "twee maal" in text


def test_a_number_of_is_some_not_how_many(brain: Brain) -> None:
    reply = last_reply(brain, "Wie worden bedankt voor hun inspiratie bij een aantal filmpjes?")
    assert answered(reply) and "Herman Tjeenk Willink" in reply.text


@pytest.mark.parametrize(
    "text",
    ["mss een domme vraag maar wnr is dagdeel 4", "wnr is dagdeel 4 idd? ff checken"],
)
def test_chat_filler_does_not_sink_a_clear_question(brain: Brain, text: str) -> None:
    reply, matched, _intent = ask(brain, text)
    assert matched and "21 april" in reply


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("wie is de contactpersoon van leidschendam voor burg", "Leidschendam-Voorburg"),
        ("wat deed deur ne", "Deurne"),
        ("wie is de projectleider in nu enen", "Nuenen"),
    ],
)
def test_a_name_dictated_in_two_parts_is_the_name(brain: Brain, text: str, place: str) -> None:
    reply, matched, _intent = ask(brain, text)
    assert matched and reply.startswith(f"Gemeente {place}")


def test_a_stopword_is_no_part_of_a_dictated_name(brain: Brain) -> None:
    tokens = analyse("hoe heet dat project en wie is de contactpersoon", brain.lexicon).tokens
    assert "project" in tokens and "projecten" not in tokens


def test_a_letter_naming_one_document_asks_about_that_document(brain: Brain) -> None:
    # The question names no document; the sentence before names the mayors' leergang only.
    reply = last_reply(
        brain,
        "Geachte mevrouw, onze burgemeester overweegt deelname aan de leergang De droom van elke "
        "burgemeester. Kunt u mij laten weten hoeveel deelnemers er maximaal zijn? Groet, Jan",
    )
    assert answered(reply) and "10" in reply.text
    assert "Zeven tot tien gemeenten" not in reply.text


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        (
            "ja dus we zaten gisteren met het team en toen kwam het leernetwerk ter sprake en "
            "iemand zei dat het geld kost dus mijn vraag is eigenlijk hoeveel kost dat nou",
            "4500",
        ),
        (
            "ok so we talked in the team about the learning network and someone mentioned "
            "speakers so my question is who speaks at the first session",
            "Wouter Hart",
        ),
    ],
)
def test_the_question_after_a_long_story_is_answered(brain: Brain, text: str, fact: str) -> None:
    reply, matched, _intent = ask(brain, text)
    assert matched and fact in reply


def test_who_is_thanked_is_a_question_not_thanks(brain: Brain) -> None:
    reply, _matched, intent = ask(brain, "wie worden er bedankt in de toolkit")
    assert intent != "bedankt" and "Graag gedaan" not in reply


def test_an_introduction_before_a_question_word_is_dropped(brain: Brain) -> None:
    reply, matched, _intent = ask(
        brain, "wij zijn wijkcoaches welke werkpakketten horen bij thema E"
    )
    assert matched and "De volgende stap" in reply


def test_applicants_are_organisations(brain: Brain) -> None:
    reply, matched, _intent = ask(brain, "welke indieners zijn geen gemeente")
    assert matched and "CNV Jongeren" in reply


def test_a_theme_word_beside_a_project_is_about_the_project(brain: Brain) -> None:
    # "neighbourhood" names theme E (Wijkgericht werken) only when no project is named
    zaanstad = last_reply(
        brain, "Zaanstad mentions a 'treitervlogger'. In which neighbourhood was that?"
    )
    assert answered(zaanstad) and "Poelenburg-Peldersveld" in zaanstad.text
    theme = last_reply(brain, "welke werkpakketten gaan over de wijk")
    assert answered(theme) and "Wijkgericht werken" in theme.text


def test_the_core_of_a_dagdeel_is_no_name_of_dagdeel_1(brain: Brain) -> None:
    # "in de kern" is in dagdeel 1's title; "de kern" alone is an ordinary word
    reply = last_reply(
        brain, "dagdeel eigenaarschap, wat is de kern daarvan? iets met verantwoording toch"
    )
    assert "Dagdeel 7" in reply.text and "Dagdeel 1:" not in reply.text


@pytest.mark.parametrize(
    ("text", "present"),
    [
        # a title asked for is its own word, not "what it is about": the statement naming it
        ("wat was de titel van de enquête in Asten?", "hoe ervaar jij het werken in coronatijd"),
        ("what was the title of the staff survey in Asten?", "hoe ervaar jij het werken"),
        # ... and a card's title answers it
        ("what is the title of werkpakket 5", "Work package 5"),
    ],
)
def test_a_title_asked_for_gets_the_title(brain: Brain, text: str, present: str) -> None:
    reply = brain.answer(text, DialogueContext()).reply
    assert reply.matched and present in reply.text


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("Roughly how many residents does Emmen have?", "109.000"),
        ("Emmen population?", "109.000"),
        # "council" is a municipality; the number read in either notation
        ("Which council expects over 200,000 residents by 2040?", "Zaanstad"),
    ],
)
def test_residents_are_inhabitants(brain: Brain, text: str, present: str) -> None:
    reply = brain.answer(text, DialogueContext()).reply
    assert present in reply.text


def test_a_one_word_title_beside_another_project_is_a_plain_word(brain: Brain) -> None:
    # "naast het leiderschapstraject" is De Wolden Hoogeveen's own, not Breda's project
    text = (
        "Welke drie aanvullende HR-trajecten had De Wolden Hoogeveen naast het leiderschapstraject?"
    )
    reply = brain.answer(text, DialogueContext()).reply
    assert "Breda" not in reply.text and "Management Drives" in reply.text


def test_a_tranche_is_a_round(brain: Brain) -> None:
    reply = brain.answer("Welke projecten vallen in tranche 2022/3?", DialogueContext()).reply
    assert reply.matched and "Beuningen" in reply.text


@pytest.mark.parametrize(
    ("text", "present"),
    [
        # "first" inside a phrase ("first run") is no ordinal
        ("Where was MZ Frontliners first run before municipalities?", "Nationale Politie"),
        # an ordinal before a kind named by two words
        ("what is the first work package", "Work package 1 (werkpakket 1)"),
        ("what is the last work package", "Work package 18 (werkpakket 18)"),
    ],
)
def test_first_in_a_phrase_and_before_a_two_word_kind(
    brain: Brain, text: str, present: str
) -> None:
    assert present in brain.answer(text, DialogueContext()).reply.text


def test_a_sentence_pointing_back_is_read_with_the_one_before(brain: Brain) -> None:
    # "daar" in the question points at the need the sentence before describes
    text = (
        "Ik zoek iets om mee te reflecteren bij intervisie en casusoverleg. Heeft Breda daar "
        "iets voor gemaakt?"
    )
    assert "reflectiekaarten" in brain.answer(text, DialogueContext()).reply.text


def test_two_things_asked_of_one_entity_get_both_statements(brain: Brain) -> None:
    # inhabitants and staff are told in two statements of Emmen's project
    text = brain.answer("hoeveel inwoners en medewerkers heeft emmen", DialogueContext()).reply.text
    assert "109.000" in text and "950" in text


def test_who_wants_to_know_is_not_what_is_asked(brain: Brain) -> None:
    # "de wethouder wil weten ...": the alderman asks, the question is what follows
    text = "En welk project is als laatste gestart? De wethouder wil weten wat het meest recent is."
    reply = brain.answer(text, DialogueContext()).reply
    assert reply.matched and "Leidschendam-Voorburg" in reply.text


def test_may_after_another_month_is_a_month_and_dates_are_english(brain: Brain) -> None:
    # "April and May": "may" is the month; the leergang's dates read in English
    text = brain.answer(
        "What are the dates of the April and May sessions of the mayors' course?",
        DialogueContext(),
    ).reply.text
    assert "Thursday evening 16 mei 2019 (16 May 2019)" in text and "Friday 19 april" in text
    assert "donderdagavond" not in text


def test_funded_in_a_round_asks_the_round(brain: Brain) -> None:
    text = brain.answer("Which projects were funded in round 2022/1?", DialogueContext()).reply.text
    assert "Breda" in text and "Oisterwijk" in text


def test_which_themes_lists_them_and_the_biggest_theme_asks_a_superlative() -> None:
    brain = Brain(load_knowledge())
    listed = brain.answer(
        "What are the themes the toolkit's work packages are split into?", DialogueContext()
    ).reply
    assert listed.intent == "toolkit.overzicht" and "Wijkgericht werken" in listed.text
    most = brain.answer("welk thema heeft de meeste werkpakketten", DialogueContext()).reply
    assert most.intent == "thema.omvang"
