"""Channels without Telegram: the terminal chat and the batch `ask` command."""
