/* One write request: its headers (token, Idempotency-Key, If-Match), the token refresh an
 * expired session needs, and what the answer means, read from the contract's error codes
 * (never from English text). Knows nothing of queues or entity kinds.
 */

import { currentUserId as tokenUserId, getTokens, refreshTokens } from "./api.js";
import { parseRetryAfter } from "./backoff.js";

const TOKEN_MARGIN_SECONDS = 30;
const LAST_USER_KEY = "tracktory:queue-user";

/** No answer from the server at all. */
export class NetworkError extends Error {}
/** The session cannot be renewed: the user must sign in again. */
export class SignInNeeded extends Error {}

// ---- whose queue ----------------------------------------------------------------------------

/** Whose writes these are: the signed-in user (from the access token, expired or not), or,
 * when the session ended without a sign-out, the last one, whose entries wait for them. */
export function queueOwner() {
  const userId = tokenUserId();
  if (userId) {
    localStorage.setItem(LAST_USER_KEY, userId);
    return userId;
  }
  return localStorage.getItem(LAST_USER_KEY);
}

/** On sign-out: this user's entries stay stored for them, but are no longer shown. */
export function forgetQueueOwner() {
  localStorage.removeItem(LAST_USER_KEY);
}

// ---- what an answer means -------------------------------------------------------------------

const RETRY_CODES = new Set(["IDEMPOTENCY_IN_PROGRESS", "RATE_LIMITED", "SERVICE_UNAVAILABLE"]);
const CONFLICT_CODES = new Set(["PRECONDITION_FAILED", "CONFLICT"]);

export const errorOf = (result) =>
  (result.json && result.json.error) || { code: `HTTP_${result.status}`, message: `The server answered ${result.status}.`, details: {} };

/**
 * "done" | "retry" (may pass: wait, try again; `retryAfter` seconds when the server said) |
 * "conflict" (a stale version: PRECONDITION_FAILED or CONFLICT on an edit) | "rejected"
 * (permanent, shown to the user; IDEMPOTENCY_KEY_REUSED among them).
 */
export function outcomeOf(result, { method = "POST" } = {}) {
  if (result.ok) return { kind: "done" };
  if (method === "DELETE" && result.status === 404) return { kind: "done" }; // already gone
  const error = errorOf(result);
  const retryAfter = parseRetryAfter(result.headers && result.headers.get && result.headers.get("Retry-After"));
  if (RETRY_CODES.has(error.code) || result.status >= 500 || result.status === 429 || result.status === 0) {
    return { kind: "retry", httpStatus: result.status, error, retryAfter };
  }
  // Servers before IDEMPOTENCY_IN_PROGRESS existed answered a held key with a CONFLICT
  // about the `idempotencyKey` field: the first copy is still running, so wait.
  if (error.code === "CONFLICT" && error.details && "idempotencyKey" in error.details) {
    return { kind: "retry", httpStatus: result.status, error, retryAfter };
  }
  if (CONFLICT_CODES.has(error.code) && method !== "POST") return { kind: "conflict", httpStatus: result.status, error };
  return { kind: "rejected", httpStatus: result.status, error };
}

// ---- tokens -----------------------------------------------------------------------------------

function tokenExpiry(token) {
  try {
    const payload = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    return Number(payload.exp) || 0;
  } catch {
    return 0;
  }
}

const accessIsFresh = () => {
  const tokens = getTokens();
  return Boolean(tokens && tokens.access) &&
    tokenExpiry(tokens.access) - TOKEN_MARGIN_SECONDS > Date.now() / 1000;
};

/** Refresh an expired (or rejected) access token; SignInNeeded when that is impossible. */
async function refreshOrPause() {
  try {
    await refreshTokens();
  } catch (error) {
    // No answer at all is the network's fault, not the session's: try again later.
    if (error && error.status === 0) throw new NetworkError(error.message);
  }
  if (!accessIsFresh()) throw new SignInNeeded("Sign in again to sync your changes.");
}

// ---- one request ------------------------------------------------------------------------------

async function sendOnce({ method, path, body, idempotencyKey, ifMatch, file }) {
  const tokens = getTokens();
  const headers = { Accept: "application/json" };
  if (tokens && tokens.access) headers.Authorization = `Bearer ${tokens.access}`;
  if (idempotencyKey && method !== "DELETE") headers["Idempotency-Key"] = idempotencyKey;
  if (ifMatch) headers["If-Match"] = ifMatch;
  let payload;
  if (file) {
    payload = new FormData();
    payload.append("file", file.blob, file.name || "photo.jpg");
    if (file.altText) payload.append("altText", file.altText);
  } else if (body !== undefined && body !== null) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body: payload, cache: "no-store" });
  } catch (error) {
    throw new NetworkError(error.message || "network error");
  }
  const json = await response.json().catch(() => null);
  return { status: response.status, ok: response.ok, headers: response.headers, json };
}

/** Send one request as the signed-in user, renewing an expired token first (and once more
 * on a 401). Resolves to {status, ok, headers, json}; throws NetworkError or SignInNeeded. */
export async function send(request) {
  if (!accessIsFresh()) await refreshOrPause();
  let result = await sendOnce(request);
  if (result.status === 401) {
    await refreshOrPause();
    result = await sendOnce(request);
    if (result.status === 401) throw new SignInNeeded("Sign in again to sync your changes.");
  }
  return result;
}
