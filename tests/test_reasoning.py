"""Structured reasoning through the real brain and knowledge base: superlatives over the
project periods, started versus ran in a year, organisations with more than one project."""

from __future__ import annotations

import pytest

from bot.brain.brain import Brain
from bot.brain.context import DialogueContext
from bot.brain.periods import month_numbers, parse_period, project_spans
from bot.knowledge.loader import load_knowledge
from tests.auxil.conversation import answer_text, answered


@pytest.fixture(scope="module")
def brain() -> Brain:
    return Brain(load_knowledge())


def ask(brain: Brain, text: str) -> str:
    reply = brain.answer(text, DialogueContext()).reply
    assert answered(reply), reply.text
    return answer_text(reply)


def test_every_project_period_can_be_read(brain: Brain) -> None:
    spans = project_spans(brain.kb)
    unread = [p.period for p in brain.kb.projecten.projects if p.id not in spans]
    assert unread == []


def test_a_period_in_months_spans_whole_months(brain: Brain) -> None:
    span = parse_period("maart - juli 2022", month_numbers(brain.kb.normalisation.months))
    assert span is not None
    assert (span.first_start.isoformat(), span.last_end.isoformat()) == ("2022-03-01", "2022-07-31")


def test_the_words_between_a_periods_ends_come_from_the_knowledge_base(brain: Brain) -> None:
    months = month_numbers(brain.kb.normalisation.months)
    words = brain.kb.normalisation.range_words
    span = parse_period("april 2018 tot en met mei 2019", months, words)
    assert span is not None
    assert (span.first_start.isoformat(), span.last_end.isoformat()) == ("2018-04-01", "2019-05-31")
    assert parse_period("april 2018 tot en met mei 2019", months) is None  # (a dash only)


def test_the_project_that_started_last(brain: Brain) -> None:
    text = ask(brain, "welk project is het laatst begonnen")
    assert "Leidschendam-Voorburg" in text.splitlines()[1]


def test_the_project_that_started_first(brain: Brain) -> None:
    text = ask(brain, "which project started first")
    assert "april 2018 tot mei 2019" in text.splitlines()[1]


def test_the_longest_project_names_the_ties_of_loose_periods(brain: Brain) -> None:
    lines = ask(brain, "welk project had de langste looptijd").splitlines()
    assert "Zaanstad" in lines[1]
    assert any("Emmen" in line for line in lines[2:])  # januari 2021 - december 2022


def test_started_in_a_year_differs_from_ran_in_it(brain: Brain) -> None:
    started = ask(brain, "welke projecten zijn in 2022 begonnen")
    ran = ask(brain, "welke projecten liepen in 2022")
    assert "Emmen" not in started  # januari 2021 - december 2022
    assert "Emmen" in ran
    assert "Leidschendam-Voorburg" in started


def test_started_in_a_month_names_only_those_dated_in_it(brain: Brain) -> None:
    started = ask(brain, "welke projecten zijn in november 2022 begonnen")
    assert "Beuningen" in started and "Geldrop-Mierlo" in started
    assert "Leidschendam-Voorburg" not in started  # 1 december 2022
    assert "(2)" in started


def test_organisations_with_more_than_one_project(brain: Brain) -> None:
    text = ask(brain, "welke organisaties hebben meer dan één project")
    assert "Breda (2)" in text and "Meierijstad (2)" in text
    assert "Emmen" not in text


@pytest.mark.parametrize(
    "text",
    ["welke projecten zijn niet van een gemeente?", "which projects are not from a municipality?"],
)
def test_projects_not_from_a_gemeente(brain: Brain, text: str) -> None:
    answer = ask(brain, text)
    projects = brain.kb.projecten.projects
    gemeenten = [p for p in projects if p.organisation.startswith("Gemeente ")]
    others = [p for p in projects if p not in gemeenten]
    assert others and all(p.organisation in answer for p in others)
    assert not any(p.organisation in answer for p in gemeenten)


def test_two_named_projects_are_compared_with_each_other(brain: Brain) -> None:
    answer = ask(brain, "welk project begon eerst, Asten of Capelle aan den IJssel?")
    first_line = answer.splitlines()[1]
    assert "Asten" in first_line  # 1 mei 2021 before 10 mei 2021
    assert "Meierijstad" not in answer


def test_projects_like_a_named_one_share_the_most_of_its_topics(brain: Brain) -> None:
    alike = ask(brain, "welk project lijkt op dat van Asten?")
    assert "Capelle aan den IJssel" in alike and "leidinggeven op afstand" in alike
    assert "- Asten" not in alike
    english = ask(brain, "which projects are like the Beesel project?")
    assert english.startswith("These projects share the most topics")


def test_two_named_projects_are_compared_by_their_topics(brain: Brain) -> None:
    both = ask(brain, "is het project van Asten vergelijkbaar met dat van Capelle?")
    assert both.startswith("Gedeelde onderwerpen van Asten") and "Alleen Asten:" in both


def test_projects_per_round_name_the_round_with_the_most(brain: Brain) -> None:
    text = ask(brain, "welke ronde had de meeste projecten?")
    assert text.startswith("De meeste projecten (5) komen uit rondes 2021/1 en 2021/2")
    assert "- 2022/3 (3): Beuningen" in text and "Zonder ronde:" in text


def test_the_organisation_with_the_most_projects(brain: Brain) -> None:
    assert "Breda (2)" in ask(brain, "Which organisation has the most projects?")


def test_projects_in_the_same_round_or_year_as_a_named_one(brain: Brain) -> None:
    same_round = ask(brain, "welke projecten zaten in dezelfde ronde als Beesel?")
    assert same_round.startswith("Beesel (") and "ronde 2021/3. Ook zo (3)" in same_round
    assert "Deurne" in same_round
    same_year = ask(brain, "which projects ended the same year as Goirle?")
    assert "ended 2021" in same_year and "Asten" in same_year


def test_shorter_of_two_named_projects(brain: Brain) -> None:
    text = ask(brain, "Welk project duurde korter: Asten of Goirle?")
    assert text.split("\n")[1].startswith("- Asten")


def test_projects_naming_a_topic_are_all_listed(brain: Brain) -> None:
    assert ask(brain, "welke projecten noemen corona als aanleiding").startswith("Projecten over")


def test_the_oldest_and_the_newest_project(brain: Brain) -> None:
    assert "Leidinggevenden Meierijstad in beweging" in ask(brain, "welk project is het oudst?")
    assert "Leidschendam-Voorburg" in ask(brain, "which is the newest project?")
