/* Asking the service worker about its caches. The worker owns them (names, expiry, which
 * user's is which); pages never open them by name, they send a message and get an answer.
 *
 *   forgetCachedReads(prefixes)   after a write: drop cached API reads under these paths
 *   cachedReads(pattern)          offline search: the signed-in user's cached API bodies
 *   wipeApiCaches()               sign-out: every user's cached API answers
 *   cacheStats()                  {cacheName: entries}
 *
 * Each resolves to null (or []) when no worker answers in time: the app works without one.
 */

import { currentUserId } from "./api.js";

const REPLY_TIMEOUT = 2000; // ms: a busy or dying worker must not block the page

async function worker() {
  if (typeof navigator === "undefined" || !("serviceWorker" in navigator)) return null;
  if (navigator.serviceWorker.controller) return navigator.serviceWorker.controller;
  // Not controlling this page (the first visit): the active worker still owns the caches.
  const registration = await navigator.serviceWorker.getRegistration();
  return (registration && registration.active) || null;
}

export async function askWorker(message) {
  const target = await worker();
  if (!target) return null;
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(null), REPLY_TIMEOUT);
    channel.port1.onmessage = (event) => {
      clearTimeout(timer);
      resolve(event.data);
    };
    target.postMessage(message, [channel.port2]);
  });
}

export function forgetCachedReads(prefixes = ["/api/"]) {
  return askWorker({ type: "tracktory:forget-reads", prefixes });
}

/** Bodies of the signed-in user's cached API reads whose path matches `pattern` (a RegExp). */
export async function cachedReads(pattern) {
  const userId = currentUserId();
  if (!userId) return [];
  const reply = await askWorker({ type: "tracktory:cached-reads", userId, pattern: pattern.source });
  return (reply && reply.bodies) || [];
}

export function wipeApiCaches() {
  return askWorker({ type: "tracktory:sign-out" });
}

export async function cacheStats() {
  const reply = await askWorker({ type: "tracktory:cache-stats" });
  return (reply && reply.caches) || null;
}
