/* Tracktory's service worker: hand-written, in Workbox's shape.
 *
 * Served by tracktory/pwa/service_worker.py at /sw.js, which prepends
 * `self.__TRACKTORY_DEPLOY__ = {version, precache, apiCache}` (hashed static names from the
 * manifest; the API caches' expiration). The route table below is the contract (SPEC.md,
 * "sw.js"); each strategy is one short function over two helpers, cacheMatch and
 * fetchAndCachePut.
 *
 * The worker owns its caches: pages never open them by name, they ask by message
 * (sw-client.js): "tracktory:sign-out", "tracktory:forget-reads", "tracktory:cached-reads",
 * "tracktory:cache-stats", "tracktory:version".
 */
"use strict";

const DEPLOY = self.__TRACKTORY_DEPLOY__ || { version: "dev", precache: [] };
const VERSION = DEPLOY.version;
const PREFIX = "tracktory-";
const CACHES = {
  precache: `${PREFIX}precache-${VERSION}`,
  pages: `${PREFIX}pages-${VERSION}`,
  // Rendition URLs are immutable, so photos survive deploys: this name carries no version.
  images: `${PREFIX}images`,
  // One cache per signed-in user (a hash of the user id from the request's own token).
  apiPrefix: `${PREFIX}api-${VERSION}-`,
};
const OFFLINE_URL = "/offline.html";
const API_MAX_AGE = 5 * 60; // seconds: younger answers are served without waiting
// As Workbox's expiration plugin: past maxAgeSeconds an API answer is deleted (never
// served, not even offline); beyond maxEntries the least recently fetched go first.
const API_EXPIRATION = { maxEntries: 200, maxAgeSeconds: 7 * 24 * 3600, ...(DEPLOY.apiCache || {}) };
const IMAGE_DEFAULT_MAX_AGE = 30 * 24 * 3600;
const NAVIGATION_TIMEOUT = 4000; // ms: a garage with one bar of signal falls back to the cache
// Pages and photos are cached per URL; keep the most recent ones, not every one ever seen.
const MAX_ENTRIES = { [CACHES.pages]: 100, [CACHES.images]: 600 };
const FETCHED_AT = "X-Tracktory-Fetched-At";
const STALE = "X-Tracktory-Stale";

const isApi = (url) => url.origin === self.location.origin && url.pathname.startsWith("/api/");
const isPrecached = (url) => url.origin === self.location.origin && PRECACHED.has(url.pathname);
const PRECACHED = new Set(DEPLOY.precache);

// The route table: the first match handles a GET; anything unmatched goes to the network
// untouched. POST/PUT/PATCH/DELETE never reach it (see the fetch listener).
const ROUTES = [
  // Exports are large one-off downloads, never worth keeping.
  { name: "api-export", match: ({ url }) => isApi(url) && url.pathname.startsWith("/api/export"), handle: null },
  { name: "api", match: ({ url }) => isApi(url), handle: apiStaleWhileRevalidate },
  { name: "admin", match: ({ url }) => url.pathname.startsWith("/admin/"), handle: null },
  { name: "pages", match: ({ request }) => request.mode === "navigate", handle: pageNetworkFirst },
  { name: "precache", match: ({ url }) => isPrecached(url), handle: precacheFirst },
  // Photos, ours or from object storage / a CDN: `<img crossorigin="anonymous">` makes
  // those CORS requests, whose answers (unlike opaque ones) can be checked and kept.
  {
    name: "images",
    match: ({ request, url }) => request.destination === "image" || url.pathname.startsWith("/media/"),
    handle: imageCacheFirst,
  },
];

// ---- helpers -------------------------------------------------------------------------

async function cacheMatch(cacheName, request, options = {}) {
  const cache = await caches.open(cacheName);
  return cache.match(request, options);
}

/** Fetch `request`; when the answer is a GET 200 and `shouldCache(copy)` agrees at write
 * time, put a copy stamped with the fetch time in `cacheName`, kept alive by `event`. */
async function fetchAndCachePut(cacheName, request, event, shouldCache = () => true) {
  const response = await fetch(request);
  if (request.method === "GET" && response.status === 200) {
    const write = stamped(response.clone()).then(async (copy) => {
      if (!shouldCache(copy)) return;
      const cache = await caches.open(cacheName);
      await cache.put(request, copy);
      if (MAX_ENTRIES[cacheName]) await trim(cache, MAX_ENTRIES[cacheName]);
      if (cacheName.startsWith(CACHES.apiPrefix)) await expire(cache);
    });
    event.waitUntil(write.catch(() => {}));
  }
  return response;
}

/** Delete the oldest entries beyond `max` (keys() lists them in insertion order). */
async function trim(cache, max) {
  const keys = await cache.keys();
  await Promise.all(keys.slice(0, Math.max(0, keys.length - max)).map((key) => cache.delete(key)));
}

/** The API caches' expiration: drop answers past their max age, then the oldest beyond
 * max entries (a put re-appends its key, so keys() runs least recently fetched first). */
async function expire(cache) {
  const keys = await cache.keys();
  const fresh = [];
  for (const key of keys) {
    const response = await cache.match(key, { ignoreVary: true });
    if (!response || ageSeconds(response) > API_EXPIRATION.maxAgeSeconds) await cache.delete(key);
    else fresh.push(key);
  }
  const excess = fresh.slice(0, Math.max(0, fresh.length - API_EXPIRATION.maxEntries));
  await Promise.all(excess.map((key) => cache.delete(key)));
}

async function stamped(response) {
  const headers = new Headers(response.headers);
  headers.set(FETCHED_AT, String(Date.now()));
  // A body read into a Blob also drops `redirected`, which navigations may not be served.
  return new Response(await response.blob(), {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

function ageSeconds(response) {
  const fetchedAt = Number(response.headers.get(FETCHED_AT) || 0);
  return (Date.now() - fetchedAt) / 1000;
}

function cacheControl(response) {
  const directives = {};
  for (const part of (response.headers.get("Cache-Control") || "").split(",")) {
    const [name, value] = part.trim().toLowerCase().split("=");
    if (name) directives[name] = value === undefined ? true : value;
  }
  return directives;
}

const storable = (response) => !cacheControl(response)["no-store"];

function freshFor(response, fallback) {
  const directives = cacheControl(response);
  if (directives.immutable) return Infinity;
  const maxAge = Number(directives["max-age"]);
  return Number.isFinite(maxAge) ? maxAge : fallback;
}

function markedStale(response) {
  const headers = new Headers(response.headers);
  headers.set(STALE, "true");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

// ---- per-user API caches ---------------------------------------------------------------

// Bumped on sign-out, so a revalidation that started before it never writes afterwards.
let signOutGeneration = 0;

function userIdFromToken(request) {
  const header = request.headers.get("Authorization") || "";
  const token = header.startsWith("Bearer ") ? header.slice(7) : "";
  const payload = token.split(".")[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    const claims = JSON.parse(json);
    return claims.user_id || claims.sub || null; // this app's claim, or the standard one
  } catch {
    return null;
  }
}

/** The API cache of the user the request is made as, or null (signed out: never cached).
 * The request's own token names the user, so two accounts on one phone never share. */
async function apiCacheName(request) {
  const userId = userIdFromToken(request);
  return userId ? apiCacheNameFor(userId) : null;
}

async function apiCacheNameFor(userId) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(userId));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return CACHES.apiPrefix + hex.slice(0, 16);
}

async function deleteApiCaches() {
  signOutGeneration += 1;
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith(`${PREFIX}api-`)).map((n) => caches.delete(n)));
}

// ---- strategies ----------------------------------------------------------------------

/** API GET: stale-while-revalidate, at most 5 minutes old while online; offline, any
 * cached answer is served with `X-Tracktory-Stale: true`. */
async function apiStaleWhileRevalidate({ request, event }) {
  const cacheName = await apiCacheName(request);
  if (!cacheName) return fetch(request);
  const generation = signOutGeneration;
  let cached = await cacheMatch(cacheName, request, { ignoreVary: true });
  if (cached && ageSeconds(cached) > API_EXPIRATION.maxAgeSeconds) {
    await (await caches.open(cacheName)).delete(request, { ignoreVary: true });
    cached = null;
  }
  const network = fetchAndCachePut(cacheName, request, event, () => generation === signOutGeneration);
  // `cache: "no-store"`/"reload" (a sync resolving a conflict, a pull to refresh) wants the
  // server's answer now; the cached one only when there is no network.
  const wantsNetwork = request.cache === "no-store" || request.cache === "reload";
  if (cached && !wantsNetwork && ageSeconds(cached) <= API_MAX_AGE) {
    event.waitUntil(network.catch(() => {}));
    return cached;
  }
  try {
    return await network;
  } catch (error) {
    if (cached) return markedStale(cached);
    throw error;
  }
}

/** Hashed CSS/JS and the shell: from the precache, the network only if it was evicted. */
async function precacheFirst({ request, event }) {
  const cached = await cacheMatch(CACHES.precache, request);
  return cached || fetchAndCachePut(CACHES.precache, request, event);
}

/** Photos: cache-first on immutable URLs, honouring the response's Cache-Control. */
async function imageCacheFirst({ request, event }) {
  // ignoreVary: storage answers vary on Origin, which a worker's request does not show.
  const cached = await cacheMatch(CACHES.images, request, { ignoreVary: true });
  if (cached && ageSeconds(cached) <= freshFor(cached, IMAGE_DEFAULT_MAX_AGE)) return cached;
  try {
    return await fetchAndCachePut(CACHES.images, request, event, storable);
  } catch (error) {
    if (cached) return cached;
    throw error;
  }
}

/** Pages: the network first (briefly), then this page as last seen, then the precached
 * shell, then /offline.html. */
async function pageNetworkFirst({ request, event }) {
  try {
    return await withTimeout(fetchAndCachePut(CACHES.pages, request, event), NAVIGATION_TIMEOUT);
  } catch {
    return (
      (await cacheMatch(CACHES.pages, request)) ||
      (await cacheMatch(CACHES.precache, request, { ignoreSearch: true })) ||
      (await cacheMatch(CACHES.precache, OFFLINE_URL)) ||
      Response.error()
    );
  }
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then(
      (value) => { clearTimeout(timer); resolve(value); },
      (error) => { clearTimeout(timer); reject(error); },
    );
  });
}

// ---- lifecycle -----------------------------------------------------------------------

async function precache() {
  const cache = await caches.open(CACHES.precache);
  await Promise.all(
    DEPLOY.precache.map(async (url) => {
      // `reload`: the HTTP cache may hold a previous deploy's shell.
      const response = await fetch(new Request(url, { cache: "reload" }));
      if (response.status !== 200) throw new Error(`precache ${url}: ${response.status}`);
      await cache.put(url, await stamped(response));
    }),
  );
}

async function deleteOtherVersions() {
  const keep = new Set([CACHES.precache, CACHES.pages, CACHES.images]);
  const names = await caches.keys();
  await Promise.all(
    names
      .filter((name) => name.startsWith(PREFIX) && !keep.has(name) && !name.startsWith(CACHES.apiPrefix))
      .map((name) => caches.delete(name)),
  );
}

self.addEventListener("install", (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(deleteOtherVersions().then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return; // writes bypass the worker and every cache
  const url = new URL(request.url);
  const route = ROUTES.find((candidate) => candidate.match({ request, url }));
  if (!route || !route.handle) return;
  event.respondWith(route.handle({ request, url, event }));
});

// ---- questions from the pages ---------------------------------------------------------

const apiCacheNames = async () => (await caches.keys()).filter((n) => n.startsWith(`${PREFIX}api-`));

/** Drop cached API reads under `prefixes` (a write made them wrong), for every user. */
async function forgetReads(prefixes) {
  for (const name of await apiCacheNames()) {
    const cache = await caches.open(name);
    const stale = (await cache.keys()).filter((request) =>
      prefixes.some((prefix) => new URL(request.url).pathname.startsWith(prefix)));
    await Promise.all(stale.map((request) => cache.delete(request)));
  }
}

/** The JSON bodies of `userId`'s unexpired cached reads whose path matches `pattern`. */
async function cachedReads(userId, pattern) {
  const cache = await caches.open(await apiCacheNameFor(userId));
  const matcher = new RegExp(pattern);
  const bodies = [];
  for (const request of await cache.keys()) {
    if (!matcher.test(new URL(request.url).pathname)) continue;
    const response = await cache.match(request, { ignoreVary: true });
    if (!response || ageSeconds(response) > API_EXPIRATION.maxAgeSeconds) continue;
    try {
      bodies.push(await response.json());
    } catch {
      // an unreadable entry is skipped, not fatal
    }
  }
  return bodies;
}

async function cacheStats() {
  const stats = {};
  for (const name of (await caches.keys()).filter((n) => n.startsWith(PREFIX))) {
    stats[name] = (await (await caches.open(name)).keys()).length;
  }
  return stats;
}

const HANDLERS = {
  "tracktory:sign-out": async () => {
    await deleteApiCaches();
    return { type: "tracktory:signed-out" };
  },
  "tracktory:version": async () => ({ type: "tracktory:version", version: VERSION }),
  "tracktory:forget-reads": async ({ prefixes }) => {
    await forgetReads([].concat(prefixes || []));
    return { type: "tracktory:forgot-reads" };
  },
  "tracktory:cached-reads": async ({ userId, pattern }) =>
    ({ type: "tracktory:cached-reads", bodies: userId ? await cachedReads(String(userId), pattern) : [] }),
  "tracktory:cache-stats": async () => ({ type: "tracktory:cache-stats", caches: await cacheStats() }),
};

self.addEventListener("message", (event) => {
  const message = event.data || {};
  const handler = HANDLERS[message.type];
  if (!handler) return;
  const reply = (answer) => event.ports[0] && event.ports[0].postMessage(answer);
  event.waitUntil(handler(message).then(reply, (error) => reply({ type: "tracktory:error", message: String(error) })));
});
