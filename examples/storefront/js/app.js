// The storefront's router: History API paths (the ones the shop's
// FRONTEND_URL links use), a header with the cart count, and one view per
// page. Links and forms marked data-link navigate without reloading.
import { resume, signedIn } from "./api.js";
import * as cart from "./cart.js";
import { h, notice } from "./dom.js";
import { accountPage, loginPage, orderPage, resetPasswordPage } from "./views/account.js";
import { cartPage } from "./views/cart.js";
import { categoryTree, productList } from "./views/catalogue.js";
import { checkoutPage } from "./views/checkout.js";
import { productPage } from "./views/product.js";

const ROUTES = [
  [/^\/$/, (_, context) => withCategories(productList({ params: context.params }))],
  [/^\/categories\/(?<category>[\w-]+)\/$/, ({ category }, context) => withCategories(productList({ category, params: context.params }))],
  [/^\/products\/(?<slug>[\w-]+)\/$/, productPage],
  [/^\/cart\/$/, cartPage],
  [/^\/login\/$/, loginPage],
  [/^\/account\/$/, accountPage],
  [/^\/orders\/(?<id>[\w-]+)\/$/, orderPage],
  [/^\/checkout\/$/, checkoutPage],
  [/^\/reset-password\/?$/, resetPasswordPage],
];

async function withCategories(content) {
  const [tree, main] = await Promise.all([categoryTree(), content]);
  return h("div", { class: "with-sidebar" }, tree, main);
}

const main = document.getElementById("app");
const cartCount = document.getElementById("cart-count");
const accountLink = document.getElementById("account-link");

async function refreshHeader() {
  accountLink.textContent = signedIn() ? "Your account" : "Log in";
  accountLink.setAttribute("href", signedIn() ? "/account/" : "/login/");
  try {
    const current = signedIn() ? await cart.load() : { num_items: cart.guestCount() };
    cartCount.textContent = String(current.num_items);
  } catch {
    cartCount.textContent = "?";
  }
}

async function render() {
  const params = new URLSearchParams(location.search);
  const context = { navigate, params, refreshHeader };
  const route = ROUTES.find(([pattern]) => pattern.test(location.pathname));
  main.setAttribute("aria-busy", "true");
  try {
    if (!route) {
      main.replaceChildren(h("h1", {}, "Not found"));
      return;
    }
    const match = location.pathname.match(route[0]);
    const view = await route[1]({ ...match.groups }, context);
    if (view) {
      const message = sessionStorage.getItem("shop.notice");
      sessionStorage.removeItem("shop.notice");
      main.replaceChildren(...(message ? [notice("info", message)] : []), view);
    }
  } catch (error) {
    console.error(error);
    main.replaceChildren(notice("error", `Something went wrong: ${error.message}`));
  } finally {
    main.setAttribute("aria-busy", "false");
  }
}

export function navigate(url, { replace = false } = {}) {
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  return render().then(() => null);
}

document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-link]");
  if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  navigate(link.getAttribute("href"));
});

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.matches("form[data-link]")) return;
  event.preventDefault();
  const query = new URLSearchParams();
  for (const [name, value] of new FormData(form)) if (value) query.set(name, value);
  navigate(`${form.getAttribute("action")}?${query}`);
});

document.getElementById("search").addEventListener("submit", (event) => {
  event.preventDefault();
  const words = new FormData(event.target).get("search");
  navigate(`/?${new URLSearchParams({ search: words })}`);
});

window.addEventListener("popstate", render);

await resume();
await refreshHeader();
await render();
document.body.dataset.ready = "true";
