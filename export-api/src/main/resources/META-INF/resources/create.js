// The "New export" form: the caller's datasets and their filters, and the API's verdict beside each field.
import { call } from './api.js';
import { $, el, clearFieldErrors, showFieldErrors } from './dom.js';
import { timeZone } from './format.js';
import { show } from './exports.js';

let datasets = [];

export function init() {
  $('dataset').addEventListener('change', renderParameters);
  $('create-form').addEventListener('submit', submit);
  $('format').addEventListener('change', showFormatOptions);
  showFormatOptions();
}

export async function loadDatasets() {
  datasets = await call('/api/datasets');
  $('dataset').replaceChildren(...datasets.map((d) => el('option', { value: d.name }, d.title)));
  renderParameters();
}

/** Only what the chosen format uses: a workbook has no delimiter and is compressed already. */
function showFormatOptions() {
  $('csv-options').hidden = $('format').value !== 'csv';
  $('gzip-option').hidden = $('format').value === 'xlsx';
}

function renderParameters() {
  clearErrors();
  const dataset = datasets.find((d) => d.name === $('dataset').value);
  $('dataset-description').textContent = dataset ? (dataset.description || '') : '';
  const box = $('parameters');
  box.replaceChildren(el('legend', {}, 'Filters'));
  (dataset ? dataset.parameters : []).forEach((p) => box.append(parameterField(p)));
  box.hidden = !dataset || dataset.parameters.length === 0;
}

function parameterField(p) {
  const id = 'parameter-' + p.name;
  const field = 'parameters.' + p.name;
  const common = { id, name: p.name, 'data-field': field, 'aria-describedby': id + '-error',
    'aria-required': p.required ? 'true' : null };
  let input;
  if (p.allowed && p.allowed.length) {
    input = el('select', common, el('option', { value: '' }, p.required ? 'Choose…' : 'Any'),
      p.allowed.map((value) => el('option', { value }, value)));
  } else if (p.type === 'boolean') {
    input = el('select', common, el('option', { value: '' }, 'Any'),
      el('option', { value: 'true' }, 'yes'), el('option', { value: 'false' }, 'no'));
  } else {
    const type = p.type === 'date' ? 'date' : (p.type === 'integer' || p.type === 'decimal') ? 'number' : 'text';
    input = el('input', Object.assign({ type, min: p.min, max: p.max, maxlength: p.maxLength,
      step: p.type === 'decimal' ? 'any' : null, placeholder: p.defaultValue || '',
      inputmode: p.type === 'decimal' ? 'decimal' : null }, common));
  }
  return el('div', { class: 'field' },
    el('label', { for: id }, (p.description || p.name) + (p.required ? ' (required)' : '')),
    input,
    el('p', { id: id + '-error', class: 'field-error', hidden: true }));
}

function requestBody() {
  const parameters = {};
  $('parameters').querySelectorAll('[name]').forEach((input) => {
    if (input.value !== '') {
      parameters[input.name] = input.value;
    }
  });
  const format = $('format').value;
  const options = { timeZone: timeZone() };
  if (format === 'csv') {
    Object.assign(options, { delimiter: $('delimiter').value, header: $('header').checked, bom: $('bom').checked });
  }
  if (format !== 'xlsx') {
    options.gzip = $('gzip').checked;
  }
  return { dataset: $('dataset').value, parameters, format, options };
}

async function submit(event) {
  event.preventDefault();
  clearErrors();
  $('create-message').textContent = 'Starting…';
  $('start').disabled = true;
  try {
    const job = await call('/api/exports', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify(requestBody()),
    });
    $('create-message').textContent = 'Started. You will also get an email when the file is ready.';
    show(job);
  } catch (e) {
    showErrors(e);
  } finally {
    $('start').disabled = false;
  }
}

function clearErrors() {
  clearFieldErrors($('create-form'), $('create-errors'));
}

/** Each error beside the field it names (the first such field gets the focus); the rest in the list below. */
function showErrors(e) {
  const shown = showFieldErrors($('create-form'), e.problem, $('create-errors'));
  $('create-message').textContent = shown ? 'Please correct the marked fields.' : e.message;
  if (e.problem && e.problem.activeJobs) {
    $('create-errors').append(el('li', {}, 'Wait until one of your running exports has finished, or cancel one.'));
  }
}
