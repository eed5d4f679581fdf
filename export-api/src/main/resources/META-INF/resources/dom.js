// A few DOM helpers, so that the views read as the markup they make.

export const $ = (id) => document.getElementById(id);

/** An element with attributes (a function is an event listener: {click: fn}) and children (text or nodes). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  Object.entries(attributes).forEach(([name, value]) => {
    if (typeof value === 'function') {
      node.addEventListener(name, value);
    } else if (value !== undefined && value !== null && value !== false) {
      node.setAttribute(name, value === true ? '' : value);
    }
  });
  children.flat(Infinity).forEach((child) => {
    if (child !== null && child !== undefined && child !== '') {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  });
  return node;
}

/** A table cell whose label a phone shows before it (a table's header is not shown there). */
export function cell(label, ...content) {
  return el('td', { 'data-label': label }, el('div', {}, content));
}

/** Says something to screen-reader users without moving their focus. */
export function announce(text) {
  $('announcer').textContent = text;
}

/** Clears what {@link showFieldErrors} showed in the form (and in its list of errors that name no field). */
export function clearFieldErrors(form, list) {
  list.replaceChildren();
  form.querySelectorAll('[aria-invalid]').forEach((input) => input.removeAttribute('aria-invalid'));
  form.querySelectorAll('.field-error').forEach((message) => {
    message.textContent = '';
    message.hidden = true;
  });
}

/**
 * Shows each error of a 400 problem+json right after the control whose {@code data-field} it names (the message is the
 * element {@code <control id>-error}), marks that control invalid and focuses the first one; errors that name no
 * control of the form go to {@code list}. Returns how many errors there were.
 */
export function showFieldErrors(form, problem, list) {
  const errors = (problem && problem.errors) || [];
  let first = null;
  errors.forEach((error) => {
    const input = [...form.querySelectorAll('[data-field]')].find((candidate) => candidate.dataset.field === error.field);
    const message = input && document.getElementById(input.id + '-error');
    if (message) {
      input.setAttribute('aria-invalid', 'true');
      message.textContent = (message.textContent ? message.textContent + ' ' : '') + capitalised(error.message) + '.';
      message.hidden = false;
      first = first || input;
    } else {
      list.append(el('li', {}, error.field + ': ' + error.message));
    }
  });
  if (first) {
    first.focus();
  }
  return errors.length;
}

function capitalised(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : '';
}
