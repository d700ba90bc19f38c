// The integration guide's flows (docs/guide/), written against the client
// generated from the OpenAPI schema: `make typecheck` regenerates
// generated/schema.d.ts with openapi-typescript and runs `tsc --noEmit`, so
// any change of the schema that would break a frontend fails CI.
//
// openapi-fetch sends typed requests: paths, query parameters, bodies and
// responses are checked against the schema (a boolean filter is a boolean,
// a status is one of the enum's values).
import createClient, { type Middleware } from "openapi-fetch";

import type { components, paths } from "./generated/schema";

type Schemas = components["schemas"];
export type Product = Schemas["Product"];
export type CartLine = Schemas["LineInputRequest"];
export type Order = Schemas["Order"];
export type Basket = Schemas["Basket"];
export type Discount = Schemas["Discount"];
export type ApiError = Schemas["ErrorResponse"];

/** The API's one error shape, thrown by the flows below. */
export class ShopApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError | undefined,
  ) {
    super(body?.errors.map((e) => `${e.code}: ${e.detail}`).join("; ") ?? `HTTP ${status}`);
  }

  /** The machine codes, e.g. insufficient_stock, token_not_valid. */
  get codes(): string[] {
    return this.body?.errors.map((e) => e.code) ?? [];
  }
}

function ok<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) {
    throw new ShopApiError(result.response.status, result.error as ApiError | undefined);
  }
  return result.data;
}

/** A client of the shop; `tokens` holds the signed-in customer's JWTs. */
export function shopClient(baseUrl: string, tokens: { access?: string } = {}) {
  const client = createClient<paths>({ baseUrl });
  const bearer: Middleware = {
    onRequest({ request }) {
      if (tokens.access) request.headers.set("Authorization", `Bearer ${tokens.access}`);
      return request;
    },
  };
  client.use(bearer);
  return client;
}
export type ShopClient = ReturnType<typeof shopClient>;

// -- browse and filter (docs/guide/catalogue.md) -------------------------------

export async function browse(api: ShopClient, category: string, search?: string) {
  const tree = ok(await api.GET("/api/v1/categories/"));
  const page = ok(
    await api.GET("/api/v1/products/", {
      params: {
        query: {
          category,
          in_stock: true,
          ordering: "price",
          min_price: 10,
          max_price: 200,
          page_size: 20,
          ...(search ? { search } : {}),
        },
      },
    }),
  );
  const names: string[] = tree.map((node) => node.name);
  const cheapest: Product | undefined = page.results[0];
  return { names, count: page.count, cheapest, next: page.next ?? null };
}

export async function productPage(api: ShopClient, slug: string) {
  const product = ok(await api.GET("/api/v1/products/{slug}/", { params: { path: { slug } } }));
  const reviews = ok(
    await api.GET("/api/v1/products/{slug}/reviews/", { params: { path: { slug } } }),
  );
  const stars: number | null = product.rating.average ?? null;
  const images: string[] = product.images.map((image) => image.url);
  const comments = reviews.results.map((r) => `${r.reviewer}: ${r.rating}/5 ${r.comment}`);
  return { product, stars, images, comments };
}

// -- the guest cart, priced by the server (docs/guide/cart.md) -----------------

export async function quote(api: ShopClient, lines: CartLine[]) {
  const priced = ok(await api.POST("/api/v1/basket/quote", { body: { lines } }));
  const short = priced.lines.filter((line) => line.quantity > line.available_quantity);
  return { total: `${priced.total} ${priced.currency}`, short };
}

// -- vouchers and offers (docs/guide/vouchers.md) -------------------------------

/** A guest's cart with the codes they typed: the same discount lines as a basket. */
export async function quoteWithCodes(api: ShopClient, lines: CartLine[], codes: string[]) {
  const priced = ok(
    await api.POST("/api/v1/basket/quote", { body: { lines, voucher_codes: codes } }),
  );
  return { discounts: priced.discounts, total: `${priced.total} ${priced.currency}` };
}

/** The totals under a cart: a site offer's line has no code (`null`). */
export function discountLines(priced: { subtotal: string; discounts: Discount[]; total: string }) {
  return [
    `Subtotal ${priced.subtotal}`,
    ...priced.discounts.map((line) => `${line.name}${line.code ? ` (${line.code})` : ""}: -${line.amount}`),
    `Total ${priced.total}`,
  ];
}

/** Apply a code to the basket: the basket, or why the shop refused it. */
export async function applyVoucher(
  api: ShopClient,
  code: string,
): Promise<{ basket: Basket } | { refused: string }> {
  const result = await api.POST("/api/v1/basket/vouchers", { body: { code } });
  if (result.response.status === 400) {
    // voucher_not_found, voucher_expired, voucher_minimum_spend_not_met...
    const error = result.error as ApiError | undefined;
    return { refused: error?.errors[0]?.code ?? "invalid" };
  }
  return { basket: ok(result) };
}

export async function removeVoucher(api: ShopClient, code: string) {
  const basket: Basket = ok(
    await api.DELETE("/api/v1/basket/vouchers/{code}", { params: { path: { code } } }),
  );
  const held: string[] = basket.vouchers.map((voucher) => voucher.code);
  return { basket, held };
}

// -- log in, then merge the guest cart ------------------------------------------

export async function logInAndMerge(
  api: ShopClient,
  tokens: { access?: string; refresh?: string },
  email: string,
  password: string,
  guestCart: CartLine[],
) {
  const pair = ok(await api.POST("/api/v1/auth/login", { body: { email, password } }));
  tokens.access = pair.access;
  tokens.refresh = pair.refresh;
  const basket = ok(await api.POST("/api/v1/basket/merge", { body: { lines: guestCart } }));
  const capped: string[] = basket.skipped.map((s) => `${s.product}: ${s.reason}`);
  return { basket, capped };
}

/** Access tokens live 15 minutes: on a 401, refresh once (rotation). */
export async function refresh(api: ShopClient, tokens: { access?: string; refresh?: string }) {
  if (!tokens.refresh) throw new Error("not signed in");
  const pair = ok(await api.POST("/api/v1/auth/refresh", { body: { refresh: tokens.refresh } }));
  tokens.access = pair.access;
  tokens.refresh = pair.refresh;
}

// -- checkout and payment (docs/guide/checkout.md, payments.md) ----------------

/** Place the order; a voucher used meanwhile (409 voucher_unavailable)
 * comes back as the codes to take out before trying again. */
export async function checkoutOrVoucherGone(api: ShopClient, idempotencyKey: string) {
  try {
    return { order: await checkout(api, idempotencyKey), gone: [] as string[] };
  } catch (error) {
    if (!(error instanceof ShopApiError) || !error.codes.includes("voucher_unavailable")) {
      throw error;
    }
    const basket = ok(await api.GET("/api/v1/basket/"));
    const gone = basket.vouchers
      .map((voucher) => voucher.code)
      .filter((code) => error.message.includes(`'${code}'`));
    for (const code of gone) await removeVoucher(api, code);
    return { order: null, gone };
  }
}

export async function checkout(api: ShopClient, idempotencyKey: string) {
  const order: Order = ok(
    await api.POST("/api/v1/orders/", {
      params: { header: { "Idempotency-Key": idempotencyKey } },
      body: {
        shipping_address: {
          first_name: "Ada",
          last_name: "Lovelace",
          line1: "12 St James's Square",
          line4: "London",
          postcode: "SW1Y 4JH",
          country: "GB",
        },
      },
    }),
  );
  return order;
}

export async function paySandbox(api: ShopClient, order: Order, idempotencyKey: string) {
  const payment = ok(
    await api.POST("/api/v1/payments/", {
      params: { header: { "Idempotency-Key": idempotencyKey } },
      body: { order: order.id, provider: "sandbox", token: "tok_success" },
    }),
  );
  switch (payment.status) {
    case "succeeded":
      return "paid";
    case "failed":
      return `declined (${payment.failure_code})`;
    case "pending":
      // Stripe without a PaymentMethod: confirm in the browser with Stripe.js.
      return payment.client_secret ? `confirm ${payment.client_secret}` : "waiting";
    case "refunded":
      return "refunded";
  }
}

// -- order tracking and a review (docs/guide/orders.md, reviews.md) ------------

export async function track(api: ShopClient) {
  const orders = ok(await api.GET("/api/v1/orders/", { params: { query: { page: 1 } } }));
  return orders.results.map((order) => {
    const shipped = order.status === "shipped" || order.status === "delivered";
    return `${order.number} ${order.status}${shipped ? ` (${order.tracking_number})` : ""}`;
  });
}

export async function review(api: ShopClient, product: string) {
  const created = ok(
    await api.POST("/api/v1/reviews/", { body: { product, rating: 5, comment: "Lovely." } }),
  );
  const pending: boolean = created.status === "pending";
  return pending;
}

/** Report someone else's review (docs/guide/reviews.md); a second report is a 409. */
export async function reportReview(api: ShopClient, reviewId: string) {
  const result = await api.POST("/api/v1/reviews/{id}/report", {
    params: { path: { id: reviewId } },
    body: { reason: "off_topic", note: "About the delivery, not the product." },
  });
  if (result.response.status === 409) return "reported already";
  const report = ok(result);
  return `reported as ${report.reason}`;
}

// -- wish lists (docs/guide/wishlists.md) ----------------------------------------

export type Wishlist = Schemas["Wishlist"];

export async function saveForLater(api: ShopClient, name: string, products: string[]) {
  const created: Wishlist = ok(await api.POST("/api/v1/wishlists/", { body: { name } }));
  let wishlist = created;
  for (const product of products) {
    const added = await api.POST("/api/v1/wishlists/{id}/items", {
      params: { path: { id: created.id } },
      body: { product },
    });
    if (added.response.status !== 409) wishlist = ok(added); // 409: on it already
  }
  const soldOut: string[] = wishlist.items
    .filter((item) => !item.product.in_stock)
    .map((item) => item.product.name);
  return { wishlist, soldOut };
}

/** Share a list; the link is the frontend's page, which reads it without a token. */
export async function share(api: ShopClient, anyone: ShopClient, wishlist: Wishlist) {
  const shared = ok(
    await api.PATCH("/api/v1/wishlists/{id}/", {
      params: { path: { id: wishlist.id } },
      body: { visibility: "shared" },
    }),
  );
  const seen = ok(
    await anyone.GET("/api/v1/wishlists/shared/{key}/", {
      params: { path: { key: shared.key } },
    }),
  );
  const prices = seen.items.map((item) => `${item.product.name}: ${item.product.price ?? "-"}`);
  return { link: `https://shop.example/wishlists/${shared.key}`, prices };
}
