/* Loaded by every page: registers /sw.js, starts the offline sync, and offers the wipe
 * that sign-out must call.
 *
 *   import { wipeUserCaches } from "/static/js/sw-register.js";
 *   await wipeUserCaches();   // in signOut(), before clearing the tokens
 */

const API_CACHE_PREFIX = "tracktory-api-";
const WORKER_REPLY_TIMEOUT = 2000; // ms: a busy or dying worker must not block sign-out

export async function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return null;
  try {
    return await navigator.serviceWorker.register("/sw.js", { scope: "/" });
  } catch {
    return null; // the app still works online without it
  }
}

function askWorker(message) {
  const worker = navigator.serviceWorker && navigator.serviceWorker.controller;
  if (!worker) return Promise.resolve(null);
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(null), WORKER_REPLY_TIMEOUT);
    channel.port1.onmessage = (event) => {
      clearTimeout(timer);
      resolve(event.data);
    };
    worker.postMessage(message, [channel.port2]);
  });
}

/** Delete every cached API answer (all users') so nothing of this account stays readable.
 * The worker deletes too, so a revalidation already in flight cannot write afterwards. */
export async function wipeUserCaches() {
  const { forgetQueueUser } = await import("./offline-queue.js");
  forgetQueueUser();
  await askWorker({ type: "tracktory:sign-out" });
  if (!("caches" in window)) return;
  const names = await caches.keys();
  await Promise.all(names.filter((name) => name.startsWith(API_CACHE_PREFIX)).map((name) => caches.delete(name)));
}

registerServiceWorker();
// Sign-out (api.js) runs its hooks before forgetting the tokens.
import("./api.js").then((api) => api.onSignOut(wipeUserCaches));
// Imported apart, so the worker registers even if the sync code cannot load.
import("./sync.js").then((sync) => sync.startSync());
