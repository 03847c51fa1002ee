// Small DOM helpers shared by the pages. Text goes in with textContent, never innerHTML.

import { getTokens } from './api.js';

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

// h('a', {href: '/x', class: 'card', dataset: {id}}, 'text', child) -> element
export function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

const FLASH_KEY = 'tracktory.flash';
let toastTimer = null;

export function toast(message) {
  const region = $('[data-toast]');
  if (!region) return;
  region.textContent = message;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { region.textContent = ''; }, 5000);
}

// A message shown on the next page (after a redirect).
export function flash(message) {
  sessionStorage.setItem(FLASH_KEY, message);
}

function showFlash() {
  const message = sessionStorage.getItem(FLASH_KEY);
  if (message) {
    sessionStorage.removeItem(FLASH_KEY);
    toast(message);
  }
}

// Only same-site paths: `next` must never send the user to another origin.
export function safeNext(fallback = '/') {
  const next = new URLSearchParams(location.search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : fallback;
}

// Links between sign-in and registration carry `next` along (an invitation waits there).
export function keepNext() {
  const next = safeNext('');
  if (!next) return;
  for (const link of $$('a[data-keep-next]')) {
    const url = new URL(link.href, location.href);
    url.searchParams.set('next', next);
    link.href = url.pathname + url.search;
  }
}

// Signed-in pages: without tokens, go to sign-in and come back here afterwards.
export function requireAuth() {
  if (getTokens()) return true;
  location.replace(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
  return false;
}

window.addEventListener('tracktory:signed-out', (event) => {
  if (event.detail && event.detail.reason === 'expired' && document.body.hasAttribute('data-requires-auth')) {
    flash('Your session ended. Please sign in again.');
    requireAuth();
  }
});

export function clearErrors(form) {
  for (const node of $$('[data-error-for]', form)) {
    node.textContent = '';
    node.hidden = true;
  }
  for (const node of $$('[aria-invalid]', form)) node.removeAttribute('aria-invalid');
  const formError = $('[data-form-error]', form);
  if (formError) {
    formError.textContent = '';
    formError.hidden = true;
  }
}

export function showFormError(form, message) {
  const node = $('[data-form-error]', form);
  if (!node) {
    toast(message);
    return;
  }
  node.textContent = message;
  node.hidden = false;
}

const asText = (value) => (Array.isArray(value) ? value.join(' ') : typeof value === 'object' && value ? Object.values(value).flat().join(' ') : String(value));

// Puts the API's per-field details next to their inputs and focuses the first one.
export function showFieldErrors(form, details, fallback = 'Please check the form.') {
  let first = null;
  const leftover = [];
  for (const [field, messages] of Object.entries(details || {})) {
    const slot = $(`[data-error-for="${CSS.escape(field)}"]`, form);
    const input = form.elements.namedItem(field);
    if (!slot || !input) {
      leftover.push(asText(messages));
      continue;
    }
    slot.textContent = asText(messages);
    slot.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    first = first || input;
  }
  if (leftover.length || !first) showFormError(form, leftover.join(' ') || fallback);
  if (first) first.focus();
}

export function setBusy(button, busy, busyText) {
  if (!button) return;
  if (busy) {
    button.dataset.label = button.textContent;
    if (busyText) button.textContent = busyText;
    button.disabled = true;
  } else {
    if (button.dataset.label) button.textContent = button.dataset.label;
    button.disabled = false;
  }
}

const money = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const formatPrice = (value) => (value === null || value === undefined || value === '' ? '—' : money.format(Number(value)));
export const formatDate = (value) => (value ? new Date(`${value}T00:00:00`).toLocaleDateString(undefined, { dateStyle: 'medium' }) : '—');
export const formatDateTime = (value) => (value ? new Date(value).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '—');
export const capitalize = (value) => (value ? value[0].toUpperCase() + value.slice(1) : '—');

export const asList = (data) => (Array.isArray(data) ? data : (data && (data.items || data.results)) || []);

// A modal confirmation built on <dialog>; resolves true when confirmed.
export function confirmDialog({ title, message, confirmLabel = 'Delete' }) {
  return new Promise((resolve) => {
    const id = `dlg-${Date.now()}`;
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': id },
      h('form', { method: 'dialog' },
        h('h2', { id, text: title }),
        message ? h('p', { text: message }) : null,
        h('div', { class: 'actions' },
          h('button', { class: 'button', value: 'cancel', autofocus: true, text: 'Cancel' }),
          h('button', { class: 'button danger', value: 'confirm', text: confirmLabel }))));
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'confirm');
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

showFlash();
