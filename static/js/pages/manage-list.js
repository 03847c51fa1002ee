// Shared by the locations and categories pages: a row with rename and delete.

import { ApiError } from '../api.js';
import { fillHouseholdPicker, loadHouseholds } from '../households.js';
import { defaultHousehold, writable } from '../roles.js';
import { $, confirmDialog, h, toast } from '../ui.js';

/** A write's result (writes.js) as the rows expect it: resolves when sent or queued,
 * rejects with ApiError (its code and details) when the server refused it. */
export async function sentOrQueued(pending) {
  const result = await pending;
  if (result.status === 'queued' || result.ok) return result;
  const error = result.error || {};
  throw new ApiError(error.code || 'HTTP_ERROR', error.message || 'Something went wrong.',
    { details: error.details, status: result.httpStatus });
}

/** A refused add: the field errors next to their inputs, anything else above the form. */
export function submitError(form, err, fallback, { showFieldErrors, showFormError }) {
  if (err instanceof ApiError && (err.code === 'VALIDATION_ERROR' || err.status === 400)) showFieldErrors(form, err.details, err.message);
  else showFormError(form, err.message || fallback);
}

/** The add form's household: a picker of the households the caller may add to (shown when
 * there is a choice); the form is hidden when there is none (a viewer everywhere). */
export async function householdChoice(form) {
  const households = await loadHouseholds();
  const field = $('[data-household-field]', form);
  fillHouseholdPicker(field, households, defaultHousehold(households));
  if (households && !writable(households).length) form.hidden = true;
  return households;
}

/** `body` with the picked household, when one is picked. */
export function withHousehold(form, body) {
  const picked = $('[data-household-picker]', form);
  return picked && picked.value ? { ...body, householdId: picked.value } : body;
}

const messageOf = (err) => (err instanceof ApiError
  ? Object.values(err.details || {}).flat().join(' ') || err.message
  : 'Something went wrong.');

// `save(name)` and `remove()` return promises; `reload()` redraws the list afterwards.
// `readOnly`: the caller is a viewer of its household, so it is shown without controls.
export function editableRow({ name, label, save, remove, reload, readOnly = false }) {
  const row = h('div', { class: 'row' });
  if (readOnly) {
    row.append(h('span', { class: 'name', text: name }), h('span', { class: 'role-badge', text: 'View only' }));
    return row;
  }
  const view = () => {
    const rename = h('button', { class: 'button small', type: 'button', text: 'Rename', 'aria-label': `Rename ${name}` });
    const del = h('button', { class: 'button small danger', type: 'button', text: 'Delete', 'aria-label': `Delete ${name}` });
    rename.addEventListener('click', edit);
    del.addEventListener('click', async () => {
      if (!(await confirmDialog({ title: `Delete “${name}”?`, message: `Items in this ${label} keep existing, without a ${label}.` }))) return;
      try {
        await remove();
        toast(`Deleted “${name}”.`);
        reload();
      } catch (err) {
        toast(messageOf(err));
      }
    });
    row.replaceChildren(h('span', { class: 'name', text: name }), rename, del);
  };
  const edit = () => {
    const inputId = `rename-${crypto.randomUUID()}`;
    const input = h('input', { id: inputId, name: 'name', value: name, maxlength: 100, required: true });
    const form = h('form', {},
      h('label', { class: 'visually-hidden', for: inputId, text: `New name for ${name}` }), input,
      h('button', { class: 'button small primary', type: 'submit', text: 'Save' }),
      h('button', { class: 'button small', type: 'button', text: 'Cancel', onclick: view }));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        await save(input.value.trim());
        toast('Renamed.');
        reload();
      } catch (err) {
        toast(messageOf(err));
        input.focus();
      }
    });
    row.replaceChildren(form);
    input.focus();
    input.select();
  };
  view();
  return row;
}
