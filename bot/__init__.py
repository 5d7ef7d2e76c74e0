"""Werken volgens de Bedoeling assistant.

A Telegram-free core (knowledge base, brain, sign-up form) with Telegram, terminal and batch
channels.
"""
