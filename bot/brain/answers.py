"""Answer composers: one per handler, each building the reply from the structured data."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from bot.brain.entities import Analysis
from bot.brain.lexicon import fold_date, person_key, split_people
from bot.brain.matcher import Interpretation, Scored
from bot.brain.normalize import fold, round_label
from bot.domain import Choice
from bot.knowledge.loader import KnowledgeBase
from bot.knowledge.schema import Dagdeel, Project, Werkpakket

# Concepts (from vocabulary.yaml) that say which attribute a question asks for.
ATTRIBUTE_CONCEPTS = {
    "wanneer": "date",
    "spreker": "speaker",
    "onderwerp": "topic",
    "telefoon": "phone",
    "email": "email",
    "contact": "contact",
    "looptijd": "period",
    "ronde": "round",
    "hoeveel": "count",
    "waar": "location",
    "wie": "who",
}


@dataclass(slots=True)
class Question:
    """Everything a composer needs about the message being answered."""

    analysis: Analysis
    reading: Interpretation
    attributes: set[str]
    english: bool
    details: list[str] = field(default_factory=list)  # specific words no example explains

    def ids(self, kind: str) -> list[str]:
        """All entity ids of `kind` in the chosen reading, in message order, unique."""
        seen: list[str] = []
        for _mention, ref in self.reading.entities.get(kind, []):
            for entity_id in ref.ids:
                if entity_id not in seen:
                    seen.append(entity_id)
        return seen

    def narrowed_ids(self, kind: str) -> list[str]:
        """The ids every mention of `kind` agrees on ("Breda ... lego": the one Breda project
        with lego), or all of them when the mentions share none."""
        sets = [set(ref.ids) for _mention, ref in self.reading.entities.get(kind, [])]
        common = set.intersection(*sets) if sets else set()
        return [i for i in self.ids(kind) if i in common] or self.ids(kind)


@dataclass(slots=True)
class Composed:
    """A composed answer: text, its document, the subject to remember, buttons."""

    text: str
    source: str | None = None
    subject: tuple[str, str] | None = None  # (kind, id) for follow-ups
    choices: list[Choice] = field(default_factory=list)
    matched: bool = True


# Attributes a project card shows in its first three lines.
CARD_ATTRIBUTES = frozenset({"phone", "email", "contact", "period", "round"})
# A question word matches a project text when its first letters do ("inwoners" ~ "inwoner").
DETAIL_PREFIX = 6
Composer = Callable[["Answers", Question, Scored], Composed]
NumberedT = TypeVar("NumberedT", Dagdeel, Werkpakket)


def on_date(text: str, wanted: str) -> bool:
    """True when `text` ("vrijdag 22 maart 2019") falls on `wanted` ("22 maart" or "maart")."""
    words = f" {fold_date(text)} "
    return f" {wanted} " in words


def pick_numbered(
    ids: list[str], items: list[NumberedT], missing: str
) -> tuple[list[NumberedT], list[str]]:
    """The items with the asked numbers ("last" = the last one), and a sentence for each
    number that doesn't exist (`missing` with {n} and {total})."""
    found: list[NumberedT] = []
    notes: list[str] = []
    total = len(items)
    for item_id in ids:
        number = total if item_id == "last" else int(item_id)
        if 1 <= number <= total:
            found.append(items[number - 1])
        else:
            notes.append(missing.format(n=number, total=total))
    return found, notes


class Answers:
    """The composers, bound to one knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.ln = kb.leernetwerk
        self.tk = kb.toolkit
        self.projects = {p.id: p for p in kb.projecten.projects}
        self.composers: dict[str, Composer] = {
            "dagdeel": Answers.dagdeel,
            "programme": Answers.programme,
            "werkpakket": Answers.werkpakket,
            "theme": Answers.theme,
            "toolkit": Answers.toolkit,
            "project": Answers.project,
            "projects_by_topic": Answers.projects_by_topic,
            "projects_by_year": Answers.projects_by_year,
            "projects_by_round": Answers.projects_by_round,
            "projects_overview": Answers.projects_overview,
            "person": Answers.person,
            "date": Answers.date,
            "signup": Answers.signup,
            "smalltalk": Answers.smalltalk,
            "fact": Answers.fact,
        }

    def compose(self, question: Question, scored: Scored) -> Composed:
        """Answer `question` with the composer of the matched target."""
        return self.composers[scored.target.handler](self, question, scored)

    # --- Leernetwerk --------------------------------------------------------------

    def _dagdeel_line(self, d: Dagdeel) -> str:
        who = ", ".join(d.speakers) or d.speaker_note or "nog niet bekend"
        return f"{d.number}. {self.ln.weekday} {d.date}: {d.title} ({who})"

    def dagdeel(self, q: Question, scored: Scored) -> Composed:
        """Dagdeel N: date, title, speaker; honest about numbers that don't exist."""
        ids = q.ids("dagdeel")
        if not ids:
            return self.programme(q, scored)
        found, parts = pick_numbered(
            ids,
            self.ln.dagdelen,
            "Dagdeel {n} bestaat niet: het Leernetwerk heeft {total} dagdelen "
            "(dagdeel 1 t/m {total}).",
        )
        for d in found:
            speaker = ", ".join(d.speakers) or d.speaker_note or "nog niet bekend"
            lines = [
                f"Dagdeel {d.number}: {d.title}",
                f"Wanneer: {self.ln.weekday} {d.date} ({self.ln.year_note.lower().rstrip('.')})",
                f"Spreker: {speaker}",
            ]
            if not q.attributes - {"topic", "who"} or "topic" in q.attributes:
                lines.append(d.summary)
            parts.append("\n".join(lines))
        subject = ("dagdeel", str(found[-1].number)) if found else None
        return Composed("\n\n".join(parts), self.ln.document.title, subject, matched=True)

    def programme(self, q: Question, scored: Scored) -> Composed:
        """All dagdelen with date, title and speakers."""
        lines = [
            f"Het programma van het Leernetwerk bestaat uit {len(self.ln.dagdelen)} dagdelen, "
            f"elke maand één, steeds op {self.ln.weekday}. {self.ln.year_note}",
            "",
            *(self._dagdeel_line(d) for d in self.ln.dagdelen),
        ]
        return Composed("\n".join(lines), self.ln.document.title, ("document", "leernetwerk"))

    def date(self, q: Question, scored: Scored) -> Composed:
        """What happens on a date or in a month (dagdelen, and the mayors' leergang)."""
        wanted = q.ids("date")
        hits = [d for d in self.ln.dagdelen if any(on_date(d.date, w) for w in wanted)]
        lines = [self._dagdeel_line(d) for d in hits]
        source = self.ln.document.title
        for sheet in self.kb.sheets:
            events = [e for e in sheet.dates if any(on_date(e, w) for w in wanted)]
            if events:
                lines.append(f"{sheet.name[0].upper()}{sheet.name[1:]}: {', '.join(events)}")
                source = f"{source}; {sheet.document.title}" if hits else sheet.document.title
        if not lines:
            dates = ", ".join(d.date for d in self.ln.dagdelen)
            text = (
                f"Op {' / '.join(wanted)} staat niets in het programma. De dagdelen van het "
                f"Leernetwerk zijn op: {dates}."
            )
            return Composed(text, self.ln.document.title)
        subject = ("dagdeel", str(hits[0].number)) if len(hits) == 1 else None
        return Composed("\n".join(lines), source, subject)

    # --- Verandertoolkit ------------------------------------------------------------

    def _theme_name(self, letter: str) -> str:
        return next(t.name for t in self.tk.themes if t.letter == letter)

    def _werkpakket_line(self, w: Werkpakket) -> str:
        return f"{w.number}. {w.title}"

    def werkpakket(self, q: Question, scored: Scored) -> Composed:
        """Werkpakket N: title, theme, summary; honest about numbers that don't exist."""
        ids = q.ids("werkpakket")
        if not ids:
            return self.toolkit(q, scored)
        found, parts = pick_numbered(
            ids,
            self.tk.werkpakketten,
            "Werkpakket {n} bestaat niet: de Verandertoolkit heeft {total} werkpakketten "
            "(1 t/m {total}).",
        )
        for w in found:
            parts.append(
                f"Werkpakket {w.number}: {w.title}\n"
                f"Thema {w.theme} – {self._theme_name(w.theme)}\n{w.summary}"
            )
        subject = ("werkpakket", str(found[-1].number)) if found else None
        return Composed("\n\n".join(parts), self.tk.document.title, subject)

    def theme(self, q: Question, scored: Scored) -> Composed:
        """The werkpakketten of a theme."""
        letters = [x for x in q.ids("theme") if any(t.letter == x for t in self.tk.themes)]
        if not letters:
            known = ", ".join(t.letter for t in self.tk.themes)
            return Composed(
                f"Dat thema ken ik niet. De toolkit heeft de thema's {known}.",
                self.tk.document.title,
            )
        parts = []
        for letter in letters:
            items = [w for w in self.tk.werkpakketten if w.theme == letter]
            lines = [f"Thema {letter} – {self._theme_name(letter)} ({len(items)} werkpakketten):"]
            lines += [self._werkpakket_line(w) for w in items]
            parts.append("\n".join(lines))
        return Composed("\n\n".join(parts), self.tk.document.title, ("theme", letters[-1]))

    def toolkit(self, q: Question, scored: Scored) -> Composed:
        """Overview: number of werkpakketten per theme."""
        lines = [
            f"De Verandertoolkit heeft {len(self.tk.werkpakketten)} werkpakketten in "
            f"{len(self.tk.themes)} thema's:"
        ]
        for t in self.tk.themes:
            numbers = [w.number for w in self.tk.werkpakketten if w.theme == t.letter]
            lines.append(f"{t.letter} – {t.name}: werkpakket {numbers[0]} t/m {numbers[-1]}")
        return Composed("\n".join(lines), self.tk.document.title, ("document", "verandertoolkit"))

    # --- Projects ---------------------------------------------------------------------

    def _project_card(self, p: Project, q: Question, full: bool) -> str:
        round_text = f", ronde {p.round}" if p.round else ""
        lines = [
            f"{p.organisation}: {p.title}{round_text}",
            f"Looptijd: {p.period}",
            f"{p.contact.role}: {p.contact.name}, {p.contact.email}, {p.contact.phone}",
        ]
        if full:
            lines.append(p.summary)
            lines += self._relevant_facts(p, q)
        return "\n".join(lines)

    @staticmethod
    def _details_not_in(p: Project, q: Question) -> list[str]:
        """The specific words of the question that nothing about project `p` mentions."""
        text = fold(" ".join([p.title, p.summary, *p.facts, *p.tags]))
        return [d for d in q.details if d[:DETAIL_PREFIX] not in text]

    @staticmethod
    def _relevant_facts(p: Project, q: Question) -> list[str]:
        words = {w for w in q.analysis.tokens if len(w) >= 5}
        if not words:
            return []
        picked = []
        for fact in p.facts:
            folded = fold(fact)
            if any(w[:6] in folded for w in words):
                picked.append(fact)
        return picked

    def _project_list_line(self, p: Project) -> str:
        round_text = f" ({p.round})" if p.round else ""
        return f"- {p.place}: {p.title}{round_text}"

    def _project_choices(self, projects: list[Project]) -> list[Choice]:
        """One button per project; its text names place and title, so it finds just that one
        (Goirle and Rijssen-Holten both have a "Leiderschapsprogramma")."""
        return [
            Choice(f"{p.place}: {p.title}"[:60], f"project {p.title} van {p.place}")
            for p in projects
        ]

    def project(self, q: Question, scored: Scored) -> Composed:
        """One or more projects by organisation or title; a gemeente without one has none."""
        projects = [self.projects[i] for i in q.narrowed_ids("project") if i in self.projects]
        source = self.kb.projecten.document.title
        if not projects:
            gemeenten = q.ids("gemeente")
            if gemeenten:
                names = " en ".join(gemeenten)
                total = len(self.projects)
                return Composed(
                    f"Van {names} staat geen project tussen de {total} A&O fonds projecten "
                    "over leiderschap en cultuur.",
                    source,
                )
            return self.projects_overview(q, scored)
        if len(projects) == 1:
            p = projects[0]
            # Asked for a contact detail or the period: the card alone, without the story.
            card = self._project_card(p, q, full=not q.attributes & CARD_ATTRIBUTES)
            missing = self._details_not_in(p, q)
            if missing:  # "hoeveel inwoners heeft Tilburg": the material doesn't say
                text = (
                    f"Over {' '.join(missing)} staat bij {p.organisation} niets in het materiaal. "
                    f"Dit staat er wel over het project:\n\n{card}"
                )
                return Composed(text, source, ("project", p.id), matched=False)
            return Composed(card, source, ("project", p.id))
        lines = [f"Ik vond {len(projects)} projecten:"]
        lines += [self._project_card(p, q, full=False) for p in projects]
        return Composed(
            "\n\n".join(lines),
            source,
            ("project", ",".join(p.id for p in projects)),
            choices=self._project_choices(projects),
        )

    def _project_list(self, title: str, projects: list[Project], q: Question) -> Composed:
        source = self.kb.projecten.document.title
        if not projects:
            return Composed(f"{title}: daar vond ik geen projecten over.", source)
        lines = [f"{title} ({len(projects)}):", *(self._project_list_line(p) for p in projects)]
        choices = self._project_choices(projects) if len(projects) <= 5 else []
        subject = ("project", ",".join(p.id for p in projects))
        return Composed("\n".join(lines), source, subject, choices)

    def projects_by_topic(self, q: Question, scored: Scored) -> Composed:
        """Projects tagged with a topic."""
        topics = q.ids("topic")
        if not topics:
            return self.projects_overview(q, scored)
        hits = [p for p in self.projects.values() if any(t in p.tags for t in topics)]
        return self._project_list(f"Projecten over {' en '.join(topics)}", hits, q)

    def projects_by_year(self, q: Question, scored: Scored) -> Composed:
        """Projects whose period touches a year."""
        years = [int(y) for y in q.ids("year")]
        hits = [p for p in self.projects.values() if any(y in p.years for y in years)]
        label = " of ".join(str(y) for y in years)
        return self._project_list(f"Projecten die liepen in {label}", hits, q)

    def projects_by_round(self, q: Question, scored: Scored) -> Composed:
        """Projects of a subsidy round."""
        rounds = [round_label(r) for r in q.ids("round")]
        hits = [p for p in self.projects.values() if p.round in rounds]
        return self._project_list(f"Projecten uit ronde {' en '.join(rounds)}", hits, q)

    def projects_overview(self, q: Question, scored: Scored) -> Composed:
        """How many projects; the organisations per topic; counts per year and per round."""
        projects = list(self.projects.values())
        per_year: Counter[int] = Counter(y for p in projects for y in p.years)
        per_round: Counter[str] = Counter(p.round or "zonder ronde" for p in projects)
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
        lines = [
            f"Er staan {len(projects)} A&O fonds projecten bij het thema Leiderschap en cultuur, "
            f"van {len({p.place for p in projects})} organisaties.",
            "",
            "Per onderwerp:",
            *(f"- {tag}: {', '.join(places)}" for tag, places in shared_topics),
            "",
            "Per jaar (looptijd): " + ", ".join(f"{y}: {n}" for y, n in sorted(per_year.items())),
            "Per subsidieronde: " + ", ".join(f"{r}: {n}" for r, n in sorted(per_round.items())),
        ]
        return Composed(
            "\n".join(lines), self.kb.projecten.document.title, ("document", "projecten")
        )

    # --- People ---------------------------------------------------------------------

    def person(self, q: Question, scored: Scored) -> Composed:
        """Every role a named person has in the material."""
        keys = q.ids("person")
        parts: list[str] = []
        sources: list[str] = []
        for key in keys:
            parts += self._person_roles(key, sources)
        if not parts:
            return Composed("Over die persoon staat niets in het materiaal.", None, matched=False)
        return Composed("\n\n".join(parts), sources[0] if sources else None, ("person", keys[-1]))

    def _person_roles(self, key: str, sources: list[str]) -> list[str]:
        roles: list[str] = []
        for d in self.ln.dagdelen:
            if any(person_key(s) == key for s in d.speakers):
                name = next(s for s in d.speakers if person_key(s) == key)
                roles.append(
                    f"{name} spreekt bij dagdeel {d.number} ({d.title}) op "
                    f"{self.ln.weekday} {d.date}."
                )
                sources.append(self.ln.document.title)
        contact = self.ln.contact
        if person_key(contact.person) == key:
            roles.append(
                f"{contact.person} is het aanspreekpunt voor aanmelden bij het Leernetwerk: "
                f"bel T {contact.phone}, of mail het {contact.organisation} via {contact.email}."
            )
            sources.append(self.ln.document.title)
        if any(person_key(m) == key for m in self.tk.makers):
            name = next(m for m in self.tk.makers if person_key(m) == key)
            others = " en ".join(m for m in self.tk.makers if person_key(m) != key)
            roles.append(f"{name} ontwikkelde de Verandertoolkit samen met {others}.")
            sources.append(self.tk.document.title)
        for p in self.projects.values():
            names = split_people(p.contact.name)
            if any(person_key(n) == key for n in names):
                name = next(n for n in names if person_key(n) == key)
                roles.append(
                    f"{name} is {p.contact.role.lower()} van het project ‘{p.title}’ "
                    f"({p.organisation}): {p.contact.email}, {p.contact.phone}."
                )
                sources.append(self.kb.projecten.document.title)
        for sheet in self.kb.sheets:
            if any(person_key(n) == key for n in sheet.people):
                name = next(n for n in sheet.people if person_key(n) == key)
                for fact in sheet.facts:
                    if name in fact.answer:
                        roles.append(fact.answer)
                        sources.append(sheet.document.title)
                        break
        return roles

    # --- Fixed replies ----------------------------------------------------------------

    def signup(self, q: Question, scored: Scored) -> Composed:
        """How to join the Leernetwerk (channels start the sign-up form on action=signup)."""
        c = self.ln.contact
        return Composed(
            f"Aanmelden voor het Leernetwerk kan via het {c.organisation}: mail {c.email} of "
            f"bel {c.person}, T {c.phone}. Er is nog een beperkt aantal plaatsen.",
            self.ln.document.title,
            ("document", "leernetwerk"),
        )

    def smalltalk(self, q: Question, scored: Scored) -> Composed:
        """Greeting, thanks, who are you."""
        intent = scored.target.intent
        return Composed(intent.answer if intent and intent.answer else "Hallo!")

    def fact(self, q: Question, scored: Scored) -> Composed:
        """A document-level fact, in English when asked in English and available."""
        fact, doc = scored.target.fact, scored.target.document
        assert fact is not None and doc is not None
        text = fact.answer_en if q.english and fact.answer_en else fact.answer
        return Composed(text, doc.title, ("document", doc.id))
