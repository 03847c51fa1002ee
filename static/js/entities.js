/* The registry of entity kinds: the one protocol between the offline client's modules.
 *
 * A queued write is `{kind, op, id, itemId, body, file, ifMatch, idempotencyKey}`, never a
 * URL. Each kind says, once, how an operation becomes a request, whether a create names a
 * new id (later writes may use its temporary id until the server's is known), which cached
 * reads a write makes stale, and how a write is shown (its label and the thing it belongs
 * to, which is what the pending count counts). Pure: no DOM, no storage, importable in node.
 */

export const TEMP_PREFIX = "pending-";
const TEMP_ID = /pending-[0-9a-f-]{36}/g;

export const isTempId = (value) => typeof value === "string" && value.startsWith(TEMP_PREFIX);
export const newTempId = () => `${TEMP_PREFIX}${crypto.randomUUID()}`;

const ITEM_READS = ["/api/items", "/api/search", "/api/images"];
// A household write can change what every list shows (membership decides visibility).
const HOUSEHOLD_READS = ["/api/households", "/api/invites", "/api/items", "/api/search",
  "/api/locations", "/api/categories"];

/** Routes are "METHOD /path/{field}", the fields read from the entry (ids resolved). */
export const KINDS = {
  item: {
    noun: "item",
    routes: {
      create: "POST /api/items",
      update: "PATCH /api/items/{id}",
      delete: "DELETE /api/items/{id}",
    },
    read: "/api/items/{id}",
    createsId: true,
    reads: ITEM_READS,
    owner: (entry) => `item:${entry.id}`,
    label: (entry) => entry.body && entry.body.name,
  },
  // One photo of an item: uploaded as multipart; its item may itself still be queued.
  photo: {
    noun: "photo",
    routes: {
      create: "POST /api/items/{itemId}/images",
      delete: "DELETE /api/images/{id}",
    },
    createsId: false,
    reads: ITEM_READS,
    owner: (entry) => (entry.itemId ? `item:${entry.itemId}` : `photo:${entry.id}`),
    label: (entry) => (entry.file && entry.file.name) || "a photo",
  },
  location: {
    noun: "location",
    routes: {
      create: "POST /api/locations",
      update: "PUT /api/locations/{id}",
      delete: "DELETE /api/locations/{id}",
    },
    read: "/api/locations/{id}",
    createsId: true,
    reads: ["/api/locations", "/api/search/filters", "/api/items"],
    owner: (entry) => `location:${entry.id}`,
    label: (entry) => entry.body && entry.body.name,
  },
  category: {
    noun: "category",
    routes: {
      create: "POST /api/categories",
      update: "PUT /api/categories/{id}",
      delete: "DELETE /api/categories/{id}",
    },
    read: "/api/categories/{id}",
    createsId: true,
    reads: ["/api/categories", "/api/search/filters", "/api/items"],
    owner: (entry) => `category:${entry.id}`,
    label: (entry) => entry.body && entry.body.name,
  },
  // Households (issue 13). A household's own writes, its invitations and its memberships
  // name the household with `householdId`; a queued create's temporary id works there too.
  household: {
    noun: "household",
    routes: {
      create: "POST /api/households",
      update: "PATCH /api/households/{id}",
      delete: "DELETE /api/households/{id}",
    },
    read: "/api/households/{id}",
    createsId: true,
    reads: HOUSEHOLD_READS,
    owner: (entry) => `household:${entry.id}`,
    label: (entry) => (entry.body && entry.body.name) || entry.label,
  },
  invite: {
    noun: "invitation",
    routes: {
      create: "POST /api/households/{householdId}/invites",
      delete: "DELETE /api/households/{householdId}/invites/{id}",
    },
    createsId: false,
    reads: ["/api/households"],
    owner: (entry) => `household:${entry.householdId}`,
    label: (entry) => entry.label || (entry.body && entry.body.role && `${entry.body.role} invitation`),
    verbs: { create: "Create", delete: "Revoke" },
  },
  // One member of a household (`id` is their user id): a role change, a removal, or
  // leaving (removing oneself).
  member: {
    noun: "membership",
    routes: {
      update: "PATCH /api/households/{householdId}/members/{id}",
      delete: "DELETE /api/households/{householdId}/members/{id}",
    },
    createsId: false,
    reads: HOUSEHOLD_READS,
    owner: (entry) => `household:${entry.householdId}`,
    label: (entry) => entry.label,
    verbs: { update: "Change the role of", delete: "Remove" },
  },
};

export function kindOf(entry) {
  const kind = KINDS[entry.kind];
  if (!kind) throw new Error(`Unknown entity kind: ${entry.kind}`);
  if (!kind.routes[entry.op]) throw new Error(`A ${entry.kind} cannot be written with "${entry.op}"`);
  return kind;
}

/** `value` with every temporary id the server has since named replaced (`ids`: Map). */
export function resolveIds(value, ids) {
  if (typeof value === "string") return value.replace(TEMP_ID, (temp) => ids.get(temp) || temp);
  if (Array.isArray(value)) return value.map((v) => resolveIds(v, ids));
  if (value && typeof value === "object" && !(value instanceof Blob)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveIds(v, ids)]));
  }
  return value;
}

const fill = (template, fields) =>
  template.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(fields[name] ?? ""));

/** The request one entry makes, with temporary ids resolved through `ids`; `blockedBy` is
 * the temporary id it still waits for (its create has not reached the server). */
export function requestFor(entry, ids = new Map()) {
  const kind = kindOf(entry);
  const [method, template] = kind.routes[entry.op].split(" ");
  const resolved = resolveIds(
    { id: entry.id, itemId: entry.itemId, householdId: entry.householdId, body: entry.body }, ids);
  const needed = ["id", "itemId", "householdId"]
    .map((name) => template.includes(`{${name}}`) && resolved[name])
    .concat(JSON.stringify(resolved.body ?? null).match(TEMP_ID) || []);
  const blockedBy = needed.find(isTempId) || null;
  return {
    method,
    path: fill(template, resolved),
    body: entry.file ? undefined : resolved.body ?? undefined,
    file: entry.file || null,
    idempotencyKey: entry.idempotencyKey,
    ifMatch: entry.ifMatch || null,
    blockedBy,
  };
}

/** Where the current server version of what `entry` writes is read (conflicts), or null. */
export function readPathFor(entry, ids = new Map()) {
  const kind = kindOf(entry);
  return kind.read ? fill(kind.read, resolveIds({ id: entry.id }, ids)) : null;
}

/** The thing a write belongs to: a photo counts with its item, so an item with a queued
 * photo is one pending change. */
export const ownerOf = (entry) => kindOf(entry).owner(entry);

export function describe(entry) {
  const kind = kindOf(entry);
  const label = kind.label(entry);
  const verb = (kind.verbs || {})[entry.op] || { create: "Add", update: "Save", delete: "Delete" }[entry.op];
  return `${verb} ${label ? `“${label}”` : `this ${kind.noun}`}`;
}

/** Why the server refused a write, as the user should read it: the code decides the
 * sentence (a role that changed since the write was queued is the usual 403), the
 * server's message adds the detail. */
export function refusalReason(error) {
  if (!error) return "It could not be saved.";
  const message = error.message || "";
  const because = {
    FORBIDDEN: "your role in this household no longer allows it",
    NOT_FOUND: "it no longer exists, or you are no longer a member of its household",
  }[error.code];
  if (!because) return message || "It could not be saved.";
  return message ? `${because} (${message})` : because;
}

/** The number of things (items, locations, ...) with writes waiting, not of entries. */
export const pendingThings = (entries) => new Set(entries.map(ownerOf)).size;

// ---- entries stored before the registry (method + path), upgraded once ------------------

const LEGACY_ROUTES = [
  [/^POST \/api\/items\/?$/, "item", "create"],
  [/^(PATCH|PUT) \/api\/items\/([^/]+)\/?$/, "item", "update"],
  [/^DELETE \/api\/items\/([^/]+)\/?$/, "item", "delete"],
  [/^POST \/api\/items\/([^/]+)\/images\/?$/, "photo", "create"],
  [/^DELETE \/api\/images\/([^/]+)\/?$/, "photo", "delete"],
];

/** One entry of the old shape (`{method, path, body, files, tempId, writeDone, serverId}`)
 * as entries of the registry's shape, in order; `ids` gets the creates already applied.
 * Each photo keeps its own Idempotency-Key, so one the server already has is not doubled. */
export function upgradeLegacy(old, ids = new Map()) {
  if (old.kind) return [old];
  const key = `${old.method} ${old.path}`;
  const match = LEGACY_ROUTES.find(([pattern]) => pattern.test(key));
  if (!match) return [];
  const [pattern, kind, op] = match;
  const captured = key.match(pattern).slice(1).find((part) => part && !/^[A-Z]+$/.test(part));
  const base = {
    userId: old.userId,
    status: "pending",
    tries: 0,
    nextAttemptAt: 0,
    lastError: null,
    createdAt: old.createdAt,
    ifMatch: null,
    file: null,
    body: null,
    itemId: null,
  };
  const out = [];
  let itemId = captured || null;
  if (kind === "item" && op === "create") {
    itemId = old.tempId;
    if (old.writeDone && old.serverId) ids.set(old.tempId, old.serverId);
    else out.push({ ...base, kind, op, id: old.tempId, body: old.body, idempotencyKey: old.idempotencyKey });
  } else if (kind !== "photo" || op !== "create") {
    if (!old.writeDone) {
      out.push({ ...base, kind, op, id: captured, body: old.body, ifMatch: old.ifMatch || null,
        idempotencyKey: old.idempotencyKey });
    }
  }
  if (kind === "item" || (kind === "photo" && op === "create")) {
    for (const file of old.files || []) {
      if (file.done) continue;
      out.push({
        ...base, kind: "photo", op: "create", id: newTempId(), itemId,
        file: { blob: file.blob, name: file.name, altText: file.altText || "" },
        idempotencyKey: file.idempotencyKey,
      });
    }
  }
  return out;
}
