// The public API of export-api, as this page calls it.

// The bearer token lives in this tab's sessionStorage, gone when the tab closes; never in localStorage, which would
// keep it for every tab and every later visit.
const TOKEN_KEY = 'exportflow.token';

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function saveToken(value) {
  sessionStorage.setItem(TOKEN_KEY, value);
}

export function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** The claims of a JWT (not verified: the server does that), or null for something that is not one. */
export function claims(jwt) {
  try {
    const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const text = new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0)));
    const value = JSON.parse(text);
    return value && typeof value === 'object' ? value : null;
  } catch (e) {
    return null;
  }
}

/** Thrown for an answer that is not 2xx: the problem+json body (RFC 9457) in {@code problem}. */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || ('The server answered ' + status + '.'));
    this.status = status;
    this.problem = problem || {};
  }
}

let onUnauthorized = () => {};

/** What to do when the server refuses the token (401). */
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

export async function call(path, options = {}) {
  const headers = Object.assign({ Accept: 'application/json' }, options.headers || {});
  if (token()) {
    headers.Authorization = 'Bearer ' + token();
  }
  const response = await fetch(path, Object.assign({}, options, { headers }));
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch (e) {
    body = null;
  }
  if (response.status === 401) {
    onUnauthorized();
  }
  if (!response.ok) {
    throw new ApiError(response.status, body);
  }
  return body;
}

/** Server-sent events over fetch, because EventSource cannot send an Authorization header. */
export async function follow(jobId, signal, onJob) {
  const response = await fetch('/api/exports/' + encodeURIComponent(jobId) + '/events', {
    headers: { Accept: 'text/event-stream', Authorization: 'Bearer ' + token() },
    signal,
  });
  if (!response.ok || !response.body) {
    return;
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = event.split('\n').filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trim()).join('\n');
      if (data) {
        onJob(JSON.parse(data));
      }
    }
  }
}
