"""The web chat's HTTP side without a browser: the real core on a real SQLite file behind the
real Starlette app (httpx's ASGI transport): identity, security checks, limits, persistence."""

from __future__ import annotations

import re
import stat
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.config import ConfigError
from bot.core.assistant import Assistant
from bot.core.factory import build_assistant
from bot.knowledge.loader import default_texts
from bot.web.app import MAX_BODY_BYTES, create_app
from bot.web.chat import MAX_TEXT_LENGTH, WebChat
from bot.web.ratelimit import RateLimiter
from bot.web.session import COOKIE_NAME, SessionCookies
from bot.web.settings import SECRET_FILE_NAME, WebSettings, load_web_settings, with_secret
from tests.auxil.signup import FORM_ANSWERS_AFTER_NAME

BASE = "http://chat.example.nl"
EMBEDDER = "https://www.example.nl"
SECRET = "s" * 48
TEXTS = default_texts()


def settings(**changes: Any) -> WebSettings:
    values: dict[str, Any] = {"secret_key": SECRET, "allowed_origins": (EMBEDDER,)}
    values.update(changes)
    return WebSettings(**values)


def core(db: Path) -> Assistant:
    return build_assistant(db_path=db, coordinator_chat_ids=["-100"])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "bot.sqlite3"


@pytest.fixture
async def client(db: Path) -> AsyncIterator[httpx.AsyncClient]:
    assistant = core(db)
    app = create_app(WebChat(assistant), settings())
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url=BASE, headers={"Origin": BASE}
    ) as http:
        yield http
    assistant.close()


async def post(http: httpx.AsyncClient, text: str, **kwargs: Any) -> httpx.Response:
    return await http.post("/api/messages", json={"text": text}, **kwargs)


async def test_the_page_sets_a_signed_httponly_samesite_lax_cookie(
    client: httpx.AsyncClient,
) -> None:
    page = await client.get("/")
    assert page.status_code == 200 and "chat-input" in page.text
    cookie = page.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE_NAME}=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    session = SessionCookies(SECRET).verify(client.cookies[COOKIE_NAME])
    assert session is not None and len(session) >= 24
    assert SessionCookies("another key" * 4).verify(client.cookies[COOKIE_NAME]) is None


async def test_a_forged_cookie_reads_nothing_and_gets_a_new_conversation(
    client: httpx.AsyncClient,
) -> None:
    await client.get("/")
    await post(client, "Wat kost deelname aan het leernetwerk?")
    real = client.cookies[COOKIE_NAME]
    session_id = real.split(".")[0]
    client.cookies.set(COOKIE_NAME, f"{session_id}.forged-signature")
    history = await client.get("/api/messages")
    assert history.json()["messages"] == []
    client.cookies.set(COOKIE_NAME, real)
    assert len((await client.get("/api/messages")).json()["messages"]) == 2


async def test_every_response_carries_a_strict_csp(client: httpx.AsyncClient) -> None:
    for path in ("/", "/embed", "/api/messages", "/static/chat.js"):
        response = await client.get(path)
        policy = response.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src 'self'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert f"frame-ancestors 'self' {EMBEDDER}" in policy
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["cross-origin-resource-policy"] == "same-origin"
    widget = await client.get("/widget.js")
    assert widget.headers["content-type"].startswith("text/javascript")
    assert widget.headers["cross-origin-resource-policy"] == "cross-origin"


async def test_pages_hold_no_inline_script_or_style_and_load_nothing_from_elsewhere(
    client: httpx.AsyncClient,
) -> None:
    page = (await client.get("/")).text
    assert "<script>" not in page and "style=" not in page and "<style" not in page
    assert "http" not in page and "//" not in page  # only relative addresses on this origin


async def test_posts_from_other_origins_are_refused_politely(client: httpx.AsyncClient) -> None:
    await client.get("/")
    foreign = await post(client, "hoi", headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403
    assert "niet verwerkt" in foreign.json()["messages"][0]["text"]
    missing = await client.post("/api/messages", json={"text": "hoi"}, headers={"Origin": ""})
    assert missing.status_code == 403
    same_host_https = await post(client, "hoi", headers={"Origin": "https://chat.example.nl"})
    assert same_host_https.status_code == 200, "behind an https proxy the app sees http"
    allowed = await post(client, "Wat is dagdeel 3?", headers={"Origin": EMBEDDER})
    assert allowed.status_code == 200
    assert (await client.get("/api/messages")).json()["messages"][-2]["text"] == "Wat is dagdeel 3?"


async def test_only_json_within_the_size_cap_is_read(client: httpx.AsyncClient) -> None:
    await client.get("/")
    form = await client.post("/api/messages", data={"text": "hoi"})
    assert form.status_code == 415
    huge = await client.post(
        "/api/messages",
        content=b'{"text": "' + b"a" * MAX_BODY_BYTES + b'"}',
        headers={"Content-Type": "application/json"},
    )
    assert huge.status_code == 413 and "te groot" in huge.json()["messages"][0]["text"]
    broken = await client.post(
        "/api/messages", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 400
    assert (await client.get("/api/messages")).json()["messages"] == []


async def test_empty_long_and_wordless_messages_get_a_notice_that_is_not_kept(
    client: httpx.AsyncClient,
) -> None:
    await client.get("/")
    too_long = "a" * (MAX_TEXT_LENGTH + 1)
    for text, words in (("   ", "Typ"), (too_long, "te lang"), ("🙂🙂", "woorden")):
        response = await post(client, text)
        [notice] = response.json()["messages"]
        assert response.status_code == 200 and notice["id"] == 0 and words in notice["text"]
    assert (await client.get("/api/messages")).json()["messages"] == []


async def test_commands_help_and_unknown_commands(client: httpx.AsyncClient) -> None:
    await client.get("/")
    help_reply = (await post(client, "/hulp")).json()["messages"][-1]
    assert "Stel je vraag" in help_reply["text"]
    unknown = (await post(client, "/foo")).json()["messages"][-1]
    assert "ken ik niet" in unknown["text"]
    signup = (await post(client, "/signup")).json()["messages"][-1]
    assert "Privacy" in signup["text"]


async def test_the_page_buttons_send_each_languages_command_name(client: httpx.AsyncClient) -> None:
    page = (await client.get("/")).text
    buttons = re.findall(r'data-send-nl="(/\w+)"\s+data-send-en="(/\w+)"', page)
    assert buttons == [
        ("/aanmelden", "/signup"),
        ("/mijngegevens", "/mydata"),
        ("/verwijder", "/delete"),
        ("/hulp", "/help"),
    ]
    assert "{{" not in page


async def test_an_english_user_reads_cancel_and_mydata_and_they_work(
    client: httpx.AsyncClient,
) -> None:
    await client.get("/")
    await post(client, "When is session 5?")
    form = (await post(client, "/signup")).json()
    assert form["lang"] == "en" and "/cancel" in form["messages"][-1]["text"]
    stopped = (await post(client, "/cancel")).json()["messages"][-1]["text"]
    assert stopped.startswith("Your sign-up is cancelled") and "/signup" in stopped
    for text in ("/signup", "Anna de Vries", *FORM_ANSWERS_AFTER_NAME):
        done = (await post(client, text)).json()["messages"][-1]["text"]
    assert "/mydata shows what is stored, /delete erases it." in done
    shown = (await post(client, "/mydata")).json()["messages"][-1]["text"]
    assert shown.startswith("This is stored about you:") and "Anna de Vries" in shown
    question = (await post(client, "/delete")).json()["messages"][-1]
    assert "Yes, delete" in [choice["label"] for choice in question["choices"]]
    assert (await post(client, "yes delete")).json()["reset"] is True


async def test_help_answers_in_the_language_of_the_name_until_the_conversation_has_one(
    client: httpx.AsyncClient,
) -> None:
    await client.get("/")
    english = (await post(client, "/help")).json()["messages"][-1]
    assert english["text"] == TEXTS.web.help.en and english["lang"] == "en"
    assert (await post(client, "/hulp")).json()["messages"][-1]["text"] == TEXTS.web.help.nl
    await post(client, "Wanneer is dagdeel 5?")
    assert (await post(client, "/help")).json()["messages"][-1]["text"] == TEXTS.web.help.nl


async def test_content_commands_ask_their_question_in_the_language_of_the_name(
    client: httpx.AsyncClient,
) -> None:
    await client.get("/")
    english = (await post(client, "/programme")).json()
    assert english["lang"] == "en" and "8 dagdelen" in english["messages"][-1]["text"]
    assert "Leernetwerk programme" in english["messages"][-1]["text"]


async def test_the_session_and_the_address_limits_answer_politely(db: Path) -> None:
    assistant = core(db)
    app = create_app(WebChat(assistant), settings(rate_per_session=3, rate_per_address=5))
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(
            transport=transport, base_url=BASE, headers={"Origin": BASE}
        ) as one:
            await one.get("/")
            statuses = [(await post(one, "Wat is dagdeel 3?")).status_code for _ in range(4)]
            assert statuses == [200, 200, 200, 429]
            limited = await post(one, "Wat is dagdeel 4?")
            assert "rustig aan" in limited.json()["messages"][0]["text"]
            assert int(limited.headers["retry-after"]) >= 1
        async with httpx.AsyncClient(
            transport=transport, base_url=BASE, headers={"Origin": BASE}
        ) as other:  # another browser, same address: 3 of its 5 are used (refusals are free)
            await other.get("/")
            statuses = [(await post(other, "Wat is dagdeel 3?")).status_code for _ in range(3)]
            assert statuses == [200, 200, 429]
    finally:
        assistant.close()


async def test_a_restart_keeps_the_log_and_the_follow_up_subject(db: Path) -> None:
    first = core(db)
    app = create_app(WebChat(first), settings())
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url=BASE, headers={"Origin": BASE}
    ) as http:
        await http.get("/")
        await post(http, "Wat is dagdeel 3?")
        cookie = http.cookies[COOKIE_NAME]
        before = (await http.get("/api/messages")).json()["messages"]
    first.close()

    second = core(db)
    probe = core(db.with_name("probe.sqlite3"))
    try:
        expected = probe.handle("p", "Wat is dagdeel 3?", _web_origin())
        expected = probe.handle("p", "Wanneer is dat?", _web_origin())
        app = create_app(WebChat(second), settings())
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url=BASE, headers={"Origin": BASE}
        ) as http:
            http.cookies.set(COOKIE_NAME, cookie)
            assert (await http.get("/api/messages")).json()["messages"] == before
            answer = (await post(http, "Wanneer is dat?")).json()["messages"][-1]
            assert answer["text"] == expected.text
            after = (await http.get(f"/api/messages?after={before[-1]['id']}")).json()
            assert [m["role"] for m in after["messages"]] == ["user", "bot"]
    finally:
        second.close()
        probe.close()


def _web_origin() -> Any:
    from bot.domain import Origin

    return Origin(channel="web")


async def test_deleting_the_data_also_wipes_the_visible_log(client: httpx.AsyncClient) -> None:
    await client.get("/")
    for text in ("/aanmelden", "Anna de Vries", *FORM_ANSWERS_AFTER_NAME):
        assert (await post(client, text)).status_code == 200
    assert "anna@example.nl" in str((await client.get("/api/messages")).json())
    await post(client, "/verwijder")
    deleted = (await post(client, "ja, verwijderen")).json()
    assert deleted["reset"] is True
    history = (await client.get("/api/messages")).json()["messages"]
    assert [m["role"] for m in history] == ["bot"] and "verwijderd" in history[0]["text"]
    assert "anna" not in str(history).lower()


def test_the_rate_limiter_refills_with_time() -> None:
    now = [0.0]
    limiter = RateLimiter(60, burst=2, clock=lambda: now[0])
    assert [limiter.allow("a"), limiter.allow("a"), limiter.allow("a")] == [True, True, False]
    assert limiter.allow("b")
    assert limiter.retry_after("a") == pytest.approx(1.0)
    now[0] = 1.0
    assert limiter.allow("a") and not limiter.allow("a")


def test_settings_defaults_origins_and_a_kept_secret(tmp_path: Path) -> None:
    web = load_web_settings({}, env_file=None)
    assert (web.host, web.port, web.enabled) == ("127.0.0.1", 8080, False)
    first = with_secret(web, tmp_path)
    secret_file = tmp_path / SECRET_FILE_NAME
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert len(first.secret_key) >= 32
    again = with_secret(load_web_settings({}, env_file=None), tmp_path)
    assert again.secret_key == first.secret_key, "a restart keeps every browser's conversation"
    given = with_secret(load_web_settings({"WEB_SECRET_KEY": SECRET}, env_file=None), tmp_path)
    assert given.secret_key == SECRET and SECRET not in repr(given)
    custom = load_web_settings(
        {"WEB_PORT": "9000", "WEB_ALLOWED_ORIGINS": "https://www.Example.nl/, http://a.nl:81"},
        env_file=None,
    )
    assert custom.enabled and custom.port == 9000
    assert custom.allowed_origins == ("https://www.example.nl", "http://a.nl:81")


@pytest.mark.parametrize(
    ("environ", "name"),
    [
        ({"WEB_PORT": "http"}, "WEB_PORT"),
        ({"WEB_PORT": "70000"}, "WEB_PORT"),
        ({"WEB_ALLOWED_ORIGINS": "www.example.nl"}, "WEB_ALLOWED_ORIGINS"),
        ({"WEB_ALLOWED_ORIGINS": "https://example.nl/page"}, "WEB_ALLOWED_ORIGINS"),
        ({"WEB_RATE_PER_SESSION": "0"}, "WEB_RATE_PER_SESSION"),
    ],
)
def test_malformed_settings_give_one_line_naming_the_setting(
    environ: dict[str, str], name: str, tmp_path: Path
) -> None:
    with pytest.raises(ConfigError) as error:
        load_web_settings(environ, env_file=None)
    assert str(error.value).startswith(name) and "\n" not in str(error.value)
