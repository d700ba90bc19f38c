// The cart: a guest's lives in localStorage and is priced by
// POST /basket/quote; a signed-in customer's is the server basket. At login
// the guest cart is merged into the server basket (docs/guide/cart.md).
import { api, signedIn } from "./api.js";

const GUEST_KEY = "shop.cart";

function guestLines() {
  try {
    return JSON.parse(localStorage.getItem(GUEST_KEY) ?? "[]");
  } catch {
    return [];
  }
}

function saveGuestLines(lines) {
  localStorage.setItem(GUEST_KEY, JSON.stringify(lines.filter((l) => l.quantity > 0)));
}

/** The cart as the page shows it: lines with prices and totals from the server. */
export async function load() {
  if (signedIn()) {
    const basket = await api("/basket/", { auth: true });
    return { ...basket, guest: false };
  }
  const lines = guestLines();
  if (lines.length === 0) {
    return { guest: true, lines: [], total: "0.00", currency: "", num_items: 0 };
  }
  const quote = await api("/basket/quote", { method: "POST", body: { lines } });
  return { ...quote, guest: true };
}

export async function add(slug, quantity) {
  if (signedIn()) {
    return api("/basket/lines/", { method: "POST", auth: true, body: { product: slug, quantity } });
  }
  const lines = guestLines();
  const line = lines.find((l) => l.product === slug);
  if (line) line.quantity += quantity;
  else lines.push({ product: slug, quantity });
  saveGuestLines(lines);
}

/** Set a line's quantity (0 removes it); `line` is as load() answers it. */
export async function setQuantity(line, quantity) {
  if (signedIn()) {
    return api(`/basket/lines/${line.id}/`, { method: "PATCH", auth: true, body: { quantity } });
  }
  const lines = guestLines();
  const kept = lines.find((l) => l.product === line.product.slug);
  if (kept) kept.quantity = quantity;
  saveGuestLines(lines);
}

/** Right after login: the guest cart goes into the server basket. Answers
 * the lines the server could not take whole (capped at stock...). */
export async function mergeAfterLogin() {
  const lines = guestLines();
  if (lines.length === 0) return [];
  const merged = await api("/basket/merge", { method: "POST", auth: true, body: { lines } });
  localStorage.removeItem(GUEST_KEY);
  return merged.skipped;
}

export function guestCount() {
  return guestLines().reduce((sum, line) => sum + line.quantity, 0);
}
