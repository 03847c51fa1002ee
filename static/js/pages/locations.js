import { apiFetch, ApiError } from '../api.js';
import { fillSelect, loadLocations, locationTree } from '../lookups.js';
import { $, clearErrors, h, requireAuth, showFieldErrors, showFormError, toast } from '../ui.js';
import { editableRow } from './manage-list.js';

const form = $('[data-add-form]');
const tree = $('[data-tree]');
const empty = $('[data-empty]');

function build(locations) {
  const children = new Map();
  for (const location of locations) {
    const key = location.parentId || '';
    if (!children.has(key)) children.set(key, []);
    children.get(key).push(location);
  }
  const branch = (parentId) => (children.get(parentId) || [])
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((location) => {
      const kids = branch(location.id);
      return h('li', {},
        editableRow({
          name: location.name,
          label: 'location',
          save: (name) => apiFetch(`/api/locations/${location.id}`, {
            method: 'PUT', body: { name, parentId: location.parentId || null, description: location.description || '' },
          }),
          remove: () => apiFetch(`/api/locations/${location.id}`, { method: 'DELETE' }),
          reload,
        }),
        kids.length ? h('ul', {}, kids) : null);
    });
  return branch('');
}

async function reload() {
  try {
    const locations = await loadLocations();
    tree.replaceChildren(...build(locations));
    empty.hidden = locations.length > 0;
    const selected = form.parentId.value;
    fillSelect(form.parentId, locationTree(locations), selected);
  } catch {
    tree.replaceChildren();
    toast('Could not load your locations.');
  } finally {
    tree.removeAttribute('aria-busy');
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors(form);
  const name = form.name.value.trim();
  if (!name) {
    showFieldErrors(form, { name: ['Give the location a name.'] });
    return;
  }
  try {
    await apiFetch('/api/locations', { method: 'POST', body: { name, parentId: form.parentId.value || null } });
    toast(`Added “${name}”.`);
    form.name.value = '';
    form.name.focus();
    reload();
  } catch (err) {
    if (err instanceof ApiError && err.status === 400) showFieldErrors(form, err.details, err.message);
    else showFormError(form, err.message || 'Could not add the location.');
  }
});

if (requireAuth()) reload();
