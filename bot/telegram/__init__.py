"""The Telegram channel (python-telegram-bot v22): wiring, handlers and rendering."""
