// One item: every field (item-fields.js fills the page's field slots), the gallery, edit
// and delete. Deep links work: the id is in the URL and the page loads it from the API.

import { apiFetch, ApiError } from '../api.js';
import { write } from '../writes.js';
import { mountGallery } from '../gallery.js';
import { historyFields, renderFields } from '../item-fields.js';
import { loadCategories, loadLocations, nameMap } from '../lookups.js';
import { loadHouseholds } from '../households.js';
import { mayWrite, roleIn } from '../roles.js';
import { $, flash, formatDateTime, h, requireAuth, toast } from '../ui.js';

const article = $('[data-item-detail]');
const itemId = article.dataset.itemId;
const field = (name) => $(`[data-field="${name}"]`, article);
let etag = null;

function render(item, names) {
  renderFields(article, item, names);
  document.title = `${item.name} · Tracktory`;
  const images = item.images || [];
  if (images.length) mountGallery($('[data-gallery]'), images, { itemName: item.name });
  else $('[data-gallery-track]').replaceChildren(h('li', { class: 'no-photo', text: 'No photo yet' }));
  article.removeAttribute('aria-busy');
}

const ACTIONS = { create: 'Added', update: 'Changed', move: 'Moved', delete: 'Deleted' };

function describe(entry, fields) {
  const changes = Object.entries(entry.changes || {})
    .filter(([name]) => fields.has(name) && entry.action !== 'create')
    .map(([name, change]) => {
      const { label, text } = fields.get(name);
      return `${label}: ${text(change.old)} → ${text(change.new)}`;
    });
  return [ACTIONS[entry.action] || entry.action, ...changes].join('; ');
}

// Loaded when first opened: most visits never need it.
function watchHistory(fields) {
  const details = $('[data-history]');
  const list = $('[data-history-list]');
  details.addEventListener('toggle', async () => {
    if (!details.open || list.dataset.loaded) return;
    list.dataset.loaded = 'true';
    list.replaceChildren(h('li', { text: 'Loading…' }));
    try {
      const { data } = await apiFetch(`/api/items/${itemId}/history?limit=50`);
      list.replaceChildren(...(data || []).map((entry) => h('li', {},
        h('span', { text: describe(entry, fields) }),
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

// A viewer of the item's household sees no control that would change it.
function viewerMode(item, households) {
  if (mayWrite(item.householdId, households)) return;
  for (const node of article.querySelectorAll('[data-edit-link], [data-delete]')) node.remove();
  const household = households.find((row) => row.id === item.householdId);
  const note = $('[data-viewer-note]', article);
  note.textContent = `You are a ${roleIn(item.householdId, households)} of “${household.name}”: you can look, not change.`;
  note.hidden = false;
}

async function start() {
  if (!requireAuth()) return;
  $('[data-delete]').addEventListener('click', remove);
  const lookups = Promise.all([loadCategories().catch(() => []), loadLocations().catch(() => [])]);
  try {
    const response = await apiFetch(`/api/items/${itemId}`);
    etag = response.etag;
    const [categories, locations] = await lookups;
    const names = new Map([['category', nameMap(categories)], ['location', nameMap(locations)]]);
    render(response.data, names);
    watchHistory(historyFields(article, names));
    viewerMode(response.data, await loadHouseholds());
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
