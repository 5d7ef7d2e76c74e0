"""Werken volgens de Bedoeling assistant: a Telegram-free core with Telegram, terminal and batch channels."""
