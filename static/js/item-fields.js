// Item fields, read and written by their markup alone. The server renders the field table
// (inventory/fields.py) into the form and the detail page: every form input carries
// name = the API name, data-kind and data-empty (what an empty input sends, as JSON); every
// detail slot carries data-name, data-kind, data-label and data-empty-text. So a new field
// needs nothing here; a new kind needs a line in each table below.

import { $$, capitalize, formatDate, formatDateTime, formatPrice } from './ui.js';

const formInputs = (form) => $$('[data-kind]', form);

// Input value -> API value, by kind (the empty case is data-empty).
const READ = {
  boolean: (input) => input.checked,
  integer: (input) => Number(input.value.trim()),
};

// The API body from the form: every field, in the API's names and types.
export function collectFields(form) {
  const body = {};
  for (const input of formInputs(form)) {
    const read = READ[input.dataset.kind];
    const text = input.type === 'checkbox' ? 'on' : input.value.trim();
    body[input.name] = text === '' ? JSON.parse(input.dataset.empty) : (read ? read(input) : text);
  }
  return body;
}

// Put an item (as the API returns it) into the form.
export function fillFields(form, item) {
  for (const input of formInputs(form)) {
    const value = item[input.name];
    if (input.type === 'checkbox') {
      input.checked = Boolean(value);
      continue;
    }
    input.value = value === null || value === undefined ? '' : String(value);
    // A select without an option for the value (none for "nothing") shows its first one.
    if (input.tagName === 'SELECT' && input.selectedIndex === -1) input.selectedIndex = 0;
  }
}

const isEmpty = (value) => value === null || value === undefined || value === '';

// API value -> text for a reader, by kind. `names` maps a lookup ("category") to id -> name.
const SHOW = {
  money: (value) => formatPrice(value),
  date: (value) => formatDate(value),
  datetime: (value) => formatDateTime(value),
  enum: (value) => capitalize(value),
  boolean: (value) => (value ? 'Yes' : 'No'),
  fk: (value, slot, names) => (names.get(slot.dataset.lookup) || new Map()).get(value) || '…',
};

function shown(slot, value, names) {
  if (isEmpty(value)) return slot.dataset.emptyText;
  const show = SHOW[slot.dataset.kind];
  return show ? show(value, slot, names) : String(value);
}

// Fill every detail slot under `root`; rows marked data-hide-empty show only when set.
export function renderFields(root, item, names = new Map()) {
  for (const slot of $$('[data-name]', root)) {
    const value = item[slot.dataset.name];
    slot.textContent = shown(slot, value, names);
    const row = slot.closest('[data-hide-empty]');
    if (row) row.hidden = isEmpty(value);
  }
}

// The fields a history entry can name: API name -> {label, text(value)}, from the slots.
export function historyFields(root, names = new Map()) {
  return new Map($$('[data-name]', root).map((slot) => [slot.dataset.name, {
    label: slot.dataset.label.toLowerCase(),
    text: (value) => {
      if (isEmpty(value)) return 'nothing';
      if (slot.dataset.kind === 'fk') return (names.get(slot.dataset.lookup) || new Map()).get(value) || 'another';
      return String(value);
    },
  }]));
}
