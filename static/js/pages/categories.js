import { apiFetch, ApiError } from '../api.js';
import { isDefaultCategory, loadCategories } from '../lookups.js';
import { $, clearErrors, h, requireAuth, showFieldErrors, showFormError, toast } from '../ui.js';
import { editableRow } from './manage-list.js';

const form = $('[data-add-form]');
const own = $('[data-own-list]');
const defaults = $('[data-default-list]');
const empty = $('[data-empty]');

async function reload() {
  try {
    const categories = await loadCategories();
    const mine = categories.filter((c) => !isDefaultCategory(c));
    defaults.replaceChildren(...categories.filter(isDefaultCategory).map((c) => h('li', { text: c.name })));
    own.replaceChildren(...mine.map((category) => h('li', {}, editableRow({
      name: category.name,
      label: 'category',
      save: (name) => apiFetch(`/api/categories/${category.id}`, {
        method: 'PUT', body: { name, parentId: category.parentId || null, icon: category.icon || '', sortOrder: category.sortOrder || 0 },
      }),
      remove: () => apiFetch(`/api/categories/${category.id}`, { method: 'DELETE' }),
      reload,
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
    await apiFetch('/api/categories', { method: 'POST', body: { name } });
    toast(`Added “${name}”.`);
    form.name.value = '';
    reload();
  } catch (err) {
    if (err instanceof ApiError && err.status === 400) showFieldErrors(form, err.details, err.message);
    else showFormError(form, err.message || 'Could not add the category.');
  }
});

if (requireAuth()) reload();
