"""Anonymous browser identity: a random conversation id in a signed cookie.

The cookie holds `<id>.<signature>` (itsdangerous); it is HttpOnly and SameSite=Lax, and
Secure behind https. Nothing else about the user is in it.
"""

from __future__ import annotations

import secrets

from itsdangerous import BadSignature, Signer

COOKIE_NAME = "wvdb_chat"
COOKIE_MAX_AGE_SECONDS = 180 * 24 * 3600
_SALT = "wvdb.web.session"
_ID_BYTES = 18


class SessionCookies:
    """Creates and checks session cookies with one secret key."""

    def __init__(self, secret_key: str) -> None:
        self._signer = Signer(secret_key, salt=_SALT)

    @staticmethod
    def new_id() -> str:
        """A fresh random conversation id (URL-safe, 24 characters)."""
        return secrets.token_urlsafe(_ID_BYTES)

    def sign(self, session_id: str) -> str:
        """The cookie value for `session_id`."""
        return self._signer.sign(session_id).decode("ascii")

    def verify(self, cookie: str | None) -> str | None:
        """The session id in a valid cookie; None when missing, forged or malformed."""
        if not cookie or len(cookie) > 200:
            return None
        try:
            value = self._signer.unsign(cookie).decode("ascii")
        except (BadSignature, UnicodeDecodeError):
            return None
        return value if value and value.replace("-", "").replace("_", "").isalnum() else None
