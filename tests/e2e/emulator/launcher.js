'use strict';
/*
 * Launcher for the Telegram Bot API emulator used by the end-to-end tests.
 *
 * The npm package `telegram-test-api` (pinned at 4.2.1) has no start script, and as shipped it does
 * not work with python-telegram-bot (PTB) 22. This file constructs its server and patches it:
 * routes are put IN FRONT of the package's route table (the package registers its routes from the
 * exported `routes` array inside the server constructor, so whatever we unshift there wins), and
 * the few server methods involved are replaced on the instance. Every patch below says why it
 * exists. Everything stays in memory; one process serves any number of bot tokens, isolated by
 * token (the tests use one fresh token per test).
 *
 * Usage: node launcher.js [--host 127.0.0.1] [--port 0] [--bot-username WvdbTestBot]
 *   (or env EMULATOR_HOST, EMULATOR_PORT, EMULATOR_BOT_USERNAME). Port 0 picks a free port.
 *   Prints exactly one line `LISTENING <port>` on stdout once it accepts connections.
 *
 * Bot side (what PTB talks to):   POST|GET /bot<token>/<method>
 *                                  GET      /file/bot<token>/<file_path>
 * User side (what tests talk to), all POST with a JSON body:
 *   /sendMessage, /sendCommand  {botToken, from, chat, date, text, entities?, ...any Message field}
 *                                -> {ok, result: {update_id, message_id}}
 *   /sendCallback               {botToken, from, message, data, chat_instance?}
 *                                -> {ok, result: {update_id, callback_query_id}}
 *   /sendUpdate                 {botToken, update: {<any update field>: ...}}   (launcher addition)
 *                                -> {ok, result: {update_id, message_id?}}
 *   /getUpdates                 {token, chatId}  bot messages not yet fetched (package route)
 *   /getUpdatesHistory          {token}          raw storage (package route)
 *   /getChatMessages            {token, chatId, afterMessageId?, minCount?, timeout?}
 *                                (launcher addition; long-polls for minCount messages)
 *   /getCallbackAnswers         {token}          (launcher addition)
 *   /failNext                   {token, method, count?, error_code?, retry_after?, description?}
 *                                (launcher addition: the next calls of a bot method fail)
 *   /redeliver                  {token, update_id}  a confirmed update becomes pending again
 *                                (launcher addition: Telegram's redelivery after a crash)
 */

const TelegramServer = require('telegram-test-api');
const { routes } = require('telegram-test-api/lib/routes/index');

// ---------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------

function argValue(name) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const HOST = argValue('host') || process.env.EMULATOR_HOST || '127.0.0.1';
const PORT = Number(argValue('port') || process.env.EMULATOR_PORT || 0);
const BOT_USERNAME = argValue('bot-username') || process.env.EMULATOR_BOT_USERNAME || 'WvdbTestBot';
const BOT_FIRST_NAME = 'WvdB Test Bot';
const MAX_TEXT_LENGTH = 4096;
const MAX_CAPTION_LENGTH = 1024;

// WHY: an unhandled promise rejection kills a Node 20 process. The package starts async work it
// never awaits (e.g. `addUserCommand` asserts on a missing `entities` field inside a promise the
// route does not await, and a failing webhook POST rejects the same way), so one odd request from
// a test would take the whole emulator down and every later test would fail with "connection
// refused". The routes below await everything they start, so this is the safety net for whatever
// is left: log and keep serving.
process.on('unhandledRejection', (reason) => {
  process.stderr.write(`emulator: unhandled rejection: ${reason && reason.stack ? reason.stack : reason}\n`);
});
process.on('uncaughtException', (error) => {
  process.stderr.write(`emulator: uncaught exception: ${error && error.stack ? error.stack : error}\n`);
});

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

class TelegramError extends Error {
  constructor(code, description) {
    super(description);
    this.code = code;
  }
}

const badRequest = (description) => new TelegramError(400, `Bad Request: ${description}`);

function sendOk(res, result) {
  res.status(200).json({ ok: true, result });
}

function sendFailure(res, error) {
  if (error instanceof TelegramError) {
    res.status(error.code).json({ ok: false, error_code: error.code, description: error.message });
    return;
  }
  process.stderr.write(`emulator: internal error: ${error && error.stack ? error.stack : error}\n`);
  res.status(500).json({ ok: false, error_code: 500, description: `Internal Server Error: ${error}` });
}

/** Wraps an (async) handler: Telegram-shaped errors instead of crashes or hanging requests. */
function guarded(handler) {
  return (req, res, next) => {
    Promise.resolve()
      .then(() => handler(req, res, next))
      .catch((error) => sendFailure(res, error));
  };
}

/** Registers a Bot API method for GET and POST, like the package's own `handle` helper. */
function botMethod(app, method, handler) {
  const path = `/bot:token/${method}`;
  app.get(path, guarded(handler));
  app.post(path, guarded(handler));
}

/** PTB sends non-string parameters JSON-encoded inside form fields; decode the ones we read. */
function jsonField(value, name) {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return value;
  try {
    return JSON.parse(trimmed);
  } catch (error) {
    throw badRequest(`can't parse ${name} JSON object`);
  }
}

function boolField(value) {
  return value === true || value === 'true' || value === '1' || value === 1;
}

function params(req) {
  return { ...(req.query || {}), ...(req.body || {}) };
}

function requireParam(p, name) {
  if (p[name] === undefined || p[name] === null || p[name] === '') {
    throw badRequest(`${name} is empty`);
  }
  return p[name];
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

function botIdForToken(token) {
  // Real tokens are "<bot id>:<secret>"; use the id part so getMe matches the token.
  const id = Number(String(token).split(':')[0]);
  return Number.isSafeInteger(id) && id > 0 ? id : 666;
}

function botUser(token) {
  return { id: botIdForToken(token), is_bot: true, first_name: BOT_FIRST_NAME, username: BOT_USERNAME };
}

const HTML_TAGS = new Set([
  'b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a',
  'tg-emoji', 'code', 'pre', 'blockquote',
]);
const HTML_ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"' };

/**
 * Returns the visible text of a parse_mode=HTML message, rejecting markup that the real Bot API
 * rejects ("can't parse entities"): unknown tags (so an unescaped `<` from user input fails the
 * same way it would in production), unmatched and unclosed tags. Only a subset of Telegram's
 * rules; entities other than &lt; &gt; &amp; &quot; and numeric ones are kept literally.
 */
function visibleHtmlText(text) {
  let visible = '';
  const open = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '<') {
      const end = text.indexOf('>', i);
      if (end === -1) throw badRequest(`can't parse entities: Unclosed start tag at byte offset ${i}`);
      const inner = text.slice(i + 1, end);
      const match = /^(\/?)([a-zA-Z][a-zA-Z0-9-]*)(\s[^]*)?$/.exec(inner);
      const name = match ? match[2].toLowerCase() : inner;
      if (!match || !HTML_TAGS.has(name)) {
        throw badRequest(`can't parse entities: Unsupported start tag "${name}" at byte offset ${i}`);
      }
      if (match[1]) {
        const expected = open.pop();
        if (expected !== name) {
          throw badRequest(`can't parse entities: Unmatched end tag at byte offset ${i}, expected "</${expected}>", found "</${name}>"`);
        }
      } else {
        open.push(name);
      }
      i = end + 1;
    } else if (ch === '&') {
      const entity = /^&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});/.exec(text.slice(i, i + 12));
      if (entity) {
        const key = entity[1];
        if (key.startsWith('#x')) visible += String.fromCodePoint(parseInt(key.slice(2), 16));
        else if (key.startsWith('#')) visible += String.fromCodePoint(parseInt(key.slice(1), 10));
        else visible += HTML_ENTITIES[key];
        i += entity[0].length;
      } else {
        visible += ch;
        i += 1;
      }
    } else {
      visible += ch;
      i += 1;
    }
  }
  if (open.length) {
    throw badRequest(`can't parse entities: Can't find end tag corresponding to start tag "${open[open.length - 1]}"`);
  }
  return visible;
}

/** Visible length as Telegram counts it (UTF-16 code units, which is what JS `length` is). */
function visibleText(text, parseMode) {
  return parseMode && String(parseMode).toUpperCase() === 'HTML' ? visibleHtmlText(text) : text;
}

// ---------------------------------------------------------------------------------------------
// Routes that must win over the package's own (unshifted in front of its route table)
// ---------------------------------------------------------------------------------------------

function installPatches(app, server) {
  // Launcher state, all keyed by bot token so tests with different tokens do not see each other.
  const chats = new Map(); // `${token}|${chatId}` -> Chat object seen in user updates
  const userMessages = new Map(); // `${token}|${chatId}|${messageId}` -> Message sent by a user
  const commands = new Map(); // `${token}|${scope}|${language}` -> BotCommand[]
  const files = new Map(); // file_id -> {token, buffer, file_name, mime_type, file_unique_id, file_path}
  const callbackAnswers = []; // {token, callback_query_id, text, show_alert, url, cache_time}
  const waiters = new Set(); // pending long-poll getUpdates requests: {token, wake}
  const botEntriesByChat = new Map(); // `${token}|${chatId}` -> stored bot messages, oldest first
  const chatWaiters = new Set(); // pending long-poll /getChatMessages requests: {key, wake}
  let fileCounter = 1;

  const chatKey = (token, chatId) => `${token}|${Number(chatId)}`;

  function chatFor(token, chatId) {
    const known = chats.get(chatKey(token, chatId));
    if (known) return known;
    const id = Number(chatId);
    if (String(chatId).startsWith('-100')) return { id, type: 'supergroup', title: `Chat ${id}` };
    return id < 0 ? { id, type: 'group', title: `Chat ${id}` } : { id, type: 'private', first_name: `User ${id}` };
  }

  function rememberMessage(token, message) {
    if (!message || !message.chat || message.chat.id === undefined) return;
    chats.set(chatKey(token, message.chat.id), { ...message.chat });
    if (message.message_id !== undefined) {
      userMessages.set(`${chatKey(token, message.chat.id)}|${message.message_id}`, message);
    }
    if (message.migrate_to_chat_id !== undefined) {
      const id = Number(message.migrate_to_chat_id);
      chats.set(chatKey(token, id), { ...message.chat, id, type: 'supergroup' });
    }
  }

  function findBotEntry(token, chatId, messageId) {
    return (botEntriesByChat.get(chatKey(token, chatId)) || [])
      .find((entry) => String(entry.messageId) === String(messageId));
  }

  /** The Message object the real Bot API would return for a stored bot message. */
  function toApiMessage(entry) {
    const m = entry.message;
    const result = {
      message_id: entry.messageId,
      from: botUser(entry.botToken),
      chat: chatFor(entry.botToken, m.chat_id),
      date: Math.floor(entry.time / 1000),
    };
    if (m.text !== undefined) result.text = m.text;
    if (m.caption !== undefined) result.caption = m.caption;
    if (m.document !== undefined) result.document = m.document;
    if (m.forward_origin !== undefined) result.forward_origin = m.forward_origin;
    if (m.edit_date !== undefined) result.edit_date = m.edit_date;
    // Telegram only echoes inline keyboards back in the Message object.
    if (m.reply_markup && m.reply_markup.inline_keyboard) result.reply_markup = m.reply_markup;
    const replyTo = replyToMessageId(m);
    if (replyTo !== undefined) {
      const repliedEntry = findBotEntry(entry.botToken, m.chat_id, replyTo);
      const original = userMessages.get(`${chatKey(entry.botToken, m.chat_id)}|${replyTo}`)
        || (repliedEntry && { ...toApiMessage(repliedEntry), reply_to_message: undefined });
      if (original) result.reply_to_message = stripBotToken(original);
    }
    return result;
  }

  /** What tests see: the API message plus what the bot asked for (parse_mode, any keyboard). */
  function toClientMessage(entry) {
    const m = entry.message;
    const result = toApiMessage(entry);
    delete result.reply_to_message;
    result.parse_mode = m.parse_mode;
    result.reply_markup = m.reply_markup;
    result.reply_to_message_id = replyToMessageId(m);
    result.link_preview_options = m.link_preview_options;
    result.deleted = Boolean(entry.deleted);
    return result;
  }

  function replyToMessageId(m) {
    if (m.reply_parameters && m.reply_parameters.message_id !== undefined) return Number(m.reply_parameters.message_id);
    if (m.reply_to_message_id !== undefined) return Number(m.reply_to_message_id);
    return undefined;
  }

  function stripBotToken(message) {
    const { botToken, ...rest } = message; // eslint-disable-line no-unused-vars
    return rest;
  }

  /** Normalises the JSON-encoded fields of a bot request (the package only decodes two). */
  function normaliseBotParams(p) {
    const result = { ...p };
    for (const name of ['reply_markup', 'entities', 'caption_entities', 'reply_parameters', 'link_preview_options']) {
      if (name in result) result[name] = jsonField(result[name], name);
    }
    if (result.chat_id !== undefined && Number.isFinite(Number(result.chat_id))) result.chat_id = String(Number(result.chat_id));
    delete result.botToken;
    return result;
  }

  /** Validates text like the Bot API does (empty, too long, bad HTML), returns nothing. */
  function checkText(text, parseMode, limit, what) {
    const visible = visibleText(String(text), parseMode);
    if (visible.trim() === '') throw badRequest(`${what} is empty`);
    if (visible.length > limit) throw badRequest(`${what === 'message text' ? 'message' : what} is too long`);
  }

  function addBotMessage(token, message) {
    // WHY: the package's addBotMessage returns `date` in MILLISECONDS (PTB then fails with "year
    // 58862 is out of range"), always says the chat is private and has no `from`. Store through
    // the package (so its own client routes keep working) and build the reply ourselves.
    server.addBotMessage(message, token);
    const entry = server.storage.botMessages[server.storage.botMessages.length - 1];
    const key = chatKey(token, message.chat_id);
    if (!botEntriesByChat.has(key)) botEntriesByChat.set(key, []);
    botEntriesByChat.get(key).push(entry);
    for (const waiter of [...chatWaiters]) if (waiter.key === key) waiter.wake();
    return entry;
  }

  // ----- fault injection (launcher addition) -------------------------------------------------

  // Tests of flood-limit and error handling need Telegram to fail on purpose: POST /failNext
  // {token, method, count?, error_code?, retry_after?, description?} makes the next `count` calls
  // of that Bot API method answer with that error (default: 429 with retry_after 1), exactly as
  // the real API words it, so PTB raises RetryAfter / BadRequest / NetworkError as in production.
  const faults = new Map(); // `${token}|${method}` -> [{error_code, retry_after, description}]
  app.post('/failNext', guarded((req, res) => {
    const body = req.body || {};
    const count = Math.max(Number(body.count || 1), 1);
    const errorCode = Number(body.error_code || 429);
    const retryAfter = body.retry_after === undefined ? 1 : Number(body.retry_after);
    const description = body.description
      || (errorCode === 429 ? `Too Many Requests: retry after ${retryAfter}` : 'Internal Server Error');
    const key = `${body.token}|${requireParam(body, 'method')}`;
    const queue = faults.get(key) || [];
    for (let i = 0; i < count; i += 1) queue.push({ errorCode, retryAfter, description });
    faults.set(key, queue);
    sendOk(res, true);
  }));
  app.all('/bot:token/:method', (req, res, next) => {
    const queue = faults.get(`${req.params.token}|${req.params.method}`);
    if (!queue || queue.length === 0) {
      next();
      return;
    }
    const fault = queue.shift();
    const payload = { ok: false, error_code: fault.errorCode, description: fault.description };
    if (fault.errorCode === 429) payload.parameters = { retry_after: fault.retryAfter };
    res.status(fault.errorCode).json(payload);
  });

  // Launcher addition: Telegram redelivers an update when the bot died after handling it but
  // before confirming it. POST /redeliver {token, update_id} makes a confirmed update pending
  // again, so the next getUpdates returns it once more (the same update_id and content).
  app.post('/redeliver', guarded((req, res) => {
    const body = req.body || {};
    const updateId = Number(requireParam(body, 'update_id'));
    const update = server.storage.userMessages
      .find((u) => u.botToken === body.token && u.updateId === updateId);
    if (!update) throw badRequest('update not found');
    update.isRead = false;
    for (const waiter of [...waiters]) if (waiter.token === body.token) waiter.wake();
    sendOk(res, true);
  }));

  // ----- user side -----------------------------------------------------------------------------

  /**
   * Replaces the package's addUserUpdate.
   * WHY: (1) the package takes `update_id`/`message_id` before an await and increments them
   * after it, so two concurrent user messages in webhook mode got the same ids; ids are now taken
   * synchronously. (2) its webhook POST does not send `X-Telegram-Bot-Api-Secret-Token`, which
   * PTB's webhook server requires when a secret token is set, and a failing webhook became an
   * unhandled rejection; failures are now reported to the test that sent the update (HTTP 502).
   * (3) long-polling getUpdates requests must be woken when an update arrives.
   */
  async function addUserUpdate(token, fields) {
    if (!token) throw badRequest('the update must contain a `botToken` field');
    const update = {
      time: Date.now(),
      botToken: token,
      updateId: server.updateId++,
      isRead: false,
      ...fields,
    };
    const formatted = TelegramServer.formatUpdate(update);
    for (const key of ['message', 'edited_message', 'channel_post', 'edited_channel_post']) {
      if (formatted[key]) rememberMessage(token, formatted[key]);
    }
    if (formatted.callback_query && formatted.callback_query.message) {
      rememberMessage(token, { ...formatted.callback_query.message, message_id: undefined });
    }
    const webhook = server.webhooks[token];
    if (webhook) {
      const headers = { 'content-type': 'application/json' };
      if (webhook.secret_token) headers['X-Telegram-Bot-Api-Secret-Token'] = webhook.secret_token;
      let response;
      try {
        response = await fetch(webhook.url, { method: 'POST', headers, body: JSON.stringify(formatted) });
      } catch (error) {
        throw new TelegramError(502, `Webhook invocation failed: ${error.message}`);
      }
      if (!response.ok) throw new TelegramError(502, `Webhook invocation failed with HTTP ${response.status}`);
    } else {
      server.storage.userMessages.push(update);
      for (const waiter of [...waiters]) if (waiter.token === token) waiter.wake();
    }
    return update;
  }

  // The package's own user-side methods (addUserMessage, addUserCommand, addUserCallback, used by
  // its JS client) go through the same fixed path.
  server.addUserUpdate = (update) => addUserUpdate(update.botToken, update);

  function newMessageId() {
    const id = server.messageId;
    server.messageId += 1;
    return id;
  }

  function userMessageRoute(requireEntities) {
    return guarded(async (req, res) => {
      const { botToken, ...message } = req.body || {};
      if (requireEntities && !message.entities) throw badRequest('a command must have `entities`');
      if (!message.chat || message.chat.id === undefined) throw badRequest('the message must have a `chat`');
      if (message.date === undefined) message.date = nowSeconds();
      // A reply to a user's message may name just its id: fill in the message as Telegram does.
      const replyTo = message.reply_to_message;
      if (replyTo && replyTo.message_id !== undefined && !replyTo.from) {
        const known = userMessages.get(`${chatKey(botToken, message.chat.id)}|${Number(replyTo.message_id)}`);
        if (known) message.reply_to_message = stripBotToken(known);
      }
      const messageId = newMessageId();
      const update = await addUserUpdate(botToken, { messageId, message: { ...message, message_id: messageId } });
      sendOk(res, { update_id: update.updateId, message_id: messageId });
    });
  }

  // WHY: the package's client routes call async methods without awaiting them (errors become
  // unhandled rejections, see above) and return `result: null`, so a test could not know the
  // message_id of the message it sent (needed to check that the bot's reply is threaded to it).
  app.post('/sendMessage', userMessageRoute(false));
  app.post('/sendCommand', userMessageRoute(true));

  app.post('/sendCallback', guarded(async (req, res) => {
    const { botToken, ...callbackQuery } = req.body || {};
    if (!callbackQuery.from) throw badRequest('the callback query must have `from`');
    const callbackId = server.callbackId;
    server.callbackId += 1;
    const update = await addUserUpdate(botToken, { callbackQuery, callbackId, messageId: server.messageId });
    sendOk(res, { update_id: update.updateId, callback_query_id: String(callbackId) });
  }));

  // Launcher addition: any other kind of update (edited_message, my_chat_member, ...). The
  // package's formatUpdate can only produce `message` and `callback_query` updates.
  app.post('/sendUpdate', guarded(async (req, res) => {
    const { botToken, update: raw } = req.body || {};
    if (!raw || typeof raw !== 'object') throw badRequest('`update` must be an object');
    const rawUpdate = { ...raw };
    let messageId;
    for (const key of ['message', 'channel_post']) {
      if (rawUpdate[key] && rawUpdate[key].message_id === undefined) {
        messageId = newMessageId();
        rawUpdate[key] = { ...rawUpdate[key], message_id: messageId };
      } else if (rawUpdate[key]) {
        messageId = rawUpdate[key].message_id;
      }
    }
    const update = await addUserUpdate(botToken, { rawUpdate });
    sendOk(res, { update_id: update.updateId, message_id: messageId });
  }));

  // Launcher addition: the bot's messages to one chat, for tests. With `minCount` and `timeout`
  // (seconds) it long-polls until that many messages after `afterMessageId` exist, so tests and
  // the load benchmark see a reply as soon as it is sent, without hammering the emulator.
  app.post('/getChatMessages', guarded((req, res) => {
    const body = req.body || {};
    const token = body.token;
    const chatId = body.chatId;
    const after = Number(body.afterMessageId || 0);
    const minCount = Math.max(Number(body.minCount || 0), 0);
    const timeoutSeconds = Math.min(Math.max(Number(body.timeout || 0), 0), 60);
    const collect = () => (botEntriesByChat.get(chatKey(token, chatId)) || [])
      .filter((entry) => entry.messageId > after);
    const first = collect();
    if (first.length >= minCount || timeoutSeconds === 0) {
      sendOk(res, first.map(toClientMessage));
      return;
    }
    let done = false;
    const waiter = { key: chatKey(token, chatId), wake: () => { if (collect().length >= minCount) finish(); } };
    const timer = setTimeout(() => finish(), timeoutSeconds * 1000);
    function finish() {
      if (done) return;
      done = true;
      clearTimeout(timer);
      chatWaiters.delete(waiter);
      if (!res.writableEnded && !res.destroyed) sendOk(res, collect().map(toClientMessage));
    }
    chatWaiters.add(waiter);
    res.on('close', () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      chatWaiters.delete(waiter);
    });
  }));

  app.post('/getCallbackAnswers', guarded((req, res) => {
    const { token } = req.body || {};
    sendOk(res, callbackAnswers.filter((a) => a.token === token).map(({ token: _t, ...rest }) => rest));
  }));

  // ----- bot side ------------------------------------------------------------------------------

  // WHY: the package's getMe has no `is_bot`, a required field of PTB's User, so
  // Bot.initialize() fails with a TypeError before anything else can happen.
  botMethod(app, 'getMe', (req, res) => {
    sendOk(res, {
      ...botUser(req.params.token),
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
    });
  });

  // WHY: the package ignores `offset` and `timeout`. Ignoring `offset` means an update counts as
  // read as soon as it is returned once, so updates fetched by a bot that was stopped before
  // processing them are lost, and a restarted bot cannot resume. Ignoring `timeout` means every
  // poll returns at once, so PTB polling with poll_interval=0 spins at 100 % CPU. Implemented as
  // in the Bot API: updates below `offset` are confirmed (never returned again), a negative offset
  // keeps only the last -offset updates, and with `timeout` the request waits (long polling)
  // until an update arrives. A PTB Updater stopping mid-poll just abandons the request.
  botMethod(app, 'getUpdates', (req, res) => {
    const token = req.params.token;
    const p = params(req);
    const offset = Number(p.offset || 0);
    const limit = Math.min(Math.max(Number(p.limit || 100), 1), 100);
    const timeoutSeconds = Math.min(Math.max(Number(p.timeout || 0), 0), 50);

    const pending = () => server.storage.userMessages
      .filter((u) => u.botToken === token && !u.isRead)
      .sort((a, b) => a.updateId - b.updateId);
    if (offset > 0) {
      for (const u of pending()) if (u.updateId < offset) u.isRead = true;
    } else if (offset < 0) {
      const all = pending();
      for (const u of all.slice(0, Math.max(all.length + offset, 0))) u.isRead = true;
    }
    const collect = () => pending().slice(0, limit).map((u) => TelegramServer.formatUpdate(u));

    const first = collect();
    if (first.length > 0 || timeoutSeconds === 0) {
      sendOk(res, first);
      return;
    }
    let done = false;
    const waiter = { token, wake: () => finish() };
    const timer = setTimeout(() => finish(), timeoutSeconds * 1000);
    function finish() {
      if (done) return;
      done = true;
      clearTimeout(timer);
      waiters.delete(waiter);
      if (!res.writableEnded && !res.destroyed) sendOk(res, collect());
    }
    waiters.add(waiter);
    res.on('close', () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      waiters.delete(waiter);
    });
  });

  // WHY: the package answers `null` (PTB wants True) and the tests must be able to check that the
  // bot always answers callback queries, so answers are recorded for /getCallbackAnswers.
  botMethod(app, 'answerCallbackQuery', (req, res) => {
    const p = params(req);
    callbackAnswers.push({
      token: req.params.token,
      callback_query_id: String(requireParam(p, 'callback_query_id')),
      text: p.text,
      show_alert: boolField(p.show_alert),
      url: p.url,
      time: Date.now(),
    });
    sendOk(res, true);
  });

  // WHY: the package's sendMessage returns `date` in milliseconds and a wrong chat; it also
  // accepts anything, while the real API rejects bad HTML and texts over 4096 characters, which
  // is exactly what the HTML-escaping and message-splitting code must be tested against.
  botMethod(app, 'sendMessage', (req, res) => {
    const p = normaliseBotParams(params(req));
    requireParam(p, 'chat_id');
    if (p.text === undefined) throw badRequest('message text is empty');
    checkText(p.text, p.parse_mode, MAX_TEXT_LENGTH, 'message text');
    sendOk(res, toApiMessage(addBotMessage(req.params.token, p)));
  });

  // WHY: the package's editMessageText/editMessageReplyMarkup return `null` (PTB expects the
  // edited Message and fails with "'NoneType' object has no attribute 'copy'"), silently accept
  // edits of unknown messages, and editMessageReplyMarkup cannot remove a keyboard.
  function editRoute(kind) {
    return (req, res) => {
      const p = normaliseBotParams(params(req));
      if (p.inline_message_id !== undefined) {
        sendOk(res, true);
        return;
      }
      const entry = findBotEntry(req.params.token, requireParam(p, 'chat_id'), requireParam(p, 'message_id'));
      if (!entry || entry.deleted) throw badRequest('message to edit not found');
      const changes = { edit_date: nowSeconds() };
      if (kind === 'text') {
        if (p.text === undefined) throw badRequest('text must be non-empty');
        checkText(p.text, p.parse_mode, MAX_TEXT_LENGTH, 'message text');
        Object.assign(changes, { text: p.text, parse_mode: p.parse_mode, entities: p.entities });
      } else if (kind === 'caption') {
        if (p.caption !== undefined) checkText(p.caption, p.parse_mode, MAX_CAPTION_LENGTH, 'message caption');
        Object.assign(changes, { caption: p.caption, parse_mode: p.parse_mode });
      }
      // Telegram drops the inline keyboard of an edited message unless the edit repeats it.
      changes.reply_markup = p.reply_markup;
      entry.message = { ...entry.message, ...changes };
      if (!entry.message.reply_markup) delete entry.message.reply_markup;
      server.emit(kind === 'markup' ? 'EditedMessageReplyMarkup' : 'EditedMessageText');
      sendOk(res, toApiMessage(entry));
    };
  }
  botMethod(app, 'editMessageText', editRoute('text'));
  botMethod(app, 'editMessageCaption', editRoute('caption'));
  botMethod(app, 'editMessageReplyMarkup', editRoute('markup'));

  // WHY: the package's deleteMessage answers `null` (PTB wants True), removes the message from
  // storage so a test can no longer see what the bot did, and throws (HTTP 500) on stored updates
  // that have no `message` (callbacks without one, raw updates from /sendUpdate). Bot messages
  // are kept and marked deleted instead; unknown messages get Telegram's 400.
  botMethod(app, 'deleteMessage', (req, res) => {
    const p = params(req);
    const token = req.params.token;
    const chatId = requireParam(p, 'chat_id');
    const messageId = requireParam(p, 'message_id');
    const entry = findBotEntry(token, chatId, messageId);
    const userKey = `${chatKey(token, chatId)}|${Number(messageId)}`;
    if (entry && !entry.deleted) {
      entry.deleted = true;
    } else if (userMessages.has(userKey)) {
      userMessages.delete(userKey);
    } else {
      throw badRequest('message to delete not found');
    }
    sendOk(res, true);
  });

  // WHY: not in the package (HTTP 500). PTB bots send "typing" while they think.
  botMethod(app, 'sendChatAction', (req, res) => {
    const p = params(req);
    requireParam(p, 'chat_id');
    requireParam(p, 'action');
    sendOk(res, true);
  });

  // WHY: setMyCommands is not in the package (HTTP 500) and the bot registers its Dutch command
  // menu at start-up. Commands are stored per scope and language so getMyCommands returns them.
  const commandsKey = (token, p) => `${token}|${JSON.stringify(jsonField(p.scope, 'scope') || { type: 'default' })}|${p.language_code || ''}`;
  botMethod(app, 'setMyCommands', (req, res) => {
    const p = params(req);
    const list = jsonField(requireParam(p, 'commands'), 'commands');
    if (!Array.isArray(list)) throw badRequest('commands must be an array');
    for (const c of list) {
      if (!c || !/^[a-z0-9_]{1,32}$/.test(String(c.command)) || !c.description) {
        throw badRequest('BOT_COMMAND_INVALID');
      }
    }
    commands.set(commandsKey(req.params.token, p), list.map((c) => ({ command: c.command, description: c.description })));
    sendOk(res, true);
  });
  botMethod(app, 'getMyCommands', (req, res) => {
    sendOk(res, commands.get(commandsKey(req.params.token, params(req))) || []);
  });
  botMethod(app, 'deleteMyCommands', (req, res) => {
    commands.delete(commandsKey(req.params.token, params(req)));
    sendOk(res, true);
  });

  // WHY: not in the package (HTTP 500); PTB's ChatFullInfo requires accent_color_id,
  // max_reaction_count and accepted_gift_types. Chats are known from the updates users sent.
  botMethod(app, 'getChat', (req, res) => {
    const chatId = requireParam(params(req), 'chat_id');
    const chat = chats.get(chatKey(req.params.token, chatId));
    if (!chat) throw badRequest('chat not found');
    sendOk(res, {
      ...chat,
      accent_color_id: 0,
      max_reaction_count: 11,
      accepted_gift_types: {
        unlimited_gifts: false, limited_gifts: false, unique_gifts: false, premium_subscription: false, gifts_from_channels: false,
      },
    });
  });

  function sourceMessage(token, chatId, messageId) {
    const entry = findBotEntry(token, chatId, messageId);
    if (entry && !entry.deleted) return toApiMessage(entry);
    const message = userMessages.get(`${chatKey(token, chatId)}|${Number(messageId)}`);
    if (message) return stripBotToken(message);
    throw badRequest('message to forward not found');
  }

  // WHY: forwardMessage is not in the package (HTTP 500); a coordinator chat may receive
  // forwarded sign-ups. copyMessage is the same without the origin.
  function forwardRoute(copy) {
    return (req, res) => {
      const p = normaliseBotParams(params(req));
      const token = req.params.token;
      const source = sourceMessage(token, requireParam(p, 'from_chat_id'), requireParam(p, 'message_id'));
      const message = { chat_id: requireParam(p, 'chat_id') };
      for (const key of ['text', 'document']) if (source[key] !== undefined) message[key] = source[key];
      const caption = copy && p.caption !== undefined ? p.caption : source.caption;
      if (caption !== undefined) message.caption = caption;
      if (copy && p.reply_markup) message.reply_markup = p.reply_markup;
      if (!copy) {
        message.forward_origin = source.from && !source.from.is_bot
          ? { type: 'user', date: source.date, sender_user: source.from }
          : { type: 'user', date: source.date, sender_user: botUser(token) };
      }
      const entry = addBotMessage(token, message);
      sendOk(res, copy ? { message_id: entry.messageId } : toApiMessage(entry));
    };
  }
  botMethod(app, 'forwardMessage', forwardRoute(false));
  botMethod(app, 'copyMessage', forwardRoute(true));

  // WHY: sendDocument is not in the package (HTTP 500), and the package has no multipart parser
  // (express.json/urlencoded only). The bot sends CSV exports this way. Node's built-in
  // Response.formData() parses the upload; files are kept so tests can download them through
  // getFile and /file/bot<token>/<file_path>, just like with the real API.
  botMethod(app, 'sendDocument', async (req, res) => {
    const contentType = String(req.headers['content-type'] || '');
    let p = params(req);
    const uploads = {};
    if (contentType.startsWith('multipart/form-data')) {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      const form = await new Response(Buffer.concat(chunks), { headers: { 'content-type': contentType } }).formData();
      p = { ...p };
      for (const [name, value] of form.entries()) {
        if (typeof value === 'string') p[name] = value;
        else uploads[name] = { name: value.name, type: value.type, buffer: Buffer.from(await value.arrayBuffer()) };
      }
    }
    p = normaliseBotParams(p);
    const token = req.params.token;
    requireParam(p, 'chat_id');
    let upload = uploads.document;
    if (!upload && typeof p.document === 'string' && p.document.startsWith('attach://')) {
      upload = uploads[p.document.slice('attach://'.length)];
    }
    let document;
    if (upload) {
      const number = fileCounter++;
      const fileName = upload.name || `document_${number}`;
      const file = {
        token,
        buffer: upload.buffer,
        file_id: `DOC${number}-${botIdForToken(token)}`,
        file_unique_id: `U${number}`,
        file_name: fileName,
        mime_type: upload.type || 'application/octet-stream',
        file_path: `documents/file_${number}${fileName.includes('.') ? fileName.slice(fileName.lastIndexOf('.')) : ''}`,
      };
      files.set(file.file_id, file);
      document = {
        file_id: file.file_id, file_unique_id: file.file_unique_id, file_name: file.file_name,
        mime_type: file.mime_type, file_size: file.buffer.length,
      };
    } else if (typeof p.document === 'string' && files.has(p.document)) {
      const file = files.get(p.document);
      document = {
        file_id: file.file_id, file_unique_id: file.file_unique_id, file_name: file.file_name,
        mime_type: file.mime_type, file_size: file.buffer.length,
      };
    } else {
      throw badRequest('there is no document in the request');
    }
    if (document.file_size === 0) throw badRequest('file must be non-empty');
    if (p.caption !== undefined) checkText(p.caption, p.parse_mode, MAX_CAPTION_LENGTH, 'message caption');
    const message = { ...p, document };
    sendOk(res, toApiMessage(addBotMessage(token, message)));
  });

  botMethod(app, 'getFile', (req, res) => {
    const file = files.get(String(requireParam(params(req), 'file_id')));
    if (!file || file.token !== req.params.token) throw badRequest('invalid file_id');
    sendOk(res, {
      file_id: file.file_id, file_unique_id: file.file_unique_id, file_size: file.buffer.length, file_path: file.file_path,
    });
  });

  app.get('/file/bot:token/*', (req, res) => {
    const path = req.params[0];
    const file = [...files.values()].find((f) => f.token === req.params.token && f.file_path === path);
    if (!file) {
      res.status(404).json({ ok: false, error_code: 404, description: 'Not Found' });
      return;
    }
    res.status(200).type(file.mime_type).send(file.buffer);
  });

  // WHY: the package answers `null` for setWebhook (PTB expects True) and ignores secret_token and
  // drop_pending_updates; deleteWebhook ignores drop_pending_updates, which PTB sends when a bot
  // starts with drop_pending_updates=True. getWebhookInfo is missing (HTTP 500).
  botMethod(app, 'setWebhook', (req, res) => {
    const p = params(req);
    const url = String(requireParam(p, 'url'));
    server.setWebhook({ url, secret_token: p.secret_token }, req.params.token);
    if (boolField(p.drop_pending_updates)) dropPending(req.params.token);
    sendOk(res, true);
  });
  botMethod(app, 'deleteWebhook', (req, res) => {
    server.deleteWebhook(req.params.token);
    if (boolField(params(req).drop_pending_updates)) dropPending(req.params.token);
    sendOk(res, true);
  });
  botMethod(app, 'getWebhookInfo', (req, res) => {
    const webhook = server.webhooks[req.params.token];
    const pendingCount = server.storage.userMessages.filter((u) => u.botToken === req.params.token && !u.isRead).length;
    sendOk(res, { url: webhook ? webhook.url : '', has_custom_certificate: false, pending_update_count: pendingCount });
  });
  function dropPending(token) {
    for (const u of server.storage.userMessages) if (u.botToken === token) u.isRead = true;
  }

  // Other methods a PTB bot may call in passing.
  botMethod(app, 'close', (req, res) => sendOk(res, true));
  botMethod(app, 'logOut', (req, res) => sendOk(res, true));
  botMethod(app, 'getChatMember', (req, res) => {
    const p = params(req);
    sendOk(res, { status: 'member', user: { id: Number(requireParam(p, 'user_id')), is_bot: false, first_name: 'Member' } });
  });
  botMethod(app, 'leaveChat', (req, res) => sendOk(res, true));
}

// WHY: the package's formatUpdate drops `chat_instance` from callback queries (PTB's
// CallbackQuery requires it) and the `botToken` bookkeeping field leaks into every message; and
// it can only format `message` and `callback_query` updates. Static, so patched on the class.
const originalFormatUpdate = TelegramServer.formatUpdate;
TelegramServer.formatUpdate = function formatUpdate(update) {
  if ('rawUpdate' in update) {
    return { ...update.rawUpdate, update_id: update.updateId };
  }
  const formatted = originalFormatUpdate.call(TelegramServer, update);
  if (formatted.callback_query) {
    const query = update.callbackQuery;
    const chatId = query.message && query.message.chat ? query.message.chat.id : query.from.id;
    formatted.callback_query.chat_instance = query.chat_instance !== undefined
      ? String(query.chat_instance) : `ci-${chatId}`;
    if (query.inline_message_id !== undefined) formatted.callback_query.inline_message_id = query.inline_message_id;
  }
  if (formatted.message) delete formatted.message.botToken;
  return formatted;
};

// Routes are registered from this shared array inside the server constructor, in order, and
// express uses the first match: our routes go in front of the package's.
routes.unshift(installPatches);

async function main() {
  // storeTimeout: the package's clean-up daemon drops messages older than this; a test session
  // must keep everything, so one day.
  const server = new TelegramServer({ host: HOST, port: PORT || 9000, storeTimeout: 24 * 3600 });
  // WHY: the package turns port 0 into 9000 (`config.port || 9000`). Setting it after the
  // constructor lets the OS pick a free port, so parallel test runs never collide.
  server.config.port = PORT;
  await server.start();
  const { port } = server.server.address();
  process.stdout.write(`LISTENING ${port}\n`);

  const shutdown = () => {
    server.stop().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error) => {
  process.stderr.write(`emulator: failed to start: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
