"""The replies of a brain that has no confident answer: an empty message, "Bedoelde je ...?"
suggestions phrased in the user's language with the message's own names, and an honest "I
don't know" that says what the bot does know."""

from __future__ import annotations

from bot.brain.matcher import IntentMatcher
from bot.brain.readings import Scored, placeholder
from bot.domain import Choice, CoreIntent, Reply
from bot.knowledge.loader import KnowledgeBase

SUGGEST_THRESHOLD = 0.3  # from this match score up: "Bedoelde je ...?"
MAX_SUGGESTIONS = 3


class UnsureReplies:
    """Replies without a confident answer, for one knowledge base and its matcher."""

    def __init__(self, kb: KnowledgeBase, matcher: IntentMatcher) -> None:
        self.kb = kb
        self.matcher = matcher
        self.templates = kb.labels.suggestion_templates

    def empty(self) -> Reply:
        """The reply to an empty message."""
        return Reply(
            text="Je bericht is leeg. Stel gerust een vraag, bijvoorbeeld: "
            "‘Wanneer is dagdeel 5?’ of ‘Welke werkpakketten heeft de toolkit?’",
            matched=False,
            intent=CoreIntent.EMPTY,
            confidence=0.0,
        )

    def suggest(self, ranked: list[Scored], english: bool) -> Reply:
        """ "Bedoelde je ...?" with the best targets from SUGGEST_THRESHOLD up."""
        suggestions: list[str] = []
        for scored in ranked:
            if scored.score < SUGGEST_THRESHOLD or len(suggestions) >= MAX_SUGGESTIONS:
                break
            text = self.suggestion_text(scored, english)
            if text not in suggestions:
                suggestions.append(text)
        lead = "Did you mean:" if english else "Bedoelde je:"
        text = lead + "\n" + "\n".join(f"- {s}" for s in suggestions)
        return Reply(
            text=text,
            matched=False,
            intent=CoreIntent.SUGGESTIONS,
            confidence=round(ranked[0].score, 3),
            suggestions=suggestions,
            choices=[Choice(s, s) for s in suggestions],
            language="en" if english else "nl",
        )

    def suggestion_text(self, scored: Scored, english: bool) -> str:
        """An example of the target in the user's language, with the message's own entities
        put in its slots."""
        example = self.matcher.example_in(scored, english)
        for kind, pairs in scored.interpretation.entities.items():
            surfaces = [m.surface for m, _ref in pairs if m.surface]
            if surfaces and placeholder(kind) in example.features:
                return self._slot_phrase(kind, surfaces[0], example.text, english)
        return example.text

    def _slot_phrase(self, kind: str, surface: str, example: str, english: bool) -> str:
        """A readable question about `surface` in the style of the example."""
        template = self.templates.get(kind)
        if template is None:
            return example
        prefix = f"{kind} "
        cleaned = surface[len(prefix) :] if surface.startswith(prefix) else surface
        return (template.en if english else template.nl).format(s=cleaned)

    def unknown(self, english: bool) -> Reply:
        """ "I don't know": what the material covers, and whom to ask."""
        c = self.kb.leernetwerk.contact
        packages = len(self.kb.toolkit.werkpakketten)
        projects = len(self.kb.projecten.projects)
        if english:
            text = (
                "Sorry, I don't know that: it isn't in the material I have. I can answer questions "
                "about the Leernetwerk (dates, speakers, cost, signing up), the Verandertoolkit "
                f"({packages} work packages), {projects} A&O fonds projects on leadership and "
                "culture, the Apeldoorn booklet and the leergang for mayors. For other questions "
                f"about the Leernetwerk: {c.email} or {c.person}, T {c.phone}."
            )
        else:
            text = (
                "Dat weet ik helaas niet: daarover staat niets in het materiaal dat ik ken. Ik kan "
                "vragen beantwoorden over het Leernetwerk (data, sprekers, kosten, aanmelden), de "
                f"Verandertoolkit ({packages} werkpakketten), {projects} A&O fonds projecten over "
                "leiderschap en cultuur, het Apeldoornse boekje en de leergang voor "
                f"burgemeesters. Voor andere vragen over het Leernetwerk: {c.email} of "
                f"{c.person}, T {c.phone}."
            )
        language = "en" if english else "nl"
        return Reply(
            text=text, matched=False, intent=CoreIntent.UNKNOWN, confidence=0.0, language=language
        )
