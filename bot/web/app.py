"""The web chat's HTTP side (Starlette): pages, the widget script, static files and a JSON API.

GET  /               the full chat page
GET  /embed          the same chat in the widget's frame (compact, with a close button)
GET  /widget.js      one <script> tag on another page opens a chat button in the corner
GET  /api/messages   the conversation so far (?after=<id> for what is new: coordinators'
                     answers arrive this way, the page polls every few seconds)
POST /api/messages   {"text": "...", "label": "..."}: one message or button press (the label
                     is what the log shows for a button); the new messages
POST /api/feedback   {"id": <message id>, "vote": "up" | "down"}: 👍/👎 on an answer
GET  /healthz        "ok"

The browser is identified by a random id in a signed HttpOnly SameSite=Lax cookie. POSTs must
come from this origin or one of WEB_ALLOWED_ORIGINS, as JSON, at most MAX_BODY_BYTES, within
the per-session and per-address rate limits. Every response carries a strict CSP.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Awaitable, Callable, MutableMapping
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bot.domain import Language, Vote
from bot.knowledge.bilingual import Bilingual
from bot.knowledge.commands import Command, Commands
from bot.web.chat import Turn, WebChat
from bot.web.ratelimit import RateLimiter
from bot.web.session import COOKIE_MAX_AGE_SECONDS, COOKIE_NAME, SessionCookies
from bot.web.settings import WebSettings

MAX_BODY_BYTES = 8 * 1024
STATIC_DIR = resources.files("bot.web") / "static"
# "{{command:mijngegevens:en}}" in the page: that command's name in that language ("/mydata").
_COMMAND_NAME = re.compile(r"\{\{command:(\w+):(\w+)\}\}")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def command_names(page: str, commands: Commands) -> str:
    """`page` with its "{{command:<command>:<language>}}" marks replaced by the command's name
    in that language ("/mydata"), from knowledge/texts.yaml; a mark naming no command or
    language raises ValueError at start-up."""

    def name(match: re.Match[str]) -> str:
        return "/" + commands.name(Command(match.group(1)), Language(match.group(2)))

    return _COMMAND_NAME.sub(name, page)


def content_security_policy(allowed_origins: tuple[str, ...]) -> str:
    """The CSP of every response: only this origin's scripts, styles and requests; framing only
    by this origin and the allowed embedding sites."""
    ancestors = " ".join(("'self'", *allowed_origins))
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; base-uri 'none'; form-action 'self'; "
        f"frame-ancestors {ancestors}"
    )


class SecurityHeaders:
    """ASGI middleware: security headers and a Server-Timing figure on every response."""

    def __init__(self, app: ASGIApp, settings: WebSettings) -> None:
        self.app = app
        self.headers = [
            (
                b"content-security-policy",
                content_security_policy(settings.allowed_origins).encode(),
            ),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        is_widget = scope.get("path") == "/widget.js"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.extend(self.headers)
                policy = b"cross-origin" if is_widget else b"same-origin"
                headers.append((b"cross-origin-resource-policy", policy))
                elapsed = (time.perf_counter() - started) * 1000
                headers.append((b"server-timing", f"app;dur={elapsed:.2f}".encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class WebChannel:
    """The routes, bound to one WebChat and the settings."""

    def __init__(self, chat: WebChat, settings: WebSettings) -> None:
        self.chat = chat
        self.settings = settings
        self.cookies = SessionCookies(settings.secret_key)
        self.session_limit = RateLimiter(settings.rate_per_session)
        self.address_limit = RateLimiter(settings.rate_per_address)
        page = command_names(
            (STATIC_DIR / "index.html").read_text(encoding="utf-8"),
            chat.assistant.texts.commands,
        )
        self.pages = {
            "page": page.replace("{{mode}}", "page"),
            "embed": page.replace("{{mode}}", "embed"),
        }

    # -- routes ---------------------------------------------------------------------------

    async def page(self, request: Request) -> Response:
        """The full chat page."""
        return self._with_session(request, self._html(self.pages["page"]))

    async def embed(self, request: Request) -> Response:
        """The chat inside the widget's frame."""
        return self._with_session(request, self._html(self.pages["embed"]))

    async def widget(self, request: Request) -> Response:
        """The embeddable loader script."""
        script = (STATIC_DIR / "widget.js").read_bytes()
        return Response(
            script,
            media_type="text/javascript; charset=utf-8",
            headers={"cache-control": "public, max-age=300"},
        )

    async def health(self, request: Request) -> Response:
        """Liveness for a reverse proxy or load balancer."""
        return PlainTextResponse("ok")

    async def history(self, request: Request) -> Response:
        """The conversation so far, or what came after `?after=<id>`."""
        session_id = self.cookies.verify(request.cookies.get(COOKIE_NAME))
        if session_id is None:
            return self._with_session(request, self._json({"messages": [], "lang": "nl"}))
        try:
            after = max(0, int(request.query_params.get("after", "0")))
        except ValueError:
            after = 0
        messages = self.chat.history(session_id, after)
        lang = messages[-1].lang if messages else self.chat.language(session_id)
        return self._json({"messages": [m.to_json() for m in messages], "lang": lang})

    async def post_message(self, request: Request) -> Response:
        """One message typed or one button pressed: {"text": ..., "label": optional}."""
        checked = await self._checked_post(request)
        if isinstance(checked, Response):
            return checked
        session_id, new_session, payload = checked
        text, label = payload.get("text"), payload.get("label")
        if not isinstance(text, str) or not isinstance(label, str | None):
            return self._refusal("format", 400)
        turn = self.chat.send(session_id, text, label)
        return self._turn_response(request, turn, session_id, new_session)

    async def post_feedback(self, request: Request) -> Response:
        """A 👍/👎 on an answer: {"id": <message id>, "vote": "up" | "down"}."""
        checked = await self._checked_post(request)
        if isinstance(checked, Response):
            return checked
        session_id, new_session, payload = checked
        message_id, vote = payload.get("id"), payload.get("vote")
        if not isinstance(message_id, int) or vote not in (Vote.UP.value, Vote.DOWN.value):
            return self._refusal("format", 400)
        turn = self.chat.vote(session_id, message_id, Vote(vote))
        return self._turn_response(request, turn, session_id, new_session)

    # -- helpers --------------------------------------------------------------------------

    async def _checked_post(self, request: Request) -> tuple[str, bool, dict[str, Any]] | Response:
        """The session, whether it is new, and the JSON object of a POST that passed the
        origin, format, size and rate checks; else the polite refusal."""
        if not self._origin_allowed(request):
            return self._refusal("origin", 403)
        if not request.headers.get("content-type", "").startswith("application/json"):
            return self._refusal("format", 415)
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY_BYTES):
            return self._refusal("size", 413)
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY_BYTES:
                return self._refusal("size", 413)
        try:
            payload = json.loads(body)
        except ValueError:
            return self._refusal("format", 400)
        if not isinstance(payload, dict):
            return self._refusal("format", 400)
        session_id = self.cookies.verify(request.cookies.get(COOKIE_NAME))
        new_session = session_id is None
        if session_id is None:
            session_id = SessionCookies.new_id()
        address = request.client.host if request.client else "unknown"
        for limiter, key in ((self.session_limit, session_id), (self.address_limit, address)):
            if not limiter.allow(key):
                lang = "nl" if new_session else self.chat.language(session_id)
                response = self._refusal("rate", 429, lang)
                response.headers["retry-after"] = str(max(1, round(limiter.retry_after(key))))
                return response
        return session_id, new_session, payload

    def _turn_response(
        self, request: Request, turn: Turn, session_id: str, new_session: bool
    ) -> Response:
        response = self._json(
            {
                "messages": [m.to_json() for m in turn.messages],
                "lang": turn.lang,
                "reset": turn.reset,
            }
        )
        response.headers["server-timing"] = f"core;dur={turn.core_ms:.2f}"
        if new_session:
            self._set_cookie(request, response, session_id)
        return response

    def _origin_allowed(self, request: Request) -> bool:
        origin = request.headers.get("origin")
        if origin is None:
            # Browsers always send Origin on fetch POSTs; without it, only an explicit
            # same-origin fetch marker is accepted.
            return request.headers.get("sec-fetch-site") == "same-origin"
        # The bot's own origin, whatever the scheme: behind an https proxy the app sees http.
        own_host = request.headers.get("host", "").lower()
        return (
            urlsplit(origin).netloc.lower() == own_host
            or origin.lower() in self.settings.allowed_origins
        )

    def _refusal(self, kind: str, status: int, lang: str = "nl") -> JSONResponse:
        """A refused request: error `kind` ("rate", "origin", "size" or "format") and its
        notice, knowledge/texts.yaml's `web.<kind>`."""
        said: Bilingual = getattr(self.chat.assistant.texts.web, kind)
        notice = {
            "id": 0,
            "role": "bot",
            "text": said.say(Language.of(lang)),
            "lang": lang,
            "source": None,
            "choices": [],
            "author": None,
            "at": time.time(),
        }
        return JSONResponse({"messages": [notice], "lang": lang, "error": kind}, status_code=status)

    @staticmethod
    def _json(data: dict[str, Any]) -> JSONResponse:
        return JSONResponse(data, headers={"cache-control": "no-store"})

    @staticmethod
    def _html(page: str) -> Response:
        return Response(
            page, media_type="text/html; charset=utf-8", headers={"cache-control": "no-store"}
        )

    def _with_session(self, request: Request, response: Response) -> Response:
        if self.cookies.verify(request.cookies.get(COOKIE_NAME)) is None:
            self._set_cookie(request, response, SessionCookies.new_id())
        return response

    def _set_cookie(self, request: Request, response: Response, session_id: str) -> None:
        response.set_cookie(
            COOKIE_NAME,
            self.cookies.sign(session_id),
            max_age=COOKIE_MAX_AGE_SECONDS,
            httponly=True,
            samesite="lax",
            secure=self.settings.cookie_secure or request.url.scheme == "https",
            path="/",
        )


def create_app(chat: WebChat, settings: WebSettings) -> ASGIApp:
    """The ASGI application of the web chat."""
    channel = WebChannel(chat, settings)
    app = Starlette(
        routes=[
            Route("/", channel.page),
            Route("/embed", channel.embed),
            Route("/widget.js", channel.widget),
            Route("/healthz", channel.health),
            Route("/api/messages", channel.history, methods=["GET"]),
            Route("/api/messages", channel.post_message, methods=["POST"]),
            Route("/api/feedback", channel.post_feedback, methods=["POST"]),
            Mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static"),
        ]
    )
    return SecurityHeaders(app, settings)
