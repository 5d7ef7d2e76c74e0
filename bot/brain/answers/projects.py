"""Answers about the A&O fonds projects: one project, lists by topic, year or round, overview."""

from __future__ import annotations

from collections import Counter

from bot.brain.answers.base import CARD_ATTRIBUTES, AnswerBase, Composed, Question
from bot.brain.lexicon import DOCUMENT
from bot.brain.normalize import round_label
from bot.brain.readings import Scored
from bot.domain import Choice
from bot.knowledge.loader import KnowledgeBase
from bot.knowledge.schema import Project
from bot.text import fold

# A question word matches a project text when its first letters do ("inwoners" ~ "inwoner").
DETAIL_PREFIX = 6


class ProjectAnswers(AnswerBase):
    """Composers for the projects' structured data."""

    def __init__(self, kb: KnowledgeBase) -> None:
        super().__init__(kb)
        self._overviews: dict[bool, Composed] = {}  # per language (english or not)

    def _role(self, p: Project, q: Question) -> str:
        role = p.contact.role
        return q.labels.english_roles.get(role.lower(), role) if q.english else role

    def _project_card(self, p: Project, q: Question, full: bool) -> str:
        round_text = q.say(f", ronde {p.round}", f", round {p.round}") if p.round else ""
        lines = [
            f"{p.organisation}: {p.shown_title}{round_text}",
            f"{q.say('Looptijd', 'Period')}: {p.period}",
            f"{self._role(p, q)}: {p.contact.name}, {p.contact.email}, {p.contact.phone}",
        ]
        if full:
            if not q.english:
                lines.append(p.summary)
            elif p.statements:
                lines.append(p.statements[0].en)
            lines += [f for f in self._relevant_facts(p, q) if f not in lines]
        return "\n".join(lines)

    @staticmethod
    def _details_not_in(p: Project, q: Question) -> list[str]:
        """The specific words of the question that nothing about project `p` mentions."""
        if not q.details:
            return []
        text = fold(" ".join([p.title, p.summary, *(s.nl for s in p.statements), *p.tags]))
        return [d for d in q.details if d[:DETAIL_PREFIX] not in text]

    def _other_documents(self, q: Question) -> list[str]:
        """Names of other documents in the question ("de burgemeester van Emmen"): what they
        stand for is not what the project's text is about."""
        own = self.kb.projecten.document.id
        return [
            m.surface
            for m in q.analysis.mentions
            if any(r.kind == DOCUMENT and r.ids[0] != own for r in m.refs)
            and any(r.ids[0] in q.reading.documents for r in m.refs)
        ]

    @staticmethod
    def _relevant_facts(p: Project, q: Question) -> list[str]:
        words = {w for w in q.analysis.tokens if len(w) >= 5}
        if not words:
            return []
        picked = []
        for statement in p.statements:
            folded = fold(statement.nl)
            if any(w[:6] in folded for w in words):
                picked.append(statement.en if q.english else statement.nl)
        return picked

    def _project_choices(self, projects: list[Project]) -> list[Choice]:
        """One button per project; its text names place and title, so it finds just that one
        (Goirle and Rijssen-Holten both have a "Leiderschapsprogramma")."""
        return [
            Choice(f"{p.place}: {p.shown_title}"[:60], f"project {p.shown_title} van {p.place}")
            for p in projects
        ]

    def _no_project(self, gemeenten: list[str], q: Question) -> Composed:
        names = q.say(" en ", " and ").join(gemeenten)
        total = len(self.projects)
        text = q.say(
            f"Van {names} staat geen project tussen de {total} A&O fonds projecten over "
            f"leiderschap en cultuur; daarover staat niets in het materiaal.",
            f"{names} has no project among the {total} A&O fonds projects on leadership and "
            "culture; the material says nothing about it.",
        )
        return Composed(text, self.kb.projecten.document.title, matched=False)

    def _naming(self, p: Project, gemeenten: list[str], q: Question) -> Composed | None:
        """The project's card with its statements that name every gemeente asked about
        besides it ("wat was dat met Nuenen en Eindhoven": the merger that did not happen);
        None when no statement does."""
        folded = [fold(g) for g in gemeenten]
        told = [
            s.en if q.english else s.nl
            for s in p.statements
            if all(g in fold(s.nl) for g in folded)
        ]
        if not told:
            return None
        card = self._project_card(p, q, full=False)
        source = self.kb.projecten.document.title
        return Composed("\n".join([card, *told]), source, ("project", p.id))

    def project(self, q: Question, scored: Scored) -> Composed:
        """One or more projects by organisation or title; a gemeente without one has none."""
        projects = [self.projects[i] for i in q.narrowed_ids("project") if i in self.projects]
        source = self.kb.projecten.document.title
        gemeenten = q.ids("gemeente")
        if gemeenten:  # "welk project had Helmond": a gemeente without one has none ...
            if len(projects) == 1 and (told := self._naming(projects[0], gemeenten, q)):
                return told  # ... unless the project named beside it tells of it
            return self._no_project(gemeenten, q)
        if not projects:
            return self.projects_overview(q, scored)
        if len(projects) == 1:
            p = projects[0]
            # Asked for a contact detail or the period: the card alone, without the story.
            card = self._project_card(p, q, full=not q.attributes & CARD_ATTRIBUTES)
            missing = self._details_not_in(p, q) + self._other_documents(q)
            if missing:  # "hoeveel inwoners heeft Tilburg": the material doesn't say
                text = q.say(
                    f"Over {' '.join(missing)} staat bij {p.organisation} niets in het "
                    f"materiaal. Dit staat er wel over het project:\n\n{card}",
                    f"The material says nothing about {' '.join(missing)} for "
                    f"{p.organisation}. This is what it says about the project:\n\n{card}",
                )
                return Composed(text, source, ("project", p.id), matched=False)
            return Composed(card, source, ("project", p.id))
        lines = [q.say(f"Ik vond {len(projects)} projecten:", f"I found {len(projects)} projects:")]
        lines += [self._project_card(p, q, full=False) for p in projects]
        return Composed(
            "\n\n".join(lines),
            source,
            ("project", ",".join(p.id for p in projects)),
            choices=self._project_choices(projects),
        )

    def _project_list(self, title: str, projects: list[Project], q: Question) -> Composed:
        source = self.kb.projecten.document.title
        if not projects:  # ("ronde 2023/1": the material has none, said honestly)
            return Composed(
                q.say(f"{title}: daar vond ik geen projecten over.", f"{title}: none found."),
                source,
                matched=False,
            )
        lines = [f"{title} ({len(projects)}):"]
        lines += [
            f"- {p.place}: {p.shown_title}" + (f" ({p.round})" if p.round else "") for p in projects
        ]
        choices = self._project_choices(projects) if len(projects) <= 5 else []
        subject = ("project", ",".join(p.id for p in projects))
        return Composed("\n".join(lines), source, subject, choices)

    def projects_by_topic(self, q: Question, scored: Scored) -> Composed:
        """Projects tagged with a topic."""
        topics = q.ids("topic")
        if not topics:
            return self.projects_overview(q, scored)
        asked = set(topics)
        hits = [p for p in self.projects.values() if not asked.isdisjoint(p.tags)]
        label = q.say(" en ", " and ").join(topics)
        return self._project_list(q.say(f"Projecten over {label}", f"Projects on {label}"), hits, q)

    def projects_by_year(self, q: Question, scored: Scored) -> Composed:
        """Projects whose period touches a year."""
        years = [int(y) for y in q.ids("year")]
        hits = [p for p in self.projects.values() if any(y in p.years for y in years)]
        label = q.say(" of ", " or ").join(str(y) for y in years)
        title = q.say(f"Projecten die liepen in {label}", f"Projects that ran in {label}")
        return self._project_list(title, hits, q)

    def projects_by_round(self, q: Question, scored: Scored) -> Composed:
        """Projects of a subsidy round."""
        rounds = [round_label(r) for r in q.ids("round")]
        hits = [p for p in self.projects.values() if p.round in rounds]
        label = q.say(" en ", " and ").join(rounds)
        title = q.say(f"Projecten uit ronde {label}", f"Projects from round {label}")
        return self._project_list(title, hits, q)

    def projects_overview(self, q: Question, scored: Scored) -> Composed:
        """How many projects; the organisations per topic; counts per year and per round
        (worked out once per language: it reads only the knowledge base)."""
        overview = self._overviews.get(q.english)
        if overview is None:
            overview = self._overviews[q.english] = self._overview(q)
        return Composed(overview.text, overview.source, overview.subject)

    def _overview(self, q: Question) -> Composed:
        projects = list(self.projects.values())
        per_year: Counter[int] = Counter(y for p in projects for y in p.years)
        no_round = q.say("zonder ronde", "no round")
        per_round: Counter[str] = Counter(p.round or no_round for p in projects)
        per_topic: dict[str, list[str]] = {}
        for p in sorted(projects, key=lambda p: p.place):
            for tag in p.tags:
                places = per_topic.setdefault(tag, [])
                if p.place not in places:
                    places.append(p.place)
        shared_topics = sorted(
            ((tag, places) for tag, places in per_topic.items() if len(places) >= 2),
            key=lambda item: (-len(item[1]), item[0]),
        )
        organisations = len({p.place for p in projects})
        lines = [
            q.say(
                f"Er staan {len(projects)} A&O fonds projecten bij het thema Leiderschap en "
                f"cultuur, van {organisations} organisaties.",
                f"There are {len(projects)} A&O fonds projects under the theme Leiderschap en "
                f"cultuur (leadership and culture), from {organisations} organisations.",
            ),
            "",
            q.say("Per onderwerp:", "By topic:"),
            *(f"- {tag}: {', '.join(places)}" for tag, places in shared_topics),
            "",
            q.say("Per jaar (looptijd): ", "By year (period): ")
            + ", ".join(f"{y}: {n}" for y, n in sorted(per_year.items())),
            q.say("Per subsidieronde: ", "By subsidy round: ")
            + ", ".join(f"{r}: {n}" for r, n in sorted(per_round.items())),
        ]
        return Composed(
            "\n".join(lines), self.kb.projecten.document.title, ("document", "projecten")
        )
