// Turns one bot message (what Rasa's socket.io channel emits as `bot_uttered`) into DOM nodes.
// Safety rule of this file: text from the bot or the user only ever becomes a text node or an attribute value
// set through the DOM; nothing here parses HTML (no innerHTML, no insertAdjacentHTML).

const URL_OR_BOLD = /\[([^\]\n]{1,200})\]\((https?:\/\/[^\s)]+)\)|(https?:\/\/[^\s<>"']+)|\*\*([^*\n]+)\*\*/g;
const TRAILING = /[.,;:!?)\]'"»]+$/;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

export function safeUrl(raw) {
  if (typeof raw !== "string" || !raw.trim()) return null; // no image/link at all, not the page's own address
  try {
    const url = new URL(String(raw), document.baseURI);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch (e) {
    return null;
  }
}

export function link(href, label) {
  const url = safeUrl(href);
  if (!url) return document.createTextNode(label || String(href));
  const a = el("a", "chat__link", label || url);
  a.href = url;
  a.target = "_blank";
  a.rel = "noopener noreferrer";
  a.append(el("span", "visually-hidden", " (opent in een nieuw venster)"));
  return a;
}

// Plain text with **bold**, bare links and [label](url) links; newlines are kept by CSS (white-space: pre-line).
export function richText(text) {
  const frag = document.createDocumentFragment();
  const source = String(text ?? "");
  let last = 0;
  for (const match of source.matchAll(URL_OR_BOLD)) {
    let [whole, label, labelled, bare, bold] = match;
    let end = match.index + whole.length;
    if (bare) {
      const trail = bare.match(TRAILING);
      if (trail) {
        bare = bare.slice(0, -trail[0].length);
        end -= trail[0].length;
      }
    }
    frag.append(source.slice(last, match.index));
    if (labelled) frag.append(link(labelled, label));
    else if (bare) frag.append(link(bare));
    else frag.append(el("strong", "", bold));
    last = end;
  }
  frag.append(source.slice(last));
  return frag;
}

// Buttons whose click sends their payload; `onChoose(title, payload)` is supplied by the chat.
export function buttonRow(buttons, onChoose) {
  const row = el("div", "chat__buttons");
  row.setAttribute("role", "group");
  row.setAttribute("aria-label", "Kies een antwoord");
  for (const b of buttons || []) {
    const title = b.title || b.payload;
    if (!title) continue;
    if (b.type === "web_url" || (b.url && !b.payload)) {
      row.append(link(b.url, title));
      continue;
    }
    const button = el("button", "chat__choice", title);
    button.type = "button";
    button.addEventListener("click", () => onChoose(String(title), String(b.payload || title)));
    row.append(button);
  }
  return row.childElementCount ? row : null;
}

const NUMBER = new Intl.NumberFormat("nl-BE", { maximumFractionDigits: 2 });

function percentOf(value, unit) {
  const u = String(unit || "").toLowerCase();
  if (u === "%" || u === "percent" || u === "procent") return value;
  if (u === "fraction") return value * 100;
  return null;
}

// One number as a small bar chart: the number large (`display` as the knowledge base writes it, else formatted
// in Dutch), a bar of its share of 100 % for percentages and fractions, label and source as text.
export function figureCard(fig) {
  const value = Number(fig.value);
  const figure = el("figure", "chat__figure");
  if (!Number.isFinite(value)) return null;
  const percent = percentOf(value, fig.unit);
  const unit = fig.unit && fig.unit !== "count" ? ` ${fig.unit}` : "";
  const computed = percent !== null ? `${NUMBER.format(percent)}%` : `${NUMBER.format(value)}${unit}`;
  const shown = typeof fig.display === "string" && fig.display ? fig.display : computed;
  figure.append(el("p", "chat__figure-number", shown));
  if (percent !== null && percent >= 0 && percent <= 100) {
    const bar = el("div", "chat__bar");
    bar.setAttribute("role", "img");
    bar.setAttribute("aria-label", `${NUMBER.format(percent)}% van 100%`);
    const fill = el("div", "chat__bar-fill");
    fill.style.width = `${percent}%`;
    bar.append(fill);
    figure.append(bar);
  }
  const caption = el("figcaption", "chat__figure-caption");
  if (fig.label || fig.statement) caption.append(el("span", "", fig.label || fig.statement));
  const source = [fig.source, fig.year].filter(Boolean).join(", ");
  if (source) caption.append(el("span", "chat__source", `Bron: ${source}`));
  figure.append(caption);
  return figure;
}

export function heroCard(card, onChoose) {
  const article = el("article", "chat__card");
  const image = safeUrl(card.image_url || card.image);
  if (image) {
    const img = el("img", "chat__card-image");
    img.src = image;
    img.alt = card.image_alt || "";
    img.loading = "lazy";
    article.append(img);
  }
  const title = el("h2", "chat__card-title", card.title || "#STEMheld");
  article.append(title);
  if (card.subtitle || card.text) article.append(el("p", "chat__card-text", card.subtitle || card.text));
  const studies = Array.isArray(card.studies) ? card.studies.join(", ") : card.studies;
  if (studies) {
    const p = el("p", "chat__card-text");
    p.append(el("strong", "", "Studies: "), studies);
    article.append(p);
  }
  const video = card.video_url || card.video;
  if (video) {
    const p = el("p", "chat__card-video");
    p.append(link(video, "▶ Bekijk de video"));
    article.append(p);
  }
  if (card.source) article.append(el("p", "chat__source", `Bron: ${card.source}`));
  const row = buttonRow(card.buttons, onChoose);
  if (row) article.append(row);
  return article;
}

const KNOWN = ["hero_card", "figure", "figures"];

// Everything one `bot_uttered` can carry, in the order the bot meant it; unknown kinds are skipped.
export function botMessage(msg, onChoose) {
  const parts = [];
  const custom = msg.custom && typeof msg.custom === "object" ? msg.custom : msg.type ? msg : null;
  if (msg.text) {
    const bubble = el("div", "chat__bubble");
    bubble.append(richText(msg.text));
    parts.push(bubble);
  }
  const image = msg.image || (msg.attachment && msg.attachment.type === "image" && msg.attachment.payload?.src);
  if (image && safeUrl(image)) {
    const img = el("img", "chat__image");
    img.src = safeUrl(image);
    img.alt = "Afbeelding van stembot";
    parts.push(img);
  }
  const attachment = msg.attachment || {};
  if (attachment.type === "video" && attachment.payload?.src) parts.push(link(attachment.payload.src, "▶ Bekijk de video"));
  if (attachment.type === "template" && attachment.payload?.elements) {
    const elements = [].concat(attachment.payload.elements);
    for (const e of elements) parts.push(heroCard(e, onChoose));
  }
  if (custom && custom.type === "hero_card") parts.push(heroCard(custom, onChoose));
  if (custom && custom.type === "figure") parts.push(figureCard(custom));
  if (custom && custom.type === "figures" && Array.isArray(custom.items)) {
    for (const item of custom.items) parts.push(figureCard({ source: custom.source, year: custom.year, ...item }));
  }
  if (custom && !KNOWN.includes(custom.type) && custom.text && !msg.text) {
    parts.unshift(el("div", "chat__bubble", custom.text));
  }
  const row = buttonRow(msg.quick_replies || msg.buttons, onChoose);
  if (row) parts.push(row);
  return parts.filter(Boolean);
}
