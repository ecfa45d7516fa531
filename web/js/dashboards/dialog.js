// Modal dialogs on the native <dialog> element: it traps focus, closes on Escape and restores
// focus to whatever opened it, which is most of what keyboard users need from a modal.
import { el } from "../util.js";

/** Opens a modal: {title, body: Node|Node[], actions: [{label, primary, danger, onClick}], wide}.
 *  `onClick` may return false to keep the dialog open. Returns {element, close}. */
export function openDialog({ title, body, actions = [], wide = false, onClose, testid }) {
  const opener = document.activeElement;
  const heading = el("h2", { id: `dlg-${Math.random().toString(36).slice(2)}` }, title);
  const footer = el("div", { class: "dash-dialog-actions" });
  const dialog = el("dialog", { class: "dash-dialog" + (wide ? " wide" : ""), "aria-labelledby": heading.id, dataset: testid ? { testid } : undefined },
    el("div", { class: "dash-dialog-head" }, heading,
      el("button", { type: "button", class: "icon", "aria-label": "Close", onclick: () => close() }, "✕")),
    el("div", { class: "dash-dialog-body" }, body),
    footer);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    dialog.close();
    dialog.remove();
    if (onClose) onClose();
    if (opener && opener.isConnected && typeof opener.focus === "function") opener.focus();
  };
  for (const action of actions) {
    footer.append(el("button", {
      type: "button", class: action.primary ? "primary" : action.danger ? "danger" : undefined,
      dataset: action.testid ? { testid: action.testid } : undefined,
      onclick: async () => { if ((await (action.onClick ? action.onClick() : undefined)) !== false) close(); },
    }, action.label));
  }
  dialog.addEventListener("cancel", (event) => { event.preventDefault(); close(); });
  document.body.append(dialog);
  dialog.showModal();
  return { element: dialog, close };
}

/** Asks a yes/no question; resolves true only when the operator confirms. */
export function confirmDialog(message, { title = "Are you sure?", confirmLabel = "Confirm", danger = false } = {}) {
  return new Promise((resolve) => {
    let answer = false;
    openDialog({
      title,
      body: el("p", {}, message),
      actions: [
        { label: "Cancel", onClick: () => { answer = false; } },
        { label: confirmLabel, primary: !danger, danger, testid: "confirm", onClick: () => { answer = true; } },
      ],
      onClose: () => resolve(answer),
    });
  });
}
