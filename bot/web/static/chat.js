// The chat page: talks to Rasa's socket.io channel, keeps the conversation in localStorage, tells the user
// plainly when the bot cannot be reached. Message rendering lives in render.js.
import { botMessage, richText } from "./render.js";
import { applyColors } from "./theme.js";

const STORE_KEY = "stembot.conversation.v1";
const KEEP_MS = 60 * 60 * 1000; // like Rasa's session_expiration_time: an hour of silence starts afresh
const MAX_KEPT = 80;
const REPLY_TIMEOUT_MS = 45000;

const root = document.getElementById("stembot");
const config = JSON.parse(root.dataset.config);
const log = document.getElementById("chat-log");
const form = document.getElementById("chat-form");
const input = document.getElementById("chat-input");
const status = document.getElementById("chat-status");
const typing = document.getElementById("chat-typing");

let state = load();
let socket = null;
let ready = false;
let replyTimer = null;
// Messages sent and not yet answered. The server acknowledges a user_uttered once it has sent its last reply to it
// (python-socketio acknowledges when Rasa's handler returns), so the typing indicator stays on while any message is
// open, also when a late reply to an earlier one (the greeting) arrives in between.
let open = 0;
let round = 0; // a new connection or conversation starts a new round: acknowledgements of an older one are ignored
let lost = false; // the connection failed or dropped (until the next session_confirm)
const waiting = []; // messages typed before the first session_confirm

function newSessionId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function load() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORE_KEY) || "null");
    if (saved && saved.sessionId && Date.now() - saved.updated < KEEP_MS && Array.isArray(saved.entries)) return saved;
  } catch (e) {
    /* unreadable storage: start afresh */
  }
  return { sessionId: newSessionId(), updated: Date.now(), entries: [], greeted: false };
}

function save() {
  state.updated = Date.now();
  state.entries = state.entries.slice(-MAX_KEPT);
  try {
    localStorage.setItem(STORE_KEY, JSON.stringify(state));
  } catch (e) {
    /* private mode or full: the conversation still works, it is just not kept */
  }
}

function scrollToEnd() {
  log.scrollTop = log.scrollHeight;
}

function show(entry) {
  const item = document.createElement("li");
  item.className = `chat__msg chat__msg--${entry.from}`;
  const who = document.createElement("span");
  who.className = "visually-hidden";
  who.textContent = entry.from === "user" ? "Jij: " : "stembot: ";
  item.append(who);
  if (entry.from === "bot") {
    item.append(...botMessage(entry.data, choose));
  } else {
    const bubble = document.createElement("div");
    bubble.className = "chat__bubble";
    bubble.append(entry.from === "user" ? document.createTextNode(entry.data.text) : richText(entry.data.text));
    item.append(bubble);
  }
  log.append(item);
  scrollToEnd();
}

function record(entry) {
  state.entries.push(entry);
  save();
  show(entry);
}

function setStatus(text, alert) {
  status.textContent = text;
  status.setAttribute("role", alert ? "alert" : "status");
  status.classList.toggle("chat__status--alert", Boolean(alert));
  root.classList.toggle("chat--offline", Boolean(text) && Boolean(alert));
}

function setTyping(on) {
  typing.hidden = !on;
  clearTimeout(replyTimer);
  if (on) {
    replyTimer = setTimeout(() => {
      forgetOpen();
      setStatus("stembot antwoordt niet. Probeer het straks opnieuw.", true);
    }, REPLY_TIMEOUT_MS);
    scrollToEnd();
  }
}

function forgetOpen() {
  open = 0;
  round += 1;
  setTyping(false);
}

function answered(sentRound) {
  if (sentRound !== round || open === 0) return;
  open -= 1;
  setTyping(open > 0); // still waiting: the timeout starts again from this answer
}

function send(text, payload) {
  if (!ready && !lost && socket) {
    waiting.push(payload || text); // typed while the page is still connecting: sent once the session is ready
    return true;
  }
  if (!ready) {
    setStatus("Nog geen verbinding met stembot. Je bericht is niet verstuurd; probeer zo opnieuw.", true);
    return false;
  }
  const sentRound = round;
  socket.emit("user_uttered", { message: payload || text, session_id: state.sessionId }, () => answered(sentRound));
  open += 1;
  setTyping(true);
  return true;
}

function choose(title, payload) {
  if (send(title, payload)) record({ from: "user", data: { text: title } });
}

function greet() {
  if (state.greeted) return;
  state.greeted = true;
  if (config.greeting) record({ from: "note", data: { text: config.greeting } });
  else save();
  send("", "/greet");
}

function connect() {
  if (typeof window.io !== "function") {
    setStatus("De chat kon niet laden. Herlaad de pagina of probeer het later opnieuw.", true);
    return;
  }
  setStatus("Verbinden met stembot…");
  let failures = 0;
  socket = window.io(config.botUrl);
  socket.on("connect", () => {
    failures = 0;
    socket.emit("session_request", { session_id: state.sessionId });
  });
  socket.on("session_confirm", (id) => {
    if (typeof id === "string" && id) state.sessionId = id;
    ready = true;
    lost = false;
    setStatus("");
    greet();
    waiting.splice(0).forEach((message) => send(message));
  });
  socket.on("bot_uttered", (data) => {
    if (!data || typeof data !== "object") return;
    setStatus("");
    record({ from: "bot", data });
  });
  socket.on("disconnect", (reason) => {
    ready = false;
    forgetOpen(); // their answers are lost with the connection
    if (reason === "io client disconnect") return; // "Nieuw gesprek" reconnects on purpose
    lost = true;
    setStatus("De verbinding met stembot is weg. Ik probeer opnieuw te verbinden…", true);
    if (reason === "io server disconnect") socket.connect();
  });
  socket.on("connect_error", () => {
    ready = false;
    lost = true;
    failures += 1;
    setStatus(
      failures > 1
        ? "stembot is nu niet bereikbaar. Ik blijf het proberen; je kan ook later terugkomen."
        : "Verbinden met stembot lukt niet. Ik probeer opnieuw…",
      true,
    );
  });
}

function restart() {
  try {
    localStorage.removeItem(STORE_KEY);
  } catch (e) {
    /* nothing kept */
  }
  state = load();
  log.replaceChildren();
  ready = false;
  forgetOpen();
  if (socket) socket.disconnect().connect();
  input.focus();
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  if (send(text)) {
    record({ from: "user", data: { text } });
    input.value = "";
  }
  input.focus();
});

document.getElementById("chat-new").addEventListener("click", restart);

if (config.embedded) {
  const close = document.getElementById("chat-close");
  close.hidden = false;
  const closeChat = () => window.parent.postMessage({ type: "stembot:close" }, "*");
  close.addEventListener("click", closeChat);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") closeChat();
  });
}

applyColors(root, config.color);
state.entries.forEach(show);
connect();
input.focus();
