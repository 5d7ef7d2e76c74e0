"""A message while the sign-up form is in progress: it goes to the form, unless it is no
plausible answer for the step and the brain answers it confidently; then that answer is given
and the form's question repeated."""

from __future__ import annotations

from typing import Any

from bot.brain.brain import Brain
from bot.brain.context import DialogueContext
from bot.core.replies import prefaced
from bot.domain import Action, Reply
from bot.knowledge.texts import Texts
from bot.signup.fields import STEP_NAME, looks_like_question, says
from bot.signup.form import form_language
from bot.signup.service import SignupService

# A message mid-form that is no plausible answer for the step is answered as a question when
# the brain matched it confidently; otherwise the form explains what it expects. Text that
# reads as a question ("?" or a question word) needs QUESTION_CONFIDENCE, with the dialogue
# context (so "en dagdeel 6?" works). Other text ("kosten", "data bijeenkomsten") must match
# on its own, without the context, with STATEMENT_CONFIDENCE: measured on the real brain,
# "weet ik niet" and "geen" reached 0.85 only through the previous subject, and 0.0 alone.
QUESTION_CONFIDENCE = 0.75
STATEMENT_CONFIDENCE = 0.85


def form_turn(
    brain: Brain,
    texts: Texts,
    signups: SignupService,
    key: str,
    state: dict[str, Any],
    text: str,
    now: float,
) -> Reply:
    """Answer `text` sent in conversation `key`, whose `state` holds a form in progress."""
    form_state: dict[str, Any] = state["form"]
    form = signups.form
    language = form_language(form_state)
    said = texts.conversation
    # A question or a sentence is never a name ("nee ik wilde alleen weten wie ...").
    no_name = form_state.get("step") == STEP_NAME and brain.reads_as_sentence(text)
    if no_name or not form.is_plausible_answer(form_state, text):
        if looks_like_question(text, texts):
            context = DialogueContext.from_dict(state.get("dialogue"))
            needed = QUESTION_CONFIDENCE
        else:
            context, needed = DialogueContext(), STATEMENT_CONFIDENCE
        answer = brain.answer(text, context)
        question = answer.reply
        if question.action == Action.SIGNUP:
            prompt = form.prompt(form_state)
            prompt.text = f"{said.already_signing_up.say(language)}\n\n{prompt.text}"
            return prefaced(prompt, question.preface)
        if question.matched and question.confidence >= needed:
            state["dialogue"] = answer.context.to_dict()
            prompt = form.prompt(form_state)
            return Reply(
                text=f"{question.plain_text()}\n\n{said.back_to_form.say(language)} {prompt.text}",
                matched=True,
                intent=question.intent,
                confidence=question.confidence,
                choices=prompt.choices,
                source=None,  # already in the text, before the form's question
                language=question.language,
            )
        if no_name and not says(text, texts.answers.cancel):
            prompt = form.prompt(form_state)
            prompt.text = f"{said.not_a_name.say(language)}\n\n{prompt.text}"
            return prompt
    outcome = form.handle(form_state, text, now)
    if outcome.cancelled:
        state.pop("form", None)
        return outcome.reply
    if outcome.submitted is not None:
        submission = signups.submit(key, outcome.submitted, language)  # committed here
        state.pop("form", None)
        return submission.reply
    state["form"] = outcome.state
    return outcome.reply
