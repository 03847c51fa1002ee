import assert from "node:assert/strict";
import { test } from "node:test";

import { backoffDelay, MAX_TRIES, parseRetryAfter, retryDelay } from "../../static/js/backoff.js";

test("tries wait 1, 2, 4, 8 s without jitter, and stay at 8 s after", () => {
  const middle = () => 0.5; // no jitter
  assert.deepEqual([1, 2, 3, 4, 5, 9].map((t) => backoffDelay(t, middle)), [1000, 2000, 4000, 8000, 8000, 8000]);
  assert.equal(MAX_TRIES, 5);
});

test("jitter stays within ±20 %", () => {
  assert.equal(backoffDelay(2, () => 0), 1600);
  assert.equal(backoffDelay(2, () => 1), 2400);
  assert.equal(backoffDelay(0, () => 0.5), 1000, "a try count below 1 waits as the first");
});

test("the server's Retry-After wins when it asks for longer", () => {
  assert.equal(retryDelay(1, 30, () => 0.5), 30_000);
  assert.equal(retryDelay(4, 1, () => 0.5), 8000);
  assert.equal(retryDelay(1, undefined, () => 0.5), 1000);
});

test("Retry-After is read as seconds or as an HTTP date", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  assert.equal(parseRetryAfter("120", now), 120);
  assert.equal(parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now), 30);
  assert.equal(parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now), 0);
  assert.equal(parseRetryAfter("soon", now), 0);
  assert.equal(parseRetryAfter(null, now), 0);
});
