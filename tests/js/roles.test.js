import assert from "node:assert/strict";
import { test } from "node:test";

import {
  ALL, canManage, canWrite, defaultHousehold, inSelection, inviteMessage, mayWrite, roleIn,
  scoped, validSelection, writable,
} from "../../static/js/roles.js";

const HOME = { id: "h-home", name: "Home", role: "owner", memberCount: 1, isPersonal: true };
const FLAT = { id: "h-flat", name: "Flat", role: "editor", memberCount: 3, isPersonal: false };
const MUM = { id: "h-mum", name: "Mum's", role: "viewer", memberCount: 2, isPersonal: false };
const ALL_THREE = [HOME, FLAT, MUM];

test("owners and editors write, only owners manage", () => {
  assert.deepEqual(["owner", "editor", "viewer", undefined].map(canWrite), [true, true, false, false]);
  assert.deepEqual(["owner", "editor", "viewer"].map(canManage), [true, false, false]);
});

test("an item's household decides; unknown is left to the server", () => {
  assert.equal(roleIn("h-mum", ALL_THREE), "viewer");
  assert.equal(mayWrite("h-mum", ALL_THREE), false);
  assert.equal(mayWrite("h-flat", ALL_THREE), true);
  assert.equal(mayWrite("h-gone", ALL_THREE), true, "a household not listed yet");
  assert.equal(mayWrite("h-mum", null), true, "no list (offline, never loaded)");
  assert.equal(mayWrite(undefined, ALL_THREE), true, "a record from before households");
});

test("new things go to the personal household unless only others are writable", () => {
  assert.equal(defaultHousehold(ALL_THREE), "h-home");
  assert.equal(defaultHousehold([MUM, FLAT]), "h-flat");
  assert.equal(defaultHousehold([MUM]), null, "a viewer everywhere adds nowhere");
  assert.equal(defaultHousehold([{ ...HOME, role: "viewer" }, FLAT]), "h-flat");
  assert.deepEqual(writable(ALL_THREE).map((h) => h.id), ["h-home", "h-flat"]);
  assert.deepEqual(writable(null), []);
});

test("the remembered choice survives only while the household is still listed", () => {
  assert.equal(validSelection("h-flat", ALL_THREE), "h-flat");
  assert.equal(validSelection("h-left", ALL_THREE), ALL, "a household left since");
  assert.equal(validSelection(null, ALL_THREE), ALL);
  assert.equal(validSelection("h-flat", null), "h-flat", "kept while the list is unknown");
});

test("a chosen household narrows the query, so each has its own cached URL", () => {
  assert.equal(scoped({ limit: "24" }, "h-flat").toString(), "limit=24&householdId=h-flat");
  assert.equal(scoped({ limit: "24" }, ALL).toString(), "limit=24");
  assert.equal(scoped(new URLSearchParams("q=dr&householdId=x"), ALL).toString(), "q=dr");
  assert.notEqual(scoped({ q: "dr" }, "h-home").toString(), scoped({ q: "dr" }, "h-flat").toString());
});

test("offline views keep the chosen household's items; a queued one without a household is personal", () => {
  assert.equal(inSelection({ householdId: "h-flat" }, "h-flat", ALL_THREE), true);
  assert.equal(inSelection({ householdId: "h-mum" }, "h-flat", ALL_THREE), false);
  assert.equal(inSelection({}, "h-home", ALL_THREE), true);
  assert.equal(inSelection({}, "h-flat", ALL_THREE), false);
  assert.equal(inSelection({ householdId: "h-mum" }, ALL, ALL_THREE), true);
});

test("the invitation text names the household, the role and the link", () => {
  assert.equal(inviteMessage({ householdName: "Flat", role: "viewer", url: "https://x/invite/t" }),
    "Join “Flat” on Tracktory as viewer: https://x/invite/t");
});

test("shared with the Web Share API, the link goes in its own field", () => {
  assert.equal(inviteMessage({ householdName: "Flat", role: "editor" }), "Join “Flat” on Tracktory as editor.");
});
