// The product page: images, price, availability, rating, reviews, "add to
// cart", and a review form for signed-in customers.
import { api, ApiError, signedIn } from "../api.js";
import * as cart from "../cart.js";
import { field, h, money, notice, stars } from "../dom.js";

function gallery(product) {
  if (product.images.length === 0) return h("div", { class: "no-image large" });
  const main = h("img", { class: "main-image", src: product.images[0].url, alt: product.images[0].alt || product.name });
  return h(
    "div",
    { class: "gallery" },
    main,
    product.images.length > 1
      ? h(
          "div",
          { class: "thumbs" },
          product.images.map((image) =>
            h("img", { src: image.url, alt: image.alt, onclick: () => main.setAttribute("src", image.url) }),
          ),
        )
      : null,
  );
}

function reviewForm(product) {
  const status = h("div", {});
  const form = h(
    "form",
    { class: "review-form", id: "review-form" },
    h("h3", {}, "Write a review"),
    field(
      "Rating",
      h("select", { name: "rating" }, [5, 4, 3, 2, 1].map((n) => h("option", { value: n }, `${n} ★`))),
    ),
    field("Comment", h("textarea", { name: "comment", maxlength: 5000, rows: 3 })),
    h("button", { type: "submit" }, "Send review"),
    status,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      const review = await api("/reviews/", {
        method: "POST",
        auth: true,
        body: { product: product.slug, rating: Number(data.get("rating")), comment: data.get("comment") },
      });
      status.replaceChildren(notice("success", `Thank you! Your review is ${review.status}: it appears once approved.`));
      form.querySelector("button").disabled = true;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const text = error.has("duplicate_review") ? "You have already reviewed this product." : error.message;
      status.replaceChildren(notice("error", text));
    }
  });
  return form;
}

export async function productPage({ slug }, { refreshHeader }) {
  let product;
  try {
    product = await api(`/products/${slug}/`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return h("section", {}, h("h1", {}, "Not found"), notice("error", "This product is not available."));
    throw error;
  }
  const reviews = await api(`/products/${slug}/reviews/`);
  const status = h("div", {});
  const quantity = h("input", { type: "number", name: "quantity", min: 1, max: Math.max(product.available_quantity, 1), value: 1 });
  const addForm = h(
    "form",
    { class: "add-to-cart", id: "add-to-cart" },
    field("Quantity", quantity),
    h("button", { type: "submit", disabled: !product.in_stock }, product.in_stock ? "Add to cart" : "Sold out"),
    status,
  );
  addForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await cart.add(product.slug, Number(quantity.value));
      status.replaceChildren(notice("success", `Added to your cart.`));
      refreshHeader();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      status.replaceChildren(notice("error", error.message)); // e.g. insufficient_stock
    }
  });
  return h(
    "section",
    { class: "product" },
    h("p", { class: "breadcrumb" }, h("a", { href: `/categories/${product.category?.slug}/`, "data-link": true }, product.category?.name ?? "")),
    h(
      "div",
      { class: "product-main" },
      gallery(product),
      h(
        "div",
        { class: "product-info" },
        h("h1", {}, product.name),
        h("p", { class: "price" }, money(product.price, product.currency)),
        h("p", { class: "rating", id: "rating" }, stars(product.rating.average), ` from ${product.rating.count} reviews`),
        h("p", { class: product.in_stock ? "stock" : "stock out" }, product.in_stock ? `${product.available_quantity} in stock` : "Sold out"),
        h("p", { class: "description" }, product.description),
        addForm,
      ),
    ),
    h(
      "section",
      { class: "reviews", id: "reviews" },
      h("h2", {}, `Reviews (${reviews.count})`),
      reviews.results.length
        ? h(
            "ul",
            {},
            reviews.results.map((r) =>
              h("li", {}, h("strong", {}, `${"★".repeat(r.rating)} ${r.reviewer}`), h("p", {}, r.comment), h("time", { datetime: r.created_at }, new Date(r.created_at).toLocaleDateString())),
            ),
          )
        : h("p", {}, "No reviews yet."),
      signedIn() ? reviewForm(product) : h("p", {}, h("a", { href: `/login/?next=/products/${slug}/`, "data-link": true }, "Log in"), " to write a review."),
    ),
  );
}
