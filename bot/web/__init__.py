"""The web chat channel: a Starlette app serving a full page, an embeddable widget and a small
JSON API on the channel-free core."""
