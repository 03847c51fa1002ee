import assert from "node:assert/strict";
import { test } from "node:test";

import { outcomeOf } from "../../static/js/transport.js";

const answer = (status, code, { details = {}, headers = {}, message = "Anything at all" } = {}) => ({
  status,
  ok: status >= 200 && status < 300,
  headers: new Headers(headers),
  json: code ? { success: false, error: { code, message, details } } : null,
});

test("the client branches on error codes, never on their text", () => {
  assert.equal(outcomeOf(answer(409, "IDEMPOTENCY_IN_PROGRESS")).kind, "retry");
  assert.equal(outcomeOf(answer(409, "IDEMPOTENCY_KEY_REUSED")).kind, "rejected");
  assert.equal(outcomeOf(answer(409, "PRECONDITION_FAILED"), { method: "PATCH" }).kind, "conflict");
  assert.equal(outcomeOf(answer(409, "CONFLICT"), { method: "PUT" }).kind, "conflict");
  assert.equal(outcomeOf(answer(409, "CONFLICT"), { method: "POST" }).kind, "rejected");
  assert.equal(outcomeOf(answer(400, "VALIDATION_ERROR", { message: "In progress." })).kind, "rejected");
});

test("rate limits and outages are retried, honouring Retry-After", () => {
  const limited = outcomeOf(answer(429, "RATE_LIMITED", { headers: { "Retry-After": "17" } }));
  assert.deepEqual([limited.kind, limited.retryAfter], ["retry", 17]);
  assert.equal(outcomeOf(answer(503, "SERVICE_UNAVAILABLE")).kind, "retry");
  assert.equal(outcomeOf(answer(502, null)).kind, "retry");
});

test("today's server: a held Idempotency-Key is a CONFLICT about that field", () => {
  const held = answer(409, "CONFLICT", { details: { idempotencyKey: ["whatever it says"] } });
  assert.equal(outcomeOf(held, { method: "POST" }).kind, "retry");
});

test("success, and a delete of something already gone, are done", () => {
  assert.equal(outcomeOf(answer(201, null)).kind, "done");
  assert.equal(outcomeOf(answer(404, "NOT_FOUND"), { method: "DELETE" }).kind, "done");
  assert.equal(outcomeOf(answer(404, "NOT_FOUND"), { method: "PATCH" }).kind, "rejected");
});
