// stembot embed snippet: one line on a school site,
//   <script src="https://CHAT-HOST/embed.js" data-title="STEM-vragen?" data-color="#0b5394" async></script>
// adds a chat button in the corner; it opens the chat page of CHAT-HOST in an iframe (so the conversation runs on
// our origin, under our Content-Security-Policy, and the school site needs no other change).
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.stembotEmbed) return;
  var base = new URL(script.src, window.location.href);
  var data = script.dataset;
  var color = /^#[0-9a-fA-F]{6}$/.test(data.color || "") ? data.color : "#0b5394";
  var params = new URLSearchParams({ embed: "1", color: color });
  if (data.title) params.set("title", data.title);
  var frame = null;

  function textOn(hex) {
    var lum = [1, 3, 5].map(function (i) {
      var c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    var l = 0.2126 * lum[0] + 0.7152 * lum[1] + 0.0722 * lum[2];
    return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? "#ffffff" : "#000000";
  }

  function css(node, rules) {
    Object.keys(rules).forEach(function (k) { node.style[k] = rules[k]; });
  }

  var button = document.createElement("button");
  button.type = "button";
  button.id = "stembot-launcher";
  button.textContent = data.label || "Vragen over STEM? Chat met stembot";
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", "stembot-frame");
  css(button, {
    position: "fixed", right: "16px", bottom: "16px", zIndex: "2147483000", minHeight: "48px",
    padding: "10px 18px", border: "0", borderRadius: "999px", background: color, color: textOn(color),
    font: "600 16px/1.2 system-ui, sans-serif", boxShadow: "0 2px 8px rgba(0,0,0,.3)", cursor: "pointer",
  });

  function place() {
    var small = window.matchMedia("(max-width: 480px)").matches;
    css(frame, small
      ? { right: "0", bottom: "0", width: "100%", height: "100%", borderRadius: "0" }
      : { right: "16px", bottom: "80px", width: "380px", height: "min(600px, calc(100vh - 100px))", borderRadius: "12px" });
  }

  function open() {
    if (!frame) {
      frame = document.createElement("iframe");
      frame.id = "stembot-frame";
      frame.title = "Chat met stembot";
      frame.src = base.origin + "/?" + params.toString();
      css(frame, { position: "fixed", zIndex: "2147483001", border: "0", background: "#fff",
                   boxShadow: "0 4px 24px rgba(0,0,0,.35)" });
      document.body.appendChild(frame);
      frame.addEventListener("load", function () { frame.focus(); });
    }
    place();
    frame.hidden = false;
    frame.style.display = "block";
    button.setAttribute("aria-expanded", "true");
    frame.focus();
  }

  function close() {
    if (!frame) return;
    frame.style.display = "none";
    button.setAttribute("aria-expanded", "false");
    button.focus();
  }

  button.addEventListener("click", function () {
    if (frame && frame.style.display !== "none") close();
    else open();
  });
  window.addEventListener("message", function (event) {
    if (event.origin === base.origin && event.data && event.data.type === "stembot:close") close();
  });
  window.addEventListener("resize", function () { if (frame) place(); });

  window.stembotEmbed = { open: open, close: close };
  if (document.body) document.body.appendChild(button);
  else document.addEventListener("DOMContentLoaded", function () { document.body.appendChild(button); });
})();
