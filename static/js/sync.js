/* Replaying the offline queue, and the always-visible sync state (banner, pending count).
 *
 * When: the browser comes online, the app returns to the foreground, the page loads, a
 * backoff timer fires, or the user presses "Sync now" (Background Sync is not relied on:
 * iOS does not deliver it). Entries go strictly in order, one at a time.
 *
 * A failure that may pass (no network, 5xx, 429, an idempotency key still held by the first
 * copy of the request) is retried after 1, 2, 4, 8 s (±20 % jitter); after 5 tries the entry
 * stops the queue and is shown with "Retry" and "Discard". A 4xx is shown at once. An
 * expired access token is refreshed first; if that fails the queue pauses and asks the user
 * to sign in, keeping every entry. A 409 on an edit is a conflict: the server's version is
 * fetched, this device's change is applied over it (last write wins) and both versions are
 * shown, with "Keep theirs" to put the other one back.
 */

import { forgetCachedReads, getTokens, readsAffectedBy, refreshTokens } from "./api.js";
import {
  CHANGED_EVENT,
  deleteEntry,
  IMAGES_PATH,
  isRetryable,
  listEntries,
  NetworkError,
  rememberServerId,
  resolvePath,
  saveEntry,
  sendRequest,
  submitWrite,
} from "./offline-queue.js";

export const BACKOFF_SECONDS = [1, 2, 4, 8];
export const MAX_TRIES = 5;
export const JITTER = 0.2;
const TOKEN_MARGIN_SECONDS = 30;
const NOTICES_KEY = "tracktory:sync-notices";
/** Fired on window after each queued write reaches the server ({path, data}). */
export const SYNCED_EVENT = "tracktory:synced";

export class SignInNeeded extends Error {}

/** Milliseconds to wait after the `tries`-th failed try (1-based): 1, 2, 4, 8 s ±20 %. */
export function backoffDelay(tries, random = Math.random) {
  const base = BACKOFF_SECONDS[Math.min(Math.max(tries, 1), BACKOFF_SECONDS.length) - 1];
  return Math.round(base * 1000 * (1 + (random() * 2 - 1) * JITTER));
}

// ---- tokens --------------------------------------------------------------------------------

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

async function ensureFreshToken() {
  if (!accessIsFresh()) await refreshOrPause();
}

async function sendAuthorized(request) {
  let result = await sendRequest(request);
  if (result.status === 401) {
    await refreshOrPause();
    result = await sendRequest(request);
    if (result.status === 401) throw new SignInNeeded("Sign in again to sync your changes.");
  }
  return result;
}

// ---- one entry -----------------------------------------------------------------------------

const errorOf = (result) =>
  (result.json && result.json.error) || { code: `HTTP_${result.status}`, message: `HTTP ${result.status}` };

async function persist(entry) {
  if (entry.seq !== undefined) await saveEntry(entry);
}

function classify(entry, result) {
  if (result.ok) return { kind: "done" };
  if (entry.method === "DELETE" && result.status === 404) return { kind: "done" }; // already gone
  if (isRetryable(result)) return { kind: "retry", httpStatus: result.status, error: errorOf(result) };
  if (result.status === 409 && entry.method !== "POST") return { kind: "conflict" };
  return { kind: "rejected", httpStatus: result.status, error: errorOf(result) };
}

/** Last write wins: fetch the server's version, re-apply ours over it, keep both to show. */
async function overwriteConflict(entry, path) {
  const current = await sendAuthorized({ method: "GET", path });
  if (entry.method === "DELETE" && current.status === 404) return { kind: "done" };
  if (!current.ok) return { kind: "rejected", httpStatus: current.status, error: errorOf(current) };
  const theirs = current.json.data;
  entry.ifMatch = current.headers.get("ETag");
  // The old key is bound to the refused request; this is a new one.
  entry.idempotencyKey = crypto.randomUUID();
  await persist(entry);
  const result = await sendAuthorized(requestFor(entry, path));
  const outcome = classify(entry, result);
  if (outcome.kind === "conflict") return { kind: "retry", httpStatus: 409, error: errorOf(result) };
  if (outcome.kind === "done" && entry.method !== "DELETE") {
    addNotice({ kind: "conflict", path, method: entry.method, mine: entry.body, theirs, at: Date.now() });
  }
  return { ...outcome, result };
}

const requestFor = (entry, path) => ({
  method: entry.method,
  path,
  body: entry.body,
  idempotencyKey: entry.idempotencyKey,
  ifMatch: entry.ifMatch,
});

/**
 * Run every remaining step of one entry (the write, then each photo), saving progress after
 * each. A 409 on an edit is settled last-write-wins (`resolveConflicts`, the replay) or
 * returned as rejected (a write sent while the user watches: they choose). Returns {kind: "done"|"retry"|"rejected", httpStatus, data, error, entry}; throws
 * SignInNeeded (the queue pauses) or NetworkError (retried).
 */
export async function sendEntry(entry, { resolveConflicts = true } = {}) {
  await ensureFreshToken();
  const photosOnly = IMAGES_PATH.test(entry.path) && entry.method === "POST";
  let data = null;
  let httpStatus = 200;
  if (!entry.writeDone && !photosOnly) {
    const path = await resolvePath(entry.path);
    let result = await sendAuthorized(requestFor(entry, path));
    let outcome = classify(entry, result);
    if (outcome.kind === "conflict" && resolveConflicts) {
      outcome = await overwriteConflict(entry, path);
      result = outcome.result || result;
    } else if (outcome.kind === "conflict") {
      outcome = { kind: "rejected", httpStatus: 409, error: errorOf(result) };
    }
    if (outcome.kind !== "done") return { ...outcome, entry };
    data = result.json ? result.json.data : null;
    httpStatus = result.status;
    entry.writeDone = true;
    entry.serverId = (data && data.id) || null;
    if (entry.serverId) await rememberServerId(entry.tempId, entry.serverId);
    await persist(entry);
  }
  for (const file of entry.files || []) {
    if (file.done) continue;
    const itemId = photosOnly ? (await resolvePath(entry.path)).match(IMAGES_PATH)[1] : entry.serverId;
    if (!itemId) break;
    const result = await sendAuthorized({
      method: "POST",
      path: `/api/items/${itemId}/images`,
      idempotencyKey: file.idempotencyKey,
      file,
    });
    const outcome = classify(entry, result);
    if (outcome.kind !== "done") return { ...outcome, entry };
    file.done = true;
    if (photosOnly) data = result.json ? result.json.data : null;
    await persist(entry);
  }
  // The worker's cached reads of what this wrote are now wrong: drop them.
  await forgetCachedReads(readsAffectedBy(entry.path)).catch(() => {});
  return { kind: "done", httpStatus, data, entry };
}

// ---- the replay loop -------------------------------------------------------------------------

let running = null;
let timer = null;
let pausedForSignIn = false;

/** Replay the queue now (single-flight). `manual`: the user asked, skip backoff waits and
 * give entries that used up their tries another round. */
export function replayQueue({ manual = false } = {}) {
  if (running) return running.then(() => (manual ? replayQueue({ manual }) : undefined));
  running = acrossTabs(() => drain(manual)).finally(() => {
    running = null;
    render();
  });
  return running;
}

/** One tab replays at a time: another waits its turn, then finds what is left (sending the
 * same entry twice would only be answered by an idempotent replay, but need not happen).
 * Without the Web Locks API, each tab replays on its own. */
function acrossTabs(work) {
  if (!navigator.locks) return work();
  return navigator.locks.request("tracktory-sync", () => work());
}

export function scheduleReplay(at = Date.now()) {
  clearTimeout(timer);
  timer = setTimeout(() => replayQueue(), Math.max(0, at - Date.now()));
}

async function drain(manual) {
  pausedForSignIn = false;
  while (navigator.onLine) {
    const [entry] = await listEntries();
    if (!entry) return;
    if (entry.status === "rejected" || (entry.status === "failed" && !manual)) return;
    if (entry.status === "failed") Object.assign(entry, { status: "pending", tries: 0 });
    if (!manual && entry.nextAttemptAt > Date.now()) {
      scheduleReplay(entry.nextAttemptAt);
      return;
    }
    let outcome;
    try {
      outcome = await sendEntry(entry);
    } catch (error) {
      if (error instanceof SignInNeeded) {
        pausedForSignIn = true;
        return;
      }
      if (!(error instanceof NetworkError)) throw error;
      if (!navigator.onLine) return; // gone offline: not a try; "online" resumes
      outcome = { kind: "retry", error: { code: "NETWORK", message: "The server could not be reached." } };
    }
    if (outcome.kind === "done") {
      await deleteEntry(entry.seq);
      window.dispatchEvent(new CustomEvent(SYNCED_EVENT, { detail: { path: entry.path, data: outcome.data } }));
      continue;
    }
    entry.lastError = outcome.error || null;
    if (outcome.kind === "rejected") {
      entry.status = "rejected";
      await saveEntry(entry);
      return;
    }
    entry.tries = (entry.tries || 0) + 1;
    if (entry.tries >= MAX_TRIES) {
      entry.status = "failed";
      await saveEntry(entry);
      return;
    }
    entry.nextAttemptAt = Date.now() + backoffDelay(entry.tries);
    await saveEntry(entry);
    scheduleReplay(entry.nextAttemptAt);
    return;
  }
}

export async function retryEntry(seq) {
  const entry = (await listEntries()).find((candidate) => candidate.seq === seq);
  if (!entry) return;
  Object.assign(entry, { status: "pending", tries: 0, nextAttemptAt: 0, lastError: null });
  await saveEntry(entry);
  await replayQueue({ manual: true });
}

export async function discardEntry(seq) {
  await deleteEntry(seq);
  await replayQueue();
}

// ---- conflict notices ------------------------------------------------------------------------

function readNotices() {
  try {
    return JSON.parse(localStorage.getItem(NOTICES_KEY) || "[]");
  } catch {
    return [];
  }
}

function addNotice(notice) {
  localStorage.setItem(NOTICES_KEY, JSON.stringify([...readNotices(), notice].slice(-20)));
}

function dropNotice(at) {
  localStorage.setItem(NOTICES_KEY, JSON.stringify(readNotices().filter((n) => n.at !== at)));
  render();
}

/** "Keep theirs": put the other version's values back for the fields this device changed. */
async function keepTheirs(notice) {
  const fields = Object.keys(notice.mine || {});
  const body = Object.fromEntries(fields.map((field) => [field, notice.theirs[field] ?? null]));
  const result = await submitWrite({ method: "PATCH", path: notice.path, body });
  if (result.status === "queued" || result.ok) dropNotice(notice.at);
}

// ---- what the user sees ------------------------------------------------------------------------

const describe = (entry) => {
  const name = entry.body && entry.body.name ? `“${entry.body.name}”` : entry.path;
  const verb = { POST: "Add", PUT: "Save", PATCH: "Save", DELETE: "Delete" }[entry.method] || entry.method;
  return `${verb} ${name}`;
};

function element(tag, { text, className, attrs = {} } = {}, children = []) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function problemsRegion() {
  let region = document.querySelector("[data-sync-problems]");
  if (!region) {
    region = element("section", {
      className: "sync-problems",
      attrs: { "data-sync-problems": "", "aria-live": "polite", "aria-label": "Sync problems" },
    });
    (document.querySelector("main") || document.body).prepend(region);
  }
  return region;
}

function button(label, onClick, attrs = {}) {
  const node = element("button", { text: label, attrs: { type: "button", ...attrs } });
  node.addEventListener("click", onClick);
  return node;
}

function versionTable(notice) {
  const fields = Object.keys(notice.mine || {});
  const rows = fields.map((field) =>
    element("tr", {}, [
      element("th", { text: field, attrs: { scope: "row" } }),
      element("td", { text: String(notice.mine[field] ?? "—") }),
      element("td", { text: String((notice.theirs || {})[field] ?? "—") }),
    ]),
  );
  const head = element("tr", {}, [
    element("th", { text: "Field", attrs: { scope: "col" } }),
    element("th", { text: "This device (kept)", attrs: { scope: "col" } }),
    element("th", { text: "Other version", attrs: { scope: "col" } }),
  ]);
  return element("table", { className: "conflict-versions" }, [element("thead", {}, [head]), element("tbody", {}, rows)]);
}

async function render() {
  const banner = document.querySelector("[data-offline-banner]");
  if (banner) banner.hidden = navigator.onLine;
  let entries = [];
  try {
    entries = await listEntries();
  } catch {
    entries = [];
  }
  for (const node of document.querySelectorAll("[data-pending-count]")) node.textContent = String(entries.length);
  for (const node of document.querySelectorAll("[data-pending-indicator]")) node.hidden = entries.length === 0;
  for (const node of document.querySelectorAll("[data-sync-status]")) {
    node.textContent = pausedForSignIn
      ? `Signed out: sign in to sync ${entries.length} change(s).`
      : entries.length
        ? `${entries.length} change(s) waiting to sync.`
        : "Everything is synced.";
  }
  const stuck = entries.filter((entry) => entry.status === "failed" || entry.status === "rejected");
  const notices = readNotices();
  if (!stuck.length && !notices.length && !pausedForSignIn && !document.querySelector("[data-sync-problems]")) return;
  const region = problemsRegion();
  const items = [];
  if (pausedForSignIn) {
    items.push(element("p", { className: "sync-problem", attrs: { "data-sync-signin": "" } }, [
      `Your session has ended. ${entries.length} change(s) are kept on this device. `,
      element("a", { text: "Sign in to sync", attrs: { href: `/login?next=${encodeURIComponent(location.pathname)}` } }),
    ]));
  }
  for (const entry of stuck) {
    const why = entry.lastError ? entry.lastError.message : "It could not be saved.";
    const tries = entry.status === "failed" ? ` after ${entry.tries} tries` : "";
    items.push(element("div", { className: "sync-problem", attrs: { "data-sync-entry": String(entry.seq) } }, [
      element("p", { text: `${describe(entry)} did not sync${tries}: ${why}` }),
      button("Retry", () => retryEntry(entry.seq), { "data-sync-retry": "" }),
      button("Discard", () => discardEntry(entry.seq), { "data-sync-discard": "" }),
    ]));
  }
  for (const notice of notices) {
    items.push(element("div", { className: "sync-problem", attrs: { "data-sync-conflict": "" } }, [
      element("p", { text: "This item was changed elsewhere too. Your change was kept:" }),
      versionTable(notice),
      button("Keep theirs", () => keepTheirs(notice), { "data-sync-keep-theirs": "" }),
      button("Dismiss", () => dropNotice(notice.at)),
    ]));
  }
  region.replaceChildren(...items);
  region.hidden = items.length === 0;
}

// ---- wiring ------------------------------------------------------------------------------------

let started = false;

/** Start listening (once per page): called by sw-register.js on every page. */
export function startSync() {
  if (started) return;
  started = true;
  window.addEventListener("online", () => { render(); replayQueue(); });
  window.addEventListener("offline", () => render());
  window.addEventListener(CHANGED_EVENT, () => render());
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") replayQueue();
  });
  document.addEventListener("click", (event) => {
    const trigger = event.target.closest && event.target.closest("[data-sync-now]");
    if (trigger) {
      event.preventDefault();
      replayQueue({ manual: true });
    }
  });
  render();
  replayQueue();
}
