// The operator console (section "Console", for tokens whose groups hold "operator"): every tenant's exports with
// filters and paging, the figures of the last hour and day, dead-lettered records, and the audit log; the actions
// retry, cancel and email again. It uses /api/admin only, whose answers never hold a download: nor does this page.
import { call } from './api.js';
import { $, el, cell, clearFieldErrors, showFieldErrors } from './dom.js';
import { number, rows, size, percentOf, time, duration } from './format.js';

const ACTIVE = ['QUEUED', 'RUNNING', 'CANCELLING'];
const PAGE = 20;
const WATCH_MS = 2000;

const ACTIONS = {
  retry: {
    text: 'Retry',
    question: (job) => 'Run the ' + job.datasetTitle + ' export of ' + ownerOf(job) + ' again? It starts over as'
      + ' generation ' + (job.generation + 1) + '.',
    done: (job) => 'queued again as generation ' + job.generation + '.',
  },
  cancel: {
    text: 'Cancel',
    question: (job) => 'Cancel the ' + job.datasetTitle + ' export of ' + ownerOf(job) + '? Its owner sees it cancelled.',
    done: (job) => (job.status === 'CANCELLED' ? 'already cancelled.' : 'cancelling: the worker stops it.'),
  },
  resend: {
    text: 'Email again',
    question: (job) => 'Email the link to ' + ownerOf(job) + ' again? It goes to the owner, never to you.',
    done: (job) => 'the email goes to ' + ownerOf(job) + ' again.',
  },
};

let filter = new URLSearchParams(); // the filters of the list shown
let nextCursor = null;
let auditCursor = null;
const watched = new Map(); // id -> a job an operator acted on, re-read until it ends
let watchTimer = null;

export function init() {
  $('console-section').addEventListener('section-open', refreshAll);
  $('console-filter').addEventListener('submit', (event) => {
    event.preventDefault();
    loadJobs(false);
  });
  // a reset clears the form after its listeners ran: list again once it has
  $('console-filter').addEventListener('reset', () => setTimeout(() => loadJobs(false)));
  $('console-more').addEventListener('click', () => loadJobs(true));
  $('console-stats-refresh').addEventListener('click', loadStats);
  $('console-dead-letters-refresh').addEventListener('click', loadDeadLetters);
  $('console-audit-refresh').addEventListener('click', () => loadAudit(false));
  $('console-audit-more').addEventListener('click', () => loadAudit(true));
}

async function refreshAll() {
  $('console-denied').hidden = true;
  $('console-section').querySelectorAll('section').forEach((card) => { card.hidden = false; });
  await Promise.all([loadStats(), loadJobs(false), loadAudit(false)]);
  // one topic after the other: the api reads at most two topics at once per replica
  await loadDeadLetters();
}

function shown() {
  return !$('console-section').hidden;
}

/** A 403 means the server does not know this caller as an operator, whatever the token's groups say. */
function refused(e) {
  if (e.status !== 403) {
    return false;
  }
  $('console-denied').textContent = 'The server refused the console (403): this token does not carry the role operator.';
  $('console-denied').hidden = false;
  $('console-section').querySelectorAll('section').forEach((card) => { card.hidden = true; });
  return true;
}

// ---- figures

async function loadStats() {
  try {
    const stats = await call('/api/admin/stats');
    const statuses = Object.keys(stats.lastDay.byStatus);
    $('console-by-status').tBodies[0].replaceChildren(...statuses.map((status) => figuresRow('Status',
      el('span', { class: 'status ' + status }, status), stats.lastHour.byStatus[status], stats.lastDay.byStatus[status])));
    const codes = [...new Set([...Object.keys(stats.lastDay.byErrorCode), ...Object.keys(stats.lastHour.byErrorCode)])].sort();
    $('console-by-error').tBodies[0].replaceChildren(...(codes.length
      ? codes.map((code) => figuresRow('Error code', code, stats.lastHour.byErrorCode[code] || 0,
        stats.lastDay.byErrorCode[code] || 0))
      : [el('tr', {}, el('td', { colspan: 3 }, 'No export failed in the last day.'))]));
    $('console-error-codes').replaceChildren(...codes.map((code) => el('option', { value: code })));
    $('console-queue').replaceChildren(
      el('span', {}, 'Oldest queued export waits: ',
        el('strong', { id: 'console-oldest-queued' },
          stats.oldestQueuedAgeSeconds ? duration(stats.oldestQueuedAgeSeconds) : 'none queued')),
      el('span', {}, 'Outbox: ', el('strong', {}, number(stats.outbox.pending)), ' waiting to be published, ',
        el('strong', {}, number(stats.outbox.quarantined)), ' quarantined'));
  } catch (e) {
    if (!refused(e)) {
      $('console-queue').textContent = 'The figures could not be read: ' + e.message;
    }
  }
}

function figuresRow(label, name, hour, day) {
  return el('tr', {}, cell(label, name), cell('Last hour', number(hour)), cell('Last day', number(day)));
}

// ---- every export

/** The form's filters as the API takes them; the times typed are in the user's zone and sent as instants. */
function filtersOfForm() {
  const query = new URLSearchParams();
  const put = (name, value) => {
    if (value) {
      query.set(name, value);
    }
  };
  put('status', $('console-status').value);
  put('tenant', $('console-tenant').value.trim());
  put('user', $('console-user').value.trim());
  put('dataset', $('console-dataset').value.trim());
  put('errorCode', $('console-error-code').value.trim());
  put('from', instant($('console-from').value));
  put('to', instant($('console-to').value));
  return query;
}

function instant(local) {
  const parsed = local ? new Date(local) : null;
  return parsed && !Number.isNaN(parsed.getTime()) ? parsed.toISOString() : local;
}

async function loadJobs(append) {
  const form = $('console-filter');
  if (!append) {
    clearFieldErrors(form, $('console-filter-errors'));
    filter = filtersOfForm();
  }
  const query = new URLSearchParams(filter);
  query.set('limit', PAGE);
  if (append && nextCursor) {
    query.set('cursor', nextCursor);
  }
  $('console-filter-message').textContent = 'Loading…';
  try {
    const page = await call('/api/admin/exports?' + query);
    if (!append) {
      $('console-jobs').replaceChildren();
    }
    page.items.forEach((job) => showJob(job, 'append'));
    nextCursor = page.nextCursor;
    $('console-more').hidden = !nextCursor;
    const shown = $('console-jobs').rows.length;
    $('console-filter-message').textContent = number(shown) + (shown === 1 ? ' export' : ' exports')
      + (nextCursor ? ' shown; Older shows more.' : '.');
    $('console-empty').hidden = shown > 0;
    $('console-jobs-table').hidden = shown === 0;
  } catch (e) {
    if (!refused(e)) {
      const fields = showFieldErrors(form, e.problem, $('console-filter-errors'));
      $('console-filter-message').textContent = fields ? 'Please correct the marked fields.' : e.message;
    }
  }
}

/** Shows a job, replacing its row when it is in the list already. */
function showJob(job, where = 'replace') {
  const row = jobRow(job);
  const existing = $('console-job-' + job.id);
  if (existing) {
    existing.replaceWith(row);
  } else if (where === 'append') {
    $('console-jobs').append(row);
  }
}

function ownerOf(job) {
  return job.owner.email || job.owner.userId;
}

function jobRow(job) {
  const requested = time(job.createdAt);
  const label = job.datasetTitle + ' export of ' + ownerOf(job) + ', ' + requested.textContent;
  const parameters = Object.entries(job.parameters || {}).map(([k, v]) => k + ' = ' + v).join(', ');
  return el('tr', { id: 'console-job-' + job.id, 'data-status': job.status, 'data-owner': job.owner.userId },
    cell('Owner', job.owner.userId, el('span', { class: 'detail' }, job.owner.email),
      el('span', { class: 'detail' }, 'tenant ' + job.tenant)),
    cell('Dataset', job.datasetTitle, el('span', { class: 'detail' }, [parameters, job.format].filter(Boolean).join(' · '))),
    cell('Status', el('span', { class: 'status ' + job.status }, job.status),
      el('span', { class: 'detail' }, job.generation > 1 ? 'generation ' + job.generation : ''),
      el('span', { class: 'detail' }, job.notification ? 'email ' + job.notification.outcome.toLowerCase() : '')),
    cell('Progress', progressOf(job)),
    cell('Requested', requested),
    el('td', { class: 'actions' }, actionsFor(job, label)));
}

function progressOf(job) {
  if (job.status === 'SUCCEEDED' && job.file) {
    return [rows(job.file.rows) + ', ' + size(job.file.size)];
  }
  if (job.status === 'FAILED' && job.error) {
    return [job.error.message, el('span', { class: 'detail' }, job.error.code
      + (job.error.retryable ? ' · a retry may succeed' : ' · fails again unless its cause is fixed'))];
  }
  if (!ACTIVE.includes(job.status)) {
    return [];
  }
  const progress = job.progress || {};
  const share = progress.percent != null ? ' (' + percentOf(progress.percent) + ')' : '';
  return [progress.rows ? rows(progress.rows) + ', ' + size(progress.bytes) + share : 'waiting to start'];
}

/** Retry a FAILED export, cancel a queued or running one, email a ready one again: never a download. */
function actionsFor(job, label) {
  const offered = [];
  if (job.status === 'FAILED') {
    offered.push(['retry', '']);
  }
  if (job.status === 'QUEUED' || job.status === 'RUNNING') {
    offered.push(['cancel', 'danger']);
  }
  if (job.status === 'SUCCEEDED') {
    offered.push(['resend', 'secondary']);
  }
  return offered.map(([action, style]) => el('button', {
    type: 'button', class: (action + ' ' + style).trim(), 'aria-label': ACTIONS[action].text + ' ' + label,
    click: () => act(job, action),
  }, ACTIONS[action].text));
}

async function act(job, action) {
  const spec = ACTIONS[action];
  if (!window.confirm(spec.question(job))) {
    return;
  }
  const result = $('console-action-message');
  try {
    const answer = await call('/api/admin/exports/' + encodeURIComponent(job.id) + '/' + action, { method: 'POST' });
    showJob(answer);
    result.dataset.outcome = 'ok';
    result.textContent = spec.text + ', ' + answer.datasetTitle + ' export of ' + ownerOf(answer) + ': ' + spec.done(answer);
    if (ACTIVE.includes(answer.status)) {
      watched.set(answer.id, answer);
      watch();
    }
  } catch (e) {
    if (refused(e)) {
      return;
    }
    result.dataset.outcome = 'refused';
    result.textContent = spec.text + ' refused (' + e.status + '): ' + e.message;
  }
  await Promise.all([loadAudit(false), loadStats()]);
}

// ---- a job acted on, followed until it ends

function watch() {
  if (watchTimer === null) {
    watchTimer = setTimeout(rereadWatched, WATCH_MS);
  }
}

async function rereadWatched() {
  watchTimer = null;
  if (!shown()) {
    watched.clear();
    return;
  }
  for (const job of [...watched.values()]) {
    try {
      const now = await reread(job);
      if (now) {
        showJob(now);
      }
      if (!now || !ACTIVE.includes(now.status)) {
        watched.delete(job.id);
      }
    } catch (e) {
      watched.delete(job.id); // the next Show reads it again; a refused token has signed the user out already
    }
  }
  if (watched.size) {
    watch();
  } else {
    loadStats(); // the figures count jobs in their current state: one that ended has moved
  }
}

/** One job again, through the listing: its owner's exports created in the millisecond it was. */
async function reread(job) {
  const created = Date.parse(job.createdAt.replace(/(\.\d{3})\d+/, '$1')); // to the millisecond: Date's precision
  const query = new URLSearchParams({
    user: job.owner.userId, from: new Date(created).toISOString(), to: new Date(created + 1).toISOString(), limit: '100',
  });
  const page = await call('/api/admin/exports?' + query);
  return page.items.find((item) => item.id === job.id) || null;
}

// ---- dead letters

async function loadDeadLetters() {
  for (const box of document.querySelectorAll('#console-dead-letters [data-topic]')) {
    const topic = box.dataset.topic;
    const heading = el('h3', {}, topic);
    box.replaceChildren(heading, el('p', { class: 'hint' }, 'Reading…'));
    try {
      const letters = await call('/api/admin/dead-letters?topic=' + encodeURIComponent(topic) + '&limit=20');
      box.replaceChildren(heading, letters.length
        ? el('ol', { class: 'dead-letters' }, letters.map(deadLetter))
        : el('p', { class: 'hint' }, 'None: nothing was dead-lettered here.'));
    } catch (e) {
      if (refused(e)) {
        return;
      }
      box.replaceChildren(heading, el('p', { class: 'field-error', role: 'alert' }, e.message));
    }
  }
}

function deadLetter(record) {
  // the dead-letter-* headers say why: first
  const headers = Object.entries(record.headers || {})
    .sort(([a], [b]) => Number(!a.startsWith('dead-letter')) - Number(!b.startsWith('dead-letter')));
  return el('li', { class: 'dead-letter', 'data-key': record.key },
    el('p', {}, time(record.timestamp), ' · partition ', number(record.partition), ', offset ', number(record.offset),
      record.key ? ' · key ' + record.key : ''),
    el('dl', {}, headers.map(([name, value]) => [el('dt', {}, name), el('dd', {}, value)])),
    el('details', {},
      el('summary', {}, record.value == null ? 'No value'
        : 'Value, ' + size(record.valueSize) + (record.valueTruncated ? ' (the first 2 kB shown)' : '')),
      el('pre', {}, record.value || '')));
}

// ---- audit

async function loadAudit(append) {
  const cursor = append && auditCursor ? '&cursor=' + encodeURIComponent(auditCursor) : '';
  try {
    const page = await call('/api/admin/audit?limit=' + PAGE + cursor);
    if (!append) {
      $('console-audit-rows').replaceChildren();
    }
    page.items.forEach((entry) => $('console-audit-rows').append(el('tr',
      { id: 'console-audit-' + entry.id, 'data-action': entry.action, 'data-job': entry.jobId },
      cell('When', time(entry.at)),
      cell('Operator', entry.operator),
      cell('Action', entry.action),
      cell('Export', entry.jobId, el('span', { class: 'detail' }, 'generation ' + entry.generation)),
      cell('Detail', entry.detail || ''))));
    auditCursor = page.nextCursor;
    $('console-audit-more').hidden = !auditCursor;
    const empty = $('console-audit-rows').rows.length === 0;
    $('console-audit-empty').hidden = !empty;
    $('console-audit-table').hidden = empty;
  } catch (e) {
    if (!refused(e)) {
      $('console-audit-empty').replaceChildren(el('p', { class: 'field-error', role: 'alert' }, e.message));
      $('console-audit-empty').hidden = false;
    }
  }
}
