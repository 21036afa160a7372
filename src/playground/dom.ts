/** The few DOM helpers the page needs. */

/** The element with this id; the page's markup (index.html) has every id the script asks for. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`playground: #${id} is missing from the page`);
  return found as T;
}

type Child = Node | string;

/** `el("td", { className: "x", data: { line: "3" } }, "text", other)`. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; data?: Record<string, string>; attrs?: Record<string, string> } = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className !== undefined) node.className = props.className;
  for (const [key, value] of Object.entries(props.data ?? {})) node.dataset[key] = value;
  for (const [key, value] of Object.entries(props.attrs ?? {})) node.setAttribute(key, value);
  node.append(...children);
  return node;
}

/** A number for people: 12,345. */
export function count(n: number, word: string, words = `${word}s`): string {
  return `${n.toLocaleString("en")} ${n === 1 ? word : words}`;
}
