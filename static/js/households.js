// The caller's households for the pages: the list (once per page), the switcher's choice
// remembered on this device (per user), the switcher and the household picker.

import { apiFetch, currentUserId } from './api.js';
import { ALL, householdLabel, ROLE_LABELS, validSelection, writable } from './roles.js';
import { h } from './ui.js';

let loading = null;

/** [{id, name, role, memberCount, isPersonal}], or null when it cannot be known now
 * (offline with nothing cached): pages then leave their controls as they are. */
export function loadHouseholds({ fresh = false } = {}) {
  if (!loading || fresh) {
    loading = apiFetch('/api/households').then(({ data }) => (Array.isArray(data) ? data : []), () => null);
  }
  return loading;
}

const selectionKey = () => `tracktory.household.${currentUserId() || 'anon'}`;

export function storedSelection() {
  try {
    return localStorage.getItem(selectionKey()) || ALL;
  } catch {
    return ALL;
  }
}

export function rememberSelection(value) {
  try {
    localStorage.setItem(selectionKey(), value || ALL);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

/** The switcher's current value, checked against the list (a household left since is "all"). */
export const currentSelection = (households) => validSelection(storedSelection(), households);

/** Fill the "All / each household" switcher in `container`; shown when there is more than
 * one household. `onChange(selection)` runs after the choice is remembered. */
export function mountSwitcher(container, households, onChange) {
  const select = container.querySelector('select');
  const selection = currentSelection(households);
  const list = households || [];
  select.replaceChildren(
    h('option', { value: ALL, text: 'All households' }),
    ...list.map((household) => h('option', { value: household.id, text: householdLabel(household) })));
  if (!households && selection !== ALL) {
    select.append(h('option', { value: selection, text: 'The household chosen before' }));
  }
  select.value = selection;
  container.hidden = list.length < 2 && selection === ALL;
  select.addEventListener('change', () => {
    rememberSelection(select.value);
    onChange(select.value);
  });
  return selection;
}

/** A <select name="householdId"> offering the households the caller may write to, shown
 * only when there is a choice; `selected` first, else the personal one. */
export function fillHouseholdPicker(field, households, selected) {
  const select = field.querySelector('select');
  const choices = writable(households);
  select.replaceChildren(...choices.map((household) => h('option', {
    value: household.id, text: `${householdLabel(household)} · ${ROLE_LABELS[household.role]}`,
  })));
  if (selected && choices.some((household) => household.id === selected)) select.value = selected;
  field.hidden = choices.length < 2;
  select.disabled = choices.length === 0;
  return select;
}
