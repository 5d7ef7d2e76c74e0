"""Answers about the Verandertoolkit: werkpakketten, themes, the overview."""

from __future__ import annotations

from bot.brain.answers.base import AnswerBase, Composed, Question, pick_numbered
from bot.brain.readings import Scored

# The concept (knowledge/vocabulary.yaml) that turns "the most" into "the fewest".
FEWEST = "minste"


class ToolkitAnswers(AnswerBase):
    """Composers for the toolkit's structured data."""

    def _theme_name(self, letter: str) -> str:
        return next(t.name for t in self.tk.themes if t.letter == letter)

    def werkpakket(self, q: Question, scored: Scored) -> Composed:
        """Werkpakket N: title, theme, summary; honest about numbers that don't exist."""
        ids = q.ids("werkpakket")
        if not ids:
            return self.toolkit(q, scored)
        found, parts = pick_numbered(
            ids,
            self.tk.werkpakketten,
            q.say(
                "Werkpakket {n} bestaat niet: de Verandertoolkit heeft {total} werkpakketten "
                "(1 t/m {total}).",
                "There is no werkpakket (work package) {n}: the Verandertoolkit has {total} "
                "werkpakketten (1 to {total}).",
            ),
        )
        for w in found:
            theme = f"{w.theme} – {self._theme_name(w.theme)}"
            if q.english:
                about = " ".join(statement.en for statement in w.statements)
                parts.append(
                    f"Work package {w.number} (werkpakket {w.number}): {w.title}\nTheme {theme}"
                    + (f"\n{about}" if about else "")
                )
            else:
                about = "\n".join([w.summary, *(statement.nl for statement in w.statements)])
                parts.append(f"Werkpakket {w.number}: {w.title}\nThema {theme}\n{about}")
        subject = ("werkpakket", str(found[-1].number)) if found else None
        # only numbers that don't exist: not in the material, said honestly
        return Composed("\n\n".join(parts), self.tk.document.title, subject, matched=bool(found))

    def compared(self, q: Question, scored: Scored) -> Composed:
        """The werkpakketten the toolkit compares the one named with (either way round)."""
        ids = {int(i) for i in q.ids("werkpakket") if i.isdigit()}
        named = [w for w in self.tk.werkpakketten if w.number in ids]
        if not named:
            return self.werkpakket(q, scored)
        lines = []
        for w in named:
            others = [
                o
                for o in self.tk.werkpakketten
                if o.number in w.compared_with or w.number in o.compared_with
            ]
            if not others:
                lines.append(
                    q.say(
                        f"De toolkit vergelijkt werkpakket {w.number} ({w.title}) met geen "
                        "ander werkpakket.",
                        f"The toolkit compares work package {w.number} ({w.title}) with no "
                        "other work package.",
                    )
                )
            for o in others:
                lines.append(
                    q.say(
                        f"Werkpakket {o.number} ({o.title}) wordt in de toolkit vergeleken met "
                        f"werkpakket {w.number} ({w.title}).",
                        f"Work package {o.number} (werkpakket {o.number}, {o.title}) is compared "
                        f"in the toolkit with work package {w.number} ({w.title}).",
                    )
                )
        subject = ("werkpakket", str(named[-1].number))
        return Composed("\n".join(lines), self.tk.document.title, subject)

    def theme(self, q: Question, scored: Scored) -> Composed:
        """The werkpakketten of a theme."""
        letters = [x for x in q.ids("theme") if any(t.letter == x for t in self.tk.themes)]
        if not letters:
            known = ", ".join(t.letter for t in self.tk.themes)
            return Composed(
                q.say(
                    f"Dat thema ken ik niet. De toolkit heeft de thema's {known}.",
                    f"I don't know that theme. The toolkit has the themes {known}.",
                ),
                self.tk.document.title,
            )
        parts = []
        for letter in letters:
            items = [w for w in self.tk.werkpakketten if w.theme == letter]
            theme = next(t for t in self.tk.themes if t.letter == letter)
            name = f"{theme.name}: {theme.subtitle}" if theme.subtitle else theme.name
            lines = [
                q.say(
                    f"Thema {letter} – {name} ({len(items)} werkpakketten):",
                    f"Theme {letter} – {name} ({len(items)} work packages):",
                )
            ]
            lines += [f"{w.number}. {w.title}" for w in items]
            parts.append("\n".join(lines))
        return Composed("\n\n".join(parts), self.tk.document.title, ("theme", letters[-1]))

    def theme_sizes(self, q: Question, scored: Scored) -> Composed:
        """The theme(s) with the most (or, asked so, the fewest) werkpakketten; ties named."""
        fewest = FEWEST in q.analysis.words
        counts = {
            t.letter: sum(w.theme == t.letter for w in self.tk.werkpakketten)
            for t in self.tk.themes
        }
        target = min(counts.values()) if fewest else max(counts.values())
        winners = [t for t in self.tk.themes if counts[t.letter] == target]
        lead = q.say(
            f"Het thema met de {'minste' if fewest else 'meeste'} werkpakketten ({target}):",
            f"The theme with the {'fewest' if fewest else 'most'} work packages ({target}):",
        )
        lines = [lead]
        for t in winners:
            numbers = ", ".join(str(w.number) for w in self.tk.werkpakketten if w.theme == t.letter)
            lines.append(
                f"- {t.letter} – {t.name} ({q.say('werkpakket', 'work packages')} {numbers})"
            )
        per_theme = ", ".join(f"{letter} {n}" for letter, n in counts.items())
        lines.append(q.say(f"Per thema: {per_theme}.", f"Per theme: {per_theme}."))
        return Composed("\n".join(lines), self.tk.document.title, ("theme", winners[-1].letter))

    def toolkit(self, q: Question, scored: Scored) -> Composed:
        """Overview: number of werkpakketten per theme."""
        total, themes = len(self.tk.werkpakketten), len(self.tk.themes)
        lines = [
            q.say(
                f"De Verandertoolkit heeft {total} werkpakketten in {themes} thema's:",
                f"The Verandertoolkit has {total} work packages in {themes} themes:",
            )
        ]
        for t in self.tk.themes:
            numbers = [w.number for w in self.tk.werkpakketten if w.theme == t.letter]
            span = q.say(
                f"werkpakket {numbers[0]} t/m {numbers[-1]} ({len(numbers)})",
                f"work packages {numbers[0]} to {numbers[-1]} ({len(numbers)})",
            )
            lines.append(f"{t.letter} – {t.name}: {span}")
        # The themes are the subject now: "welke werkpakketten horen bij de vierde?"
        letters = ",".join(t.letter for t in self.tk.themes)
        return Composed("\n".join(lines), self.tk.document.title, ("theme", letters))
