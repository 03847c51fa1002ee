/* What the user sees of the offline queue, on every page: the offline banner, the pending
 * count (things waiting: an item with a queued photo is one), "Sync now", writes that did
 * not sync (Retry / Discard), a paused queue (sign in), and conflict notices (Keep theirs).
 * The top layer: it only shows what the engine and the queue report.
 */

import { describe, pendingThings, refusalReason } from "./entities.js";
import { listEntries, queueEvents } from "./queue-store.js";
import {
  discardEntry, dropNotice, readNotices, replayQueue, retryEntry, state, syncEvents,
} from "./sync-engine.js";
import { queueOwner } from "./transport.js";
import { write } from "./writes.js";

/** "Keep theirs": put the other version's values back for the fields this device changed. */
async function keepTheirs(notice) {
  const fields = Object.keys(notice.mine || {});
  const body = Object.fromEntries(fields.map((field) => [field, notice.theirs[field] ?? null]));
  // Notices stored before the entity registry named a path instead of a kind and id.
  const [, legacyId] = (notice.path || "").match(/^\/api\/items\/([^/]+)$/) || [];
  const kind = notice.kind || "item";
  const result = await write({ kind, op: "update", id: notice.id || legacyId, body });
  if (result.status === "queued" || result.ok) dropNotice(notice.at);
}

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

function problemItems(entries, count) {
  const items = [];
  if (state.pausedForSignIn) {
    items.push(element("p", { className: "sync-problem", attrs: { "data-sync-signin": "" } }, [
      `Your session has ended. ${count} change(s) are kept on this device. `,
      element("a", { text: "Sign in to sync", attrs: { href: `/login?next=${encodeURIComponent(location.pathname)}` } }),
    ]));
  }
  for (const entry of entries.filter((e) => e.status === "failed" || e.status === "rejected")) {
    const why = refusalReason(entry.lastError);
    const tries = entry.status === "failed" ? ` after ${entry.tries} tries` : "";
    const code = (entry.lastError && entry.lastError.code) || "";
    items.push(element("div", { className: "sync-problem", attrs: { "data-sync-entry": String(entry.seq), "data-sync-code": code } }, [
      element("p", { text: `${describe(entry)} did not sync${tries}: ${why}` }),
      button("Retry", () => retryEntry(entry.seq), { "data-sync-retry": "" }),
      button("Discard", () => discardEntry(entry.seq), { "data-sync-discard": "" }),
    ]));
  }
  for (const notice of readNotices()) {
    items.push(element("div", { className: "sync-problem", attrs: { "data-sync-conflict": "" } }, [
      element("p", { text: `This ${notice.kind || "item"} was changed elsewhere too. Your change was kept:` }),
      versionTable(notice),
      button("Keep theirs", () => keepTheirs(notice), { "data-sync-keep-theirs": "" }),
      button("Dismiss", () => dropNotice(notice.at)),
    ]));
  }
  return items;
}

async function render() {
  const banner = document.querySelector("[data-offline-banner]");
  if (banner) banner.hidden = navigator.onLine;
  // No IndexedDB (private mode): nothing can be queued either.
  const entries = await listEntries(queueOwner()).catch(() => []);
  const count = pendingThings(entries);
  for (const node of document.querySelectorAll("[data-pending-count]")) node.textContent = String(count);
  for (const node of document.querySelectorAll("[data-pending-indicator]")) node.hidden = count === 0;
  for (const node of document.querySelectorAll("[data-sync-status]")) {
    node.textContent = state.pausedForSignIn
      ? `Signed out: sign in to sync ${count} change(s).`
      : count ? `${count} change(s) waiting to sync.` : "Everything is synced.";
  }
  const items = problemItems(entries, count);
  if (!items.length && !document.querySelector("[data-sync-problems]")) return;
  const region = problemsRegion();
  region.replaceChildren(...items);
  region.hidden = items.length === 0;
}

let started = false;

/** Start listening (once per page): called by sw-register.js on every page. */
export function startSync() {
  if (started) return;
  started = true;
  window.addEventListener("online", () => { render(); replayQueue(); });
  window.addEventListener("offline", () => render());
  queueEvents.addEventListener("changed", () => render());
  syncEvents.addEventListener("state", () => render());
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
