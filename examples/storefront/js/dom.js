// A few DOM helpers. Text from the API goes in as text nodes, never as HTML.

/** h("a", {href: "/x", class: "link"}, "text", child...) */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

export function money(amount, currency) {
  return `${amount} ${currency}`;
}

export function stars(average) {
  if (average === null || average === undefined) return "no rating yet";
  const full = Math.round(average);
  return `${"★".repeat(full)}${"☆".repeat(5 - full)} ${Number(average).toFixed(1)}`;
}

/** A message box; kind is "error", "info" or "success". */
export function notice(kind, text) {
  return h("p", { class: `notice ${kind}`, role: kind === "error" ? "alert" : "status" }, text);
}

export function field(label, input, error = "") {
  return h("label", {}, h("span", {}, label), input, error ? h("small", { class: "field-error" }, error) : null);
}
