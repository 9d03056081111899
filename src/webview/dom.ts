// A tiny element builder. Profile strings only ever reach the page through `text` (textContent),
// never through HTML parsing, so a function named `<img onerror=...>` stays a string.

type Attributes = Record<string, string | number | boolean | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: (Node | string | undefined)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (/^on/i.test(name)) throw new Error(`inline event handler ${name} is not allowed`);
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === undefined) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

/** Replaces an element's children with plain text. */
export function setText(element: Element, text: string): void {
  element.textContent = text;
}

/**
 * A Go name as text with line-break opportunities after each `/` and `.`, so that a long name
 * wraps between its path elements and selectors rather than in the middle of an identifier.
 */
export function breakableName(name: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const parts = name.split(/(?<=[/.])/);
  parts.forEach((part, index) => {
    if (index > 0) fragment.append(document.createElement('wbr'));
    fragment.append(document.createTextNode(part));
  });
  return fragment;
}
