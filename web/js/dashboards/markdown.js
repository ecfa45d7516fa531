// A small, safe Markdown renderer for `text` panels: headings, paragraphs, emphasis, inline code,
// fenced code, lists, block quotes, horizontal rules and links. Everything is HTML-escaped
// first, so a dashboard imported from elsewhere can never inject markup or script; links are
// kept only for http(s), mailto and same-site paths.
import { escapeHTML } from "../util.js";

function safeHref(url) {
  const u = url.trim();
  if (/^(https?:|mailto:)/i.test(u) || /^\/(?!\/)/.test(u) || /^#/.test(u)) return u;
  return null;
}

/** Inline markup on already-escaped text. */
function inline(escaped) {
  const codes = [];
  // Inline code first, so its contents are left alone by the other rules.
  let text = escaped.replace(/`([^`]+)`/g, (_, code) => { codes.push(code); return `\u0000${codes.length - 1}\u0000`; });
  // URLs may hold one level of parentheses (wiki links do); unsafe ones keep only their label.
  text = text.replace(/\[([^\]]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)/g, (m, label, url) => {
    const href = safeHref(url.replace(/&amp;/g, "&"));
    return href ? `<a href="${escapeHTML(href)}" target="_blank" rel="noopener noreferrer" data-external>${label}</a>` : label;
  });
  text = text.replace(/\*\*([^*]+)\*\*|__([^_]+)__/g, (_, a, b) => `<strong>${a || b}</strong>`);
  text = text.replace(/(^|[^*])\*([^*\s][^*]*)\*/g, "$1<em>$2</em>").replace(/(^|\W)_([^_\s][^_]*)_(?=\W|$)/g, "$1<em>$2</em>");
  return text.replace(/\u0000(\d+)\u0000/g, (_, i) => `<code>${codes[Number(i)]}</code>`);
}

/** Markdown source -> HTML string that contains only the tags this function writes. */
export function renderMarkdown(source) {
  const lines = String(source || "").replace(/\r\n?/g, "\n").split("\n");
  const out = [];
  let paragraph = [];
  let list = null; // "ul" | "ol"
  const flushParagraph = () => {
    if (paragraph.length) out.push(`<p>${inline(escapeHTML(paragraph.join(" ")))}</p>`);
    paragraph = [];
  };
  const closeList = () => { if (list) out.push(`</${list}>`); list = null; };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^```/.test(line)) {
      flushParagraph(); closeList();
      const code = [];
      for (i++; i < lines.length && !/^```/.test(lines[i]); i++) code.push(lines[i]);
      out.push(`<pre><code>${escapeHTML(code.join("\n"))}</code></pre>`);
      continue;
    }
    let m;
    if (!line.trim()) { flushParagraph(); closeList(); continue; }
    if ((m = /^(#{1,6})\s+(.*)$/.exec(line))) {
      flushParagraph(); closeList();
      const level = Math.min(6, m[1].length + 2); // h3..h6: a panel's headings sit under the page's
      out.push(`<h${level}>${inline(escapeHTML(m[2]))}</h${level}>`);
    } else if (/^(\*\s*\*\s*\*|-\s*-\s*-|_\s*_\s*_)[\s*_-]*$/.test(line)) {
      flushParagraph(); closeList(); out.push("<hr>");
    } else if ((m = /^\s*[-*+]\s+(.*)$/.exec(line)) || (m = /^\s*\d+[.)]\s+(.*)$/.exec(line))) {
      flushParagraph();
      const kind = /^\s*\d/.test(line) ? "ol" : "ul";
      if (list !== kind) { closeList(); out.push(`<${kind}>`); list = kind; }
      out.push(`<li>${inline(escapeHTML(m[1]))}</li>`);
    } else if ((m = /^>\s?(.*)$/.exec(line))) {
      flushParagraph(); closeList();
      out.push(`<blockquote>${inline(escapeHTML(m[1]))}</blockquote>`);
    } else {
      closeList();
      paragraph.push(line.trim());
    }
  }
  flushParagraph(); closeList();
  return out.join("\n");
}
