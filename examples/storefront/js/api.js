// The shop's API, as docs/guide/ describes it: JSON in and out, a bearer
// access token (kept in memory) refreshed with the refresh token (kept in
// localStorage, rotated on every refresh), and the one error shape
// {type, errors: [{code, detail, attr}]} turned into an ApiError.
import { API_URL } from "../config.js";

const REFRESH_KEY = "shop.refresh";
let accessToken = null;

export class ApiError extends Error {
  constructor(status, body, retryAfter) {
    const errors = body?.errors ?? [];
    super(errors.map((e) => e.detail).join(" ") || `HTTP ${status}`);
    this.status = status;
    this.errors = errors;
    this.retryAfter = retryAfter;
  }

  has(code) {
    return this.errors.some((e) => e.code === code);
  }

  /** The message for one form field (`attr`), if any. */
  about(field) {
    return this.errors.filter((e) => e.attr === field).map((e) => e.detail).join(" ");
  }
}

async function send(path, { method = "GET", body, headers = {}, auth = false } = {}) {
  const response = await fetch(API_URL + path, {
    method,
    headers: {
      Accept: "application/json",
      ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
      ...(auth && accessToken ? { Authorization: `Bearer ${accessToken}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = response.status === 204 || response.status === 202 ? null : await response.json();
  if (!response.ok) {
    throw new ApiError(response.status, data, Number(response.headers.get("Retry-After")) || null);
  }
  return data;
}

/** A call to the API; with `auth`, as the signed-in customer (refreshing
 * the access token once when it has expired). */
export async function api(path, options = {}) {
  try {
    return await send(path, options);
  } catch (error) {
    const expired = error instanceof ApiError && error.status === 401 && error.has("token_not_valid");
    if (!options.auth || !expired || !(await refresh())) throw error;
    return send(path, options);
  }
}

export function signedIn() {
  return accessToken !== null;
}

/** Log in; the caller merges the guest cart next. */
export async function logIn(email, password) {
  const tokens = await send("/auth/login", { method: "POST", body: { email, password } });
  keep(tokens);
}

export async function register(email, password) {
  return send("/auth/register", { method: "POST", body: { email, password } });
}

export async function logOut() {
  const refreshToken = localStorage.getItem(REFRESH_KEY);
  forget();
  if (refreshToken) {
    await send("/auth/logout", { method: "POST", body: { refresh: refreshToken } }).catch(() => {});
  }
}

/** On page load: a new access token from the stored refresh token, if any. */
export async function resume() {
  if (localStorage.getItem(REFRESH_KEY)) await refresh();
}

async function refresh() {
  const refreshToken = localStorage.getItem(REFRESH_KEY);
  if (!refreshToken) return false;
  try {
    keep(await send("/auth/refresh", { method: "POST", body: { refresh: refreshToken } }));
    return true;
  } catch {
    forget(); // spent, expired or revoked: the customer logs in again
    return false;
  }
}

function keep(tokens) {
  accessToken = tokens.access;
  localStorage.setItem(REFRESH_KEY, tokens.refresh);
}

function forget() {
  accessToken = null;
  localStorage.removeItem(REFRESH_KEY);
}
