"""Persistence: conversation state, sign-ups, the coordinator outbox, unanswered questions."""
