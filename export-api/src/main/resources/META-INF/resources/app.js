// ExportFlow web UI: plain JavaScript modules against the public API, no build step.
// This file signs the user in and out, shows the sections the user may open, and names the page after its state.
import { token, saveToken, forgetToken, claims, whenUnauthorized } from './api.js';
import { $, el } from './dom.js';
import * as jobList from './exports.js';
import * as create from './create.js';
import * as operatorConsole from './console.js';

const APP = 'ExportFlow';
let section = null; // the section shown, while signed in

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

function showSignedOut(message) {
  jobList.stopFollowing();
  section = null;
  document.querySelectorAll('[data-section]').forEach((candidate) => { candidate.hidden = true; });
  $('sections').hidden = true;
  $('account').hidden = true;
  $('auth').hidden = false;
  const error = $('token-error');
  error.textContent = message || '';
  error.hidden = !message;
  $('token').setAttribute('aria-invalid', message ? 'true' : 'false');
  setTitle();
}

async function signIn(value) {
  const user = claims(value);
  if (!user) {
    showSignedOut('This is not a bearer token (a JWT: three parts separated by dots).');
    $('token').focus();
    return;
  }
  saveToken(value);
  $('auth').hidden = true;
  $('account').hidden = false;
  $('whoami').textContent = 'Signed in as ' + (user.email || user.sub);
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

document.addEventListener('DOMContentLoaded', () => {
  // ./exportflow up may print http://127.0.0.1:8080/#token=... so that the page opens signed in.
  const fragment = location.hash.match(/token=([^&]+)/);
  if (fragment) {
    saveToken(decodeURIComponent(fragment[1]));
    history.replaceState(null, '', location.pathname);
  }
  whenUnauthorized(() => {
    forgetToken();
    showSignedOut('The server refused this token (expired, or not for this server). Paste a new one.');
  });
  jobList.whenChanged(setTitle);
  create.init();
  operatorConsole.init();
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    signIn($('token').value.trim());
  });
  $('sign-out').addEventListener('click', () => {
    forgetToken();
    $('token').value = '';
    showSignedOut('');
    $('token').focus();
  });
  $('refresh').addEventListener('click', () => jobList.load(false).catch(() => {}));
  $('more').addEventListener('click', () => jobList.load(true).catch(() => {}));
  if (token()) {
    signIn(token());
  } else {
    showSignedOut('');
  }
});
