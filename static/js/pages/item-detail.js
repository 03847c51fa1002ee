// One item: every field, the gallery, edit and delete. Deep links work: the id is in
// the URL and the page loads it from the API.

import { apiFetch, ApiError } from '../api.js';
import { write } from '../writes.js';
import { mountGallery } from '../gallery.js';
import { loadCategories, loadLocations, nameMap } from '../lookups.js';
import {
  $, capitalize, flash, formatDate, formatDateTime, formatPrice, h, requireAuth, toast,
} from '../ui.js';

const article = $('[data-item-detail]');
const itemId = article.dataset.itemId;
const field = (name) => $(`[data-field="${name}"]`, article);
let etag = null;

function render(item, categories, locations) {
  field('name').textContent = item.name;
  document.title = `${item.name} · Tracktory`;
  field('description').textContent = item.description || '';
  field('category').textContent = categories.get(item.categoryId) || (item.categoryId ? '…' : '—');
  field('location').textContent = locations.get(item.locationId) || (item.locationId ? '…' : '—');
  field('status').textContent = capitalize(item.status);
  field('condition').textContent = item.condition ? capitalize(item.condition) : 'Not recorded';
  field('purchasePrice').textContent = formatPrice(item.purchasePrice);
  field('purchaseDate').textContent = formatDate(item.purchaseDate);
  field('createdAt').textContent = formatDateTime(item.createdAt);
  field('updatedAt').textContent = formatDateTime(item.updatedAt);
  const images = item.images || [];
  if (images.length) mountGallery($('[data-gallery]'), images, { itemName: item.name });
  else $('[data-gallery-track]').replaceChildren(h('li', { class: 'no-photo', text: 'No photo yet' }));
  article.removeAttribute('aria-busy');
}

const FIELD_LABELS = {
  name: 'name', description: 'description', categoryId: 'category', locationId: 'location',
  purchasePrice: 'price paid', purchaseDate: 'purchase date', status: 'status', condition: 'condition',
};
const ACTIONS = { create: 'Added', update: 'Changed', move: 'Moved', delete: 'Deleted' };

function describe(entry, names) {
  const shown = (field, value) => {
    if (value === null || value === undefined || value === '') return 'nothing';
    if (field === 'categoryId' || field === 'locationId') return names.get(value) || 'another';
    return String(value);
  };
  const changes = Object.entries(entry.changes || {})
    .filter(([field]) => FIELD_LABELS[field] && entry.action !== 'create')
    .map(([field, change]) => `${FIELD_LABELS[field]}: ${shown(field, change.old)} → ${shown(field, change.new)}`);
  return [ACTIONS[entry.action] || entry.action, ...changes].join('; ');
}

// Loaded when first opened: most visits never need it.
function watchHistory(names) {
  const details = $('[data-history]');
  const list = $('[data-history-list]');
  details.addEventListener('toggle', async () => {
    if (!details.open || list.dataset.loaded) return;
    list.dataset.loaded = 'true';
    list.replaceChildren(h('li', { text: 'Loading…' }));
    try {
      const { data } = await apiFetch(`/api/items/${itemId}/history?limit=50`);
      list.replaceChildren(...(data || []).map((entry) => h('li', {},
        h('span', { text: describe(entry, names) }),
        h('time', { class: 'when', datetime: entry.createdAt, text: formatDateTime(entry.createdAt) }))));
    } catch {
      delete list.dataset.loaded;
      list.replaceChildren(h('li', { text: 'Could not load the history.' }));
    }
  });
}

async function remove() {
  const dialog = $('[data-delete-dialog]');
  dialog.showModal();
  const confirmed = await new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'delete'), { once: true });
  });
  if (!confirmed) return;
  const result = await write({ kind: 'item', op: 'delete', id: itemId, ifMatch: etag });
  if (result.status === 'queued') {
    flash('Deleted on this device. It syncs when you are back online.');
    location.assign('/');
  } else if (result.ok || result.httpStatus === 404) {
    flash('Item deleted.');
    location.assign('/');
  } else if (result.httpStatus === 409) {
    toast('This item changed elsewhere. Reload to see the latest before deleting.');
  } else {
    toast((result.error && result.error.message) || 'Could not delete. Please try again.');
  }
}

async function start() {
  if (!requireAuth()) return;
  $('[data-delete]').addEventListener('click', remove);
  const lookups = Promise.all([loadCategories().catch(() => []), loadLocations().catch(() => [])]);
  try {
    const response = await apiFetch(`/api/items/${itemId}`);
    etag = response.etag;
    const [categories, locations] = await lookups;
    render(response.data, nameMap(categories), nameMap(locations));
    watchHistory(new Map([...nameMap(categories), ...nameMap(locations)]));
  } catch (err) {
    article.removeAttribute('aria-busy');
    $('[data-gallery]').hidden = true;
    $('[data-history]').hidden = true;
    field('name').textContent = 'Item not found';
    const error = $('[data-load-error]', article);
    error.textContent = err instanceof ApiError && err.status === 404
      ? 'This item does not exist, or it was deleted.'
      : err instanceof ApiError && err.status === 0
        ? 'You are offline and this item is not saved on this device yet.'
        : 'Could not load this item. Please try again.';
    error.hidden = false;
    for (const node of article.querySelectorAll('[data-edit-link], [data-delete]')) node.hidden = true;
  }
}

start();
