import assert from "node:assert/strict";
import { test } from "node:test";

import {
  describe, isTempId, newTempId, ownerOf, pendingThings, readPathFor, refusalReason, requestFor, resolveIds,
  upgradeLegacy,
} from "../../static/js/entities.js";

const TEMP = "pending-11111111-2222-3333-4444-555555555555";
const SERVER = "0d9e6c1a-7c55-4e2b-9d4e-2b6f1a3c8e10";

test("each kind builds its own request", () => {
  assert.deepEqual(
    pick(requestFor({ kind: "item", op: "create", id: TEMP, body: { name: "Drill" }, idempotencyKey: "k" })),
    { method: "POST", path: "/api/items", body: { name: "Drill" }, blockedBy: null });
  assert.deepEqual(
    pick(requestFor({ kind: "location", op: "update", id: SERVER, body: { name: "Shed" } })),
    { method: "PUT", path: `/api/locations/${SERVER}`, body: { name: "Shed" }, blockedBy: null });
  assert.deepEqual(
    pick(requestFor({ kind: "category", op: "delete", id: SERVER })),
    { method: "DELETE", path: `/api/categories/${SERVER}`, body: undefined, blockedBy: null });
  assert.deepEqual(
    pick(requestFor({ kind: "photo", op: "delete", id: SERVER })),
    { method: "DELETE", path: `/api/images/${SERVER}`, body: undefined, blockedBy: null });
});

test("a photo is sent as its file to its item's images", () => {
  const file = { blob: new Blob(["x"]), name: "a.jpg" };
  const request = requestFor({ kind: "photo", op: "create", id: newTempId(), itemId: SERVER, file });
  assert.equal(request.path, `/api/items/${SERVER}/images`);
  assert.equal(request.file, file);
  assert.equal(request.body, undefined);
});

test("temporary ids resolve to the server's once known, and block until then", () => {
  const photo = { kind: "photo", op: "create", id: newTempId(), itemId: TEMP, file: { blob: new Blob([]) } };
  assert.equal(requestFor(photo).blockedBy, TEMP);
  const ids = new Map([[TEMP, SERVER]]);
  assert.equal(requestFor(photo, ids).path, `/api/items/${SERVER}/images`);
  assert.equal(requestFor(photo, ids).blockedBy, null);

  const child = { kind: "location", op: "create", id: newTempId(), body: { name: "Shelf", parentId: TEMP } };
  assert.equal(requestFor(child).blockedBy, TEMP, "a parent created offline comes first");
  assert.deepEqual(requestFor(child, ids).body, { name: "Shelf", parentId: SERVER });
  assert.equal(readPathFor({ kind: "item", op: "update", id: TEMP }, ids), `/api/items/${SERVER}`);
});

test("resolving ids leaves everything else as it was", () => {
  const ids = new Map([[TEMP, SERVER]]);
  assert.deepEqual(resolveIds({ a: [TEMP, 1, null], b: "pending-not-an-id" }, ids),
    { a: [SERVER, 1, null], b: "pending-not-an-id" });
  assert.ok(isTempId(newTempId()));
  assert.ok(!isTempId(SERVER));
});

test("an unknown kind or operation is refused", () => {
  assert.throws(() => requestFor({ kind: "tag", op: "create" }), /Unknown entity kind/);
  assert.throws(() => requestFor({ kind: "photo", op: "update", id: SERVER }), /cannot be written/);
});

test("the pending count counts things: an item and its photos are one", () => {
  const entries = [
    { kind: "item", op: "create", id: TEMP, body: { name: "Drill" } },
    { kind: "photo", op: "create", id: newTempId(), itemId: TEMP },
    { kind: "photo", op: "create", id: newTempId(), itemId: TEMP },
    { kind: "item", op: "update", id: SERVER, body: { name: "Saw" } },
    { kind: "location", op: "create", id: newTempId(), body: { name: "Shed" } },
  ];
  assert.equal(ownerOf(entries[1]), `item:${TEMP}`);
  assert.equal(pendingThings(entries), 3);
  assert.equal(pendingThings([]), 0);
});

test("writes are described for the user", () => {
  assert.equal(describe({ kind: "item", op: "create", body: { name: "Kayak" } }), "Add “Kayak”");
  assert.equal(describe({ kind: "location", op: "delete", id: SERVER }), "Delete this location");
});

test("entries stored before the registry are upgraded, photo keys kept", () => {
  const blob = new Blob(["jpeg"]);
  const old = {
    userId: "7", method: "POST", path: "/api/items", body: { name: "Tent" }, idempotencyKey: "item-key",
    tempId: TEMP, serverId: null, writeDone: false, createdAt: "2026-01-01T00:00:00Z",
    files: [{ blob, name: "a.jpg", idempotencyKey: "photo-key", done: false },
      { blob, name: "b.jpg", idempotencyKey: "done-key", done: true }],
  };
  const [item, photo, ...rest] = upgradeLegacy(old);
  assert.deepEqual(rest, []);
  assert.deepEqual([item.kind, item.op, item.id, item.idempotencyKey, item.userId], ["item", "create", TEMP, "item-key", "7"]);
  assert.deepEqual([photo.kind, photo.op, photo.itemId, photo.idempotencyKey], ["photo", "create", TEMP, "photo-key"]);

  const ids = new Map();
  const sent = upgradeLegacy({ ...old, writeDone: true, serverId: SERVER }, ids);
  assert.deepEqual(sent.map((e) => e.kind), ["photo"]);
  assert.equal(ids.get(TEMP), SERVER);

  const [edit] = upgradeLegacy({ userId: "7", method: "PATCH", path: `/api/items/${SERVER}`, body: { name: "x" },
    ifMatch: '"v3"', idempotencyKey: "e" });
  assert.deepEqual([edit.kind, edit.op, edit.id, edit.ifMatch], ["item", "update", SERVER, '"v3"']);
  const [removal] = upgradeLegacy({ userId: "7", method: "DELETE", path: `/api/images/${SERVER}` });
  assert.deepEqual([removal.kind, removal.op, removal.id], ["photo", "delete", SERVER]);
  const [later] = upgradeLegacy({ userId: "7", method: "POST", path: `/api/items/${TEMP}/images`,
    files: [{ blob, name: "c.jpg", idempotencyKey: "c" }] });
  assert.deepEqual([later.kind, later.itemId, later.idempotencyKey], ["photo", TEMP, "c"]);
});

function pick({ method, path, body, blockedBy }) {
  return { method, path, body, blockedBy };
}

// ---- households (issue 13) ------------------------------------------------------------------

const HOUSEHOLD = "5b0c1f3e-1111-4aaa-8bbb-222233334444";
const USER = "9a9a9a9a-0000-4000-8000-000000000001";

test("household writes name their household in the path", () => {
  assert.deepEqual(
    pick(requestFor({ kind: "household", op: "create", id: TEMP, body: { name: "Flat" } })),
    { method: "POST", path: "/api/households", body: { name: "Flat" }, blockedBy: null });
  assert.deepEqual(
    pick(requestFor({ kind: "household", op: "update", id: HOUSEHOLD, body: { name: "Our flat" } })),
    { method: "PATCH", path: `/api/households/${HOUSEHOLD}`, body: { name: "Our flat" }, blockedBy: null });
  assert.deepEqual(
    pick(requestFor({ kind: "invite", op: "create", id: newTempId(), householdId: HOUSEHOLD, body: { role: "viewer" } })),
    { method: "POST", path: `/api/households/${HOUSEHOLD}/invites`, body: { role: "viewer" }, blockedBy: null });
  assert.deepEqual(
    pick(requestFor({ kind: "invite", op: "delete", id: "tok_en", householdId: HOUSEHOLD })),
    { method: "DELETE", path: `/api/households/${HOUSEHOLD}/invites/tok_en`, body: undefined, blockedBy: null });
  assert.deepEqual(
    pick(requestFor({ kind: "member", op: "delete", id: USER, householdId: HOUSEHOLD })),
    { method: "DELETE", path: `/api/households/${HOUSEHOLD}/members/${USER}`, body: undefined, blockedBy: null });
  assert.throws(() => requestFor({ kind: "member", op: "create", householdId: HOUSEHOLD }), /cannot be written/);
});

test("an invitation to a household created offline waits for it, then follows its id", () => {
  const invite = { kind: "invite", op: "create", id: newTempId(), householdId: TEMP, body: { role: "editor" } };
  assert.equal(requestFor(invite).blockedBy, TEMP);
  const resolved = requestFor(invite, new Map([[TEMP, SERVER]]));
  assert.equal(resolved.path, `/api/households/${SERVER}/invites`);
  assert.equal(resolved.blockedBy, null);
  // An item added into it offline waits the same way (its body names the household).
  assert.equal(requestFor({ kind: "item", op: "create", id: newTempId(), body: { name: "Kettle", householdId: TEMP } }).blockedBy, TEMP);
});

test("household writes count once per household and say what they do", () => {
  const entries = [
    { kind: "invite", op: "create", id: newTempId(), householdId: HOUSEHOLD, body: { role: "viewer" } },
    { kind: "member", op: "update", id: USER, householdId: HOUSEHOLD, body: { role: "editor" }, label: "Bea in Flat" },
  ];
  assert.equal(pendingThings(entries), 1);
  assert.equal(describe(entries[0]), "Create “viewer invitation”");
  assert.equal(describe(entries[1]), "Change the role of “Bea in Flat”");
  assert.equal(describe({ kind: "household", op: "update", id: HOUSEHOLD, body: { name: "Flat" } }), "Save “Flat”");
});

test("a refused write says why, from its code first", () => {
  assert.equal(refusalReason({ code: "FORBIDDEN", message: "Viewers cannot change items." }),
    "your role in this household no longer allows it (Viewers cannot change items.)");
  assert.equal(refusalReason({ code: "FORBIDDEN", message: "" }), "your role in this household no longer allows it");
  assert.match(refusalReason({ code: "NOT_FOUND", message: "Not found." }), /no longer a member/);
  assert.equal(refusalReason({ code: "VALIDATION_ERROR", message: "Name is too long." }), "Name is too long.");
  assert.equal(refusalReason(null), "It could not be saved.");
});
