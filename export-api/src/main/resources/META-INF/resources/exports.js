// The user's exports: the list, kept live through each active export's event stream, and the actions on one.
import { call, follow } from './api.js';
import { $, el, announce, cell } from './dom.js';
import { rows, size, percentOf, time } from './format.js';

const ACTIVE = ['QUEUED', 'RUNNING', 'CANCELLING'];
const ENDED = ['SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED']; // may be deleted
const STATUS_TEXT = {
  QUEUED: 'Queued', RUNNING: 'Running', CANCELLING: 'Cancelling', SUCCEEDED: 'Ready', FAILED: 'Failed',
  CANCELLED: 'Cancelled', EXPIRED: 'Expired', DELETED: 'Deleted',
};
const RECONNECT_MS = 2000;

const jobs = new Map(); // id -> the job as last shown
const streams = new Map(); // id -> AbortController of its event stream
let nextCursor = null;
let onChange = () => {};

/** Called with the number of active exports whenever the list changes. */
export function whenChanged(handler) {
  onChange = handler;
}

export function activeCount() {
  return [...jobs.values()].filter((job) => ACTIVE.includes(job.status)).length;
}

export async function load(append) {
  const cursor = append && nextCursor ? '&cursor=' + encodeURIComponent(nextCursor) : '';
  const page = await call('/api/exports?limit=20' + cursor);
  if (!append) {
    stopFollowing();
    jobs.clear();
    $('jobs').replaceChildren();
  }
  page.items.forEach((job) => show(job, 'append'));
  nextCursor = page.nextCursor;
  $('more').hidden = !nextCursor;
  changed();
}

export function stopFollowing() {
  streams.forEach((controller) => controller.abort());
  streams.clear();
}

/** Shows a job, new or changed, and follows it while it runs. */
export function show(job, where = 'prepend') {
  const before = jobs.get(job.id);
  jobs.set(job.id, job);
  const row = jobRow(job);
  const existing = $('job-' + job.id);
  if (existing) {
    existing.replaceWith(row);
  } else if (where === 'append') {
    $('jobs').append(row);
  } else {
    $('jobs').prepend(row);
  }
  if (before && before.status !== job.status) {
    announce(job.datasetTitle + ' export: ' + STATUS_TEXT[job.status]);
  }
  if (ACTIVE.includes(job.status)) {
    keepFollowing(job.id);
  }
  changed();
}

function changed() {
  const empty = jobs.size === 0;
  $('empty-state').hidden = !empty;
  $('jobs-table').hidden = empty;
  onChange(activeCount());
}

async function keepFollowing(id) {
  if (streams.has(id)) {
    return;
  }
  const controller = new AbortController();
  streams.set(id, controller);
  try {
    await follow(id, controller.signal, (job) => show(job));
  } catch (e) {
    if (e.name === 'AbortError') {
      return;
    }
  } finally {
    if (streams.get(id) === controller) {
      streams.delete(id);
    }
  }
  // The stream ended (the job ended, the token expired, the connection broke): catch up, and go on if it still runs.
  const job = jobs.get(id);
  if (job && ACTIVE.includes(job.status) && !controller.signal.aborted) {
    setTimeout(() => refresh(id), RECONNECT_MS);
  }
}

async function refresh(id) {
  try {
    show(await call('/api/exports/' + id));
  } catch (e) {
    // the next Refresh shows what happened; a refused token has signed the user out already
  }
}

function jobRow(job) {
  const requested = time(job.createdAt);
  const label = job.datasetTitle + ' export of ' + requested.textContent;
  return el('tr', { id: 'job-' + job.id, 'data-status': job.status },
    cell('Dataset', job.datasetTitle,
      el('span', { class: 'detail' }, Object.entries(job.parameters || {}).map(([k, v]) => k + ' = ' + v).join(', '))),
    cell('Status', el('span', { class: 'status ' + job.status }, STATUS_TEXT[job.status] || job.status),
      el('span', { class: 'detail' }, job.notification ? 'email ' + job.notification.outcome.toLowerCase() : '')),
    cell('Progress', progressOf(job, label)),
    cell('Requested', requested),
    el('td', { class: 'actions' }, actionsFor(job, label)));
}

function progressOf(job, label) {
  if (job.status === 'SUCCEEDED' && job.file) {
    return [rows(job.file.rows) + ', ' + size(job.file.size),
      el('span', { class: 'detail' }, 'available until ', time(job.file.expiresAt))];
  }
  if (job.status === 'FAILED' && job.error) {
    return [job.error.message, el('span', { class: 'detail' }, job.error.code)];
  }
  if (!ACTIVE.includes(job.status)) {
    return [];
  }
  const progress = job.progress || {};
  const bar = progress.percent != null
    ? el('progress', { max: 100, value: progress.percent, 'aria-label': 'Progress of ' + label })
    : el('progress', { 'aria-label': 'Progress of ' + label });
  const done = progress.rows ? rows(progress.rows) + ', ' + size(progress.bytes) : 'waiting to start';
  const share = progress.percent != null ? ' (' + percentOf(progress.percent) + ')' : '';
  return [bar, el('span', { class: 'detail' }, done + share)];
}

function actionsFor(job, label) {
  const buttons = [];
  const button = (name, text, handler, style) => el('button',
    { type: 'button', class: name + (style ? ' ' + style : ''), 'aria-label': text + ' ' + label, click: handler }, text);
  if (job.status === 'SUCCEEDED') {
    buttons.push(button('download', 'Download', () => act(job, download)));
    buttons.push(button('resend', 'Email again', (e) => act(job, () => resend(job, e.currentTarget)), 'secondary'));
  }
  if (job.status === 'QUEUED' || job.status === 'RUNNING') {
    buttons.push(button('cancel', 'Cancel', () => act(job, cancel), 'danger'));
  }
  if (ENDED.includes(job.status)) {
    buttons.push(button('delete', 'Delete', () => act(job, remove), 'danger'));
  }
  buttons.push(el('p', { class: 'row-message', role: 'alert' }));
  return buttons;
}

/** Runs an action; its failure is shown in the export's row. */
async function act(job, action) {
  try {
    await action(job);
  } catch (e) {
    const message = $('job-' + job.id) && $('job-' + job.id).querySelector('.row-message');
    if (message) {
      message.textContent = e.message;
    }
  }
}

async function download(job) {
  const answer = await call('/api/exports/' + job.id + '/download');
  window.location.assign(answer.url); // a short-lived link whose answer is an attachment: the page stays
}

async function cancel(job) {
  show(await call('/api/exports/' + job.id + '/cancel', { method: 'POST' }));
}

async function remove(job) {
  if (window.confirm('Delete this export and its file? Links in emails stop working at once.')) {
    show(await call('/api/exports/' + job.id, { method: 'DELETE' }));
  }
}

async function resend(job, button) {
  await call('/api/exports/' + job.id + '/resend', { method: 'POST' });
  button.textContent = 'Email sent';
  button.disabled = true;
}
