/* The write API the pages call: every create, edit and delete of an item, photo, location or
 * category goes through `write` (nothing typed offline is ever lost).
 *
 *   write({kind, op, id, itemId, householdId, body, ifMatch, idempotencyKey, file, label})
 *     kind: a key of the entity registry (entities.js); op: "create" | "update" | "delete";
 *     id: what an update/delete names (a temporary id from a queued create is fine);
 *     itemId: the item a photo belongs to; householdId: the household an invitation or
 *     membership belongs to; file: {blob, name, altText} for a photo; label: how the
 *     write is shown while it waits, when its body does not name it.
 *   -> {status: "sent", ok, httpStatus, data, error}    the server answered now
 *   -> {status: "queued", pending: true, seq, id, item} kept for later; `id` is the
 *      temporary id of a create, `item` its optimistic item (kind "item")
 *
 * Online with nothing queued, a write is sent at once (a conflict goes back to the caller to
 * choose); offline, on no answer, a 5xx/429, or an expired session, it joins the queue (in
 * order: anything queued already means this one queues too) and the sync engine replays it.
 */

import { ApiError } from "./api.js";
import { isTempId, KINDS, newTempId, requestFor } from "./entities.js";
import { uploadPhoto as uploadDirect } from "./photos.js";
import { addEntry, listEntries, serverIds } from "./queue-store.js";
import { NetworkError, queueOwner, SignInNeeded } from "./transport.js";
import { recordFailure, scheduleReplay, sendEntry } from "./sync-engine.js";
import { forgetCachedReads } from "./sw-client.js";

export async function write({
  kind, op, id = null, itemId = null, householdId = null, body = null, ifMatch = null,
  idempotencyKey, file = null, label = null,
}) {
  if (!KINDS[kind] || !KINDS[kind].routes[op]) throw new Error(`No such write: ${kind} ${op}`);
  const entry = {
    userId: queueOwner(),
    kind,
    op,
    id: op === "create" ? newTempId() : id,
    itemId,
    householdId,
    label,
    body,
    file: file ? { blob: file.blob || file, name: file.name || "photo.jpg", altText: file.altText || "" } : null,
    ifMatch,
    idempotencyKey: idempotencyKey || crypto.randomUUID(),
    status: "pending",
    tries: 0,
    nextAttemptAt: 0,
    lastError: null,
    createdAt: new Date().toISOString(),
  };
  // Order matters (an edit after its create): behind anything already queued, or naming
  // something whose create has not reached the server yet, it always queues.
  const queuedAhead = (await listEntries(entry.userId)).length > 0;
  const waitsForCreate = Boolean(requestFor(entry, await serverIds()).blockedBy);
  if (navigator.onLine && !queuedAhead && !waitsForCreate) {
    let outcome;
    try {
      outcome = await sendEntry(entry, { resolveConflicts: false });
    } catch (error) {
      if (!(error instanceof NetworkError || error instanceof SignInNeeded)) throw error;
      outcome = error instanceof NetworkError
        ? { kind: "retry", error: { code: "NETWORK_ERROR", message: error.message } }
        : { kind: "paused" };
    }
    if (outcome.kind === "done") {
      return { status: "sent", ok: true, httpStatus: outcome.httpStatus, data: outcome.data, error: null };
    }
    if (outcome.kind === "rejected") {
      return { status: "sent", ok: false, httpStatus: outcome.httpStatus, data: null, error: outcome.error };
    }
    // Unreachable, 5xx or an expired session: keep it; that attempt was its first try.
    if (outcome.kind === "retry") await recordFailure(entry, outcome);
  }
  const saved = await addEntry(entry);
  scheduleReplay(saved.nextAttemptAt || Date.now());
  return {
    status: "queued",
    pending: true,
    seq: saved.seq,
    id: op === "create" ? saved.id : null,
    item: kind === "item" && op === "create" ? optimisticItem(saved, []) : null,
  };
}

/** One photo for an item that is on the server, uploaded now with progress (sign ->
 * upload -> confirm, straight to object storage). Resolves to the API's image; rejects
 * with ApiError (the page offers a retry, or `write` to keep it for later). */
export async function uploadPhoto(itemId, photo, options = {}) {
  if (isTempId(itemId)) throw new ApiError("NETWORK_ERROR", "The item is not on the server yet.", { status: 0 });
  const image = await uploadDirect(itemId, photo, options);
  await forgetCachedReads(KINDS.photo.reads).catch(() => {});
  return image;
}

// ---- what is waiting, as the pages show it ------------------------------------------------

function optimisticItem(entry, photos) {
  return {
    ...(entry.body || {}),
    id: entry.id,
    pending: true,
    syncState: entry.status,
    createdAt: entry.createdAt,
    updatedAt: entry.createdAt,
    images: photos.map((photo, index) => {
      const url = URL.createObjectURL(photo.file.blob);
      return { id: `${entry.id}-${index}`, thumbnailUrl: url, displayUrl: url, detailUrl: url };
    }),
  };
}

/** Items created offline and not yet on the server, shaped like the API's items (marked
 * `pending`, their queued photos as blob URLs), for the grid, detail and search pages. */
export async function pendingItems() {
  const entries = await listEntries(queueOwner());
  const photos = entries.filter((entry) => entry.kind === "photo" && entry.op === "create" && entry.file);
  return entries
    .filter((entry) => entry.kind === "item" && entry.op === "create")
    .map((entry) => optimisticItem(entry, photos.filter((photo) => photo.itemId === entry.id)));
}

/** Locations or categories (`kind`) created offline and not yet on the server. */
export async function pendingCreates(kind) {
  const entries = await listEntries(queueOwner());
  return entries
    .filter((entry) => entry.kind === kind && entry.op === "create")
    .map((entry) => ({ ...(entry.body || {}), id: entry.id, isDefault: false, pending: true }));
}
