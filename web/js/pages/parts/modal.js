// A modal dialog on the native <dialog> (the page behind it is inert), with the focus kept inside
// while it is open, Escape to close, and the focus returned to whatever opened it.
import { el } from "../../util.js";

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * openModal({ title, body (Node), footer (Node), onClose, initialFocus (Node), wide })
 * -> { element, close() }
 */
export function openModal({ title, body, footer, onClose, initialFocus, wide = false }) {
  const opener = document.activeElement;
  const titleId = `modal-title-${Math.random().toString(36).slice(2, 8)}`;
  const close = () => {
    if (!dialog.isConnected) return;
    if (dialog.open) dialog.close();
    dialog.remove();
    if (opener && opener.isConnected && typeof opener.focus === "function") opener.focus();
    if (onClose) onClose();
  };
  const closeButton = el("button", { type: "button", class: "icon-button modal-close", "aria-label": "Close dialog", onclick: close }, "✕");
  const dialog = el("dialog", { class: wide ? "modal wide" : "modal", "aria-labelledby": titleId },
    el("header", { class: "modal-header" }, el("h2", { id: titleId }, title), closeButton),
    el("div", { class: "modal-body" }, body),
    footer ? el("footer", { class: "modal-footer" }, footer) : null);

  // Escape fires "cancel"; close through our path so the dialog is removed and focus restored.
  dialog.addEventListener("cancel", (event) => { event.preventDefault(); close(); });
  // Tab from the last control wraps to the first (and back), instead of leaving to the browser UI.
  dialog.addEventListener("keydown", (event) => {
    if (event.key !== "Tab") return;
    const items = [...dialog.querySelectorAll(FOCUSABLE)].filter((n) => n.offsetParent !== null || n === document.activeElement);
    if (!items.length) return;
    const first = items[0];
    const last = items[items.length - 1];
    if (event.shiftKey && document.activeElement === first) { event.preventDefault(); last.focus(); }
    else if (!event.shiftKey && document.activeElement === last) { event.preventDefault(); first.focus(); }
  });
  // A click on the backdrop (the dialog element itself, outside its content box) closes it.
  dialog.addEventListener("mousedown", (event) => {
    if (event.target !== dialog) return;
    const r = dialog.getBoundingClientRect();
    const inside = event.clientX >= r.left && event.clientX <= r.right && event.clientY >= r.top && event.clientY <= r.bottom;
    if (!inside) close();
  });

  document.body.append(dialog);
  dialog.showModal();
  (initialFocus || dialog.querySelector(FOCUSABLE) || closeButton).focus();
  return { element: dialog, close };
}
