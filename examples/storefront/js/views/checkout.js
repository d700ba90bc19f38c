// Checkout: the shipping address, the basket's totals with its discount
// lines, the order (with an Idempotency-Key kept for retries of the same
// attempt; a voucher used meanwhile is removed, docs/guide/vouchers.md),
// and paying it with the sandbox (docs/guide/checkout.md, payments.md).
import { api, ApiError, signedIn } from "../api.js";
import * as cart from "../cart.js";
import { field, h, money, notice } from "../dom.js";
import { totals } from "./totals.js";

const ADDRESS_FIELDS = [
  ["first_name", "First name", "given-name"],
  ["last_name", "Last name", "family-name"],
  ["line1", "Address", "address-line1"],
  ["line4", "City", "address-level2"],
  ["postcode", "Postcode", "postal-code"],
  ["country", "Country (ISO code, e.g. GB)", "country"],
];

/** One key per checkout attempt, kept across retries and reloads. */
function attemptKey(name) {
  let key = sessionStorage.getItem(name);
  if (!key) {
    key = crypto.randomUUID();
    sessionStorage.setItem(name, key);
  }
  return key;
}

function paymentForm(order, navigate) {
  const status = h("div", {});
  const form = h(
    "form",
    { class: "payment", id: "payment" },
    h("h2", {}, `Pay ${money(order.total, order.currency)}`),
    field(
      "Card (sandbox)",
      h(
        "select",
        { name: "token" },
        h("option", { value: "tok_success" }, "Test card that succeeds"),
        h("option", { value: "tok_fail" }, "Test card that is declined"),
      ),
    ),
    h("button", { type: "submit" }, "Pay"),
    status,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const token = new FormData(form).get("token");
    const keyName = `shop.pay.${order.id}.${token}`;
    try {
      const payment = await api("/payments/", {
        method: "POST",
        auth: true,
        headers: { "Idempotency-Key": attemptKey(keyName) },
        body: { order: order.id, provider: "sandbox", token },
      });
      sessionStorage.removeItem(keyName); // the next attempt is a new one
      if (payment.status === "succeeded") return navigate(`/orders/${order.id}/`);
      const why = payment.failure_code ? ` (${payment.failure_code})` : "";
      status.replaceChildren(notice("error", `The payment was ${payment.status}${why}: try another card.`));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      status.replaceChildren(notice("error", error.message));
    }
  });
  return form;
}

export async function checkoutPage(_, { navigate, params, refreshHeader }) {
  if (!signedIn()) return navigate("/login/?next=/checkout/", { replace: true });
  if (params.get("order")) {
    const order = await api(`/orders/${params.get("order")}/`, { auth: true });
    return h("section", { class: "checkout" }, h("h1", {}, `Order #${order.number}`), paymentForm(order, navigate));
  }
  const [basket, addresses] = await Promise.all([api("/basket/", { auth: true }), api("/addresses/", { auth: true })]);
  if (basket.lines.length === 0) return navigate("/cart/", { replace: true });
  const saved = addresses.results[0] ?? {};
  const status = h("div", {});
  const form = h(
    "form",
    { class: "address", id: "address" },
    h("h2", {}, "Shipping address"),
    ADDRESS_FIELDS.map(([name, label, autocomplete]) =>
      field(label, h("input", { name, required: true, autocomplete, value: saved[name] ?? "" })),
    ),
    h("h2", {}, "Your order"),
    h("p", { class: "items" }, `${basket.num_items} items`),
    totals(basket, { totalId: "checkout-total" }),
    h("button", { type: "submit" }, "Place order"),
    status,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const address = Object.fromEntries(new FormData(form));
    try {
      const order = await api("/orders/", {
        method: "POST",
        auth: true,
        headers: { "Idempotency-Key": attemptKey("shop.order") },
        body: { shipping_address: address },
      });
      sessionStorage.removeItem("shop.order");
      refreshHeader();
      navigate(`/checkout/?order=${order.id}`);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.has("voucher_unavailable")) {
        // The checkout race: a voucher of the basket expired or was used by
        // another order meanwhile, and nothing was created. Take it out and
        // show the new total; the customer places the order again.
        const gone = basket.vouchers.filter((voucher) => error.message.includes(`'${voucher.code}'`));
        for (const voucher of gone) await cart.removeCode(voucher.code);
        if (gone.length) {
          const codes = gone.map((voucher) => voucher.code).join(", ");
          sessionStorage.setItem("shop.notice", `The voucher ${codes} can no longer be used and was removed: check the new total, then place your order.`);
          return navigate("/checkout/", { replace: true });
        }
      }
      for (const input of form.querySelectorAll("input")) {
        const message = error.about(`shipping_address.${input.name}`);
        input.closest("label").querySelector(".field-error")?.remove();
        if (message) input.after(h("small", { class: "field-error" }, message));
      }
      status.replaceChildren(notice("error", error.message)); // e.g. insufficient_stock
    }
  });
  return h("section", { class: "checkout" }, h("h1", {}, "Checkout"), form);
}
