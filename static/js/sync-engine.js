/* The sync engine: replays the offline queue, strictly in order, one entry at a time.
 *
 * When: the page asks (load, online, foreground, "Sync now") or a backoff timer fires
 * (Background Sync is not relied on: iOS does not deliver it). One tab replays at a time
 * (Web Locks). Per entry:
 *   - its request comes from the entity registry; a temporary id (a create still queued
 *     or just sent) is replaced by the server's once known;
 *   - a failure that may pass (no network, 5xx, RATE_LIMITED, SERVICE_UNAVAILABLE,
 *     IDEMPOTENCY_IN_PROGRESS) is retried after 1, 2, 4, 8 s ±20 % (or the server's
 *     Retry-After); after 5 tries the entry stops the queue until the user retries it;
 *   - a conflict (PRECONDITION_FAILED, CONFLICT on an edit) is settled last-write-wins:
 *     the server's version is read, ours sent over it, both kept as a notice;
 *   - anything else is permanent: the entry stops the queue, shown with the server's reason;
 *   - a session that cannot be renewed pauses the queue, every entry kept.
 * The same Idempotency-Key goes with every try, so a retry the server already applied is
 * answered from its record instead of writing twice.
 */

import { KINDS, readPathFor, requestFor } from "./entities.js";
import { MAX_TRIES, retryDelay } from "./backoff.js";
import { deleteEntry, listEntries, rememberServerId, saveEntry, serverIds } from "./queue-store.js";
import { errorOf, NetworkError, outcomeOf, queueOwner, send, SignInNeeded } from "./transport.js";
import { forgetCachedReads } from "./sw-client.js";

const NOTICES_KEY = "tracktory:sync-notices";
/** "synced" ({entry, data}) after a queued write reaches the server; "state" when the
 * engine stops, pauses or resumes. */
export const syncEvents = new EventTarget();

// ---- conflict notices (localStorage: they outlive the page that settled them) -----------

export function readNotices() {
  try {
    return JSON.parse(localStorage.getItem(NOTICES_KEY) || "[]");
  } catch {
    return [];
  }
}

function addNotice(notice) {
  localStorage.setItem(NOTICES_KEY, JSON.stringify([...readNotices(), notice].slice(-20)));
}

export function dropNotice(at) {
  localStorage.setItem(NOTICES_KEY, JSON.stringify(readNotices().filter((n) => n.at !== at)));
  syncEvents.dispatchEvent(new Event("state"));
}

// ---- one entry --------------------------------------------------------------------------------

async function persist(entry) {
  if (entry.seq !== undefined) await saveEntry(entry);
}

/** Last write wins: read the server's version, send ours over it, keep both to show. */
async function overwriteConflict(entry, ids, refused) {
  const path = readPathFor(entry, ids);
  const current = path ? await send({ method: "GET", path }) : null;
  if (current && entry.op === "delete" && current.status === 404) return { kind: "done" };
  // Nothing to write over (no readable version): the refusal stands, shown as it came.
  if (!current || !current.ok) return { kind: "rejected", httpStatus: refused.status, error: errorOf(refused) };
  const theirs = current.json.data;
  entry.ifMatch = current.headers.get("ETag");
  entry.idempotencyKey = crypto.randomUUID(); // the old key is bound to the refused request
  await persist(entry);
  const request = requestFor(entry, ids);
  const result = await send(request);
  const outcome = outcomeOf(result, request);
  if (outcome.kind === "conflict") return { kind: "retry", httpStatus: 409, error: errorOf(result) };
  if (outcome.kind === "done" && entry.op !== "delete") {
    addNotice({ kind: entry.kind, id: entry.id, path, mine: entry.body, theirs, at: Date.now() });
  }
  return { ...outcome, result };
}

/**
 * Send one entry. `resolveConflicts`: settle a conflict last-write-wins (the replay), or
 * return it as rejected (a write the user is watching: they choose).
 * Resolves to {kind: "done"|"retry"|"rejected", httpStatus, data, error, retryAfter};
 * throws SignInNeeded (pause) or NetworkError (retry).
 */
export async function sendEntry(entry, { resolveConflicts = true } = {}) {
  const ids = await serverIds();
  const request = requestFor(entry, ids);
  if (request.blockedBy) {
    return { kind: "rejected", httpStatus: 0,
      error: { code: "DEPENDENCY_MISSING", message: "What it belongs to was not saved.", details: {} } };
  }
  let result = await send(request);
  let outcome = outcomeOf(result, request);
  if (outcome.kind === "conflict" && resolveConflicts) {
    outcome = await overwriteConflict(entry, ids, result);
    result = outcome.result || result;
  } else if (outcome.kind === "conflict") {
    outcome = { ...outcome, kind: "rejected" };
  }
  if (outcome.kind !== "done") return outcome;
  const data = result.json ? result.json.data : null;
  if (entry.op === "create" && KINDS[entry.kind].createsId && data && data.id) {
    await rememberServerId(entry.id, data.id);
  }
  // The worker's cached reads of what this wrote are now wrong: drop them.
  await forgetCachedReads(KINDS[entry.kind].reads).catch(() => {});
  return { kind: "done", httpStatus: result.status, data };
}

// ---- the replay loop ----------------------------------------------------------------------------

let running = null;
let timer = null;
export const state = { pausedForSignIn: false };

/** Replay the queue now (single-flight). `manual`: the user asked: skip backoff waits and
 * give entries that used up their tries another round. */
export function replayQueue({ manual = false } = {}) {
  if (running) return running.then(() => (manual ? replayQueue({ manual }) : undefined));
  running = acrossTabs(() => drain(manual)).finally(() => {
    running = null;
    syncEvents.dispatchEvent(new Event("state"));
  });
  return running;
}

/** One tab replays at a time: another waits its turn, then finds what is left. Without the
 * Web Locks API, each tab replays on its own (an idempotent replay answers a double). */
function acrossTabs(work) {
  if (!navigator.locks) return work();
  return navigator.locks.request("tracktory-sync", () => work());
}

export function scheduleReplay(at = Date.now()) {
  clearTimeout(timer);
  timer = setTimeout(() => replayQueue(), Math.max(0, at - Date.now()));
}

/** After a failed try: count it, and either schedule the next or stop for the user. */
export async function recordFailure(entry, outcome) {
  entry.lastError = outcome.error || null;
  if (outcome.kind === "rejected") {
    entry.status = "rejected";
  } else {
    entry.tries = (entry.tries || 0) + 1;
    if (entry.tries >= MAX_TRIES) entry.status = "failed";
    else entry.nextAttemptAt = Date.now() + retryDelay(entry.tries, outcome.retryAfter);
  }
  if (entry.seq !== undefined) await saveEntry(entry);
  if (entry.status === "pending" && entry.seq !== undefined) scheduleReplay(entry.nextAttemptAt);
}

async function drain(manual) {
  state.pausedForSignIn = false;
  while (navigator.onLine) {
    const [entry] = await listEntries(queueOwner());
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
        state.pausedForSignIn = true;
        return;
      }
      if (!(error instanceof NetworkError)) throw error;
      if (!navigator.onLine) return; // gone offline: not a try; "online" resumes
      outcome = { kind: "retry", error: { code: "NETWORK_ERROR", message: "The server could not be reached." } };
    }
    if (outcome.kind !== "done") {
      await recordFailure(entry, outcome);
      return;
    }
    await deleteEntry(entry.seq);
    syncEvents.dispatchEvent(new CustomEvent("synced", { detail: { entry, data: outcome.data } }));
  }
}

export async function retryEntry(seq) {
  const entry = (await listEntries(queueOwner())).find((candidate) => candidate.seq === seq);
  if (!entry) return;
  Object.assign(entry, { status: "pending", tries: 0, nextAttemptAt: 0, lastError: null });
  await saveEntry(entry);
  await replayQueue({ manual: true });
}

export async function discardEntry(seq) {
  await deleteEntry(seq);
  await replayQueue();
}
