/* The offline write queue: nothing typed offline is ever lost.
 *
 * Every write the app makes goes through `submitWrite`. Online with nothing queued, it is
 * sent at once; offline, on a network failure or a 5xx/429, it is stored in IndexedDB
 * (store `offlineQueue`, one entry per write, in order) with its own Idempotency-Key, so
 * a replay that the server already applied is answered from the server's idempotency
 * record instead of writing twice. `sync.js` replays the queue.
 *
 * The sync protocol, per entry:
 *   1. the write itself (JSON), unless it already succeeded (`entry.serverId` is set);
 *      an item created offline has a temporary id (`pending-<uuid>`), and later entries
 *      that name it are rewritten to the server's id once it is known (`idMap` store);
 *   2. each photo (`entry.files`, Blobs kept in IndexedDB) as a multipart
 *      POST /api/items/{id}/images, each with its own Idempotency-Key, marked done one by one;
 *   3. the entry is deleted. Every step's progress is saved before the next one, so a tab
 *      closed or a connection dropped mid-replay resumes where it stopped.
 */

import { currentUserId as tokenUserId, getTokens } from "./api.js";

const DB_NAME = "tracktory-offline";
const DB_VERSION = 1;
export const QUEUE_STORE = "offlineQueue";
const ID_MAP_STORE = "idMap";
export const TEMP_PREFIX = "pending-";
export const CHANGED_EVENT = "tracktory:queue-changed";
const ITEMS_PATH = /^\/api\/items\/?$/;
const IMAGES_PATH = /^\/api\/items\/([^/]+)\/images\/?$/;

// ---- IndexedDB ---------------------------------------------------------------------------

let dbPromise = null;

function openDb() {
  dbPromise ||= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore(QUEUE_STORE, { keyPath: "seq", autoIncrement: true });
      db.createObjectStore(ID_MAP_STORE, { keyPath: "tempId" });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return dbPromise;
}

async function withStore(name, mode, work) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(name, mode);
    const store = tx.objectStore(name);
    let result;
    Promise.resolve(work(store)).then((value) => { result = value; }, reject);
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

const asPromise = (request) =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

function notifyChanged() {
  window.dispatchEvent(new CustomEvent(CHANGED_EVENT));
}

// ---- who is signed in ----------------------------------------------------------------------

const LAST_USER_KEY = "tracktory:queue-user";

/** Whose queue this is: the signed-in user (from the access token, expired or not), or,
 * when the session ended without a sign-out, the last one, whose entries wait for them. */
export function currentUserId() {
  const userId = tokenUserId();
  if (userId) {
    localStorage.setItem(LAST_USER_KEY, userId);
    return userId;
  }
  return localStorage.getItem(LAST_USER_KEY);
}

/** On sign-out: this user's entries stay stored for them, but are no longer shown. */
export function forgetQueueUser() {
  localStorage.removeItem(LAST_USER_KEY);
}

// ---- the queue -----------------------------------------------------------------------------

/** Every entry of the signed-in user, oldest first (the replay order). */
export async function listEntries() {
  const userId = currentUserId();
  const all = await withStore(QUEUE_STORE, "readonly", (store) => asPromise(store.getAll()));
  return all.filter((entry) => entry.userId === userId);
}

export async function pendingCount() {
  return (await listEntries()).length;
}

export async function saveEntry(entry) {
  await withStore(QUEUE_STORE, "readwrite", (store) => asPromise(store.put(entry)));
  notifyChanged();
}

export async function deleteEntry(seq) {
  await withStore(QUEUE_STORE, "readwrite", (store) => asPromise(store.delete(seq)));
  notifyChanged();
}

async function addEntry(entry) {
  const seq = await withStore(QUEUE_STORE, "readwrite", (store) => asPromise(store.add(entry)));
  notifyChanged();
  return { ...entry, seq };
}

export async function rememberServerId(tempId, serverId) {
  await withStore(ID_MAP_STORE, "readwrite", (store) => asPromise(store.put({ tempId, serverId })));
}

/** `path` with every temporary id the server has since named replaced by the real one. */
export async function resolvePath(path) {
  const temps = path.match(new RegExp(`${TEMP_PREFIX}[0-9a-f-]{36}`, "g")) || [];
  let resolved = path;
  for (const tempId of temps) {
    const row = await withStore(ID_MAP_STORE, "readonly", (store) => asPromise(store.get(tempId)));
    if (row) resolved = resolved.replace(tempId, row.serverId);
  }
  return resolved;
}

/** Items created offline and not yet on the server, shaped like the API's items, so the
 * grid, detail and search pages can show them at once, marked `pending`. */
export async function pendingItems() {
  const entries = await listEntries();
  const photosFor = (id) =>
    entries.filter((entry) => (entry.path.match(IMAGES_PATH) || [])[1] === id).flatMap((entry) => entry.files || []);
  return entries
    .filter((entry) => entry.method === "POST" && ITEMS_PATH.test(entry.path))
    .map((entry) => optimisticItem(entry, photosFor(entry.tempId)));
}

function optimisticItem(entry, laterPhotos = []) {
  return {
    ...(entry.body || {}),
    id: entry.serverId || entry.tempId,
    pending: true,
    syncState: entry.status,
    createdAt: entry.createdAt,
    updatedAt: entry.createdAt,
    images: [...(entry.files || []), ...laterPhotos].map((file, index) => {
      const url = URL.createObjectURL(file.blob);
      return { id: `${entry.tempId}-${index}`, thumbnailUrl: url, displayUrl: url, detailUrl: url };
    }),
  };
}

// ---- sending one request -------------------------------------------------------------------

export class NetworkError extends Error {}

/** Send one JSON write (or a multipart photo) with the current access token. */
export async function sendRequest({ method, path, body, idempotencyKey, ifMatch, file }) {
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
  let json = null;
  try {
    json = await response.clone().json();
  } catch {
    json = null;
  }
  return { status: response.status, ok: response.ok, headers: response.headers, json };
}

/** Whether an answer means "try the same request again later" rather than "it failed". */
export function isRetryable(result) {
  if (result.status >= 500 || result.status === 429 || result.status === 0) return true;
  const details = (result.json && result.json.error && result.json.error.details) || {};
  // The idempotency record is held by the first, still-running copy of this request.
  const key = [].concat(details.idempotencyKey || []);
  return result.status === 409 && key.some((m) => m === "In progress." || m === "Busy.");
}

// ---- the entry point for every write ---------------------------------------------------------

/**
 * Send a write now, or keep it for later.
 *
 * `files`: photos (Blob/File) for the item this write creates or names; each is uploaded
 * after the write succeeds, as multipart POST /api/items/{id}/images.
 *
 * Returns `{status: "sent", ok, httpStatus, data, error}` when the server answered, or
 * `{status: "queued", pending: true, seq, id, item}` when the write is waiting in the
 * queue (`item` is the optimistic item for a create, with the temporary `id`).
 */
export async function submitWrite({ method, path, body = null, idempotencyKey, ifMatch = null, files = [] }) {
  const entry = {
    userId: currentUserId(),
    method: method.toUpperCase(),
    path,
    body,
    ifMatch,
    idempotencyKey: idempotencyKey || crypto.randomUUID(),
    files: files.map((file) => ({
      blob: file.blob || file,
      name: file.name || "photo.jpg",
      altText: file.altText || "",
      idempotencyKey: crypto.randomUUID(),
      done: false,
    })),
    tempId: `${TEMP_PREFIX}${crypto.randomUUID()}`,
    serverId: null,
    status: "pending",
    tries: 0,
    nextAttemptAt: 0,
    lastError: null,
    createdAt: new Date().toISOString(),
  };
  // Order matters (an edit after its create): behind anything already queued, always queue.
  const queuedAhead = (await listEntries()).length > 0;
  if (navigator.onLine && !queuedAhead) {
    const sync = await import("./sync.js");
    let outcome;
    try {
      // Someone is looking at this write: a 409 goes back to them to choose.
      outcome = await sync.sendEntry(entry, { resolveConflicts: false });
    } catch (error) {
      if (!(error instanceof NetworkError || error instanceof sync.SignInNeeded)) throw error;
      outcome = error instanceof NetworkError
        ? { kind: "retry", error: { code: "NETWORK", message: error.message } }
        : { kind: "paused" };
    }
    if (outcome.kind === "done") {
      return { status: "sent", ok: true, httpStatus: outcome.httpStatus, data: outcome.data, error: null };
    }
    if (outcome.kind === "rejected") {
      return { status: "sent", ok: false, httpStatus: outcome.httpStatus, data: null, error: outcome.error };
    }
    // Unreachable, 5xx or an expired session: keep it; the sync loop takes over. That
    // first attempt counts as the first try.
    if (outcome.entry) Object.assign(entry, outcome.entry);
    if (outcome.kind === "retry") {
      const { backoffDelay } = await import("./sync.js");
      entry.tries = 1;
      entry.lastError = outcome.error || null;
      entry.nextAttemptAt = Date.now() + backoffDelay(1);
    }
  }
  const saved = await addEntry(entry);
  import("./sync.js").then((sync) => sync.scheduleReplay());
  const isCreate = saved.method === "POST" && ITEMS_PATH.test(saved.path);
  return {
    status: "queued",
    pending: true,
    seq: saved.seq,
    id: isCreate ? saved.serverId || saved.tempId : null,
    item: isCreate ? optimisticItem(saved) : null,
  };
}

export { IMAGES_PATH, ITEMS_PATH, openDb };
