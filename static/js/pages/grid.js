// The item grid: newest first, thumbnails lazy-loaded with their size set, infinite
// scroll on the API's cursor, skeletons until the first page arrives, an empty state.
// The household switcher narrows it to one household (remembered on this device).

import { apiFetch, ApiError } from '../api.js';
import { pendingItems } from '../writes.js';
import { loadCategories, nameMap } from '../lookups.js';
import { loadHouseholds, mountSwitcher, storedSelection } from '../households.js';
import { ALL, inSelection, mayWrite, scoped, writable } from '../roles.js';
import { $, $$, h, requireAuth } from '../ui.js';

const PAGE_SIZE = 24;
const grid = $('[data-item-grid]');
const empty = $('[data-empty-state]');
const sentinel = $('[data-grid-sentinel]');
const moreButton = $('[data-load-more]');
const status = $('[data-grid-status]');
const loadError = $('[data-load-error]');

let cursor = null;
let hasMore = true;
let loading = false;
let shown = 0;
let categoryNames = new Map();
let selection = storedSelection();
let households = null;
let generation = 0; // bumped when the switcher changes: late answers of the old view are dropped

// Seen across households ("All"), a card says whose it is.
function householdName(item) {
  if (!households || households.length < 2 || selection !== ALL) return '';
  const household = households.find((row) => row.id === item.householdId);
  return household ? household.name : '';
}

function card(item) {
  const image = (item.images || [])[0];
  const photo = image
    ? h('img', {
      class: 'card-photo', src: image.thumbnailUrl, crossorigin: 'anonymous', alt: '', width: 150, height: 150,
      loading: shown < 4 ? 'eager' : 'lazy', decoding: 'async',
    })
    : h('span', { class: 'card-nophoto', 'data-no-photo': true }, 'No photo');
  const body = h('span', { class: 'card-body' },
    h('span', { class: 'card-name', text: item.name }),
    h('span', { class: 'card-meta', text: categoryNames.get(item.categoryId) || '\u00a0' }),
    h('span', { class: 'card-household', text: householdName(item) }),
    item.pending ? h('span', { class: 'pending-mark', text: 'Waiting to sync' }) : null);
  shown += 1;
  const content = item.pending
    ? h('div', { 'aria-label': `${item.name}, waiting to sync` }, photo, body)
    : h('a', { href: `/items/${item.id}` }, photo, body);
  return h('li', { class: 'card', dataset: { itemId: item.id, categoryId: item.categoryId || '', householdId: item.householdId || '' } }, content);
}

function clearSkeletons() {
  for (const node of grid.querySelectorAll('.skeleton')) node.remove();
  grid.removeAttribute('aria-busy');
}

async function loadPage() {
  if (loading || !hasMore) return;
  loading = true;
  loadError.hidden = true;
  const asked = generation;
  try {
    const params = scoped({ limit: String(PAGE_SIZE) }, selection);
    if (cursor) params.set('cursor', cursor);
    const { data, meta } = await apiFetch(`/api/items?${params}`);
    if (asked !== generation) return;
    const items = Array.isArray(data) ? data : [];
    const pagination = meta.pagination || {};
    cursor = pagination.nextCursor || null;
    hasMore = Boolean(pagination.hasMore && cursor);
    clearSkeletons();
    grid.append(...items.map(card));
    status.textContent = `${shown} item${shown === 1 ? '' : 's'} shown${hasMore ? ', scroll for more' : ''}.`;
  } catch (err) {
    if (asked !== generation) return;
    clearSkeletons();
    hasMore = false;
    loadError.textContent = err instanceof ApiError && err.status === 0
      ? 'You are offline and these items are not saved on this device yet.'
      : 'Could not load your items. Please try again.';
    loadError.hidden = false;
  } finally {
    if (asked === generation) {
      loading = false;
      empty.hidden = shown > 0 || !loadError.hidden;
      moreButton.hidden = !hasMore;
    }
  }
  if (asked !== generation) return;
  // A short page leaves the sentinel in view, and the observer only fires on changes.
  if (hasMore && sentinel.getBoundingClientRect().top < innerHeight + 600) loadPage();
}

async function showPending() {
  try {
    const pending = (await pendingItems()).filter((item) => inSelection(item, selection, households));
    if (pending.length) {
      clearSkeletons();
      grid.append(...pending.reverse().map(card));
    }
  } catch {
    // No IndexedDB (private mode): nothing can be pending either.
  }
}

// "Add item" only where the caller may add: into the chosen household, or anywhere writable.
function showAddLinks() {
  const allowed = households === null || (selection === ALL ? writable(households).length > 0 : mayWrite(selection, households));
  for (const link of $$('[data-add-item]')) {
    link.hidden = !allowed;
    link.href = selection === ALL ? '/items/new' : `/items/new?householdId=${encodeURIComponent(selection)}`;
  }
}

async function switchTo(value) {
  selection = value;
  generation += 1;
  cursor = null;
  hasMore = true;
  loading = false;
  shown = 0;
  grid.replaceChildren();
  showAddLinks();
  await showPending();
  await loadPage();
}

async function start() {
  if (!requireAuth()) return;
  loadHouseholds().then((list) => {
    households = list;
    for (const node of grid.querySelectorAll('[data-item-id]')) {
      const label = node.querySelector('.card-household');
      if (label) label.textContent = householdName({ householdId: node.dataset.householdId });
    }
    const checked = mountSwitcher($('[data-household-switcher]'), list, switchTo);
    if (checked !== selection) switchTo(checked); // a household left since: back to all
    else showAddLinks();
  });
  loadCategories().then((rows) => {
    categoryNames = nameMap(rows);
    for (const node of grid.querySelectorAll('[data-item-id]')) {
      const meta = node.querySelector('.card-meta');
      const id = node.dataset.categoryId;
      if (meta && id) meta.textContent = categoryNames.get(id) || '\u00a0';
    }
  }, () => {});
  await showPending();
  await loadPage();
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) loadPage();
  }, { rootMargin: '600px 0px' });
  observer.observe(sentinel);
  moreButton.addEventListener('click', loadPage);
}

start();
