// Search: debounced 250 ms, at least 2 characters, highlights inserted safely, the query
// kept in the URL (so back, reload and links return to the same results). Offline, it
// searches the items this device has cached. The household switcher narrows it to one
// household (remembered on this device, shared with the grid).

import { apiFetch, ApiError } from '../api.js';
import { cachedReads } from '../sw-client.js';
import { pendingItems } from '../writes.js';
import { highlightText, renderHighlight } from '../highlight.js';
import { loadHouseholds, mountSwitcher, storedSelection } from '../households.js';
import { inSelection, scoped } from '../roles.js';
import { $, asList, h, requireAuth } from '../ui.js';

const DEBOUNCE_MS = 250;
const MIN_CHARS = 2;
const form = $('[data-search-form]');
const input = form.elements.namedItem('q');
const clearButton = $('[data-search-clear]');
const results = $('[data-search-results]');
const status = $('[data-search-status]');

let timer = null;
let controller = null;
let selection = storedSelection();
let households = null;

function firstHighlight(highlights, names) {
  if (!highlights) return null;
  for (const name of names) {
    const value = highlights[name];
    if (value && value.length) return Array.isArray(value) ? value[0] : value;
  }
  return null;
}

function row(hit, query, offline) {
  const item = hit.item || hit;
  const highlights = hit.highlights || item.highlights;
  const image = (item.images || [])[0];
  const nameHl = firstHighlight(highlights, ['name']);
  const snippetHl = firstHighlight(highlights, ['description', 'category', 'location']);
  const name = h('span', { class: 'result-name' });
  const snippet = h('span', { class: 'result-snippet' });
  if (offline) {
    name.append(highlightText(item.name, query));
    snippet.append(highlightText(item.description || '', query));
  } else {
    name.append(nameHl ? renderHighlight(nameHl) : document.createTextNode(item.name));
    if (snippetHl) snippet.append(renderHighlight(snippetHl));
    else snippet.textContent = item.description || '';
  }
  const thumb = image
    ? h('img', { src: image.thumbnailUrl, crossorigin: 'anonymous', alt: '', width: 56, height: 56, loading: 'lazy' })
    : h('span', { class: 'thumb-empty' });
  // Items created offline have no page until they sync.
  return h('li', {}, item.pending
    ? h('div', { class: 'result pending-result' }, thumb, h('span', {}, name, snippet, h('span', { class: 'pending-mark', text: 'Waiting to sync' })))
    : h('a', { class: 'result', href: `/items/${item.id}` }, thumb, h('span', {}, name, snippet)));
}

function show(hits, query, offline = false) {
  results.replaceChildren(...hits.map((hit) => row(hit, query, offline)));
  const count = `${hits.length} result${hits.length === 1 ? '' : 's'} for “${query}”`;
  status.textContent = hits.length
    ? (offline ? `${count}, from items saved on this device (offline).` : `${count}.`)
    : (offline ? `Nothing saved on this device matches “${query}” (offline).` : `Nothing found for “${query}”.`);
}

const ITEM_READS = /^\/api\/items(\/[0-9a-f-]{36})?$/;

// Every item this device has seen: the worker's cached item lists and details for this
// user (it owns the caches: asked, not opened), plus items created offline and still queued.
async function cachedItems() {
  const byId = new Map();
  for (const body of await cachedReads(ITEM_READS)) {
    for (const item of [].concat((body && body.data) || [])) if (item && item.id) byId.set(item.id, item);
  }
  try {
    for (const item of await pendingItems()) byId.set(item.id, item);
  } catch {
    // no IndexedDB: nothing queued either
  }
  return [...byId.values()];
}

async function searchOffline(query) {
  const needle = query.toLowerCase();
  return (await cachedItems()).filter((item) => inSelection(item, selection, households) &&
    `${item.name} ${item.description || ''}`.toLowerCase().includes(needle));
}

async function run(query) {
  if (controller) controller.abort();
  if (query.length < MIN_CHARS) {
    results.replaceChildren();
    status.textContent = query ? 'Type at least 2 characters.' : 'Type at least 2 characters.';
    return;
  }
  if (!navigator.onLine) {
    show(await searchOffline(query), query, true);
    return;
  }
  controller = new AbortController();
  const { signal } = controller;
  status.textContent = 'Searching…';
  try {
    const { data } = await apiFetch(`/api/search?${scoped({ q: query, limit: '50' }, selection)}`, { signal });
    show(asList(data), query);
  } catch (err) {
    if (err.name === 'AbortError') return;
    if (err instanceof ApiError && err.status === 0) {
      show(await searchOffline(query), query, true);
    } else {
      status.textContent = 'Search failed. Please try again.';
    }
  }
}

function keepInUrl(query) {
  const url = query ? `${location.pathname}?${new URLSearchParams({ q: query })}` : location.pathname;
  history.replaceState(null, '', url);
}

function onInput() {
  const query = input.value.trim();
  clearButton.hidden = input.value === '';
  clearTimeout(timer);
  timer = setTimeout(() => {
    keepInUrl(query);
    run(query);
  }, DEBOUNCE_MS);
}

if (requireAuth()) {
  loadHouseholds().then((list) => {
    households = list;
    const checked = mountSwitcher($('[data-household-switcher]'), list, (value) => {
      selection = value;
      run(input.value.trim());
    });
    if (checked !== selection) {
      selection = checked;
      run(input.value.trim());
    }
  });
  input.addEventListener('input', onInput);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    keepInUrl(input.value.trim());
    run(input.value.trim());
  });
  clearButton.addEventListener('click', () => {
    input.value = '';
    clearButton.hidden = true;
    keepInUrl('');
    run('');
    input.focus();
  });
  // What a person typed before this module ran (a slow phone) counts as much as ?q=.
  const initial = new URLSearchParams(location.search).get('q') || input.value;
  if (initial) {
    input.value = initial;
    clearButton.hidden = false;
    keepInUrl(initial.trim());
    run(initial.trim());
  } else {
    input.focus();
  }
}
