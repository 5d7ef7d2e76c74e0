"""Hand-off to the coordinators and feedback on answers (issue 9), free of any channel.

Core API (every channel: Telegram, web, terminal)
-------------------------------------------------
The Assistant (`bot.core.assistant.Assistant`, built by `build_assistant`) does the work; a
channel only renders and forwards presses.

* **Offer.** A reply the bot could not answer (`matched` False), a wish for a person, or a 👎
  carries one extra `Choice` whose label contains "coördinator" and whose `text` is
  ``"/coordinator <token>"``; the reply's text ends with the line saying what will be shared
  (the question and the first name). Sending that text as the next message
  (`assistant.handle(key, choice.text, origin)`) or calling
  `assistant.request_handoff(key, origin, token)` forwards the question; nothing is sent
  before. A second press answers "al doorgestuurd" and sends nothing.
* **Who asks.** `Origin.first_name` (the only personal detail shared), `Origin.chat_title`
  (groups), `Origin.chat_ref` (where a later answer goes: the Telegram chat id) and
  `Origin.message_ref` (the question's message id: a group answer is a reply to it).
* **Forwarding** goes through the outbox (kind "handoff", one item per coordinator chat) in the
  same transaction as the stored hand-off, so it survives restarts and is retried. At most
  `DEFAULT_DAILY_LIMIT` (5) hand-offs per user per day (Dutch calendar day); then a polite
  reply with intent "handoff_limit".
* **Answers.** `HandoffService.answer(handoff_id, coordinator=..., text=..., source_ref=...)`
  stores a coordinator's answer (once per `source_ref`), marks the hand-off answered and, for
  Telegram askers, queues the relay (outbox kind "handoff_answer"). Every channel can read the
  answers of a conversation: `assistant.handoff_answers(key, after=<last id seen>)` ->
  `HandoffAnswer` (id, coordinator first name, text, question, at); the web chat polls this.
  `HandoffService.answer_text(answer)` is the Dutch plain text to show.
* **Feedback.** A factual answer (matched, with a source) outside groups carries
  `Reply.feedback_token`; show 👍/👎 with it and call
  `assistant.record_feedback(key, origin, token, Vote.UP | Vote.DOWN)` -> `FeedbackOutcome`
  (`thanks`: the one word replacing the buttons; `follow_up`: after a 👎, a reply offering the
  hand-off). Stored without identity: question (redacted), intent, source, time.
* **Overviews.** `HandoffService.open_lines()` (/vragen, `python -m bot questions`),
  `feedback_lines(store.list_feedback())` (/feedback, `python -m bot feedback`) and
  `bot.handoff.curate` (`python -m bot curate`).

Data types (`HandoffRequest`, `Handoff`, `HandoffAnswer`, `FeedbackEntry`, `Vote`) live in
`bot.domain`; the storage protocol `HandoffStore` in `bot.storage.base` (SQLite:
`bot.storage.sqlite_handoffs`). Modules here: `service` (forwarding, answers, texts), `desk` (offers
and tokens in the conversation state), `feedback` (overview), `curate` (the curator's draft).
"""
