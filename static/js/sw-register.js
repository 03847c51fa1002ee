/* Loaded by every page: registers /sw.js, starts the offline sync's UI, and wipes what the
 * signed-in user leaves behind on sign-out (api.js runs the hook before forgetting tokens).
 *
 *   import { wipeUserCaches } from "/static/js/sw-register.js";
 *   await wipeUserCaches();
 */

import { onSignOut } from "./api.js";
import { wipeApiCaches } from "./sw-client.js";
import { forgetQueueOwner } from "./transport.js";

export async function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return null;
  try {
    return await navigator.serviceWorker.register("/sw.js", { scope: "/" });
  } catch {
    return null; // the app still works online without it
  }
}

/** Delete every cached API answer (all users') so nothing of this account stays readable.
 * The worker owns its caches and deletes them, so a revalidation already in flight cannot
 * write afterwards. The queue's entries stay stored for their user, hidden. */
export async function wipeUserCaches() {
  forgetQueueOwner();
  await wipeApiCaches();
}

registerServiceWorker();
onSignOut(wipeUserCaches);
// Imported apart, so the worker registers even if the sync code cannot load.
import("./sync-ui.js").then((ui) => ui.startSync());
