// The JSON API client: Bearer tokens from localStorage (never cookies), the response
// envelope unwrapped, errors thrown as ApiError with the contract's code and details.

const TOKENS_KEY = 'tracktory.tokens';

export class ApiError extends Error {
  constructor(code, message, { details = {}, status = 0 } = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details || {};
    this.status = status;
  }
}

export function getTokens() {
  try {
    const tokens = JSON.parse(localStorage.getItem(TOKENS_KEY));
    return tokens && tokens.access ? tokens : null;
  } catch {
    return null;
  }
}

// Accepts the token endpoints' data in any of the shapes we may meet
// ({access, refresh}, {accessToken, refreshToken}, or nested under `tokens`).
export function setTokens(data) {
  const source = (data && data.tokens) || data || {};
  const access = source.access || source.accessToken;
  const refresh = source.refresh || source.refreshToken || (getTokens() || {}).refresh;
  if (!access) throw new ApiError('INVALID_TOKENS', 'The server sent no access token.');
  localStorage.setItem(TOKENS_KEY, JSON.stringify({ access, refresh }));
  return { access, refresh };
}

export function clearTokens() {
  localStorage.removeItem(TOKENS_KEY);
}

// The signed-in user's id, read from the access token's claims (for per-user caches and
// queues): `user_id` (this app's tokens) or the standard `sub`.
export function currentUserId() {
  const tokens = getTokens();
  if (!tokens) return null;
  try {
    const payload = tokens.access.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(payload));
    return claims.user_id || claims.sub || null;
  } catch {
    return null;
  }
}

let refreshing = null;

// One refresh at a time: concurrent 401s wait for the same rotation (the old refresh
// token is blacklisted once used, so a second attempt with it would fail).
export function refreshTokens() {
  if (refreshing) return refreshing;
  const tokens = getTokens();
  if (!tokens || !tokens.refresh) {
    return Promise.reject(new ApiError('UNAUTHORIZED', 'Please sign in.', { status: 401 }));
  }
  refreshing = request('/api/auth/refresh', {
    method: 'POST', body: { refresh: tokens.refresh }, auth: false,
  })
    .then(({ data }) => setTokens(data))
    .finally(() => { refreshing = null; });
  return refreshing;
}

function buildInit({ method = 'GET', body, headers = {}, auth = true, signal }) {
  const init = { method, headers: { Accept: 'application/json', ...headers }, signal };
  if (body instanceof FormData || body instanceof Blob) {
    init.body = body;
  } else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const tokens = auth && getTokens();
  if (tokens) init.headers.Authorization = `Bearer ${tokens.access}`;
  return init;
}

async function request(path, options = {}) {
  let response;
  try {
    response = await fetch(path, buildInit(options));
  } catch (err) {
    if (err && err.name === 'AbortError') throw err;
    throw new ApiError('NETWORK_ERROR', 'No connection to the server.', { status: 0 });
  }
  if (options.raw && response.ok) return response;
  let envelope = null;
  if (response.status !== 204 && response.status !== 304) {
    try {
      envelope = await response.json();
    } catch {
      envelope = null;
    }
  }
  if (!response.ok || (envelope && envelope.success === false)) {
    const error = (envelope && envelope.error) || {};
    throw new ApiError(
      error.code || (response.status === 401 ? 'UNAUTHORIZED' : 'HTTP_ERROR'),
      error.message || `The server answered ${response.status}.`,
      { details: error.details, status: response.status },
    );
  }
  return {
    data: envelope ? envelope.data : null,
    meta: (envelope && envelope.meta) || {},
    status: response.status,
    etag: response.headers.get('ETag'),
    headers: response.headers,
  };
}

// fetch() for the API. Resolves to {data, meta, status, etag, headers}
// (or the raw Response with `raw: true`); rejects with ApiError.
// A 401 refreshes the tokens once and retries; if that fails the user must sign in again.
export async function apiFetch(path, options = {}) {
  const auth = options.auth !== false;
  try {
    return await request(path, options);
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401 || !auth || !getTokens()) throw err;
    try {
      await refreshTokens();
    } catch (refreshError) {
      if (refreshError instanceof ApiError && refreshError.status === 0) throw refreshError;
      clearTokens();
      window.dispatchEvent(new CustomEvent('tracktory:signed-out', { detail: { reason: 'expired' } }));
      throw err;
    }
    return request(path, options);
  }
}

const signOutHooks = [];

// Lets other modules (the offline cache and queue) clean up when the user signs out.
export function onSignOut(hook) {
  signOutHooks.push(hook);
}

// Revokes the refresh token (best effort), runs the sign-out hooks, forgets the tokens.
export async function signOut() {
  const tokens = getTokens();
  if (tokens && tokens.refresh && navigator.onLine) {
    try {
      await apiFetch('/api/auth/logout', { method: 'POST', body: { refresh: tokens.refresh } });
    } catch {
      // The token expires on its own; signing out locally must still succeed.
    }
  }
  for (const hook of signOutHooks) {
    try {
      await hook();
    } catch (err) {
      console.warn('sign-out hook failed', err);
    }
  }
  clearTokens();
  window.dispatchEvent(new CustomEvent('tracktory:signed-out', { detail: { reason: 'user' } }));
}
