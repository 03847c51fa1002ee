import { fillSelect, loadLocations, locationTree } from '../lookups.js';
import { $, clearErrors, h, requireAuth, showFieldErrors, showFormError, toast } from '../ui.js';
import { pendingCreates, write } from '../writes.js';
import { mayWrite } from '../roles.js';
import { editableRow, householdChoice, sentOrQueued, submitError, withHousehold } from './manage-list.js';

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
          save: (name) => sentOrQueued(write({
            kind: 'location', op: 'update', id: location.id,
            body: { name, parentId: location.parentId || null, description: location.description || '' },
          })),
          remove: () => sentOrQueued(write({ kind: 'location', op: 'delete', id: location.id })),
          reload,
          readOnly: !mayWrite(location.householdId, households),
        }),
        kids.length ? h('ul', {}, kids) : null);
    });
  return branch('');
}

async function reload() {
  try {
    const locations = [...await loadLocations(), ...await pendingCreates('location')];
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
    const result = await sentOrQueued(write({ kind: 'location', op: 'create', body: withHousehold(form, { name, parentId: form.parentId.value || null }) }));
    toast(result.status === 'queued' ? `Added “${name}” on this device; it syncs when online.` : `Added “${name}”.`);
    form.name.value = '';
    form.name.focus();
    reload();
  } catch (err) {
    submitError(form, err, 'Could not add the location.', { showFieldErrors, showFormError });
  }
});

let households = null;

if (requireAuth()) {
  householdChoice(form).then((list) => {
    households = list;
    reload();
  });
}
