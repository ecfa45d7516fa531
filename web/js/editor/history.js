// Recently run queries, per language, kept in this browser (localStorage) so an operator can get
// back to what they ran a minute ago: the editor offers them on ArrowDown or Ctrl+Space in an
// empty editor. Nothing leaves the browser.
const MAX = 30;
const storageKey = (language) => `warden.history.${language}`;

/** The remembered queries, newest first. */
export function recall(language) {
  try {
    const list = JSON.parse(localStorage.getItem(storageKey(language)) || "[]");
    return Array.isArray(list) ? list.filter((q) => typeof q === "string" && q) : [];
  } catch (e) {
    return []; // storage disabled or a damaged entry: no history rather than an error
  }
}

/** Puts `text` first in the language's history (once). */
export function remember(language, text) {
  const query = String(text || "").trim();
  if (!query) return;
  const list = [query, ...recall(language).filter((q) => q !== query)].slice(0, MAX);
  try { localStorage.setItem(storageKey(language), JSON.stringify(list)); } catch (e) { /* private mode: keep none */ }
}
