// replaceChildren that skips null/false/undefined (native replaceChildren would insert the text
// "null"), so conditional parts of a form can be written inline.
export function setChildren(node, ...children) {
  node.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}
