// The cart page: the guest's cart priced by /basket/quote, or the server
// basket; quantities, removal, voucher codes, totals with their discount
// lines, and the way to checkout.
import { ApiError, signedIn } from "../api.js";
import * as cart from "../cart.js";
import { field, h, money, notice } from "../dom.js";
import { totals } from "./totals.js";

export async function cartPage(_, { navigate, refreshHeader }) {
  const current = await cart.load();
  const status = h("div", {});
  if (current.lines.length === 0) {
    return h("section", { class: "cart" }, h("h1", {}, "Your cart"), h("p", {}, "Your cart is empty."), h("a", { href: "/", "data-link": true }, "Browse products"));
  }
  const row = (line) => {
    const input = h("input", { type: "number", min: 0, value: line.quantity, "aria-label": `Quantity of ${line.product.name}` });
    const short = line.available_quantity !== undefined && line.quantity > line.available_quantity;
    const update = async (quantity) => {
      try {
        await cart.setQuantity(line, quantity);
        refreshHeader();
        navigate(location.pathname, { replace: true });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        status.replaceChildren(notice("error", error.message));
      }
    };
    input.addEventListener("change", () => update(Number(input.value)));
    return h(
      "tr",
      { dataset: { slug: line.product.slug } },
      h("td", {}, h("a", { href: `/products/${line.product.slug}/`, "data-link": true }, line.product.name), short ? h("small", { class: "field-error" }, ` only ${line.available_quantity} available`) : null),
      h("td", {}, money(line.unit_price, current.currency)),
      h("td", {}, input),
      h("td", { class: "line-total" }, money(line.line_total, current.currency)),
      h("td", {}, h("button", { type: "button", class: "link", onclick: () => update(0) }, "Remove")),
    );
  };
  const change = async (action) => {
    try {
      await action();
      navigate(location.pathname, { replace: true });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      status.replaceChildren(notice("error", error.message)); // e.g. voucher_not_found
    }
  };
  const voucherForm = h(
    "form",
    { class: "voucher", id: "voucher" },
    field("Voucher code", h("input", { name: "code", required: true, autocomplete: "off", spellcheck: "false" })),
    h("button", { type: "submit" }, "Apply"),
  );
  voucherForm.addEventListener("submit", (event) => {
    event.preventDefault();
    change(() => cart.applyCode(new FormData(voucherForm).get("code")));
  });
  return h(
    "section",
    { class: "cart" },
    h("h1", {}, "Your cart"),
    current.guest ? h("p", { class: "hint" }, "Kept in this browser until you log in; prices from the shop.") : null,
    current.dropped ? notice("info", `Your voucher was removed: ${current.dropped}`) : null,
    h(
      "table",
      {},
      h("thead", {}, h("tr", {}, ["Product", "Price", "Quantity", "Total", ""].map((t) => h("th", {}, t)))),
      h("tbody", {}, current.lines.map(row)),
    ),
    totals(current, { onRemove: (code) => change(() => cart.removeCode(code)), totalId: "cart-total" }),
    voucherForm,
    status,
    h("a", { class: "button", href: signedIn() ? "/checkout/" : "/login/?next=/checkout/", "data-link": true }, signedIn() ? "Checkout" : "Log in to check out"),
  );
}
