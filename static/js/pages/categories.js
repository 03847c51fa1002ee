import { isDefaultCategory, loadCategories } from '../lookups.js';
import { $, clearErrors, h, requireAuth, showFieldErrors, showFormError, toast } from '../ui.js';
import { pendingCreates, write } from '../writes.js';
import { mayWrite } from '../roles.js';
import { editableRow, householdChoice, sentOrQueued, submitError, withHousehold } from './manage-list.js';

const form = $('[data-add-form]');
const own = $('[data-own-list]');
const defaults = $('[data-default-list]');
const empty = $('[data-empty]');

async function reload() {
  try {
    const categories = [...await loadCategories(), ...await pendingCreates('category')];
    const mine = categories.filter((c) => !isDefaultCategory(c));
    defaults.replaceChildren(...categories.filter(isDefaultCategory).map((c) => h('li', { text: c.name })));
    own.replaceChildren(...mine.map((category) => h('li', {}, editableRow({
      name: category.name,
      label: 'category',
      save: (name) => sentOrQueued(write({
        kind: 'category', op: 'update', id: category.id,
        body: { name, parentId: category.parentId || null, icon: category.icon || '', sortOrder: category.sortOrder || 0 },
      })),
      remove: () => sentOrQueued(write({ kind: 'category', op: 'delete', id: category.id })),
      reload,
      readOnly: !mayWrite(category.householdId, households),
    }))));
    empty.hidden = mine.length > 0;
  } catch {
    own.replaceChildren();
    toast('Could not load your categories.');
  } finally {
    own.removeAttribute('aria-busy');
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors(form);
  const name = form.name.value.trim();
  if (!name) {
    showFieldErrors(form, { name: ['Give the category a name.'] });
    return;
  }
  try {
    const result = await sentOrQueued(write({ kind: 'category', op: 'create', body: withHousehold(form, { name }) }));
    toast(result.status === 'queued' ? `Added “${name}” on this device; it syncs when online.` : `Added “${name}”.`);
    form.name.value = '';
    reload();
  } catch (err) {
    submitError(form, err, 'Could not add the category.', { showFieldErrors, showFormError });
  }
});

let households = null;

if (requireAuth()) {
  householdChoice(form).then((list) => {
    households = list;
    reload();
  });
}
