// The totals under a cart, a basket or an order: the subtotal, one line per
// discount (a site offer's without a code, a voucher's with its code and,
// where the customer may, a Remove button), the vouchers that give nothing
// right now, shipping on an order, and the total (docs/guide/vouchers.md).
import { h, money } from "../dom.js";

/** `onRemove(code)`, when given, puts a Remove button on each voucher. */
export function totals(priced, { onRemove, totalId } = {}) {
  const currency = priced.currency;
  const remove = (code) =>
    onRemove ? h("button", { type: "button", class: "link", onclick: () => onRemove(code) }, "Remove") : null;
  const given = new Set(priced.discounts.map((line) => line.code));
  const idle = (priced.vouchers ?? []).filter((voucher) => !given.has(voucher.code));
  return h(
    "table",
    { class: "totals" },
    h(
      "tbody",
      {},
      h("tr", {}, h("th", {}, "Subtotal"), h("td", {}, money(priced.subtotal, currency)), h("td", {})),
      priced.discounts.map((line) =>
        h(
          "tr",
          { class: "discount", dataset: { code: line.code ?? "" } },
          h("th", {}, line.name, line.code ? h("small", { class: "code" }, line.code) : null),
          h("td", {}, `−${money(line.amount, currency)}`),
          h("td", {}, line.code ? remove(line.code) : null),
        ),
      ),
      idle.map((voucher) =>
        h(
          "tr",
          { class: "voucher-idle", dataset: { code: voucher.code } },
          h("th", {}, voucher.name, h("small", { class: "code" }, voucher.code)),
          h("td", { class: "hint" }, "no discount for this basket yet"),
          h("td", {}, remove(voucher.code)),
        ),
      ),
      priced.shipping !== undefined
        ? h("tr", {}, h("th", {}, "Shipping"), h("td", {}, money(priced.shipping, currency)), h("td", {}))
        : null,
      h("tr", { class: "total", id: totalId }, h("th", {}, "Total"), h("td", {}, h("strong", {}, money(priced.total, currency))), h("td", {})),
    ),
  );
}
