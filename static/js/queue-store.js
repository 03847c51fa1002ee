/* The offline queue's storage: IndexedDB, nothing else (the bottom layer).
 *
 * Store `offlineQueue`: one entry per write, keyed by an increasing `seq` (the replay order),
 * each tagged with the user it belongs to. Store `idMap`: temporary id -> the server's id,
 * once a create queued offline has reached the server. Version 2 rewrote version 1's
 * entries (method + path) into the entity registry's shape (entities.js, upgradeLegacy).
 * Importable in node: `indexedDB` is only looked up when the database is first opened.
 */

import { upgradeLegacy } from "./entities.js";

const DB_NAME = "tracktory-offline";
const DB_VERSION = 2;
const QUEUE_STORE = "offlineQueue";
const ID_MAP_STORE = "idMap";

/** Fires "changed" after every write to the queue, for whoever shows it. */
export const queueEvents = new EventTarget();

let dbPromise = null;

const asPromise = (request) =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

function upgrade(db, transaction, oldVersion) {
  if (oldVersion < 1) {
    db.createObjectStore(QUEUE_STORE, { keyPath: "seq", autoIncrement: true });
    db.createObjectStore(ID_MAP_STORE, { keyPath: "tempId" });
    return;
  }
  if (oldVersion < 2) {
    const queue = transaction.objectStore(QUEUE_STORE);
    const idMap = transaction.objectStore(ID_MAP_STORE);
    queue.getAll().onsuccess = (event) => {
      const ids = new Map();
      const upgraded = event.target.result.flatMap((entry) => upgradeLegacy(entry, ids));
      queue.clear().onsuccess = () => {
        for (const entry of upgraded) {
          const { seq: _seq, ...fresh } = entry;
          queue.add(fresh);
        }
        for (const [tempId, serverId] of ids) idMap.put({ tempId, serverId });
      };
    };
  }
}

export function openDb() {
  dbPromise ||= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = (event) => upgrade(request.result, request.transaction, event.oldVersion);
    request.onsuccess = () => {
      const db = request.result;
      // Another tab opened a newer version: let it upgrade, reopen on next use.
      db.onversionchange = () => {
        db.close();
        dbPromise = null;
      };
      resolve(db);
    };
    request.onerror = () => reject(request.error);
  });
  return dbPromise;
}

/** Test helper: forget the open connection (a fresh fake IndexedDB per test). */
export function closeDb() {
  if (dbPromise) dbPromise.then((db) => db.close()).catch(() => {});
  dbPromise = null;
}

async function withStore(name, mode, work) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(name, mode);
    let result;
    Promise.resolve(work(tx.objectStore(name))).then((value) => { result = value; }, reject);
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

const changed = () => queueEvents.dispatchEvent(new Event("changed"));

/** Every entry of `userId`, oldest first (the replay order). */
export async function listEntries(userId) {
  const all = await withStore(QUEUE_STORE, "readonly", (store) => asPromise(store.getAll()));
  return all.filter((entry) => entry.userId === userId);
}

/** Stores a new entry at the end of the queue; resolves to it with its `seq`. */
export async function addEntry(entry) {
  const seq = await withStore(QUEUE_STORE, "readwrite", (store) => asPromise(store.add(entry)));
  changed();
  return { ...entry, seq };
}

export async function saveEntry(entry) {
  await withStore(QUEUE_STORE, "readwrite", (store) => asPromise(store.put(entry)));
  changed();
}

export async function deleteEntry(seq) {
  await withStore(QUEUE_STORE, "readwrite", (store) => asPromise(store.delete(seq)));
  changed();
}

export async function rememberServerId(tempId, serverId) {
  await withStore(ID_MAP_STORE, "readwrite", (store) => asPromise(store.put({ tempId, serverId })));
}

/** Temporary id -> server id, for every create that has reached the server. */
export async function serverIds() {
  const rows = await withStore(ID_MAP_STORE, "readonly", (store) => asPromise(store.getAll()));
  return new Map(rows.map((row) => [row.tempId, row.serverId]));
}
