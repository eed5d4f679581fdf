// Signing in with an OpenID Connect provider: the authorization-code flow with PKCE (RFC 7636, S256) for a public
// client, written out here so that the page needs no library and no build step. The provider and client come from
// GET /api/ui/config. What a sign-in under way needs (state, nonce, code verifier) and the signed-in user's ID token
// live in sessionStorage: this tab only, gone when it closes.

import { claims } from './api.js';

const PENDING_KEY = 'exportflow.oidc.pending';
const SESSION_KEY = 'exportflow.oidc.session';
const ASK_ADMIN = 'If it keeps happening, tell the people who run ExportFlow.';

/** A sign-in that did not work: what happened, and what the person can do about it. */
export class SignInError extends Error {
  constructor(message, advice) {
    super(message);
    this.advice = advice;
  }
}

/** Where the provider sends the browser back to: this page, without query or fragment. */
function returnAddress() {
  return location.origin + location.pathname;
}

function base64Url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomText() {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

async function challengeOf(verifier) {
  return base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

/** The provider's metadata (OpenID Connect Discovery 1.0). */
async function discover(oidc) {
  const where = oidc.authority.replace(/\/+$/, '') + '/.well-known/openid-configuration';
  let response;
  try {
    response = await fetch(where, { headers: { Accept: 'application/json' } });
  } catch (e) {
    throw new SignInError('The sign-in service (' + oidc.authority + ') cannot be reached.',
      'Check your connection and press Sign in again. ' + ASK_ADMIN);
  }
  const metadata = response.ok ? await response.json().catch(() => null) : null;
  if (!metadata || !metadata.authorization_endpoint || !metadata.token_endpoint) {
    throw new SignInError('The sign-in service (' + oidc.authority + ') did not describe itself (answer '
      + response.status + ').', 'Press Sign in again in a moment. ' + ASK_ADMIN);
  }
  return metadata;
}

/** Sends the browser to the provider's sign-in page; the provider sends it back with a code (see completeSignIn). */
export async function beginSignIn(oidc) {
  if (!window.isSecureContext || !crypto.subtle) {
    // PKCE hashes with Web Crypto, which browsers offer only to https pages (and http on this machine's loopback)
    throw new SignInError('Signing in needs this page to be opened over https.',
      'Open ExportFlow with an https:// address. ' + ASK_ADMIN);
  }
  const metadata = await discover(oidc);
  const pending = { state: randomText(), nonce: randomText(), verifier: randomText(), redirectUri: returnAddress() };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: oidc.clientId,
    redirect_uri: pending.redirectUri,
    scope: oidc.scope,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await challengeOf(pending.verifier),
    code_challenge_method: 'S256',
  });
  location.assign(metadata.authorization_endpoint + '?' + query);
}

/** Whether this page load is the provider sending the browser back (with a code or an error). */
export function isCallback() {
  const query = new URLSearchParams(location.search);
  return query.has('state') && (query.has('code') || query.has('error'));
}

/**
 * Finishes a sign-in the provider sent the browser back from: checks that it answers the sign-in this tab started,
 * exchanges the code for tokens and checks the ID token. Returns the access token and who signed in.
 */
export async function completeSignIn(oidc) {
  const query = new URLSearchParams(location.search);
  // the code is single-use: off the address bar, out of the history, whatever happens next
  history.replaceState(null, '', location.pathname);
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) || 'null');
  sessionStorage.removeItem(PENDING_KEY);
  if (query.has('error')) {
    const reason = query.get('error_description') || query.get('error');
    throw new SignInError('The sign-in service did not sign you in: ' + reason + '.',
      'Press Sign in to try again. ' + ASK_ADMIN);
  }
  if (!pending || pending.state !== query.get('state')) {
    throw new SignInError('This sign-in answer does not belong to a sign-in started on this page (it is old, or '
      + 'was started in another tab).', 'Press Sign in to start again.');
  }
  const metadata = await discover(oidc);
  let response;
  try {
    response = await fetch(metadata.token_endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: query.get('code'),
        redirect_uri: pending.redirectUri,
        client_id: oidc.clientId,
        code_verifier: pending.verifier,
      }),
    });
  } catch (e) {
    throw new SignInError('The sign-in service (' + oidc.authority + ') cannot be reached to finish signing in.',
      'Press Sign in again. ' + ASK_ADMIN);
  }
  const tokens = await response.json().catch(() => ({}));
  if (!response.ok || !tokens.access_token || !tokens.id_token) {
    throw new SignInError('The sign-in service refused to finish signing in: '
      + (tokens.error_description || tokens.error || 'answer ' + response.status) + '.',
      'Press Sign in to try again. ' + ASK_ADMIN);
  }
  // The ID token came straight from the token endpoint, so its signature need not be checked here (OpenID Connect
  // Core 3.1.3.7); that it is meant for this client and this sign-in must be. The api verifies the access token.
  const id = claims(tokens.id_token) || {};
  const audiences = [].concat(id.aud);
  if (id.iss !== metadata.issuer || !audiences.includes(oidc.clientId) || id.nonce !== pending.nonce) {
    throw new SignInError('The sign-in service answered with an identity that is not meant for this page.',
      'Press Sign in to try again. ' + ASK_ADMIN);
  }
  const user = { name: id.name || id.preferred_username || null, email: id.email || null, sub: id.sub };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify({ idToken: tokens.id_token, user }));
  return { accessToken: tokens.access_token, user };
}

/** Who signed in with the provider in this tab (name, email, sub), or null. */
export function signedInUser() {
  const session = JSON.parse(sessionStorage.getItem(SESSION_KEY) || 'null');
  return session ? session.user : null;
}

/** Forgets the provider's sign-in in this tab, without telling the provider. */
export function forgetSession() {
  sessionStorage.removeItem(SESSION_KEY);
}

/**
 * Signs out here and at the provider (RP-initiated logout: the provider ends its session and sends the browser back
 * to this page). Returns false when the provider cannot be told (unreachable, or it has no end_session_endpoint):
 * then only this page has signed out.
 */
export async function signOut(oidc) {
  const session = JSON.parse(sessionStorage.getItem(SESSION_KEY) || 'null');
  forgetSession();
  let metadata;
  try {
    metadata = await discover(oidc);
  } catch (e) {
    return false;
  }
  if (!metadata.end_session_endpoint) {
    return false;
  }
  const query = new URLSearchParams({ client_id: oidc.clientId, post_logout_redirect_uri: returnAddress() });
  if (session) {
    query.set('id_token_hint', session.idToken);
  }
  location.assign(metadata.end_session_endpoint + '?' + query);
  return true;
}
