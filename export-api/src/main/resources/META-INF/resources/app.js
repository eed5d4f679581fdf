// ExportFlow web UI: plain JavaScript against the public API, no build step.
'use strict';

const TOKEN_KEY = 'exportflow.token';
const ACTIVE = ['QUEUED', 'RUNNING', 'CANCELLING'];
const ENDED = ['SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED']; // may be deleted
const $ = (id) => document.getElementById(id);

let datasets = [];
let nextCursor = null;
const streams = new Map(); // job id -> AbortController of its event stream

// ---- token ---------------------------------------------------------------------------------

function token() {
  return localStorage.getItem(TOKEN_KEY);
}

function claims(jwt) {
  try {
    const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(decodeURIComponent(escape(atob(payload))));
  } catch (e) {
    return null;
  }
}

function takeTokenFromFragment() {
  // ./exportflow up may print http://127.0.0.1:8080/#token=... so that the page opens signed in.
  const match = location.hash.match(/token=([^&]+)/);
  if (match) {
    localStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
    history.replaceState(null, '', location.pathname);
  }
}

// ---- API -----------------------------------------------------------------------------------

async function api(path, options = {}) {
  const headers = Object.assign({ Accept: 'application/json' }, options.headers || {});
  if (token()) {
    headers.Authorization = 'Bearer ' + token();
  }
  const response = await fetch(path, Object.assign({}, options, { headers }));
  if (response.status === 401) {
    showSignedOut('Your token was refused (missing, expired or not for this server). Paste a new one.');
    throw new Error('unauthorized');
  }
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = new Error((body && (body.detail || body.title)) || ('HTTP ' + response.status));
    error.problem = body;
    error.status = response.status;
    throw error;
  }
  return body;
}

/** Server-sent events over fetch, because EventSource cannot send an Authorization header. */
async function follow(jobId, onJob) {
  if (streams.has(jobId)) {
    return;
  }
  const controller = new AbortController();
  streams.set(jobId, controller);
  try {
    const response = await fetch('/api/exports/' + jobId + '/events', {
      headers: { Accept: 'text/event-stream', Authorization: 'Bearer ' + token() },
      signal: controller.signal,
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
        break;
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
  } catch (e) {
    if (e.name !== 'AbortError') {
      console.warn('event stream of', jobId, 'ended:', e.message);
    }
  } finally {
    streams.delete(jobId);
  }
}

// ---- rendering -----------------------------------------------------------------------------

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  Object.entries(attributes).forEach(([name, value]) => {
    if (name === 'onclick') {
      node.addEventListener('click', value);
    } else if (value !== undefined && value !== null && value !== false) {
      node.setAttribute(name, value === true ? '' : value);
    }
  });
  children.flat().forEach((child) => node.append(child instanceof Node ? child : document.createTextNode(String(child))));
  return node;
}

function bytes(n) {
  if (n == null) return '';
  const units = ['B', 'KB', 'MB', 'GB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

function jobRow(job) {
  const progress = job.progress || {};
  let progressCell;
  if (job.status === 'SUCCEEDED' && job.file) {
    progressCell = el('td', {}, job.file.rows + ' rows, ' + bytes(job.file.size),
      el('span', { class: 'detail' }, 'available until ' + when(job.file.expiresAt)));
  } else if (job.status === 'FAILED' && job.error) {
    progressCell = el('td', {}, job.error.message, el('span', { class: 'detail' }, job.error.code));
  } else if (ACTIVE.includes(job.status)) {
    progressCell = el('td', {},
      progress.percent != null ? el('progress', { max: 100, value: progress.percent }) : el('progress'),
      el('span', { class: 'detail' }, progress.rows + ' rows, ' + bytes(progress.bytes)
        + (progress.percent != null ? ' (' + progress.percent + ' %)' : '')));
  } else {
    progressCell = el('td', {}, '');
  }
  const actions = el('td', { class: 'actions' });
  if (job.status === 'SUCCEEDED') {
    actions.append(el('button', { onclick: () => download(job) }, 'Download'));
    actions.append(el('button', { class: 'secondary', onclick: (e) => resend(job, e.target) }, 'Email again'));
  }
  if (job.status === 'QUEUED' || job.status === 'RUNNING') {
    actions.append(el('button', { class: 'danger', onclick: () => cancel(job) }, 'Cancel'));
  }
  if (ENDED.includes(job.status)) {
    actions.append(el('button', { class: 'danger', onclick: () => remove(job) }, 'Delete'));
  }
  const notified = job.notification ? ' · email ' + job.notification.outcome.toLowerCase() : '';
  return el('tr', { id: 'job-' + job.id },
    el('td', {}, job.datasetTitle, el('span', { class: 'detail' }, Object.entries(job.parameters || {})
      .map(([k, v]) => k + '=' + v).join(', '))),
    el('td', {}, el('span', { class: 'status ' + job.status }, job.status), el('span', { class: 'detail' }, notified)),
    progressCell,
    el('td', {}, when(job.startedAt || job.createdAt)),
    actions);
}

function show(job) {
  const row = jobRow(job);
  const existing = $('job-' + job.id);
  if (existing) {
    existing.replaceWith(row);
  } else {
    $('jobs').prepend(row);
  }
  if (ACTIVE.includes(job.status)) {
    follow(job.id, show);
  }
}

// ---- actions -------------------------------------------------------------------------------

async function loadHistory(append) {
  const page = await api('/api/exports?limit=20' + (append && nextCursor ? '&cursor=' + encodeURIComponent(nextCursor) : ''));
  if (!append) {
    $('jobs').replaceChildren();
  }
  page.items.forEach((job) => {
    const row = jobRow(job);
    $('jobs').append(row);
    if (ACTIVE.includes(job.status)) {
      follow(job.id, show);
    }
  });
  nextCursor = page.nextCursor;
  $('more').hidden = !nextCursor;
}

async function loadDatasets() {
  datasets = await api('/api/datasets');
  $('dataset').replaceChildren(...datasets.map((d) => el('option', { value: d.name }, d.title)));
  renderParameters();
}

function renderParameters() {
  const dataset = datasets.find((d) => d.name === $('dataset').value);
  $('dataset-description').textContent = dataset ? (dataset.description || '') : '';
  const box = $('parameters');
  box.replaceChildren(el('legend', {}, 'Filters'));
  (dataset ? dataset.parameters : []).forEach((p) => {
    let input;
    if (p.allowed && p.allowed.length) {
      input = el('select', { name: p.name }, el('option', { value: '' }, p.required ? 'Choose…' : 'Any'),
        p.allowed.map((value) => el('option', { value }, value)));
    } else if (p.type === 'boolean') {
      input = el('select', { name: p.name }, el('option', { value: '' }, 'Any'),
        el('option', { value: 'true' }, 'yes'), el('option', { value: 'false' }, 'no'));
    } else {
      const type = p.type === 'date' ? 'date' : (p.type === 'integer' || p.type === 'decimal') ? 'number' : 'text';
      input = el('input', { type, name: p.name, min: p.min, max: p.max, maxlength: p.maxLength,
        step: p.type === 'decimal' ? 'any' : null, placeholder: p.defaultValue || '', required: p.required });
    }
    box.append(el('label', { title: p.description || '' }, (p.description || p.name) + (p.required ? ' *' : ''), input));
  });
}

async function create(event) {
  event.preventDefault();
  $('create-errors').replaceChildren();
  $('create-message').textContent = 'Starting…';
  const parameters = {};
  $('parameters').querySelectorAll('[name]').forEach((input) => {
    if (input.value !== '') {
      parameters[input.name] = input.value;
    }
  });
  const format = $('format').value;
  const options = { timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone };
  if (format === 'csv') {
    Object.assign(options, { delimiter: $('delimiter').value, header: $('header').checked, bom: $('bom').checked });
  }
  if (format !== 'xlsx') {
    options.gzip = $('gzip').checked;
  }
  const body = { dataset: $('dataset').value, parameters, format, options };
  try {
    const job = await api('/api/exports', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify(body),
    });
    $('create-message').textContent = 'Started. You will also get an email when the file is ready.';
    show(job);
  } catch (e) {
    $('create-message').textContent = e.message;
    ((e.problem && e.problem.errors) || []).forEach((error) =>
      $('create-errors').append(el('li', {}, error.field + ': ' + error.message)));
    if (e.problem && e.problem.activeJobs) {
      $('create-errors').append(el('li', {}, 'Active: ' + e.problem.activeJobs.join(', ')));
    }
  }
}

async function download(job) {
  try {
    const answer = await api('/api/exports/' + job.id + '/download');
    window.location.href = answer.url;
  } catch (e) {
    alert(e.message);
  }
}

async function cancel(job) {
  try {
    show(await api('/api/exports/' + job.id + '/cancel', { method: 'POST' }));
  } catch (e) {
    alert(e.message);
  }
}

async function remove(job) {
  if (!confirm('Delete this export and its file? Links in emails stop working at once.')) {
    return;
  }
  try {
    show(await api('/api/exports/' + job.id, { method: 'DELETE' }));
  } catch (e) {
    alert(e.message);
  }
}

async function resend(job, button) {
  try {
    await api('/api/exports/' + job.id + '/resend', { method: 'POST' });
    button.textContent = 'Email sent';
    button.disabled = true;
  } catch (e) {
    alert(e.message);
  }
}

// ---- page ----------------------------------------------------------------------------------

function showSignedOut(message) {
  streams.forEach((controller) => controller.abort());
  $('create').hidden = true;
  $('history').hidden = true;
  $('whoami').textContent = message || '';
}

async function showSignedIn() {
  const c = claims(token());
  $('whoami').textContent = c ? 'Signed in as ' + (c.email || c.sub) : '';
  $('create').hidden = false;
  $('history').hidden = false;
  await Promise.all([loadDatasets(), loadHistory(false)]);
}

document.addEventListener('DOMContentLoaded', () => {
  takeTokenFromFragment();
  $('token').value = token() || '';
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    localStorage.setItem(TOKEN_KEY, $('token').value.trim());
    showSignedIn().catch((e) => console.warn(e));
  });
  $('sign-out').addEventListener('click', () => {
    localStorage.removeItem(TOKEN_KEY);
    $('token').value = '';
    showSignedOut('');
  });
  $('dataset').addEventListener('change', renderParameters);
  $('create-form').addEventListener('submit', create);
  // only what the chosen format uses: a workbook has no delimiter and is compressed already
  const showFormatOptions = () => {
    $('csv-options').hidden = $('format').value !== 'csv';
    $('gzip-option').hidden = $('format').value === 'xlsx';
  };
  $('format').addEventListener('change', showFormatOptions);
  showFormatOptions();
  $('refresh').addEventListener('click', () => loadHistory(false));
  $('more').addEventListener('click', () => loadHistory(true));
  if (token()) {
    showSignedIn().catch((e) => console.warn(e));
  }
});
