// Add or edit an item. Fields are named as the API names them. The item is written
// through the write API (writes.js: sent now, or kept for later when offline); photos are
// shrunk on the device, then uploaded with progress (sign -> upload -> confirm).

import { apiFetch, ApiError } from '../api.js';
import { collectFields, fillFields } from '../item-fields.js';
import { uploadPhoto, write } from '../writes.js';
import { fillSelect, loadCategories, loadLocations, locationTree } from '../lookups.js';
import { fillHouseholdPicker, loadHouseholds } from '../households.js';
import { defaultHousehold, mayWrite } from '../roles.js';
import { shrinkImage } from '../photos.js';
import {
  $, $$, clearErrors, flash, h, requireAuth, setBusy, showFieldErrors, showFormError, toast,
} from '../ui.js';

const form = $('[data-item-form]');
const itemId = form.dataset.itemId || null;
const photoList = $('[data-photo-list]');
const statusLine = $('[data-form-status]');
const submitButton = $('[data-submit]');

let etag = null;
let originalHousehold = null;
let lookups = { categories: [], locations: [] };
const householdPicker = $('[data-household-picker]');
let idempotency = { key: null, body: null };
const photos = []; // {id, file, shrunk: Promise, row, progress, state, image}

// The fields are read and filled by item-fields.js from the form's markup; the household
// is sent on a create, and on an edit only when it changes (that moves the item).
function bodyFromForm() {
  const body = collectFields(form);
  const chosen = householdPicker.value;
  if (chosen && (!itemId || chosen !== originalHousehold)) body.householdId = chosen;
  return body;
}

// A category or location must belong to the item's household: offer only those (and the
// built-in categories, which belong to none).
function fillLookups() {
  const household = householdPicker.value || null;
  const ours = (row) => !household || !row.householdId || row.householdId === household;
  const keep = (select) => select.value;
  const category = keep(form.categoryId);
  const location = keep(form.locationId);
  fillSelect(form.categoryId, lookups.categories.filter(ours), category);
  fillSelect(form.locationId, locationTree(lookups.locations.filter(ours)), location);
  if (form.categoryId.selectedIndex === -1) form.categoryId.selectedIndex = 0;
  if (form.locationId.selectedIndex === -1) form.locationId.selectedIndex = 0;
}

// Viewer mode: nothing here can be saved, so nothing is offered.
function readOnly() {
  $('[data-viewer-note]').hidden = false;
  for (const control of form.querySelectorAll('input, select, textarea, button')) control.disabled = true;
  submitButton.hidden = true;
  for (const label of $$('.photo-buttons label', form)) label.hidden = true;
}

// The same key for retries of the same body, a new one once the body changes.
function idempotencyKeyFor(body) {
  const serialized = JSON.stringify(body);
  if (idempotency.body !== serialized) idempotency = { key: crypto.randomUUID(), body: serialized };
  return idempotency.key;
}

// ---- photos --------------------------------------------------------------------------

function addPhotos(files) {
  for (const file of files) {
    if (!file.type.startsWith('image/')) {
      toast(`${file.name} is not a photo.`);
      continue;
    }
    const photo = { id: crypto.randomUUID(), file, state: 'preparing' };
    const preview = h('img', { alt: '', width: 132, height: 132 });
    photo.progress = h('progress', { max: 100, value: 0, 'aria-label': `Upload of ${file.name}` });
    photo.note = h('span', { text: 'Preparing…' });
    const remove = h('button', { class: 'button small', type: 'button', text: 'Remove', 'aria-label': `Remove ${file.name}` });
    photo.row = h('li', {}, preview, photo.progress, photo.note, remove);
    remove.addEventListener('click', () => {
      photos.splice(photos.indexOf(photo), 1);
      photo.row.remove();
    });
    photo.shrunk = shrinkImage(file).then((shrunk) => {
      preview.src = URL.createObjectURL(shrunk.blob);
      preview.alt = `New photo: ${file.name}`;
      photo.state = 'ready';
      photo.note.textContent = `Ready, ${Math.round(shrunk.blob.size / 1024)} KB`;
      return shrunk;
    }, (err) => {
      photo.state = 'failed';
      photo.note.textContent = 'This photo could not be read.';
      throw err;
    });
    photos.push(photo);
    photoList.append(photo.row);
  }
}

async function uploadOne(id, photo) {
  const shrunk = await photo.shrunk;
  photo.state = 'uploading';
  photo.note.textContent = 'Uploading…';
  photo.row.querySelector('[data-retry]')?.remove();
  try {
    photo.image = await uploadPhoto(id, shrunk, {
      onProgress: (fraction) => { photo.progress.value = Math.round(fraction * 100); },
    });
    photo.state = 'done';
    photo.note.textContent = 'Uploaded';
    return true;
  } catch (err) {
    photo.state = 'failed';
    photo.note.textContent = err instanceof ApiError && err.status === 400
      ? (Object.values(err.details).flat().join(' ') || err.message)
      : 'Upload failed.';
    return false;
  }
}

// Photos that could not be sent now go to the offline queue with their blobs.
async function queuePhotos(id, list) {
  for (const photo of list) {
    const shrunk = await photo.shrunk;
    await write({ kind: 'photo', op: 'create', itemId: id, file: { blob: shrunk.blob, name: shrunk.name } });
    photo.state = 'queued';
    photo.note.textContent = 'Saved on this device; uploads when online.';
  }
}

async function uploadAll(id) {
  const waiting = photos.filter((p) => p.state !== 'done' && p.state !== 'queued');
  if (!navigator.onLine) {
    await queuePhotos(id, waiting.filter((p) => p.state !== 'failed' || p.shrunk));
    return true;
  }
  let ok = true;
  for (const photo of waiting) {
    if (!(await uploadOne(id, photo))) ok = false;
  }
  return ok;
}

function offerRetry(id) {
  for (const photo of photos.filter((p) => p.state === 'failed')) {
    if (photo.row.querySelector('[data-retry]')) continue;
    const retry = h('button', { class: 'button small', type: 'button', 'data-retry': true, text: 'Retry upload', 'aria-label': `Retry upload of ${photo.file.name}` });
    retry.addEventListener('click', async () => {
      if (await uploadOne(id, photo)) maybeFinish(id);
    });
    photo.row.append(retry);
  }
  statusLine.replaceChildren(
    'The item is saved, but a photo did not upload. Retry it, or ',
    h('a', { href: `/items/${id}`, text: 'continue without it' }), '.');
}

function maybeFinish(id) {
  if (photos.every((p) => p.state === 'done' || p.state === 'queued')) {
    flash(itemId ? 'Changes saved.' : 'Item added.');
    location.assign(`/items/${id}`);
  }
}

// ---- saving --------------------------------------------------------------------------

function showConflict() {
  const overwrite = h('button', { class: 'button small', type: 'button', text: 'Save mine anyway' });
  const reload = h('button', { class: 'button small', type: 'button', text: 'Load their version' });
  overwrite.addEventListener('click', async () => {
    const latest = await apiFetch(`/api/items/${itemId}`);
    etag = latest.etag;
    form.requestSubmit();
  });
  reload.addEventListener('click', () => location.reload());
  const node = $('[data-form-error]', form);
  node.replaceChildren('This item was changed elsewhere since you opened it. ', overwrite, ' ', reload);
  node.hidden = false;
}

async function save(event) {
  event.preventDefault();
  clearErrors(form);
  statusLine.textContent = '';
  const body = bodyFromForm();
  if (!body.name) {
    showFieldErrors(form, { name: ['Give the item a name.'] });
    return;
  }
  setBusy(submitButton, true, 'Saving…');
  try {
    const result = await write({
      kind: 'item',
      op: itemId ? 'update' : 'create',
      id: itemId,
      body,
      idempotencyKey: idempotencyKeyFor(body),
      ifMatch: itemId ? etag : null,
    });
    if (result.status === 'queued') {
      const id = itemId || result.id;
      if (id) await queuePhotos(id, photos.filter((p) => p.state !== 'done'));
      flash('Saved on this device. It will sync when you are back online.');
      location.assign(itemId ? `/items/${itemId}` : '/');
      return;
    }
    if (!result.ok) {
      const error = result.error || {};
      if (result.httpStatus === 409 && itemId) showConflict();
      else if (result.httpStatus === 400) showFieldErrors(form, error.details || {}, error.message);
      else if (result.httpStatus === 404) showFormError(form, 'This item no longer exists.');
      else showFormError(form, error.message || 'Could not save. Please try again.');
      return;
    }
    const id = itemId || result.data.id;
    idempotency = { key: null, body: null };
    if (photos.length) {
      statusLine.textContent = `Saved. Uploading ${photos.length} photo${photos.length === 1 ? '' : 's'}…`;
      if (!(await uploadAll(id))) {
        offerRetry(id);
        return;
      }
    }
    maybeFinish(id);
  } catch (err) {
    showFormError(form, err.message || 'Could not save. Please try again.');
  } finally {
    setBusy(submitButton, false);
  }
}

async function removeExisting(image, row) {
  const result = await write({ kind: 'photo', op: 'delete', id: image.id, itemId });
  if (result.status === 'queued' || result.ok) {
    row.remove();
    toast('Photo removed.');
  } else {
    toast('Could not remove the photo.');
  }
}

function showExisting(images) {
  const list = $('[data-existing-photos]');
  list.replaceChildren(...images.map((image, i) => {
    const remove = h('button', { class: 'button small', type: 'button', text: 'Remove photo', 'aria-label': `Remove photo ${i + 1}` });
    const row = h('li', {}, h('img', { src: image.thumbnailUrl, crossorigin: 'anonymous', alt: image.altText || `Photo ${i + 1}`, width: 132, height: 132 }), remove);
    remove.addEventListener('click', () => removeExisting(image, row));
    return row;
  }));
  list.hidden = images.length === 0;
}

async function start() {
  if (!requireAuth()) return;
  for (const input of $$('[data-photo-input]', form)) {
    input.addEventListener('change', () => {
      addPhotos([...input.files]);
      input.value = '';
    });
  }
  form.addEventListener('submit', save);
  const [categories, locations, item, households] = await Promise.all([
    loadCategories().catch(() => []),
    loadLocations().catch(() => []),
    itemId ? apiFetch(`/api/items/${itemId}`).catch((err) => ({ error: err })) : null,
    loadHouseholds(),
  ]);
  lookups = { categories, locations };
  originalHousehold = item && item.data ? item.data.householdId || null : null;
  const asked = new URLSearchParams(location.search).get('householdId');
  fillHouseholdPicker($('[data-household-field]'), households, originalHousehold || asked || defaultHousehold(households));
  if (itemId && ![...householdPicker.options].some((option) => option.value === originalHousehold)) {
    // Not one the user may move it to (a viewer, or unknown offline): no picker, no move.
    householdPicker.replaceChildren();
    $('[data-household-field]').hidden = true;
  }
  householdPicker.addEventListener('change', fillLookups);
  fillLookups();
  if (item && item.error) {
    showFormError(form, item.error.status === 404 ? 'This item does not exist.' : 'Could not load this item.');
    submitButton.disabled = true;
    return;
  }
  if (item) {
    etag = item.etag;
    fillFields(form, item.data);
    document.title = `Edit ${item.data.name} · Tracktory`;
    showExisting(item.data.images || []);
    if (!mayWrite(originalHousehold, households)) readOnly();
  } else if (households && !households.some((household) => mayWrite(household.id, households))) {
    readOnly();
  }
}

start();
