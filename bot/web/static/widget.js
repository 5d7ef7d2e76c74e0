// Embeddable chat: <script src="https://<bot>/widget.js" defer></script> puts a chat button in
// the corner of the page; it opens the chat (served by the bot, in a frame) and closes it again.
// The widget loads nothing from anywhere but the bot's own address.
(() => {
  "use strict";
  const script = document.currentScript;
  if (!script || document.getElementById("wvdb-chat-launcher")) return;
  const base = new URL(".", script.src);
  const pageLang = (document.documentElement.lang || "nl").toLowerCase();
  const L = pageLang.startsWith("en")
    ? { open: "Chat with the assistant", close: "Close the chat",
        title: "Chat with the Werken volgens de Bedoeling assistant" }
    : { open: "Chat met de assistent", close: "Chat sluiten",
        title: "Chat met de assistent van Werken volgens de Bedoeling" };
  const small = window.matchMedia("(max-width: 480px)");

  const button = document.createElement("button");
  button.type = "button";
  button.id = "wvdb-chat-launcher";
  button.textContent = L.open;
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", "wvdb-chat-panel");
  Object.assign(button.style, {
    position: "fixed", right: "16px", bottom: "16px", zIndex: "2147483000",
    background: "#1f4e8c", color: "#ffffff", border: "2px solid #ffffff", borderRadius: "24px",
    padding: "12px 18px", font: "600 16px/1.2 system-ui, -apple-system, 'Segoe UI', sans-serif",
    cursor: "pointer", boxShadow: "0 2px 8px rgba(0, 0, 0, 0.35)", minHeight: "44px",
  });
  button.addEventListener("focus", () => {
    button.style.outline = "3px solid #b3400c";
    button.style.outlineOffset = "2px";
  });
  button.addEventListener("blur", () => { button.style.outline = "none"; });

  let panel = null;
  let frame = null;
  let isOpen = false;

  function place() {
    if (!panel) return;
    const full = small.matches;
    Object.assign(panel.style, full
      ? { top: "0", left: "0", right: "0", bottom: "0", width: "100%", height: "100%",
          borderRadius: "0" }
      : { top: "auto", left: "auto", right: "16px", bottom: "80px",
          width: "min(400px, calc(100vw - 32px))", height: "min(640px, calc(100vh - 112px))",
          borderRadius: "12px" });
    button.style.display = isOpen && full ? "none" : "block";
  }

  function open() {
    if (!panel) {
      panel = document.createElement("div");
      panel.id = "wvdb-chat-panel";
      Object.assign(panel.style, {
        position: "fixed", zIndex: "2147483001", background: "#ffffff", overflow: "hidden",
        border: "1px solid #5c6670", boxShadow: "0 4px 24px rgba(0, 0, 0, 0.3)",
      });
      frame = document.createElement("iframe");
      frame.src = new URL("embed", base).href;
      frame.title = L.title;
      Object.assign(frame.style, { width: "100%", height: "100%", border: "0", display: "block" });
      frame.addEventListener("load", () => {
        if (isOpen) frame.contentWindow.postMessage({ type: "wvdb-chat-focus" }, base.origin);
      });
      panel.appendChild(frame);
      document.body.appendChild(panel);
    }
    isOpen = true;
    panel.style.display = "block";
    place();
    button.setAttribute("aria-expanded", "true");
    button.textContent = L.close;
    frame.focus();
    frame.contentWindow.postMessage({ type: "wvdb-chat-focus" }, base.origin);
  }

  function close() {
    if (!isOpen) return;
    isOpen = false;
    panel.style.display = "none";
    button.setAttribute("aria-expanded", "false");
    button.textContent = L.open;
    place();
    button.focus();
  }

  button.addEventListener("click", () => (isOpen ? close() : open()));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && isOpen) close();
  });
  window.addEventListener("message", (event) => {
    if (frame && event.origin === base.origin && event.source === frame.contentWindow
        && event.data && event.data.type === "wvdb-chat-close") close();
  });
  small.addEventListener("change", place);
  if (document.body) document.body.appendChild(button);
  else document.addEventListener("DOMContentLoaded", () => document.body.appendChild(button));
})();
