// The configurable accent colour, made safe for reading: whatever colour a school picks, text on it and text in
// it keep a WCAG AA contrast (4.5:1), by choosing black or white on it and darkening it where it is used as text.

function channels(hex) {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

function luminance(rgb) {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

function hex(rgb) {
  return "#" + rgb.map((c) => Math.round(c).toString(16).padStart(2, "0")).join("");
}

export function applyColors(node, color) {
  if (!/^#[0-9a-fA-F]{6}$/.test(color || "")) return;
  const accent = channels(color);
  const white = [255, 255, 255];
  const black = [0, 0, 0];
  const onAccent = contrast(accent, white) >= contrast(accent, black) ? "#ffffff" : "#000000";
  let ink = accent;
  for (let i = 0; i < 20 && contrast(ink, white) < 4.6; i += 1) ink = ink.map((c) => c * 0.85);
  node.style.setProperty("--accent", color);
  node.style.setProperty("--on-accent", onAccent);
  node.style.setProperty("--accent-ink", hex(ink));
}
