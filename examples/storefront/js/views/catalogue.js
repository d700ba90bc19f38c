// The category tree and the product list with filters, search and pages
// (docs/guide/catalogue.md).
import { api } from "../api.js";
import { h, money, stars } from "../dom.js";

export async function categoryTree() {
  const tree = await api("/categories/");
  const branch = (nodes) =>
    h(
      "ul",
      {},
      nodes.map((node) =>
        h(
          "li",
          {},
          h("a", { href: `/categories/${node.slug}/`, "data-link": true }, node.name),
          node.children.length ? branch(node.children) : null,
        ),
      ),
    );
  return h("nav", { class: "categories", "aria-label": "Categories" }, h("h2", {}, "Categories"), branch(tree));
}

function filterForm(params, category) {
  const base = category ? `/categories/${category}/` : "/";
  return h(
    "form",
    { class: "filters", id: "filters", action: base, "data-link": true },
    h("input", { type: "search", name: "search", placeholder: "Search", value: params.get("search") ?? "" }),
    h("label", {}, h("input", { type: "checkbox", name: "in_stock", value: "true", checked: params.get("in_stock") === "true" }), " In stock"),
    h("input", { type: "number", name: "min_price", min: 0, step: "0.01", placeholder: "Min price", value: params.get("min_price") ?? "" }),
    h("input", { type: "number", name: "max_price", min: 0, step: "0.01", placeholder: "Max price", value: params.get("max_price") ?? "" }),
    h(
      "select",
      { name: "ordering" },
      [
        ["", "Newest"],
        ["price", "Price, low to high"],
        ["-price", "Price, high to low"],
        ["-rating", "Best rated"],
        ["name", "Name"],
      ].map(([value, label]) => h("option", { value, selected: (params.get("ordering") ?? "") === value }, label)),
    ),
    h("button", { type: "submit" }, "Apply"),
  );
}

export function productCard(product) {
  const image = product.images[0];
  return h(
    "article",
    { class: "card", dataset: { slug: product.slug } },
    h(
      "a",
      { href: `/products/${product.slug}/`, "data-link": true },
      image ? h("img", { src: image.url, alt: image.alt || product.name, loading: "lazy" }) : h("div", { class: "no-image" }),
      h("h3", {}, product.name),
    ),
    h("p", { class: "price" }, money(product.price, product.currency)),
    h("p", { class: "rating" }, stars(product.rating.average), ` (${product.rating.count})`),
    h("p", { class: product.in_stock ? "stock" : "stock out" }, product.in_stock ? "In stock" : "Sold out"),
  );
}

/** "/" and "/categories/<slug>/": the list, filtered by the query string. */
export async function productList({ category, params }) {
  const query = new URLSearchParams();
  for (const name of ["search", "in_stock", "min_price", "max_price", "ordering", "page"]) {
    if (params.get(name)) query.set(name, params.get(name));
  }
  if (category) query.set("category", category);
  query.set("page_size", "12");
  const [page, heading] = await Promise.all([
    api(`/products/?${query}`),
    category ? api(`/categories/${category}/`) : null,
  ]);
  const current = Number(params.get("page") ?? 1);
  const pageLink = (number, label) => {
    const next = new URLSearchParams(params);
    next.set("page", number);
    return h("a", { href: `?${next}`, "data-link": true }, label);
  };
  return h(
    "section",
    { class: "listing" },
    heading
      ? h(
          "p",
          { class: "breadcrumb" },
          [...heading.ancestors, heading].map((c, i) => [i ? " › " : "", h("a", { href: `/categories/${c.slug}/`, "data-link": true }, c.name)]),
        )
      : null,
    h("h1", {}, heading ? heading.name : "All products"),
    filterForm(params, category),
    h("p", { class: "count" }, `${page.count} products`),
    h("div", { class: "grid" }, page.results.map(productCard)),
    h(
      "nav",
      { class: "pages" },
      page.previous ? pageLink(current - 1, "← Previous") : null,
      page.next ? pageLink(current + 1, "Next →") : null,
    ),
  );
}
