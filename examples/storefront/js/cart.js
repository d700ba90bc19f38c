// The cart: a guest's lives in localStorage and is priced by
// POST /basket/quote; a signed-in customer's is the server basket. At login
// the guest cart is merged into the server basket (docs/guide/cart.md).
// Voucher codes: a guest's are kept next to the guest cart and sent with
// every quote; a signed-in customer's are in the server basket, and a
// guest's are applied to it after the merge (docs/guide/vouchers.md).
import { api, ApiError, signedIn } from "./api.js";

const GUEST_KEY = "shop.cart";
const CODES_KEY = "shop.vouchers";

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

function guestCodes() {
  try {
    return JSON.parse(localStorage.getItem(CODES_KEY) ?? "[]");
  } catch {
    return [];
  }
}

function saveGuestCodes(codes) {
  if (codes.length) localStorage.setItem(CODES_KEY, JSON.stringify(codes));
  else localStorage.removeItem(CODES_KEY);
}

/** Codes ignore case and surrounding spaces, as the shop does. */
const normalised = (code) => code.trim().toUpperCase();

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
  const codes = guestCodes();
  try {
    const quote = await api("/basket/quote", { method: "POST", body: { lines, voucher_codes: codes } });
    return { ...quote, guest: true };
  } catch (error) {
    // A kept code that no longer applies (expired, or the cart changed
    // under its minimum spend): drop the codes, price the cart without them.
    if (!(error instanceof ApiError) || !error.about("voucher_codes")) throw error;
    saveGuestCodes([]);
    const quote = await api("/basket/quote", { method: "POST", body: { lines } });
    return { ...quote, guest: true, dropped: error.about("voucher_codes") };
  }
}

/** Apply a voucher code: to the server basket, or kept with a guest's cart
 * once a quote accepts it. Throws the shop's refusal (a 400 whose code says
 * why: voucher_not_found, voucher_expired...). */
export async function applyCode(code) {
  if (signedIn()) {
    return api("/basket/vouchers", { method: "POST", auth: true, body: { code } });
  }
  const codes = [...new Set([...guestCodes(), normalised(code)])];
  await api("/basket/quote", { method: "POST", body: { lines: guestLines(), voucher_codes: codes } });
  saveGuestCodes(codes);
}

export async function removeCode(code) {
  if (signedIn()) {
    return api(`/basket/vouchers/${encodeURIComponent(code)}`, { method: "DELETE", auth: true });
  }
  saveGuestCodes(guestCodes().filter((kept) => kept !== normalised(code)));
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

/** Right after login: the guest cart goes into the server basket, then the
 * guest's voucher codes. Answers the lines the server could not take whole
 * (capped at stock...) and why codes were refused (a once-per-customer
 * voucher this customer used before: a guest's quote could not tell). */
export async function mergeAfterLogin() {
  const lines = guestLines();
  let skipped = [];
  if (lines.length) {
    const merged = await api("/basket/merge", { method: "POST", auth: true, body: { lines } });
    localStorage.removeItem(GUEST_KEY);
    skipped = merged.skipped;
  }
  const refused = [];
  for (const code of guestCodes()) {
    try {
      await api("/basket/vouchers", { method: "POST", auth: true, body: { code } });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 400) throw error;
      refused.push(error.message);
    }
  }
  saveGuestCodes([]);
  return { skipped, refused };
}

export function guestCount() {
  return guestLines().reduce((sum, line) => sum + line.quantity, 0);
}
