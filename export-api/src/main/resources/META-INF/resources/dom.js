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

/** Says something to screen-reader users without moving their focus. */
export function announce(text) {
  $('announcer').textContent = text;
}
