import "fake-indexeddb/auto";

import assert from "node:assert/strict";
import { afterEach, test } from "node:test";

import {
  addEntry, closeDb, deleteEntry, listEntries, queueEvents, rememberServerId, saveEntry, serverIds,
} from "../../static/js/queue-store.js";

afterEach(async () => {
  closeDb();
  await new Promise((resolve) => {
    const request = indexedDB.deleteDatabase("tracktory-offline");
    request.onsuccess = request.onerror = request.onblocked = resolve;
  });
});

const entry = (userId, name) => ({ userId, kind: "item", op: "create", body: { name }, status: "pending" });

test("entries come back in the order they were added, per user", async () => {
  await addEntry(entry("ada", "first"));
  await addEntry(entry("bob", "not Ada's"));
  const second = await addEntry(entry("ada", "second"));

  const ada = await listEntries("ada");
  assert.deepEqual(ada.map((e) => e.body.name), ["first", "second"]);
  assert.equal(ada[1].seq, second.seq);
  assert.deepEqual((await listEntries("bob")).map((e) => e.body.name), ["not Ada's"]);
  assert.deepEqual(await listEntries("nobody"), []);
});

test("saving keeps an entry's place; deleting removes only it", async () => {
  const first = await addEntry(entry("ada", "first"));
  await addEntry(entry("ada", "second"));
  await saveEntry({ ...first, status: "failed", tries: 5 });

  let stored = await listEntries("ada");
  assert.deepEqual(stored.map((e) => [e.body.name, e.status]), [["first", "failed"], ["second", "pending"]]);
  await deleteEntry(first.seq);
  stored = await listEntries("ada");
  assert.deepEqual(stored.map((e) => e.body.name), ["second"]);
});

test("blobs are stored with their entry", async () => {
  await addEntry({ ...entry("ada", "photo"), file: { blob: new Blob(["jpeg bytes"]), name: "a.jpg" } });
  const [stored] = await listEntries("ada");
  assert.equal(stored.file.name, "a.jpg");
});

test("every change is announced", async () => {
  let changes = 0;
  const count = () => { changes += 1; };
  queueEvents.addEventListener("changed", count);
  const added = await addEntry(entry("ada", "x"));
  await saveEntry(added);
  await deleteEntry(added.seq);
  queueEvents.removeEventListener("changed", count);
  assert.equal(changes, 3);
});

test("server ids are remembered for temporary ones", async () => {
  await rememberServerId("pending-a", "srv-a");
  await rememberServerId("pending-b", "srv-b");
  assert.deepEqual([...(await serverIds())].sort(), [["pending-a", "srv-a"], ["pending-b", "srv-b"]]);
});

test("a version 1 queue is upgraded in place, its order and photo keys kept", async () => {
  await new Promise((resolve, reject) => {
    const request = indexedDB.open("tracktory-offline", 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      const queue = db.createObjectStore("offlineQueue", { keyPath: "seq", autoIncrement: true });
      db.createObjectStore("idMap", { keyPath: "tempId" });
      const temp = "pending-11111111-2222-3333-4444-555555555555";
      queue.add({ userId: "ada", method: "POST", path: "/api/items", body: { name: "Tent" }, tempId: temp,
        idempotencyKey: "k1", files: [{ blob: new Blob(["x"]), name: "t.jpg", idempotencyKey: "p1", done: false }] });
      queue.add({ userId: "ada", method: "DELETE", path: "/api/items/abc", idempotencyKey: "k2", files: [] });
    };
    request.onsuccess = () => { request.result.close(); resolve(); };
    request.onerror = () => reject(request.error);
  });

  const stored = await listEntries("ada");
  assert.deepEqual(stored.map((e) => [e.kind, e.op, e.idempotencyKey]),
    [["item", "create", "k1"], ["photo", "create", "p1"], ["item", "delete", "k2"]]);
  assert.equal(stored[1].itemId, stored[0].id);
});
