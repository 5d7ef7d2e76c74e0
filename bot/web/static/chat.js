// The web chat in the browser. Every text from the server is put in the page as text
// (textContent / text nodes), never as HTML. Requests go to this origin only.
(() => {
  "use strict";

  const UI = {
    nl: {
      title: "Assistent Werken volgens de Bedoeling",
      skip: "Naar het tekstvak",
      close: "Sluiten",
      log: "Gesprek",
      actions: "Acties",
      label: "Je vraag",
      send: "Versturen",
      signup: "Aanmelden",
      mydata: "Mijn gegevens",
      delete: "Gegevens wissen",
      help: "Hulp",
      bot: "Assistent:",
      user: "Jij:",
      coordinator: "Antwoord van coördinator",
      source: "Bron: ",
      choices: "Keuzes",
      feedback: "Was dit antwoord nuttig?",
      up: "Ja, nuttig",
      down: "Nee, niet nuttig",
      thinking: "De assistent denkt na…",
      offline: "Ik kan de server nu niet bereiken. Controleer je verbinding en probeer het zo nog eens.",
      welcome: "Welkom! Ik beantwoord vragen over het Leernetwerk, de Verandertoolkit met werkpakketten en de projecten van gemeenten. Je kunt je hier ook aanmelden voor het Leernetwerk.",
      welcome2: "Stel gewoon je vraag. You can also ask in English.",
    },
    en: {
      title: "Assistant Werken volgens de Bedoeling",
      skip: "Skip to the text box",
      close: "Close",
      log: "Conversation",
      actions: "Actions",
      label: "Your question",
      send: "Send",
      signup: "Sign up",
      mydata: "My data",
      delete: "Delete my data",
      help: "Help",
      bot: "Assistant:",
      user: "You:",
      coordinator: "Answer from coordinator",
      source: "Source: ",
      choices: "Choices",
      feedback: "Was this answer helpful?",
      up: "Yes, helpful",
      down: "No, not helpful",
      thinking: "The assistant is thinking…",
      offline: "I cannot reach the server right now. Check your connection and try again shortly.",
      welcome: "Welcome! I answer questions about the Leernetwerk, the Verandertoolkit with its work packages and the projects of municipalities. You can also sign up for the Leernetwerk here.",
      welcome2: "Just ask your question. Je kunt ook in het Nederlands vragen.",
    },
  };
  const POLL_MS = 3000;
  const API = "api/messages";

  const log = document.getElementById("chat-log");
  const form = document.getElementById("chat-form");
  const input = document.getElementById("chat-input");
  const status = document.getElementById("chat-status");
  const embedded = document.body.classList.contains("embed");
  let lang = "nl";
  let lastId = 0;
  let busy = false;

  const t = (key) => UI[lang][key];

  function applyLanguage(next) {
    if (next !== "nl" && next !== "en") return;
    lang = next;
    document.documentElement.lang = lang;
    document.title = t("title");
    for (const el of document.querySelectorAll("[data-ui]")) el.textContent = t(el.dataset.ui);
    for (const el of document.querySelectorAll("[data-ui-label]")) {
      el.setAttribute("aria-label", t(el.dataset.uiLabel));
    }
  }

  // Bot text keeps its line breaks; lines starting with "•", "-", "*" or "1." become lists.
  const BULLET = /^\s*[•\-*]\s+(.*)$/;
  const NUMBERED = /^\s*(\d+)[.)]\s+(.*)$/;

  function renderText(container, text) {
    for (const block of text.split(/\n{2,}/)) {
      const lines = block.split("\n");
      let paragraph = null;
      let i = 0;
      while (i < lines.length) {
        const kind = BULLET.test(lines[i]) ? BULLET : NUMBERED.test(lines[i]) ? NUMBERED : null;
        if (kind) {
          paragraph = null;
          const list = document.createElement(kind === BULLET ? "ul" : "ol");
          if (kind === NUMBERED) list.start = Number(NUMBERED.exec(lines[i])[1]);
          while (i < lines.length && kind.test(lines[i])) {
            const match = kind.exec(lines[i]);
            const item = document.createElement("li");
            item.textContent = match[match.length - 1];
            list.appendChild(item);
            i += 1;
          }
          container.appendChild(list);
          continue;
        }
        if (paragraph === null) {
          paragraph = document.createElement("p");
          container.appendChild(paragraph);
        } else {
          paragraph.appendChild(document.createElement("br"));
        }
        paragraph.appendChild(document.createTextNode(lines[i]));
        i += 1;
      }
    }
  }

  function removeChoices() {
    for (const group of log.querySelectorAll(".choices")) group.remove();
  }

  function renderMessage(message) {
    const item = document.createElement("div");
    item.className = `msg ${message.role}`;
    item.lang = message.lang || lang;
    if (message.id) item.dataset.id = String(message.id);
    const who = document.createElement("span");
    if (message.role === "coordinator") {
      who.className = "author";
      who.textContent = message.author ? `${t("coordinator")} ${message.author}:` : `${t("coordinator")}:`;
    } else {
      who.className = "who visually-hidden";
      who.textContent = message.role === "user" ? t("user") : t("bot");
    }
    item.appendChild(who);
    const body = document.createElement("div");
    body.className = "body";
    if (message.role === "user") {
      const paragraph = document.createElement("p");
      paragraph.textContent = message.text;
      body.appendChild(paragraph);
    } else {
      renderText(body, message.text);
    }
    item.appendChild(body);
    if (message.source) {
      const source = document.createElement("p");
      source.className = "source";
      source.textContent = t("source") + message.source;
      item.appendChild(source);
    }
    if (message.choices && message.choices.length) {
      const group = document.createElement("div");
      group.className = "choices";
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", t("choices"));
      for (const choice of message.choices) {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = choice.label;
        button.addEventListener("click", () => {
          input.focus(); // the buttons go once pressed; the focus waits in the text box
          send(choice.text, choice.label);
        });
        group.appendChild(button);
      }
      item.appendChild(group);
    }
    if (message.feedback) {
      const group = document.createElement("div");
      group.className = "feedback";
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", t("feedback"));
      for (const vote of ["up", "down"]) {
        // A drawn thumb (emoji fonts are not everywhere) and the words for screen readers.
        const button = document.createElement("button");
        button.type = "button";
        const icon = document.createElement("img");
        icon.src = "static/thumb.svg";
        icon.alt = "";
        icon.width = 20;
        icon.height = 20;
        icon.className = `thumb ${vote}`;
        button.appendChild(icon);
        const name = document.createElement("span");
        name.className = "visually-hidden";
        name.textContent = t(vote);
        button.appendChild(name);
        button.dataset.vote = vote;
        button.title = t(vote);
        button.addEventListener("click", () => {
          input.focus(); // the buttons make way for a thanks
          post("api/feedback", { id: message.id, vote });
        });
        group.appendChild(button);
      }
      item.appendChild(group);
    } else if (message.thanks) {
      const thanks = document.createElement("p");
      thanks.className = "thanks";
      thanks.textContent = message.thanks;
      item.appendChild(thanks);
    }
    return item;
  }

  function addMessages(messages) {
    let added = false;
    for (const message of messages) {
      const shown = message.id ? log.querySelector(`.msg[data-id="${message.id}"]`) : null;
      if (shown) {
        shown.replaceWith(renderMessage(message)); // e.g. 👍/👎 replaced by a thanks
      } else if (!message.id || message.id > lastId) {
        if (!added) removeChoices();
        added = true;
        log.appendChild(renderMessage(message));
        if (message.id) lastId = Math.max(lastId, message.id);
      }
    }
    if (added) log.scrollTop = log.scrollHeight;
  }

  function clearConversation() {
    for (const item of log.querySelectorAll(".msg:not(.welcome)")) item.remove();
  }

  const send = (text, label) => post(API, label ? { text, label } : { text });

  async function post(url, payload) {
    if (busy) return false;
    busy = true;
    log.setAttribute("aria-busy", "true");
    status.textContent = t("thinking");
    if (url === API) removeChoices();
    let ok = false;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(payload),
        credentials: "same-origin",
      });
      const data = await response.json();
      if (data.reset) clearConversation();
      applyLanguage(data.lang);
      addMessages(data.messages || []);
      ok = response.ok || response.status === 429;
    } catch (error) {
      addMessages([{ id: 0, role: "bot", text: t("offline"), lang }]);
    } finally {
      busy = false;
      log.removeAttribute("aria-busy");
      status.textContent = "";
    }
    return ok;
  }

  async function poll() {
    if (busy || document.hidden) return;
    try {
      const response = await fetch(`${API}?after=${lastId}`, { credentials: "same-origin" });
      if (!response.ok) return;
      const data = await response.json();
      if (data.messages && data.messages.length) {
        applyLanguage(data.lang);
        addMessages(data.messages);
      }
    } catch (error) {
      // offline for a moment: the next poll tries again
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value;
    input.value = "";
    const ok = await send(text);
    if (!ok && !input.value) input.value = text; // keep what was typed when it failed
    input.focus();
  });

  // The action buttons send their command by the page language's name (/mydata, /mijngegevens).
  for (const button of document.querySelectorAll("[data-send-nl]")) {
    const command = () => (lang === "en" ? button.dataset.sendEn : button.dataset.sendNl);
    button.addEventListener("click", () => send(command(), button.textContent));
  }

  const closeWidget = () => window.parent.postMessage({ type: "wvdb-chat-close" }, "*");
  document.getElementById("chat-close").addEventListener("click", closeWidget);
  if (embedded) {
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") closeWidget();
    });
    window.addEventListener("message", (event) => {
      if (event.source === window.parent && event.data && event.data.type === "wvdb-chat-focus") {
        input.focus();
      }
    });
  }

  document.addEventListener("visibilitychange", poll);
  setInterval(poll, POLL_MS);
  poll();
})();
