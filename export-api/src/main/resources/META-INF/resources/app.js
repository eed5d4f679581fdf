// ExportFlow web UI: plain JavaScript modules against the public API, no build step.
// This file signs the user in and out (auth.js speaks to an OpenID Connect provider), shows the sections the user may
// open, and names the page after its state.
import { token, saveToken, forgetToken, claims, whenUnauthorized } from './api.js';
import * as auth from './auth.js';
import { $, el } from './dom.js';
import * as jobList from './exports.js';
import * as create from './create.js';
import * as operatorConsole from './console.js';

const APP = 'ExportFlow';
const SIGNED_OUT_KEY = 'exportflow.signed-out'; // set while the provider signs the user out and sends them back
let section = null; // the section shown, while signed in
let signInConfig = { oidc: null, tokenPaste: false, known: false }; // how people sign in: GET /api/ui/config
let expiryTimer = null;

function setTitle() {
  if (!section) {
    document.title = 'Sign in · ' + APP;
    return;
  }
  const active = jobList.activeCount();
  const running = active ? active + ' in progress · ' : '';
  document.title = running + section.dataset.title + ' · ' + APP;
}

/** The sections this user may open: those that need no group, and those whose group the token grants. */
function sectionsFor(user) {
  const groups = Array.isArray(user.groups) ? user.groups : [];
  return [...document.querySelectorAll('[data-section]')]
    .filter((candidate) => !candidate.dataset.requiresGroup || groups.includes(candidate.dataset.requiresGroup));
}

function open(target, available) {
  section = target;
  document.querySelectorAll('[data-section]').forEach((candidate) => { candidate.hidden = candidate !== target; });
  $('sections').replaceChildren(...available.map((candidate) => el('a', {
    href: '#' + candidate.dataset.section,
    'aria-current': candidate === target ? 'page' : null,
    click: (event) => { event.preventDefault(); open(candidate, available); },
  }, candidate.dataset.title)));
  $('sections').hidden = available.length < 2;
  setTitle();
  target.dispatchEvent(new Event('section-open')); // a section loads what it shows when it is opened
}

/** Shows the ways to sign in that GET /api/ui/config allows, with what went wrong (and what to do) if anything. */
function showSignedOut(message = '', advice = '', status = '') {
  jobList.stopFollowing();
  clearTimeout(expiryTimer);
  section = null;
  document.querySelectorAll('[data-section]').forEach((candidate) => { candidate.hidden = true; });
  $('sections').hidden = true;
  $('account').hidden = true;
  $('auth').hidden = false;
  $('oidc-sign-in').hidden = !signInConfig.oidc;
  $('oidc-sign-in-button').disabled = false;
  $('token-form').hidden = !signInConfig.tokenPaste;
  $('no-sign-in').hidden = Boolean(!signInConfig.known || signInConfig.oidc || signInConfig.tokenPaste);
  $('auth-status').textContent = status;
  $('auth-problem').hidden = !message;
  $('auth-problem-message').textContent = message;
  $('auth-problem-advice').textContent = advice;
  showTokenError('');
  setTitle();
}

/** A pasted token that is no token, shown beside the field. */
function showTokenError(message) {
  const error = $('token-error');
  error.textContent = message;
  error.hidden = !message;
  $('token').setAttribute('aria-invalid', message ? 'true' : 'false');
}

/** The token ran out: back to signing in, which at the provider takes no password while its own session lasts. */
function expired() {
  forgetToken();
  auth.forgetSession();
  if (signInConfig.oidc) {
    showSignedOut('Your sign-in has expired.', 'Press Sign in to go on where you were.');
  } else {
    showSignedOut('The server refused this token (expired, or not for this server).', 'Paste a new one.');
  }
}

/** Who the page says is signed in: the provider's ID token (name and email) or, for a pasted token, its claims. */
function describe(user) {
  const known = auth.signedInUser() || user;
  if (known.name && known.email) {
    return known.name + ' (' + known.email + ')';
  }
  return known.email || known.name || known.sub;
}

async function showSignedIn(value) {
  const user = claims(value);
  if (!user) {
    forgetToken();
    showSignedOut();
    showTokenError('This is not a bearer token (a JWT: three parts separated by dots).');
    $('token').focus();
    return;
  }
  const left = typeof user.exp === 'number' ? user.exp * 1000 - Date.now() : Infinity;
  if (left <= 0) {
    expired();
    return;
  }
  saveToken(value);
  if (left < 2 ** 31) {
    expiryTimer = setTimeout(expired, left);
  }
  $('auth').hidden = true;
  $('account').hidden = false;
  $('whoami').textContent = 'Signed in as ' + describe(user);
  const available = sectionsFor(user);
  open(available[0], available);
  try {
    await Promise.all([create.loadDatasets(), jobList.load(false)]);
  } catch (e) {
    if (section) {
      $('create-message').textContent = e.message;
    }
  }
}

async function signOut() {
  clearTimeout(expiryTimer);
  forgetToken();
  $('token').value = '';
  if (signInConfig.oidc && auth.signedInUser()) {
    showSignedOut('', '', 'Signing you out…');
    sessionStorage.setItem(SIGNED_OUT_KEY, 'true');
    if (!await auth.signOut(signInConfig.oidc)) {
      sessionStorage.removeItem(SIGNED_OUT_KEY);
      showSignedOut('You are signed out here, but the sign-in service could not be told.',
        'Close the browser to end your session there as well.');
    }
    return;
  }
  showSignedOut('', '', 'You have signed out.');
  (signInConfig.tokenPaste ? $('token') : $('oidc-sign-in-button')).focus();
}

/** Reads how people sign in, finishes a sign-in the provider sent the browser back from, or shows how to sign in. */
async function start() {
  try {
    // without the stored token: it may be stale, and this answer is the same for everyone
    const response = await fetch('/api/ui/config', { headers: { Accept: 'application/json' } });
    if (!response.ok) {
      throw new Error('the server answered ' + response.status + '.');
    }
    signInConfig = Object.assign(await response.json(), { known: true });
  } catch (e) {
    showSignedOut('This page cannot find out how to sign in: ' + e.message, 'Reload the page in a moment.');
    return;
  }
  // ./exportflow up may print http://127.0.0.1:8080/#token=... so that the page opens signed in.
  const fragment = location.hash.match(/token=([^&]+)/);
  if (fragment) {
    history.replaceState(null, '', location.pathname);
    if (signInConfig.tokenPaste) {
      saveToken(decodeURIComponent(fragment[1]));
    }
  }
  if (signInConfig.oidc && auth.isCallback()) {
    showSignedOut('', '', 'Signing you in…');
    try {
      saveToken((await auth.completeSignIn(signInConfig.oidc)).accessToken);
    } catch (e) {
      showSignedOut(e.message, e.advice || '');
      return;
    }
  }
  const signedOut = sessionStorage.getItem(SIGNED_OUT_KEY);
  sessionStorage.removeItem(SIGNED_OUT_KEY);
  if (token()) {
    showSignedIn(token());
  } else {
    showSignedOut('', '', signedOut ? 'You have signed out.' : '');
  }
}

document.addEventListener('DOMContentLoaded', () => {
  whenUnauthorized(expired);
  jobList.whenChanged(setTitle);
  create.init();
  operatorConsole.init();
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    showSignedIn($('token').value.trim());
  });
  $('oidc-sign-in-button').addEventListener('click', async () => {
    $('oidc-sign-in-button').disabled = true;
    $('auth-status').textContent = 'Opening the sign-in service…';
    try {
      await auth.beginSignIn(signInConfig.oidc);
    } catch (e) {
      showSignedOut(e.message, e.advice || '');
    }
  });
  $('sign-out').addEventListener('click', signOut);
  $('refresh').addEventListener('click', () => jobList.load(false).catch(() => {}));
  $('more').addEventListener('click', () => jobList.load(true).catch(() => {}));
  start();
});
