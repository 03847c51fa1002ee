/* Households and roles as the pages need them (issue 13). Pure: no DOM, no storage,
 * importable in node.
 *
 * `households` is the list `GET /api/households` answers: [{id, name, role, memberCount,
 * isPersonal}]. `null` means "not known" (offline, never loaded): the pages then leave
 * their controls as they are and the server, which decides, answers a write.
 */

export const ROLES = ["owner", "editor", "viewer"];
export const ALL = "all";

export const ROLE_LABELS = {
  owner: "Owner",
  editor: "Editor",
  viewer: "Viewer",
};

export const ROLE_POWERS = {
  owner: "everything, including members, invitations and renaming",
  editor: "adds and edits items, photos, locations and categories",
  viewer: "sees everything, changes nothing",
};

export const canWrite = (role) => role === "owner" || role === "editor";
export const canManage = (role) => role === "owner";

/** The caller's role in `householdId`, or null (unknown household or list). */
export function roleIn(householdId, households) {
  if (!households || !householdId) return null;
  const found = households.find((household) => household.id === householdId);
  return found ? found.role : null;
}

/** Whether the caller may change something of `householdId`. Unknown (no list, no
 * household on the record, a household not listed yet) is allowed: the server decides. */
export function mayWrite(householdId, households) {
  const role = roleIn(householdId, households);
  return role === null || canWrite(role);
}

/** The households the caller may add things into. */
export const writable = (households) => (households || []).filter((household) => canWrite(household.role));

/** Where a new item goes unless the user picks: the personal household, else the first
 * one they may write to; null when there is none (a viewer everywhere). */
export function defaultHousehold(households) {
  const candidates = writable(households);
  const personal = candidates.find((household) => household.isPersonal);
  return (personal || candidates[0] || null)?.id ?? null;
}

/** The switcher's value: a remembered household still in the list (kept while the list
 * is unknown), else "all". */
export function validSelection(stored, households) {
  if (!stored || stored === ALL) return ALL;
  if (!households) return stored;
  return households.some((household) => household.id === stored) ? stored : ALL;
}

/** `params` (URLSearchParams or a plain object) narrowed to one household when one is
 * selected; a new URLSearchParams, so cached reads differ per household by their URL. */
export function scoped(params, selection) {
  const out = new URLSearchParams(params);
  if (selection && selection !== ALL) out.set("householdId", selection);
  else out.delete("householdId");
  return out;
}

/** Whether `item` belongs in the view of `selection` (offline search, pending items).
 * An item not yet naming its household is in the personal one. */
export function inSelection(item, selection, households) {
  if (!selection || selection === ALL) return true;
  const personal = (households || []).find((household) => household.isPersonal);
  return (item.householdId || (personal && personal.id) || null) === selection;
}

/** A household's name as pickers show it. */
export const householdLabel = (household) =>
  `${household.name}${household.isPersonal ? " (personal)" : ""}`;

/** The text shared with an invitation link. */
export function inviteMessage({ householdName, role, url }) {
  const as = role ? ` as ${(ROLE_LABELS[role] || role).toLowerCase()}` : "";
  return `Join “${householdName}” on Tracktory${as}${url ? `: ${url}` : "."}`;
}
