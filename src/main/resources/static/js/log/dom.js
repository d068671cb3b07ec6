// Building the page's own elements: attributes through setAttribute, never a style, and children
// as nodes or text, so nothing a job printed is ever read as markup.

/** Creates an element with attributes (never style) and children (strings become text nodes). */
export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}
