"""Answers about people, document facts and small talk."""

from __future__ import annotations

import re

from bot.brain.answers.base import AnswerBase, Composed, Question
from bot.brain.lexicon import person_key, split_people
from bot.brain.readings import Scored

# A phone number in an answer: a run of at least nine digits, spaces and dashes.
PHONE = re.compile(r"\d[\d -]{7,}\d")
# The concept of a question naming the kind "project" ("which project was she the contact for").
PROJECT_CUE = "project"


class PeopleAnswers(AnswerBase):
    """Composers for people, facts and fixed replies."""

    def person(self, q: Question, scored: Scored) -> Composed:
        """Every role a named person has in the material."""
        keys = q.ids("person")
        parts: list[str] = []
        sources: list[str] = []
        for key in keys:
            parts += self._person_roles(key, sources, q)
        if not parts:
            return Composed(
                q.say(
                    "Over die persoon staat niets in het materiaal.",
                    "The material says nothing about that person.",
                ),
                None,
                matched=False,
            )
        text = "\n\n".join(parts)
        missing = ("phone" in q.attributes and not PHONE.search(text)) or (
            "email" in q.attributes and "@" not in text
        )
        if missing:
            # "het telefoonnummer van Bart Bakker": the material gives none; say what it does say
            what = q.say("telefoonnummer of e-mailadres", "phone number or e-mail address")
            text = q.say(
                f"Een {what} van deze persoon staat niet in het materiaal. Wel dit:\n\n{text}",
                f"The material gives no {what} for this person. It does say:\n\n{text}",
            )
            return Composed(text, sources[0] if sources else None, matched=False)
        subject = ("person", keys[-1])
        led = [
            p
            for p in self.projects.values()
            if any(person_key(n) in keys for n in split_people(p.contact.name))
        ]
        if len(led) == 1 and PROJECT_CUE in q.analysis.words:
            # "which project was X the contact for, and when did it run?": "it" is the project
            subject = ("project", led[0].id)
        return Composed(text, sources[0] if sources else None, subject)

    def _person_roles(self, key: str, sources: list[str], q: Question) -> list[str]:
        roles: list[str] = []
        given = [d for d in self.ln.dagdelen if any(person_key(s) == key for s in d.speakers)]
        if "count" in q.attributes and len(given) > 1:  # "hoeveel dagdelen geeft Wouter Hart?"
            numbers = q.say(" en ", " and ").join(str(d.number) for d in given)
            name = next(s for s in given[0].speakers if person_key(s) == key)
            roles.append(
                q.say(
                    f"{name} geeft {len(given)} dagdelen: dagdeel {numbers}.",
                    f"{name} gives {len(given)} sessions: dagdeel {numbers}.",
                )
            )
        for d in self.ln.dagdelen:
            if any(person_key(s) == key for s in d.speakers):
                name = next(s for s in d.speakers if person_key(s) == key)
                when = f"{q.weekday(self.ln.weekday)} {q.date(d.date)}"
                roles.append(
                    q.say(
                        f"{name} spreekt bij dagdeel {d.number} ({d.title}) op {when}.",
                        f"{name} speaks at session {d.number} (dagdeel {d.number}, "
                        f"{d.title}) on {when}.",
                    )
                )
                sources.append(self.ln.document.title)
        contact = self.ln.contact
        if person_key(contact.person) == key:
            roles.append(
                q.say(
                    f"{contact.person} is het aanspreekpunt voor aanmelden bij het Leernetwerk: "
                    f"bel T {contact.phone}, of mail het {contact.organisation} via "
                    f"{contact.email}.",
                    f"{contact.person} is the contact for joining the Leernetwerk: call "
                    f"T {contact.phone}, or e-mail the {contact.organisation} at {contact.email}.",
                )
            )
            sources.append(self.ln.document.title)
        if any(person_key(m) == key for m in self.tk.makers):
            name = next(m for m in self.tk.makers if person_key(m) == key)
            others = q.say(" en ", " and ").join(m for m in self.tk.makers if person_key(m) != key)
            roles.append(
                q.say(
                    f"{name} ontwikkelde de Verandertoolkit samen met {others}.",
                    f"{name} developed the Verandertoolkit together with {others}.",
                )
            )
            sources.append(self.tk.document.title)
        thanked = next((t for t in self.tk.thanked if person_key(t) == key), None)
        if thanked:
            roles.append(
                q.say(
                    f"De makers van de Verandertoolkit danken {thanked}, die hen inspireerde "
                    "bij een aantal filmpjes.",
                    f"The makers of the Verandertoolkit thank {thanked}, who inspired them for "
                    "several of the films.",
                )
            )
            sources.append(self.tk.document.title)
        for p in self.projects.values():
            names = split_people(p.contact.name)
            if any(person_key(n) == key for n in names):
                name = next(n for n in names if person_key(n) == key)
                c = p.contact
                roles.append(
                    q.say(
                        f"{name} is {c.role.lower()} van het project ‘{p.shown_title}’ "
                        f"({p.organisation}): {c.email}, {c.phone}.",
                        f"{name} is the contact for the project ‘{p.shown_title}’ "
                        f"({p.organisation}): {c.email}, {c.phone}.",
                    )
                )
                sources.append(self.kb.projecten.document.title)
        for sheet in self.kb.sheets:
            if any(person_key(n) == key for n in sheet.people):
                name = next(n for n in sheet.people if person_key(n) == key)
                for fact in sheet.facts:
                    if name in fact.answer:
                        text = fact.answer_en if q.english and fact.answer_en else fact.answer
                        roles.append(text)
                        sources.append(sheet.document.title)
                        break
        return roles

    def smalltalk(self, q: Question, scored: Scored) -> Composed:
        """Greeting, thanks, who are you."""
        intent = scored.target.intent
        if intent is None:
            return Composed(q.say("Hallo!", "Hello!"))
        if q.english and intent.answer_en:
            return Composed(intent.answer_en)
        return Composed(intent.answer or q.say("Hallo!", "Hello!"))

    def fact(self, q: Question, scored: Scored) -> Composed:
        """A document-level fact, in English when asked in English and available."""
        fact, doc = scored.target.fact, scored.target.document
        assert fact is not None and doc is not None
        text = fact.answer_en if q.english and fact.answer_en else fact.answer
        return Composed(
            text, doc.title, ("document", doc.id), action=fact.action, matched=fact.in_material
        )
