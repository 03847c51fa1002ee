/* When to try a failed write again: after 1, 2, 4, 8 s (±20 % jitter), at most 5 tries, and
 * never sooner than the server asked (Retry-After). Pure: importable in node. */

export const BACKOFF_SECONDS = [1, 2, 4, 8];
export const MAX_TRIES = 5;
export const JITTER = 0.2;

/** Milliseconds to wait after the `tries`-th failed try (1-based). */
export function backoffDelay(tries, random = Math.random) {
  const base = BACKOFF_SECONDS[Math.min(Math.max(tries, 1), BACKOFF_SECONDS.length) - 1];
  return Math.round(base * 1000 * (1 + (random() * 2 - 1) * JITTER));
}

/** The wait before the next try: the backoff, or the server's Retry-After when longer. */
export function retryDelay(tries, retryAfterSeconds = 0, random = Math.random) {
  const asked = Number(retryAfterSeconds) > 0 ? Number(retryAfterSeconds) * 1000 : 0;
  return Math.max(backoffDelay(tries, random), asked);
}

/** Retry-After as seconds: delta-seconds or an HTTP date; 0 when absent or unreadable. */
export function parseRetryAfter(value, now = Date.now()) {
  if (!value) return 0;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
}
