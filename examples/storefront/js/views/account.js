// Log in and register (with the guest cart merged at login), the order
// history with status and tracking, one order, and the password reset page.
import * as auth from "../api.js";
import { api, ApiError } from "../api.js";
import * as cart from "../cart.js";
import { field, h, money, notice } from "../dom.js";
import { totals } from "./totals.js";

function authForm(id, title, button, onSubmit) {
  const status = h("div", {});
  const form = h(
    "form",
    { class: "auth", id },
    h("h2", {}, title),
    field("Email", h("input", { type: "email", name: "email", required: true, autocomplete: "email" })),
    field("Password", h("input", { type: "password", name: "password", required: true, autocomplete: id === "register" ? "new-password" : "current-password" })),
    h("button", { type: "submit" }, button),
    status,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      await onSubmit(data.get("email"), data.get("password"), status);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const wait = error.retryAfter ? ` Try again in ${error.retryAfter} s.` : "";
      status.replaceChildren(notice("error", error.message + wait));
    }
  });
  return form;
}

export function loginPage(_, { navigate, params, refreshHeader }) {
  const next = params.get("next") ?? "/account/";
  const afterLogin = async (status) => {
    const { skipped, refused } = await cart.mergeAfterLogin();
    refreshHeader();
    const notices = [];
    if (skipped.length) {
      notices.push(`Some cart lines were capped at the stock available: ${skipped.map((s) => s.product).join(", ")}.`);
    }
    notices.push(...refused); // e.g. a once-per-customer voucher used before
    if (notices.length) sessionStorage.setItem("shop.notice", notices.join(" "));
    status.replaceChildren(notice("success", "Welcome!"));
    navigate(next);
  };
  return h(
    "section",
    { class: "login" },
    h("h1", {}, "Your account"),
    h(
      "div",
      { class: "two-columns" },
      authForm("login", "Log in", "Log in", async (email, password, status) => {
        await auth.logIn(email, password);
        await afterLogin(status);
      }),
      authForm("register", "New customer", "Create account", async (email, password, status) => {
        await auth.register(email, password);
        await auth.logIn(email, password);
        await afterLogin(status);
      }),
    ),
  );
}

function trackingOf(order) {
  if (order.status === "shipped" || order.status === "delivered") return `tracking ${order.tracking_number}`;
  return "";
}

export async function accountPage(_, { navigate, refreshHeader }) {
  if (!auth.signedIn()) return navigate("/login/?next=/account/", { replace: true });
  const [profile, orders] = await Promise.all([api("/profile/", { auth: true }), api("/orders/", { auth: true })]);
  const logout = async () => {
    await auth.logOut();
    refreshHeader();
    navigate("/");
  };
  return h(
    "section",
    { class: "account" },
    h("h1", {}, "Your account"),
    h("p", {}, `Signed in as ${profile.email}. `, h("button", { type: "button", class: "link", onclick: logout }, "Log out")),
    h("h2", {}, "Your orders"),
    orders.results.length
      ? h(
          "table",
          { id: "orders" },
          h("thead", {}, h("tr", {}, ["Order", "Placed", "Status", "Total", "Tracking"].map((t) => h("th", {}, t)))),
          h(
            "tbody",
            {},
            orders.results.map((order) =>
              h(
                "tr",
                { dataset: { number: order.number } },
                h("td", {}, h("a", { href: `/orders/${order.id}/`, "data-link": true }, `#${order.number}`)),
                h("td", {}, new Date(order.created_at).toLocaleDateString()),
                h("td", { class: `status ${order.status}` }, order.status),
                h("td", {}, money(order.total, order.currency)),
                h("td", { class: "tracking" }, order.tracking_number || "—"),
              ),
            ),
          ),
        )
      : h("p", {}, "No orders yet."),
  );
}

export async function orderPage({ id }, { navigate }) {
  if (!auth.signedIn()) return navigate(`/login/?next=/orders/${id}/`, { replace: true });
  const order = await api(`/orders/${id}/`, { auth: true });
  const status = h("div", {});
  const cancel = async () => {
    try {
      await api(`/orders/${id}/cancel`, { method: "POST", auth: true });
      navigate(location.pathname, { replace: true });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      status.replaceChildren(notice("error", error.message));
    }
  };
  const canPay = order.status === "pending";
  return h(
    "section",
    { class: "order" },
    h("h1", {}, `Order #${order.number}`),
    h("p", { class: `status ${order.status}`, id: "order-status" }, `Status: ${order.status}`, trackingOf(order) ? ` (${trackingOf(order)})` : ""),
    order.payment ? h("p", {}, `Payment: ${order.payment.status} (${order.payment.provider})`) : null,
    h(
      "table",
      {},
      h("tbody", {}, order.lines.map((line) => h("tr", {}, h("td", {}, line.product_name), h("td", {}, `× ${line.quantity}`), h("td", {}, money(line.line_total, order.currency))))),
    ),
    totals(order, { totalId: "order-total" }),
    canPay ? h("a", { class: "button", href: `/checkout/?order=${order.id}`, "data-link": true }, "Pay now") : null,
    ["pending", "paid"].includes(order.status) ? h("button", { type: "button", class: "link", onclick: cancel }, "Cancel this order") : null,
    status,
  );
}

/** The page PASSWORD_RESET_URL points at: ?uid=...&token=... */
export function resetPasswordPage(_, { params, navigate }) {
  const status = h("div", {});
  const form = h(
    "form",
    { class: "auth", id: "reset" },
    h("h1", {}, "Choose a new password"),
    field("New password", h("input", { type: "password", name: "password", required: true, autocomplete: "new-password" })),
    h("button", { type: "submit" }, "Save"),
    status,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api("/auth/password-reset/confirm", {
        method: "POST",
        body: { uid: params.get("uid"), token: params.get("token"), password: new FormData(form).get("password") },
      });
      navigate("/login/");
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      status.replaceChildren(notice("error", error.has("invalid_token") ? "This link has expired: ask for a new one." : error.message));
    }
  });
  return form;
}
